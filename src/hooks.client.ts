import { database } from '$lib/state/database.svelte';
import { warmFormats } from '$lib/state/format.svelte';

/**
 * Runs before the first page is even loaded: the database worker starts (and opens the database
 * this browser used last) while the app's own code is still starting.
 */
export function init(): void {
	void database.start();
	requestIdleCallback(warmFormats, { timeout: 500 });
}
