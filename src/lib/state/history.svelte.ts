/**
 * Undo and redo as the user meets them: after every change a notice says what was done, with
 * Undo; Ctrl/Cmd+Z (outside text fields) undoes the latest change and Ctrl/Cmd+Shift+Z (or
 * Ctrl+Y) redoes it. A change that replaced the data as a whole is undone by restoring the copy
 * kept before it, so that one asks first.
 */
import { isAway } from '$lib/db/client';
import type { HistoryEntry } from '$lib/db/messages';
import { messageOf } from '$lib/domain/errors';
import { database } from './database.svelte';
import { Action } from './action.svelte';
import { notices } from './notices.svelte';
import { m } from '$lib/paraglide/messages';

class HistoryState {
	/** A change waiting for the user's yes before it is undone (it restores a copy). */
	readonly confirming = new Action<HistoryEntry>((entry) =>
		database.write('history/undo', { id: entry.id, at: entry.at })
	);
	#busy = false;

	constructor() {
		database.onChange((change, notice) => {
			if (change.entry) void this.#announce(change.entry, notice);
			else if (notice) notices.show(notice);
		});
	}

	async #announce(entry: HistoryEntry, notice?: string): Promise<void> {
		const text = notice ?? `${(await import('./change-text')).changeText(entry)}.`;
		if (!entry.undo) notices.show(text);
		else
			notices.show(text, {
				label: entry.kind === 'undo' ? m.app_redo() : m.app_undo(),
				run: () => void this.undo(entry)
			});
	}

	/** Undoes one change (an undo entry: redoes it). Asks first when it restores a copy. */
	async undo(entry: HistoryEntry): Promise<void> {
		if (entry.undo === 'restore-point') {
			this.confirming.start(entry);
			return;
		}
		if (this.#busy) return;
		this.#busy = true;
		try {
			await database.write('history/undo', { id: entry.id, at: entry.at });
		} catch (error) {
			notices.error(messageOf(error));
		} finally {
			this.#busy = false;
		}
	}

	/** Ctrl/Cmd+Z and Ctrl/Cmd+Shift+Z: the latest change, or the latest undo. */
	async step(direction: 'undo' | 'redo'): Promise<void> {
		if (this.#busy || database.phase !== 'ready') return;
		// Busy from the first press: a second Ctrl+Z waits for this one instead of racing it.
		this.#busy = true;
		let entry: HistoryEntry | null = null;
		try {
			entry = await database.client.call('history/next', { direction });
		} catch (error) {
			if (!isAway(error)) notices.error(messageOf(error));
		} finally {
			this.#busy = false;
		}
		if (entry) await this.undo(entry);
		else notices.show(direction === 'undo' ? m.app_nothing_to_undo() : m.app_nothing_to_redo());
	}
}

export const history = new HistoryState();

/** Ctrl/Cmd+Z outside text fields (they keep their own undo), and not behind a dialog. */
export function undoShortcut(event: KeyboardEvent): 'undo' | 'redo' | null {
	if (!(event.ctrlKey || event.metaKey) || event.altKey) return null;
	const key = event.key.toLowerCase();
	const direction = key === 'z' ? (event.shiftKey ? 'redo' : 'undo') : key === 'y' ? 'redo' : null;
	if (!direction) return null;
	const target = event.target as HTMLElement | null;
	// not shown: a CSS selector
	if (target?.closest('input, textarea, select, [contenteditable]:not([contenteditable="false"])'))
		return null;
	if (document.querySelector('dialog[open]')) return null;
	return direction;
}
