/**
 * SQLite's session extension, as the write gate uses it: record what a piece of work changed as
 * a changeset, read a changeset's rows, and apply a changeset (or its inverse) all-or-nothing.
 * Undo is the inverse of a recorded changeset applied by SQLite itself, never hand-written SQL.
 */
import { m } from '$lib/paraglide/messages';
import type { SqlValue } from '../messages';
import { SqlError, type Engine } from './engine';

/** One row a changeset changed: for an update, `old` holds the primary key and changed columns. */
export interface ChangedRow {
	table: string;
	op: 'insert' | 'update' | 'delete';
	/** By column name; a column an update left alone is absent. */
	old: Record<string, SqlValue>;
	new: Record<string, SqlValue>;
}

/** Why a changeset could not be applied; nothing of it was applied. */
export interface ApplyConflict {
	kind: 'data' | 'not-found' | 'conflict' | 'constraint' | 'foreign-key';
	table: string;
	/** The primary key of the row in the way, by column (empty for a foreign-key conflict). */
	key: Record<string, SqlValue>;
}

/** sqlite3changeset_apply_v2's SQLITE_CHANGESETAPPLY_FKNOACTION (3.45+), not exported by the JS. */
const FKNOACTION = 0x0008;

const CONFLICT_KINDS: Record<number, ApplyConflict['kind']> = {
	1: 'data',
	2: 'not-found',
	3: 'conflict',
	4: 'constraint',
	5: 'foreign-key'
};

/**
 * Runs `work` with a session recording every change to `tables`, and returns the changeset
 * (empty when nothing changed). `settle`, given what the work changed, may change more rows that
 * follow from those, recorded with them. Call it inside the transaction the work belongs to.
 */
export async function recordChanges<T>(
	engine: Engine,
	tables: readonly string[],
	work: () => Promise<T> | T,
	settle?: (changed: Uint8Array) => void
): Promise<{ result: T; changeset: Uint8Array }> {
	const { capi, wasm } = engine.sqlite3;
	// The wasm stack is used only in short synchronous stretches, never across the await.
	const out = (fill: (pointer: number) => number): number => {
		const stack = wasm.pstack.pointer;
		try {
			const pointer = wasm.pstack.allocPtr() as number;
			check(engine, fill(pointer));
			return Number(wasm.peekPtr(pointer));
		} finally {
			wasm.pstack.restore(stack);
		}
	};
	const session = out((p) => capi.sqlite3session_create(engine.db.pointer!, 'main', p));
	try {
		for (const table of tables) check(engine, capi.sqlite3session_attach(session, table));
		const result = await work();
		const changeset = () => {
			const stack = wasm.pstack.pointer;
			try {
				const size = wasm.pstack.allocPtr() as number;
				const data = wasm.pstack.allocPtr() as number;
				check(engine, capi.sqlite3session_changeset(session, size, data));
				const pointer = Number(wasm.peekPtr(data));
				const bytes = wasm.heap8u().slice(pointer, pointer + wasm.peek32(size));
				capi.sqlite3_free(pointer);
				return bytes;
			} finally {
				wasm.pstack.restore(stack);
			}
		};
		if (!settle) return { result, changeset: changeset() };
		const changed = changeset();
		// Building a changeset reads every recorded row back from its table: when settling
		// changed no row, the one already built is the change's, and is not built again.
		const before = capi.sqlite3_total_changes(engine.db.pointer!);
		settle(changed);
		if (capi.sqlite3_total_changes(engine.db.pointer!) === before)
			return { result, changeset: changed };
		return { result, changeset: changeset() };
	} finally {
		capi.sqlite3session_delete(session);
	}
}

/**
 * Every row of a changeset, in its order, with column names from the schema. With `columns`,
 * only those are read: each value costs a call into the engine, which a change of thousands of
 * rows feels.
 */
