/**
 * Applying another device's change here: SQLite applies its changeset, and the clocks decide
 * each field both devices wrote. The rules (README, "Sync"):
 *
 * - A field keeps the value of its latest write by clock (hybrid logical clock, device id
 *   breaking ties), whichever device made it. Fields a change did not touch are left alone, so
 *   two devices editing different fields of a row both keep their edit.
 * - Whether a row exists follows its latest insert or delete by clock; an update of a row
 *   deleted elsewhere is dropped (a delete wins over an update).
 * - Rows the gate keeps from others (an asset's quantity) are taken as they come and set again.
 * - A row left pointing at one that is gone follows the schema's own rule (its valuations go
 *   with a deleted asset; a category's parent becomes none); an asset type deleted while an
 *   asset of it was added comes back. Two rows given the same unique name keep both, the later
 *   one renamed "Name (2)".
 *
 * Every device decides the same way from the same changes, whatever order they come in, so
 * all of them end with the same data. A write that lost is listed as a conflict when the two
 * values differ, with both values, for the user to look at.
 */
import type { SqlValue } from '../../messages';
import {
	applyEach,
	primaryKeyColumns,
	readChangeset,
	type ChangedRow,
	type ConflictAction,
	type MayDiffer
} from '../changesets';
import { nameKey } from '$lib/domain/names';
import type { Engine } from '../engine';

/** A change of another device, as its file carried it. */
export interface IncomingChange {
	device: string;
	name: string;
	seq: number;
	clock: string;
	changeset: Uint8Array;
}

/** A conflict found while merging, before it is stored. */
export interface FoundConflict {
	table: string;
	key: Record<string, SqlValue>;
	/** null: the whole row. */
	column: string | null;
	here: unknown;
	there: unknown;
	winner: 'here' | 'there';
}

/** What later changes known here wrote to one row. */
interface LaterWrites {
	cells: Set<string>;
	inserted: boolean;
	deleted: boolean;
}

/**
 * The rows and fields written here by changes later than a clock: the changes this database
 * knows (its own and those applied from others), read once for a batch of incoming changes.
 */
export class LaterIndex {
	readonly #engine: Engine;
	readonly #entries: { clock: string; rows: ChangedRow[] }[];

	constructor(engine: Engine, after: string) {
		this.#engine = engine;
		this.#entries = engine
			.all<{ clock: string; changeset: Uint8Array }>(
				'SELECT clock, changeset FROM sync_changes WHERE clock > ? ORDER BY clock',
				[after]
			)
			.map((entry) => ({ clock: entry.clock, rows: readChangeset(engine, entry.changeset) }));
	}

	/** A change applied here from now on counts for the changes after it. */
	add(clock: string, rows: ChangedRow[]): void {
		this.#entries.push({ clock, rows });
		this.#entries.sort((a, b) => (a.clock < b.clock ? -1 : a.clock > b.clock ? 1 : 0));
	}

