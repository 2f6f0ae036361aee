import { DatabaseError, isAway } from '$lib/db/client';
import { messageOf } from '$lib/domain/errors';
import { database } from '$lib/state/database.svelte';
import { warmFormats } from '$lib/state/format.svelte';
import { notices } from '$lib/state/notices.svelte';

/**
 * Runs before the first page is even loaded: the database worker starts (and opens the database
 * this browser used last) while the app's own code is still starting.
 */
export function init(): void {
	void database.start();
	requestIdleCallback(warmFormats, { timeout: 500 });
	// The last net under every request a page started without waiting for it: one that was on
	// its way when the database went to another tab needs nothing (the pages show the hand-over),
	// any other answer of the worker is said in a notice instead of being lost in the console.
	addEventListener('unhandledrejection', (event) => {
		if (!(event.reason instanceof DatabaseError)) return;
		event.preventDefault();
		if (!isAway(event.reason)) notices.error(messageOf(event.reason));
	});
}