export function readChangeset(
	engine: Engine,
	changeset: Uint8Array,
	columns?: ReadonlySet<string>
): ChangedRow[] {
	if (changeset.byteLength === 0) return [];
	const { capi, wasm } = engine.sqlite3;
	const raw = wasm.exports as unknown as RawSession;
	const rows: ChangedRow[] = [];
	const stack = wasm.pstack.pointer;
	const bytes = wasm.allocFromTypedArray(changeset);
	let iterator = 0;
	try {
		const out = wasm.pstack.allocPtr();
		check(engine, capi.sqlite3changeset_start(out, changeset.byteLength, bytes));
		iterator = Number(wasm.peekPtr(out));
		const [tableOut, columnsOut, opOut, indirectOut, valueOut] = [1, 2, 3, 4, 5].map(() =>
			wasm.pstack.allocPtr()
		) as [number, number, number, number, number];
		// A value of the row, or undefined where the changeset has none (an update's unchanged
		// column). Called straight, not through the binding's wrappers: a change of 50,000 rows
		// reads a quarter of a million values, and the wrappers' conversions were most of it.
		const value = (read: RawSession['sqlite3changeset_new'], i: number): SqlValue | undefined => {
			check(engine, read(iterator, i, valueOut));
			const pointer = wasm.peekPtr(valueOut) as number;
			if (!pointer) return undefined;
			if (raw.sqlite3_value_type(pointer) !== capi.SQLITE_TEXT)
				return capi.sqlite3_value_to_js(pointer, true) as SqlValue;
			const text = raw.sqlite3_value_text(pointer);
			return decoder.decode(wasm.heap8u().subarray(text, text + raw.sqlite3_value_bytes(pointer)));
		};
		// The table's name is read again only when it changed: SQLite keeps the name of each run
		// of rows in one buffer it reuses, so the same pointer can hold another table's name.
		let tableBytes = new Uint8Array(0);
		let table = '';
		let read: { name: string; index: number }[] = [];
		const sameTable = (pointer: number) => {
			const heap = wasm.heap8u();
			for (let i = 0; i < tableBytes.length; i++)
				if (heap[pointer + i] !== tableBytes[i]) return false;
			return heap[pointer + tableBytes.length] === 0;
		};
		while (raw.sqlite3changeset_next(iterator) === capi.SQLITE_ROW) {
			check(engine, raw.sqlite3changeset_op(iterator, tableOut, columnsOut, opOut, indirectOut));
			const pointer = wasm.peekPtr(tableOut) as number;
			if (table === '' || !sameTable(pointer)) {
				table = wasm.cstrToJs(pointer) ?? '';
				tableBytes = new TextEncoder().encode(table);
				read = columnNames(engine, table)
					.map((name, index) => ({ name, index }))
					.filter(({ name }) => !columns || columns.has(name));
			}
			const op = wasm.peek32(opOut);
			const row: ChangedRow = {
				table,
				op: op === capi.SQLITE_INSERT ? 'insert' : op === capi.SQLITE_DELETE ? 'delete' : 'update',
				old: {},
				new: {}
			};
			for (const { name, index } of read) {
				if (row.op !== 'insert') {
					const old = value(raw.sqlite3changeset_old, index);
					if (old !== undefined) row.old[name] = old;
				}
				if (row.op !== 'delete') {
					const now = value(raw.sqlite3changeset_new, index);
					if (now !== undefined) row.new[name] = now;
				}
			}
			rows.push(row);
		}
	} finally {
		if (iterator) capi.sqlite3changeset_finalize(iterator);
		wasm.dealloc(bytes);
		wasm.pstack.restore(stack);
	}
	return rows;
}

/** The engine's own functions readChangeset calls straight (pointers as numbers, 32-bit wasm). */
interface RawSession {
	sqlite3changeset_next(iterator: number): number;
	sqlite3changeset_op(
		iterator: number,
		table: number,
		columns: number,
		op: number,
		indirect: number
	): number;
	sqlite3changeset_new(iterator: number, column: number, out: number): number;
	sqlite3changeset_old(iterator: number, column: number, out: number): number;
	sqlite3_value_type(value: number): number;
	sqlite3_value_text(value: number): number;
	sqlite3_value_bytes(value: number): number;
}

const decoder = new TextDecoder();

/**
 * Applies a changeset, or its inverse, to the database. Any conflict (a row changed or gone
 * since, a foreign key left dangling) stops it and SQLite rolls back everything it applied: the
 * answer is the first conflict, or null when all of it was applied. Foreign-key actions do not
 * run while applying, so undoing a change never deletes anything it did not make.
 */
