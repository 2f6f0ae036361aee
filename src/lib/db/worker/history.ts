/**
 * The change history behind Undo, stored in the database itself (table change_log), so it
 * survives a reload and travels with the database file. Bounded: the newest entries are kept.
 */
import type { ChangeSummary, HistoryEntry } from '../messages';
import type { Engine } from './engine';

/** How many entries a database keeps; the oldest go first. */
export const KEEP_ENTRIES = 50;

interface LogRow {
	id: number;
	/** 1 when a later change (or redo) is still in effect. */
	later_live: number;
	made_at: string;
	kind: HistoryEntry['kind'];
	summary: string;
	changeset: Uint8Array | null;
	restore_point_id: string | null;
	reverts: number | null;
	undone_by: number | null;
}

export type StoredEntry = Omit<LogRow, 'summary'> & { summary: ChangeSummary };

export interface NewEntry {
	kind: HistoryEntry['kind'];
	summary: ChangeSummary;
	changeset?: Uint8Array;
	restorePointId?: string;
	/** The entry this one undoes (undo) or redoes (redo). */
	reverts?: number;
}
const STORED = 'id, made_at, kind, summary, changeset, restore_point_id, reverts, undone_by';
const COLUMNS = `${STORED},
  EXISTS (SELECT 1 FROM change_log l WHERE l.id > change_log.id AND l.undone_by IS NULL
          AND l.kind IN ('change', 'redo')) AS later_live`;

function stored(row: LogRow): StoredEntry {
	return { ...row, summary: JSON.parse(row.summary) as ChangeSummary };
}

/**
 * The entry as the page sees it; `hasPoint` tells whether a restore point still exists. A change
 * undone by restoring a copy can be undone only while nothing after it is still in effect:
 * restoring the copy would silently take the later changes with it.
 */
export function publicEntry(entry: StoredEntry, hasPoint: (id: string) => boolean): HistoryEntry {
	let undo: HistoryEntry['undo'] = null;
	if (entry.undone_by === null) {
		if (entry.changeset) undo = 'changeset';
		else if (entry.restore_point_id && hasPoint(entry.restore_point_id) && !entry.later_live)
			undo = 'restore-point';
	}
	return {
		id: entry.id,
		at: entry.made_at,
		summary: entry.summary,
		kind: entry.kind,
		undo,
		undoneBy: entry.undone_by
	};
}

/** Adds an entry (inside the change's own transaction) and trims the oldest beyond the bound. */
export function appendEntry(engine: Engine, entry: NewEntry, now = new Date()): StoredEntry {
	const [row] = engine.all<LogRow>(
		`INSERT INTO change_log (made_at, kind, summary, changeset, restore_point_id, reverts)
     VALUES (?, ?, ?, ?, ?, ?) RETURNING ${STORED}, 0 AS later_live`,
		[
			now.toISOString(),
			entry.kind,
			JSON.stringify(entry.summary),
			entry.changeset ?? null,
			entry.restorePointId ?? null,
			entry.reverts ?? null
		]
	);
	if (entry.reverts !== undefined) {
		engine.run('UPDATE change_log SET undone_by = ? WHERE id = ?', [row!.id, entry.reverts]);
	}
	engine.run(
		`DELETE FROM change_log WHERE id < (SELECT id FROM change_log ORDER BY id DESC LIMIT 1 OFFSET ?)`,
		[KEEP_ENTRIES - 1]
	);
	return stored(row!);
}

/** Forgets every entry: the data they described was replaced as a whole. */
export function clearEntries(engine: Engine): void {
	engine.run('DELETE FROM change_log');
}

/**
 * After a migration or a rollback the tables the changesets describe may have other columns:
 * SQLite would skip such a table while applying and report success. The history starts again.
 */
export function forgetHistoryOnSchemaChange(engine: Engine): void {
	const exists = engine.value(
		"SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'change_log'"
	);
	if (exists) clearEntries(engine);
}

export function getEntry(engine: Engine, id: number): StoredEntry | undefined {
	const row = engine.get<LogRow>(`SELECT ${COLUMNS} FROM change_log WHERE id = ?`, [id]);
	return row && stored(row);
}

/** The newest entries, newest first. */
export function listEntries(engine: Engine, limit: number): StoredEntry[] {
	return engine
		.all<LogRow>(`SELECT ${COLUMNS} FROM change_log ORDER BY id DESC LIMIT ?`, [limit])
		.map(stored);
}

/**
 * What Ctrl+Z may undo, newest first: changes (and redos) not undone yet. What Ctrl+Shift+Z may
 * redo: undos not undone yet, as long as no new change was made since. The caller takes the
 * first that can still be undone.
 */
export function nextEntries(engine: Engine, direction: 'undo' | 'redo'): StoredEntry[] {
	const rows =
		direction === 'undo'
			? engine.all<LogRow>(
					`SELECT ${COLUMNS} FROM change_log
           WHERE undone_by IS NULL AND kind IN ('change', 'redo') ORDER BY id DESC`
				)
			: engine.all<LogRow>(
					`SELECT ${COLUMNS} FROM change_log
           WHERE undone_by IS NULL AND kind = 'undo'
             AND NOT EXISTS (SELECT 1 FROM change_log c WHERE c.kind = 'change' AND c.id > change_log.id)
           ORDER BY id DESC`
				);
	return rows.map(stored);
}

/** Every later entry with a changeset, newest first: where to look for what stands in an undo's way. */
export function laterEntries(engine: Engine, after: number): StoredEntry[] {
	return engine
		.all<LogRow>(
			`SELECT ${COLUMNS} FROM change_log WHERE id > ? AND changeset IS NOT NULL ORDER BY id DESC`,
			[after]
		)
		.map(stored);
}
