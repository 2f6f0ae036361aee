/** `strata-backup-2026-11-21.json` for the user's own calendar day. */
export function backupFileName(day: string, kind: 'json' | 'db'): string {
	return `strata-backup-${day}.${kind}`;
}

/** `strata-backup-2026-11-21-strata-1.2.db`: a file for the original, told apart from ours. */
export function strata12FileName(day: string): string {
	return `strata-backup-${day}-strata-1.2.db`;
}
