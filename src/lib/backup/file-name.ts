/** `strata-backup-2026-11-21.json` for the user's own calendar day. */
export function backupFileName(day: string, kind: 'json' | 'db'): string {
	return `strata-backup-${day}.${kind}`;
}