	/** By row (table and key), what was written after `clock`. */
	after(clock: string): Map<string, LaterWrites> {
		const writes = new Map<string, LaterWrites>();
		for (const entry of this.#entries) {
			if (entry.clock <= clock) continue;
			for (const row of entry.rows) {
				const key = rowKey(this.#engine, row);
				let seen = writes.get(key);
				if (!seen) writes.set(key, (seen = { cells: new Set(), inserted: false, deleted: false }));
				if (row.op === 'insert') {
					seen.inserted = true;
					for (const column of Object.keys(row.new)) seen.cells.add(column);
				} else if (row.op === 'delete') seen.deleted = true;
				else for (const column of Object.keys(row.new)) seen.cells.add(column);
			}
		}
		return writes;
	}
}

/** The row's primary key, by column. */
export function keyOf(engine: Engine, row: ChangedRow): Record<string, SqlValue> {
	const key: Record<string, SqlValue> = {};
	for (const column of primaryKeyColumns(engine, row.table))
		key[column] = (row.op === 'insert' ? row.new[column] : row.old[column]) ?? null;
	return key;
}

function rowKey(engine: Engine, row: ChangedRow): string {
	return `${row.table}\u0000${JSON.stringify(keyOf(engine, row))}`;
}

function localRow(
	engine: Engine,
	table: string,
	key: Record<string, SqlValue>
): Record<string, SqlValue> | undefined {
	const columns = Object.keys(key);
	return engine.get<Record<string, SqlValue>>(
		`SELECT * FROM "${table}" WHERE ${columns.map((c) => `"${c}" IS ?`).join(' AND ')}`,
		columns.map((c) => key[c]!)
	);
}

const STAMPS = new Set(['created_at', 'updated_at']);

const same = (a: unknown, b: unknown) => a === b || (a == null && b == null);

/** What was decided for one change of the incoming changeset. */
interface Decision {
	apply: boolean;
	/** When SQLite meets a row in the way. */
	onConflict: ConflictAction;
	/** Fields that won, set after the changeset (some of the row's fields lost, some won). */
	fixUp?: Record<string, SqlValue>;
	/** The row to insert instead, after the changeset (under a name of its own). */
	insertAs?: Record<string, SqlValue>;
}

/**
 * Applies one incoming change (inside the caller's transaction and recording session) and says
 * what conflicted. `later` knows what this database wrote after the change's clock.
 */
export function mergeChange(
	engine: Engine,
	incoming: IncomingChange,
	rows: ChangedRow[],
	later: Map<string, LaterWrites>,
	followers: MayDiffer
): FoundConflict[] {
	const conflicts: FoundConflict[] = [];
	// Columns the gate keeps, and when a row was made or changed: merged like any other, never
	// listed (a conflict of the fields themselves is).
	const follows = (row: ChangedRow, column: string, values: Record<string, SqlValue>) =>
		STAMPS.has(column) || followers(row.table, column, values);
	const decisions: Decision[] = rows.map((row) => {
		const key = keyOf(engine, row);
		const lone = makeRoom(engine, incoming, row, key, conflicts);
		if (lone) return lone;
		const here = localRow(engine, row.table, key);
		const newer = later.get(rowKey(engine, row));
		if (row.op === 'delete') {
			// A later insert here (the row put back) outlives this delete.
			if (newer?.inserted) return { apply: false, onConflict: 'omit' };
			if (
				here &&
				Object.keys(row.old).some((c) => !same(here[c], row.old[c]) && !follows(row, c, here))
			)
				conflicts.push({ table: row.table, key, column: null, here, there: null, winner: 'there' });
			return { apply: true, onConflict: 'replace' };
		}
		if (row.op === 'insert') {
			if (!here) {
				// Deleted here later than it was made there: it stays deleted.
				if (newer?.deleted && !newer.inserted) return { apply: false, onConflict: 'omit' };
				return { apply: true, onConflict: 'replace' };
			}
			const lost = [...(newer?.cells ?? [])].filter((c) => c in row.new);
			if (lost.length === 0) return { apply: true, onConflict: 'replace' };
			return splitWrite(row, key, here, lost, conflicts, follows);
		}
		// An update of a row deleted here: the delete wins.
		if (!here) {
			conflicts.push({
				table: row.table,
				key,
				column: null,
				here: null,
				there: row.new,
				winner: 'here'
			});
			return { apply: true, onConflict: 'omit' };
		}
		const lost = newer?.inserted
			? Object.keys(row.new)
			: [...(newer?.cells ?? [])].filter((c) => c in row.new);
		for (const column of Object.keys(row.new)) {
			if (lost.includes(column)) continue;
			// Changed here meanwhile (not from the value the other device changed), and overwritten.
			const changedHere = column in row.old && !same(here[column], row.old[column]);
			if (changedHere && !same(here[column], row.new[column]) && !follows(row, column, here))
				conflicts.push({
					table: row.table,
					key,
					column,
					here: here[column],
					there: row.new[column],
					winner: 'there'
				});
		}
		if (lost.length === 0) return { apply: true, onConflict: 'replace' };
		return splitWrite(row, key, here, lost, conflicts, follows);
	});

	const rc = applyEach(
		engine,
		incoming.changeset,
		(index) => decisions[index]?.apply ?? false,
		// A row already gone, or a unique name taken (settled below), is passed over; SQLite
		// allows replacing only a row that is there.
		(kind, index) =>
			kind === 'constraint' || kind === 'not-found'
				? 'omit'
				: (decisions[index]?.onConflict ?? 'omit')
	);
	// not shown: a programming error (every conflict is settled above)
	if (rc !== 0) throw new Error(`SQLite could not apply the change (code ${rc}).`);

	rows.forEach((row, index) => {
		const insert = decisions[index]?.insertAs;
		if (insert) {
			const columns = Object.keys(insert);
			engine.run(
				`INSERT INTO "${row.table}" (${columns.map((c) => `"${c}"`).join(', ')})
         VALUES (${columns.map(() => '?').join(', ')})`,
				columns.map((c) => insert[c]!)
			);
		}
		const fixUp = decisions[index]?.fixUp;
		if (!fixUp || Object.keys(fixUp).length === 0) return;
		const key = keyOf(engine, row);
		const columns = Object.keys(fixUp);
		engine.run(
			`UPDATE "${row.table}" SET ${columns.map((c) => `"${c}" = ?`).join(', ')}
       WHERE ${Object.keys(key)
					.map((c) => `"${c}" IS ?`)
					.join(' AND ')}`,
			[...columns.map((c) => fixUp[c]!), ...Object.values(key)]
		);
	});
	restoreNames(engine);
	return conflicts;
}

/**
 * A write some of whose fields lost to later writes here: those are listed when they differ,
 * and the fields that won are set after the changeset, which passes over this change.
 */
function splitWrite(
	row: ChangedRow,
	key: Record<string, SqlValue>,
	here: Record<string, SqlValue>,
	lost: string[],
	conflicts: FoundConflict[],
	follows: (row: ChangedRow, column: string, values: Record<string, SqlValue>) => boolean
): Decision {
	const fixUp: Record<string, SqlValue> = {};
	for (const [column, value] of Object.entries(row.new)) {
		if (!lost.includes(column)) {
			if (!same(here[column], value)) fixUp[column] = value;
		} else if (!same(here[column], value) && !follows(row, column, here)) {
			conflicts.push({
				table: row.table,
				key,
				column,
				here: here[column],
				there: value,
				winner: 'here'
			});
		}
	}
	return { apply: false, onConflict: 'omit', fixUp };
}

/**
 * The names that must be unique the app's way (trimmed, any case: rules.ts), by table, and the
 * column the database itself keeps unique beside it.
 */
const UNIQUE_NAMES: Record<string, { name: string; code?: string }> = {
	tags: { name: 'name' },
	categories: { name: 'name' },
	asset_types: { name: 'label', code: 'code' }
};

/** The local row (not this one) whose unique name is the same the app's way, if any. */
function sameName(
	engine: Engine,
	table: string,
	column: string,
	name: string,
	key: Record<string, SqlValue>
): Record<string, SqlValue> | undefined {
	const wanted = nameKey(name);
	return engine
		.all<Record<string, SqlValue>>(`SELECT * FROM "${table}"`)
		.find(
			(row) =>
				nameKey(String(row[column] ?? '')) === wanted &&
				!Object.entries(key).every(([c, v]) => same(row[c], v))
		);
}

const keyOfRow = (engine: Engine, table: string, row: Record<string, SqlValue>) => {
	const key: Record<string, SqlValue> = {};
	for (const c of primaryKeyColumns(engine, table)) key[c] = row[c]!;
	return key;
};

/**
 * What only one row may hold, two devices gave to two rows: a unique name, or an asset's
 * valuation of a day. Settled before the change is applied, the same way on every device:
 *
 * - Names: both rows stay; the one made first (by clock) keeps the name and the other is
 *   called after the device that made it, "liquid (Phone)" (it gets the name back once free).
 * - Valuations: the later one (by clock) is the asset's value that day; the other goes, and the
 *   pair is listed as a conflict.
 *
 * Returns the decision for the incoming row when it is not applied as it is.
 */
function makeRoom(
	engine: Engine,
	incoming: IncomingChange,
	row: ChangedRow,
	key: Record<string, SqlValue>,
	conflicts: FoundConflict[]
): Decision | null {
	const unique = UNIQUE_NAMES[row.table];
	if (unique && row.op !== 'delete' && typeof row.new[unique.name] === 'string') {
		const wanted = String(row.new[unique.name]);
		const taken = sameName(engine, row.table, unique.name, wanted, key);
		if (!taken || row.op !== 'insert') return null;
		const made = madeBy(engine, row.table, taken);
		const waits = (rowKey: Record<string, SqlValue>, given: string, clock: string) =>
			engine.run(
				`INSERT OR REPLACE INTO sync_renames (table_name, row_key, wanted, given, clock)
         VALUES (?, ?, ?, ?, ?)`,
				[row.table, JSON.stringify(rowKey), wanted, given, clock]
			);
		if (incoming.clock > (made?.clock ?? '')) {
			const values = { ...row.new };
			values[unique.name] = freeName(engine, row.table, unique.name, wanted, incoming.name);
			if (unique.code)
				values[unique.code] = `${String(values[unique.code])}_${String(key.id).slice(0, 8)}`;
			waits(key, String(values[unique.name]), incoming.clock);
			return { apply: false, onConflict: 'omit', insertAs: values };
		}
		const renamed = freeName(
			engine,
			row.table,
			unique.name,
			String(taken[unique.name]),
			made!.device
		);
		const takenKey = keyOfRow(engine, row.table, taken);
		engine.run(`UPDATE "${row.table}" SET "${unique.name}" = ? WHERE ${where(takenKey)}`, [
			renamed,
			...Object.values(takenKey)
		]);
		waits(takenKey, renamed, made!.clock);
		if (unique.code && taken[unique.code] === row.new[unique.code]) {
			const values = { ...row.new };
			values[unique.code] = `${String(values[unique.code])}_${String(key.id).slice(0, 8)}`;
			return { apply: false, onConflict: 'omit', insertAs: values };
		}
		return null;
	}
	if (row.table === 'asset_snapshots' && row.op !== 'delete' && 'observed_at' in row.new) {
		const here = row.op === 'update' ? localRow(engine, row.table, key) : undefined;
		const asset = row.new.asset_id ?? here?.asset_id;
		const day = String(row.new.observed_at).slice(0, 10);
		if (row.op === 'update' && !here) return null;
		const other = engine.get<Record<string, SqlValue>>(
			`SELECT * FROM asset_snapshots WHERE asset_id = ? AND id <> ?
       AND observed_at >= ? AND observed_at < ? || '~'`,
			[asset!, key.id!, day, day]
		);
		if (!other) return null;
		const otherKey = { id: other.id! };
		const otherClock = lastWrite(engine, 'asset_snapshots', otherKey);
		if (incoming.clock > otherClock) {
			engine.run('DELETE FROM asset_snapshots WHERE id = ?', [other.id!]);
			conflicts.push({
				table: 'asset_snapshots',
				key: otherKey,
				column: null,
				here: other,
				there: null,
				winner: 'there'
			});
			return null;
		}
		conflicts.push({
			table: 'asset_snapshots',
			key,
			column: null,
			here: null,
			there: row.new,
			winner: 'here'
		});
		return { apply: false, onConflict: 'omit' };
	}
	return null;
}

const where = (key: Record<string, SqlValue>) =>
	Object.keys(key)
		.map((c) => `"${c}" IS ?`)
		.join(' AND ');

/** The clock of the last write of a row known here ('' for one older than sync). */
function lastWrite(engine: Engine, table: string, key: Record<string, SqlValue>): string {
	for (const entry of engine.all<{ clock: string; changeset: Uint8Array }>(
		'SELECT clock, changeset FROM sync_changes ORDER BY clock DESC'
	)) {
		for (const change of readChangeset(engine, entry.changeset)) {
			if (change.table !== table || change.op === 'delete') continue;
			const changeKey = keyOf(engine, change);
			if (Object.entries(key).every(([c, v]) => same(changeKey[c], v))) return entry.clock;
		}
	}
	return '';
}

/**
 * Gives renamed rows back the name they wanted once it is free (the row that had it deleted or
 * renamed), the earliest made first. Forgets a row renamed since by anyone, or gone. Run after
 * every change of a database that syncs, made here or applied, so all devices do it alike.
 */
export function restoreNames(engine: Engine): void {
	const waiting = engine.all<{
		table_name: string;
		row_key: string;
		wanted: string;
		given: string;
	}>('SELECT table_name, row_key, wanted, given FROM sync_renames ORDER BY clock');
	for (const entry of waiting) {
		const column = UNIQUE_NAMES[entry.table_name]?.name;
		const key = JSON.parse(entry.row_key) as Record<string, SqlValue>;
		const here = localRow(engine, entry.table_name, key);
		const forget = () =>
			engine.run('DELETE FROM sync_renames WHERE table_name = ? AND row_key = ?', [
				entry.table_name,
				entry.row_key
			]);
		if (!column || !here || here[column] !== entry.given) {
			forget();
			continue;
		}
		if (sameName(engine, entry.table_name, column, entry.wanted, key)) continue;
		engine.run(
			`UPDATE "${entry.table_name}" SET "${column}" = ? WHERE ${Object.keys(key)
				.map((c) => `"${c}" IS ?`)
				.join(' AND ')}`,
			[entry.wanted, ...Object.values(key)]
		);
		forget();
	}
}

/**
 * When and on which device (by name) the row was made, by the changes known here; null for a
 * row made before sync began, older than any.
 */
function madeBy(
	engine: Engine,
	table: string,
	row: Record<string, SqlValue>
): { clock: string; device: string } | null {
	for (const entry of engine.all<{
		clock: string;
		changeset: Uint8Array;
		name: string | null;
		device_id: string;
	}>(
		`SELECT c.clock, c.changeset, c.device_id, d.name FROM sync_changes c
     LEFT JOIN sync_devices d ON d.id = c.device_id ORDER BY c.clock DESC`
	)) {
		for (const change of readChangeset(engine, entry.changeset)) {
			if (change.table !== table || change.op !== 'insert') continue;
			const key = keyOf(engine, change);
			if (Object.entries(key).every(([c, v]) => same(row[c], v)))
				return { clock: entry.clock, device: entry.name ?? entry.device_id };
		}
	}
	return null;
}

/** "liquid (Phone)", or with a number after when even that is taken. */
function freeName(
	engine: Engine,
	table: string,
	column: string,
	name: string,
	device: string
): string {
	const taken = (candidate: string) =>
		engine.value(`SELECT 1 FROM "${table}" WHERE "${column}" = ?`, [candidate]) !== undefined;
	const named = `${name} (${device})`;
	if (!taken(named)) return named;
	for (let n = 2; ; n++) if (!taken(`${named} ${n}`)) return `${named} ${n}`;
}

/**
 * After a merge, rows left pointing at a row that is gone follow the schema's rule for a
 * deletion (cascade: go too; set null: point at none), as they would have on the device that
 * deleted it. A parent that may not go while used (an asset type) is put back from the
 * deletion's own record. Repeats until nothing dangles (a cascade can leave more).
 */
export function settleDangling(
	engine: Engine,
	deletedRows: (table: string, key: Record<string, SqlValue>) => Record<string, SqlValue> | null
): FoundConflict[] {
	const conflicts: FoundConflict[] = [];
	for (let round = 0; round < 10; round++) {
		const dangling = engine.all<{ table: string; rowid: number; parent: string; fkid: number }>(
			'PRAGMA foreign_key_check'
		);
		if (dangling.length === 0) return conflicts;
		for (const problem of dangling) {
			const fk = engine
				.all<{ id: number; from: string; to: string; on_delete: string }>(
					'SELECT id, "from", "to", on_delete FROM pragma_foreign_key_list(?)',
					[problem.table]
				)
				.find((f) => f.id === problem.fkid);
			if (!fk) continue;
			const child = engine.get<Record<string, SqlValue>>(
				`SELECT * FROM "${problem.table}" WHERE rowid = ?`,
				[problem.rowid]
			);
			if (!child) continue;
			if (fk.on_delete === 'SET NULL') {
				engine.run(`UPDATE "${problem.table}" SET "${fk.from}" = NULL WHERE rowid = ?`, [
					problem.rowid
				]);
			} else if (fk.on_delete === 'CASCADE') {
				engine.run(`DELETE FROM "${problem.table}" WHERE rowid = ?`, [problem.rowid]);
				const key: Record<string, SqlValue> = {};
				for (const column of primaryKeyColumns(engine, problem.table)) key[column] = child[column]!;
				conflicts.push({
					table: problem.table,
					key,
					column: null,
					here: child,
					there: null,
					winner: 'there'
				});
			} else {
				const parentKey = { [fk.to]: child[fk.from]! };
				const parent = deletedRows(problem.parent, parentKey);
				if (parent) {
					const columns = Object.keys(parent);
					engine.run(
						`INSERT OR IGNORE INTO "${problem.parent}" (${columns.map((c) => `"${c}"`).join(', ')})
             VALUES (${columns.map(() => '?').join(', ')})`,
						columns.map((c) => parent[c]!)
					);
				} else {
					engine.run(`DELETE FROM "${problem.table}" WHERE rowid = ?`, [problem.rowid]);
				}
			}
		}
	}
	return conflicts;
}
