/**
 * One open SQLite connection and the few things we do with it. The same class runs in the
 * browser's database worker (OPFS or memory) and in Node tests (sqlite-wasm's Node build, in
 * memory), so migrations, backups and domain SQL are tested against the real engine.
 */
import type { Database, Sqlite3Static } from '@sqlite.org/sqlite-wasm';
import type { ExecuteResult, Row, SqlParam, SqlValue } from '../messages';
import { registerSqlFunctions } from './sql-functions';
import { m } from '$lib/paraglide/messages';

export type { ExecuteResult, Row, SqlParam, SqlValue };

/**
 * An error from SQLite: SQLite's own message ("CHECK constraint failed: …") and its result code,
 * both as the engine reported them (never read back out of a message).
 */
export class SqlError extends Error {
	override name = 'SqlError';
	constructor(
		message: string,
		/** The extended result code's name, e.g. SQLITE_CONSTRAINT_CHECK. */
		readonly sqliteCode: string,
		/** The primary result code, e.g. 19 (SQLITE_CONSTRAINT) or 13 (SQLITE_FULL). */
		readonly primaryCode: number
	) {
		super(message);
	}
}

/** What a statement prepared for reading may do: SELECT, READ, FUNCTION, RECURSIVE. */
const READ_ONLY_ACTIONS = new Set([21, 20, 31, 33]);
/** SQLITE_AUTH: the authorizer refused the statement. */
const AUTH_DENIED = 23;

/** SQLITE_INTERRUPT: the progress handler stopped a statement past its deadline. */
export const INTERRUPTED = 9;

/**
 * Bounds for a file from outside: no statement of the file's schema longer or nested deeper
 * than a sane schema needs (a hostile one is refused, never run long). Values keep SQLite's
 * limit: a restore point's history may hold large changesets.
 */
const UNTRUSTED_LIMITS = (capi: Sqlite3Static['capi']): [number, number][] => [
	[capi.SQLITE_LIMIT_SQL_LENGTH, 1024 * 1024],
	[capi.SQLITE_LIMIT_EXPR_DEPTH, 100],
	[capi.SQLITE_LIMIT_COMPOUND_SELECT, 50],
	[capi.SQLITE_LIMIT_VDBE_OP, 1_000_000],
	[capi.SQLITE_LIMIT_FUNCTION_ARG, 32],
	[capi.SQLITE_LIMIT_ATTACHED, 0],
	[capi.SQLITE_LIMIT_LIKE_PATTERN_LENGTH, 1000],
	[capi.SQLITE_LIMIT_TRIGGER_DEPTH, 1]
];

/** A statement that would write, sent where only reads are allowed. */
export class WriteRefusedError extends Error {
	override name = 'WriteRefusedError';
}

export class Engine {
	/** While true, statements are prepared for reading only (see READ_ONLY_ACTIONS). */
	#readingOnly = false;

	constructor(
		readonly sqlite3: Sqlite3Static,
		readonly db: Database,
		{ functions = true } = {}
	) {
		db.exec('PRAGMA foreign_keys = ON');
		if (functions) registerSqlFunctions(sqlite3, db);
		// SQLite asks this of every statement it prepares: a statement prepared for reading only
		// may read tables and call functions, nothing else (no write, no pragma, no transaction).
		sqlite3.capi.sqlite3_set_authorizer(
			db.pointer!,
			(_context: number, action: number) =>
				!this.#readingOnly || READ_ONLY_ACTIONS.has(action) ? 0 : sqlite3.capi.SQLITE_DENY,
			0
		);
	}

