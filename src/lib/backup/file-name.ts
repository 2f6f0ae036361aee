/** `strata-backup-2026-11-21.json` for the user's own calendar day (encrypted: exportedAs). */
export function backupFileName(day: string, kind: 'json' | 'db'): string {
	return `strata-backup-${day}.${kind}`;
}

/** `strata-backup-2026-11-21-strata-1.2.db`: a file for the original, told apart from ours. */
export function strata12FileName(day: string): string {
	return `strata-backup-${day}-strata-1.2.db`;
}

/**
 * The name and type an export leaves with: encrypted (a passphrase came with it), it is the same
 * name with `.gpg` added (gpg's own suffix: `gpg -d` and file managers know it), and opaque
 * bytes to the browser.
 */
export function exportedAs(
	name: string,
	type: string,
	encrypted: boolean
): { name: string; type: string } {
	return encrypted ? { name: `${name}.gpg`, type: 'application/octet-stream' } : { name, type };
}
