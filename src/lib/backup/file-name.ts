/** `strata-backup-2026-11-21.json` for the user's own calendar day (encrypted: exportedAs). */
export function backupFileName(day: string, kind: 'json' | 'db'): string {
	// not shown: a file name, the same in every language
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

/**
 * `strata-assets-2026-12-02.csv`: a CSV export of `what` on the user's own calendar day; with
 * `about` (an asset's name), `strata-valuations-cafe-2026-12-02.csv`: its letters and digits
 * only, so the name is safe on every file system.
 */
export function csvFileName(what: string, day: string, about?: string): string {
	const slug = (about ?? '')
		.normalize('NFKD')
		.replace(/[\u0300-\u036f]/g, '')
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, '-')
		.replace(/^-+|-+$/g, '')
		.slice(0, 40)
		.replace(/-+$/, '');
	// not shown: a file name, the same in every language
	return `strata-${what}${slug ? `-${slug}` : ''}-${day}.csv`;
}