	/** A fresh in-memory database, or one made from the bytes of a database file. */
	static memory(sqlite3: Sqlite3Static, bytes?: Uint8Array): Engine {
		return new Engine(sqlite3, Engine.#deserialize(sqlite3, bytes));
	}

	/**
	 * A database file from outside, opened as data and never as code: its schema is untrusted
	 * (no function of ours and no unsafe one may run from it), triggers and views are off, the
	 * connection only reads (SQLite's defensive mode), sizes and nesting are bounded, and every
	 * statement stops once `deadline` (a `Date.now()` time) has passed.
	 */
	static untrusted(sqlite3: Sqlite3Static, bytes: Uint8Array, deadline: number): Engine {
		const db = Engine.#deserialize(sqlite3, bytes);
		Engine.#guard(sqlite3, db, deadline, true);
		for (const [limit, value] of UNTRUSTED_LIMITS(sqlite3.capi))
			sqlite3.capi.sqlite3_limit(db.pointer!, limit as 0, value);
		db.exec('PRAGMA query_only = ON');
		return new Engine(sqlite3, db, { functions: false });
	}

	/**
	 * Attaches a database file from outside to this connection as `schema`, to read from, with this
	 * connection guarded as `untrusted` is while it stays attached: rows can then be copied by
	 * SQLite itself (`INSERT INTO main.t SELECT … FROM schema.t`), never running the file's code.
	 * Returns what detaches it and lifts the guard.
	 */
	attachUntrusted(schema: string, bytes: Uint8Array, deadline: number): () => void {
		const { capi, wasm } = this.sqlite3;
		Engine.#guard(this.sqlite3, this.db, deadline, true);
		this.db.exec(`ATTACH ':memory:' AS ${schema}`);
		const pointer = wasm.allocFromTypedArray(bytes);
		const rc = capi.sqlite3_deserialize(
			this.db.pointer!,
			schema,
			pointer,
			bytes.byteLength,
			bytes.byteLength,
			// Not SQLITE_DESERIALIZE_READONLY: a write transaction locks every attached database, and a
			// read-only one would refuse it. Nothing here writes to it (only `main` is written).
			capi.SQLITE_DESERIALIZE_FREEONCLOSE
		);
		if (rc !== 0) {
			this.db.exec(`DETACH ${schema}`);
			Engine.#guard(this.sqlite3, this.db, Infinity, false);
			throw new SqlError(
				// not shown: stands in for SQLite's own English errstr, quoted inside a translated message
				capi.sqlite3_errstr(rc) ?? 'cannot load database',
				capi.sqlite3_js_rc_str(rc) ?? 'SQLITE_ERROR',
				rc & 0xff
			);
		}
		return () => {
			this.db.exec(`DETACH ${schema}`);
			Engine.#guard(this.sqlite3, this.db, Infinity, false);
		};
	}

	/**
	 * Schema untrusted (no function of ours and no unsafe one may run from it), triggers and
	 * views off, defensive mode, and every statement stopped once `deadline` (a `Date.now()`
	 * time) has passed; or all of it lifted again.
	 */
	static #guard(sqlite3: Sqlite3Static, db: Database, deadline: number, on: boolean): void {
		const { capi } = sqlite3;
		const pointer = db.pointer!;
		for (const [option, guarded] of [
			[capi.SQLITE_DBCONFIG_DEFENSIVE, 1],
			[capi.SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0],
			[capi.SQLITE_DBCONFIG_ENABLE_TRIGGER, 0],
			[capi.SQLITE_DBCONFIG_ENABLE_VIEW, 0]
		] as const) {
			const rc = capi.sqlite3_db_config(pointer, option, on ? guarded : 1 - guarded, 0);
			// A build without one of these would read the file unguarded: refuse instead.
			// not shown: a programming error (a SQLite build without these options is never shipped)
			if (rc !== 0) throw new SqlError(`SQLite refused the option ${option}`, 'SQLITE_ERROR', 1);
		}
		// SQLite calls this every 10,000 virtual-machine steps: past the deadline, it interrupts.
		if (on)
			capi.sqlite3_progress_handler(pointer, 10_000, () => (Date.now() > deadline ? 1 : 0), 0);
		else capi.sqlite3_progress_handler(pointer, 0, 0, 0);
	}