export function applyChangeset(
	engine: Engine,
	changeset: Uint8Array,
	{
		invert,
		mayDiffer,
		only
	}: {
		invert: boolean;
		mayDiffer?: MayDiffer;
		/**
		 * Only these tables, for a moment's reading inside a savepoint rolled back after: the
		 * rows left dangling by the other tables' part are let be.
		 */
		only?: ReadonlySet<string>;
	}
): ApplyConflict | null {
	const { capi, wasm } = engine.sqlite3;
	let conflict: ApplyConflict | null = null;
	const bytes = wasm.allocFromTypedArray(changeset);
	try {
		const rc = capi.sqlite3changeset_apply_v2(
			engine.db.pointer!,
			changeset.byteLength,
			bytes,
			// The binding hands the filter the table's name as a string already.
			only ? (_context: number, table: string) => (only.has(table) ? 1 : 0) : 0,
			(_context: number, kind: number, iterator: number) => {
				if (only && kind === capi.SQLITE_CHANGESET_FOREIGN_KEY) return capi.SQLITE_CHANGESET_OMIT;
				if (
					conflict === null &&
					kind === capi.SQLITE_CHANGESET_DATA &&
					mayDiffer &&
					onlyFollowersDiffer(engine, iterator, mayDiffer)
				)
					return capi.SQLITE_CHANGESET_REPLACE;
				conflict ??= describeConflict(engine, kind, iterator);
				return capi.SQLITE_CHANGESET_ABORT;
			},
			0,
			0,
			0,
			(invert ? capi.SQLITE_CHANGESETAPPLY_INVERT : 0) | FKNOACTION
		);
		if (conflict) return conflict;
		check(engine, rc);
		return null;
	} finally {
		wasm.dealloc(bytes);
	}
}

/** What to do with a change that meets a row in the way (SQLite's own choices). */
export type ConflictAction = 'omit' | 'replace' | 'abort';

/**
 * Applies a changeset change by change, each accepted or passed over by its index (SQLite's
 * sqlite3changeset_apply_v3, whose filter sees every change, not only every table), and each
 * conflict settled by `onConflict` for the change it belongs to. Foreign-key actions do not run
 * while applying (the caller settles what is left dangling); a foreign-key conflict at the end
 * is let be (`omit`) for the caller to see with PRAGMA foreign_key_check. Returns SQLite's
 * result code: 0, or the abort's.
 */
export function applyEach(
	engine: Engine,
	changeset: Uint8Array,
	accept: (index: number) => boolean,
	onConflict: (kind: ApplyConflict['kind'], index: number) => ConflictAction
): number {
	const { capi, wasm } = engine.sqlite3;
	const bytes = wasm.allocFromTypedArray(changeset);
	let index = -1;
	const actions = {
		omit: capi.SQLITE_CHANGESET_OMIT,
		replace: capi.SQLITE_CHANGESET_REPLACE,
		abort: capi.SQLITE_CHANGESET_ABORT
	};
	try {
		return capi.sqlite3changeset_apply_v3(
			engine.db.pointer!,
			changeset.byteLength,
			bytes,
			() => {
				index += 1;
				return accept(index) ? 1 : 0;
			},
			(_context: number, kind: number) => {
				if (kind === capi.SQLITE_CHANGESET_FOREIGN_KEY) return capi.SQLITE_CHANGESET_OMIT;
				return actions[onConflict(CONFLICT_KINDS[kind] ?? 'conflict', index)];
			},
			0,
			0,
			0,
			FKNOACTION
		) as number;
	} finally {
		wasm.dealloc(bytes);
	}
}

/** The primary-key columns of a table, in key order. */
export function primaryKeyColumns(engine: Engine, table: string): string[] {
	const { names, primary } = tableInfo(engine, table);
	return primary.map((i) => names[i]!);
}

/**
 * Whether a column may hold something else than a changeset expects: one the gate keeps from
 * other rows (an asset's quantity from its transactions), outside any change's record.
 */
export type MayDiffer = (table: string, column: string, row: Record<string, SqlValue>) => boolean;

