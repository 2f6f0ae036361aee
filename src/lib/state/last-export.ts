/**
 * When this browser last saw a backup of each database leave it (an export, a share, an
 * automatic backup). Apart from the backup state so that the dashboard's reminder reads it
 * without loading the backup code.
 */
const LAST_EXPORT_KEY = 'strata.lastExport.';

/** When this browser last exported a backup of the open database (JSON or .db), if ever. */
export function lastExportOf(name: string): string | null {
	return localStorage.getItem(LAST_EXPORT_KEY + name);
}

/** A backup of `name` left the browser at `at` (ISO): an export, or an automatic backup. */
export function rememberExport(name: string, at: string): void {
	localStorage.setItem(LAST_EXPORT_KEY + name, at);
}
