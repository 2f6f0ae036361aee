/**
 * `strata-backup-2026-11-21.json` for the user's own calendar day; encrypted, `….json.gpg`
 * (gpg's own suffix: `gpg -d` and file managers know it).
 */
export function backupFileName(day: string, kind: 'json' | 'db', encrypted = false): string {
	return `strata-backup-${day}.${kind}${encrypted ? '.gpg' : ''}`;
}

/** `strata-backup-2026-11-21-strata-1.2.db`: a file for the original, told apart from ours. */
export function strata12FileName(day: string): string {
	return `strata-backup-${day}-strata-1.2.db`;
}