/** A row in the way differs only in columns that may: it is taken as it is. */
function onlyFollowersDiffer(engine: Engine, iterator: number, mayDiffer: MayDiffer): boolean {
	const { capi, wasm } = engine.sqlite3;
	const stack = wasm.pstack.pointer;
	try {
		const [tableOut, columnsOut, opOut, indirectOut, valueOut] = [1, 2, 3, 4, 5].map(() =>
			wasm.pstack.allocPtr()
		) as [number, number, number, number, number];
		check(engine, capi.sqlite3changeset_op(iterator, tableOut, columnsOut, opOut, indirectOut));
		const table = wasm.cstrToJs(wasm.peekPtr(tableOut) as number) ?? '';
		const names = columnNames(engine, table);
		const expected: Record<string, SqlValue> = {};
		const differing: string[] = [];
		names.forEach((name, i) => {
			const old = capi.sqlite3changeset_old_js(iterator, i);
			if (old === undefined) return;
			expected[name] = old as SqlValue;
			check(engine, capi.sqlite3changeset_conflict(iterator, i, valueOut));
			const pointer = wasm.peekPtr(valueOut) as number;
			const now = pointer ? capi.sqlite3_value_to_js(pointer, true) : undefined;
			if (now !== old) differing.push(name);
		});
		return differing.length > 0 && differing.every((name) => mayDiffer(table, name, expected));
	} finally {
		wasm.pstack.restore(stack);
	}
}

function describeConflict(engine: Engine, kind: number, iterator: number): ApplyConflict {
	const { capi, wasm } = engine.sqlite3;
	const stack = wasm.pstack.pointer;
	try {
		const [tableOut, columnsOut, opOut, indirectOut] = [1, 2, 3, 4].map(() =>
			wasm.pstack.allocPtr()
		) as [number, number, number, number];
		const conflictKind = CONFLICT_KINDS[kind] ?? 'conflict';
		if (conflictKind === 'foreign-key') return { kind: conflictKind, table: '', key: {} };
		capi.sqlite3changeset_op(iterator, tableOut, columnsOut, opOut, indirectOut);
		const table = wasm.cstrToJs(wasm.peekPtr(tableOut) as number) ?? '';
		const op = wasm.peek32(opOut);
		const { names, primary } = tableInfo(engine, table);
		const key: Record<string, SqlValue> = {};
		for (const i of primary) {
			key[names[i]!] = (
				op === capi.SQLITE_INSERT
					? capi.sqlite3changeset_new_js(iterator, i)
					: capi.sqlite3changeset_old_js(iterator, i)
			) as SqlValue;
		}
		return { kind: conflictKind, table, key };
	} finally {
		wasm.pstack.restore(stack);
	}
}

const columnCache = new WeakMap<Engine, Map<string, { names: string[]; primary: number[] }>>();

function tableInfo(engine: Engine, table: string) {
	let tables = columnCache.get(engine);
	if (!tables) columnCache.set(engine, (tables = new Map()));
	let info = tables.get(table);
	if (!info) {
		const columns = engine.all<{ cid: number; name: string; pk: number }>(
			'SELECT cid, name, pk FROM pragma_table_info(?) ORDER BY cid',
			[table]
		);
		info = {
			names: columns.map((c) => c.name),
			primary: columns
				.filter((c) => c.pk > 0)
				.sort((a, b) => a.pk - b.pk)
				.map((c) => c.cid)
		};
		tables.set(table, info);
	}
	return info;
}

function columnNames(engine: Engine, table: string): string[] {
	return tableInfo(engine, table).names;
}

/** Forgets the cached column names of an engine's tables (after a rollback changed them). */
export function forgetSchema(engine: Engine): void {
	columnCache.delete(engine);
}

/** A failed call as an SqlError with its result code (a full disk is told apart by it). */
function check(engine: Engine, rc: number): void {
	if (rc === 0) return;
	const { capi } = engine.sqlite3;
	throw new SqlError(
		m.errors_session_failed({ reason: capi.sqlite3_errstr(rc) }),
		capi.sqlite3_js_rc_str(rc) ?? 'SQLITE_ERROR',
		rc & 0xff
	);
}
