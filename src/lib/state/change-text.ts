/**
 * A change in words, as the notices, the undo question and Settings → History say it. Apart from
 * history.svelte.ts because the words of every kind of change are a few kilobytes in each
 * language: they load after the first paint, with the first change or the page that lists them.
 */
import type { HistoryEntry } from '$lib/db/messages';
import { describeChange } from '$lib/domain/changes';
import { fmt } from './format.svelte';

export function changeText(entry: HistoryEntry): string {
	return describeChange(entry.summary, (day) => fmt.day(day));
}
