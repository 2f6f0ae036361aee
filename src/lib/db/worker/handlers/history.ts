/**
 * Undo and redo. A change is undone by applying the inverse of its changeset with SQLite's own
 * session extension; undoing an undo redoes it. Any conflict (a later change touched the same
 * rows, or depends on them) refuses the undo, and SQLite applies none of it.
 */
import type { ChangeSummary } from '../../messages';
import { describeChange } from '$lib/domain/changes';
import { m } from '$lib/paraglide/messages';
import { formatDay } from '$lib/domain/dates';
import { AppError } from '$lib/domain/errors';
import { applyChangeset, readChangeset, type ApplyConflict } from '../changesets';
import { followerColumns } from '../derived';
import type { Engine } from '../engine';
import type { ChangeHandler } from '../gate';
import { laterEntries, type StoredEntry } from '../history';

/** The change itself, without the undo/redo wrappers. */
function base(summary: ChangeSummary): ChangeSummary {
	return summary.what === 'undo' || summary.what === 'redo' ? base(summary.of) : summary;
}

/** What undoing `entry` is called: undoing an undo is a redo. */
export function revertOf(entry: StoredEntry): { kind: 'undo' | 'redo'; summary: ChangeSummary } {
	const kind = entry.kind === 'undo' ? 'redo' : 'undo';
	return { kind, summary: { what: kind, of: base(entry.summary) } };
}

/** The newest later change that touched the row in the way. */
function blockingEntry(engine: Engine, entry: StoredEntry, conflict: ApplyConflict) {
	if (conflict.kind === 'foreign-key') return undefined;
	return laterEntries(engine, entry.id).find((later) =>
		readChangeset(engine, later.changeset!).some(
			(row) =>
				row.table === conflict.table &&
				Object.entries(conflict.key).every(
					([column, value]) => (row.old[column] ?? row.new[column]) === value
				)
		)
	);
}

function refusal(
	engine: Engine,
	entry: StoredEntry,
	conflict: ApplyConflict,
	locale: string
): AppError {
	const words = (summary: ChangeSummary) =>
		describeChange(summary, (day) => formatDay(day, locale));
	const change = words(entry.summary);
	const later = blockingEntry(engine, entry, conflict);
	const message =
		conflict.kind === 'foreign-key'
			? m.errors_undo_depends({ change })
			: later
				? m.errors_undo_later({ change, later: words(later.summary) })
				: m.errors_undo_changed_since({ change });
	return new AppError(
		'conflict',
		message,
		later ? { details: { blockedBy: String(later.id) } } : {}
	);
}

/** Undoes one entry that has a changeset. */
export const undoChange: ChangeHandler<{ entry: StoredEntry }, null> = {
	run({ engine, context }, { entry }) {
		const conflict = applyChangeset(engine, entry.changeset!, {
			invert: true,
			mayDiffer: followerColumns(engine, readChangeset(engine, entry.changeset!))
		});
		if (conflict) throw refusal(engine, entry, conflict, context.locale);
		const { kind, summary } = revertOf(entry);
		return { value: null, summary, reverts: { id: entry.id, kind } };
	}
};