	static #deserialize(sqlite3: Sqlite3Static, bytes?: Uint8Array): Database {
		const db = new sqlite3.oo1.DB(':memory:', 'c');
		if (bytes) {
			const { capi, wasm } = sqlite3;
			const pointer = wasm.allocFromTypedArray(bytes);
			const rc = capi.sqlite3_deserialize(
				db.pointer!,
				'main',
				pointer,
				bytes.byteLength,
				bytes.byteLength,
				capi.SQLITE_DESERIALIZE_FREEONCLOSE | capi.SQLITE_DESERIALIZE_RESIZEABLE
			);
			if (rc !== 0) {
				db.close();
				throw new SqlError(
					// not shown: stands in for SQLite's own English errstr, quoted inside a translated message
					capi.sqlite3_errstr(rc) ?? 'cannot load database',
					capi.sqlite3_js_rc_str(rc) ?? 'SQLITE_ERROR',
					rc & 0xff
				);
			}
		}
		return db;
	}

	/** Column i of the current row, as the binding's get(i) gives it; text, the common case, directly. */
	#column(stmt: ReturnType<Database['prepare']>, i: number): SqlValue {
		const { capi } = this.sqlite3;
		switch (capi.sqlite3_column_type(stmt.pointer!, i)) {
			case capi.SQLITE_NULL:
				return null;
			case capi.SQLITE_TEXT:
				return capi.sqlite3_column_text(stmt.pointer!, i);
			default:
				return stmt.get(i) as SqlValue;
		}
	}

	/** Runs one statement and returns its rows (if any) and how many rows it changed. */
	execute(sql: string, params: readonly SqlParam[] = [], { readOnly = false } = {}): ExecuteResult {
		const stmt = readOnly ? this.#prepareForReading(sql) : this.#prepare(sql);
		try {
			if (params.length > 0) stmt.bind(params.map(bindable));
			const rows: Row[] = [];
			// Column names once per statement, values by type: the binding's get({}) decodes every
			// name again for every row, which made reading a few thousand rows cost tens of ms.
			let names: string[] | null = null;
			while (this.#step(stmt)) {
				names ??= stmt.getColumnNames([]);
				const row: Row = {};
				for (let i = 0; i < names.length; i++) row[names[i]!] = this.#column(stmt, i);
				rows.push(row);
			}
			return {
				rows,
				changes: this.db.changes(),
				lastInsertRowid: Number(this.sqlite3.capi.sqlite3_last_insert_rowid(this.db.pointer!)),
				inTransaction: this.inTransaction
			};
		} finally {
			stmt.finalize();
		}
	}

	all<T = Row>(sql: string, params: readonly SqlParam[] = []): T[] {
		return this.execute(sql, params).rows as T[];
	}

	get<T = Row>(sql: string, params: readonly SqlParam[] = []): T | undefined {
		return this.all<T>(sql, params)[0];
	}

	/** The first column of the first row. */
	value<T extends SqlValue = SqlValue>(
		sql: string,
		params: readonly SqlParam[] = []
	): T | undefined {
		const row = this.get(sql, params);
		return row ? (Object.values(row)[0] as T) : undefined;
	}

	run(sql: string, params: readonly SqlParam[] = []): number {
		return this.execute(sql, params).changes;
	}

	/** Runs a script of several statements (a migration file). */
	exec(script: string): void {
		try {
			this.db.exec(script);
		} catch (error) {
			throw this.#error(error);
		}
	}

	get inTransaction(): boolean {
		return this.sqlite3.capi.sqlite3_get_autocommit(this.db.pointer!) === 0;
	}

	/**
	 * Runs `work` in one transaction: all of it commits or none of it does. Nested calls become
	 * savepoints, so a helper that needs atomicity can be called inside a bigger transaction.
	 */
	transaction<T>(work: () => T): T {
		if (this.inTransaction) {
			this.exec('SAVEPOINT nested');
			try {
				const result = work();
				this.exec('RELEASE nested');
				return result;
			} catch (error) {
				this.exec('ROLLBACK TO nested; RELEASE nested');
				throw error;
			}
		}
		this.exec('BEGIN IMMEDIATE');
		try {
			const result = work();
			this.exec('COMMIT');
			return result;
		} catch (error) {
			if (this.inTransaction) this.exec('ROLLBACK');
			throw error;
		}
	}

	/** The size of the database file, without copying it. */
	get byteSize(): number {
		return (
			(this.value<number>('PRAGMA page_count') ?? 0) * (this.value<number>('PRAGMA page_size') ?? 0)
		);
	}

	/** A consistent copy of the whole database file (call it outside a transaction). */
	serialize(): Uint8Array {
		return this.sqlite3.capi.sqlite3_js_db_export(this.db);
	}

	/**
	 * Replaces this whole database with the content of `source`, in one write transaction (the
	 * SQLite backup API): either every page is copied or the database stays as it was.
	 */
	replaceWith(source: Engine): void {
		const { capi } = this.sqlite3;
		const backup = capi.sqlite3_backup_init(this.db.pointer!, 'main', source.db.pointer!, 'main');
		if (!backup) throw new SqlError(capi.sqlite3_errmsg(this.db.pointer!), 'SQLITE_ERROR', 1);
		let rc: number;
		try {
			rc = capi.sqlite3_backup_step(backup, -1);
		} finally {
			capi.sqlite3_backup_finish(backup);
		}
		if (rc !== capi.SQLITE_DONE) {
			throw new SqlError(
				m.errors_engine_replace({ reason: capi.sqlite3_errstr(rc) }),
				capi.sqlite3_js_rc_str(rc) ?? 'SQLITE_ERROR',
				rc & 0xff
			);
		}
		// The copy carries the source's settings; ours must hold on this connection.
		this.db.exec('PRAGMA foreign_keys = ON');
	}

	close(): void {
		if (this.db.isOpen()) this.db.close();
	}

	/** Every change goes through the worker's write gate: what the page sends may only read. */
	#prepareForReading(sql: string) {
		this.#readingOnly = true;
		try {
			return this.#prepare(sql);
		} catch (error) {
			if (error instanceof SqlError && error.primaryCode === AUTH_DENIED) {
				throw new WriteRefusedError(m.errors_engine_read_only());
			}
			throw error;
		} finally {
			this.#readingOnly = false;
		}
	}

	#prepare(sql: string) {
		try {
			return this.db.prepare(sql);
		} catch (error) {
			throw this.#error(error);
		}
	}

	#step(stmt: ReturnType<Database['prepare']>): boolean {
		try {
			return stmt.step();
		} catch (error) {
			throw this.#error(error);
		}
	}

	/** SQLite's failure as a SqlError: its result code from the engine, its message from errmsg. */
	#error(error: unknown): Error {
		const rc = (error as { resultCode?: unknown })?.resultCode;
		if (error instanceof SqlError || typeof rc !== 'number') return error as Error;
		const { capi } = this.sqlite3;
		const message = this.db.isOpen()
			? capi.sqlite3_errmsg(this.db.pointer!)
			: (capi.sqlite3_errstr(rc) ?? (error as Error).message);
		return new SqlError(message, capi.sqlite3_js_rc_str(rc) ?? 'SQLITE_ERROR', rc & 0xff);
	}
}

function bindable(value: SqlParam | boolean | undefined): SqlParam {
	if (typeof value === 'boolean') return value ? 1 : 0;
	return value === undefined ? null : value;
}

/** The message of any error, for a failure reported in words (a migration that failed). */
export function errorText(error: unknown): string {
	return error instanceof Error ? error.message : String(error);
}
