/**
 * One open SQLite connection and the few things we do with it. The same class runs in the
 * browser's database worker (OPFS or memory) and in Node tests (sqlite-wasm's Node build, in
 * memory), so migrations, backups and domain SQL are tested against the real engine.
 */
import type { Database, Sqlite3Static, SqlValue } from '@sqlite.org/sqlite-wasm';
import { registerSqlFunctions } from './sql-functions';

export type SqlParam = string | number | bigint | null | Uint8Array;
export type Row = Record<string, SqlValue>;

export interface ExecuteResult {
	rows: Row[];
	changes: number;
	lastInsertRowid: number;
}

/** An error from SQLite with its primary result code name, e.g. SQLITE_CONSTRAINT. */
export class SqlError extends Error {
	override name = 'SqlError';
	constructor(
		message: string,
		readonly code: string
	) {
		super(message);
	}
}

export class Engine {
	constructor(
		readonly sqlite3: Sqlite3Static,
		readonly db: Database
	) {
		db.exec('PRAGMA foreign_keys = ON');
		registerSqlFunctions(sqlite3, db);
	}

	/** A fresh in-memory database, or one made from the bytes of a database file. */
	static memory(sqlite3: Sqlite3Static, bytes?: Uint8Array): Engine {
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
				throw new SqlError(capi.sqlite3_js_rc_str(rc) ?? 'cannot load database', 'SQLITE_ERROR');
			}
		}
		return new Engine(sqlite3, db);
	}

	/** Runs one statement and returns its rows (if any) and how many rows it changed. */
	execute(sql: string, params: readonly SqlParam[] = []): ExecuteResult {
		const stmt = this.#prepare(sql);
		try {
			if (params.length > 0) stmt.bind(params.map(bindable));
			const rows: Row[] = [];
			while (this.#step(stmt)) rows.push(stmt.get({}) as Row);
			return {
				rows,
				changes: this.db.changes(),
				lastInsertRowid: Number(this.sqlite3.capi.sqlite3_last_insert_rowid(this.db.pointer!))
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
			throw toSqlError(error);
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
		if (!backup) throw new SqlError(capi.sqlite3_errmsg(this.db.pointer!), 'SQLITE_ERROR');
		let rc: number;
		try {
			rc = capi.sqlite3_backup_step(backup, -1);
		} finally {
			capi.sqlite3_backup_finish(backup);
		}
		if (rc !== capi.SQLITE_DONE) {
			throw new SqlError(
				`Could not replace the database: ${capi.sqlite3_js_rc_str(rc)}`,
				capi.sqlite3_js_rc_str(rc) ?? 'SQLITE_ERROR'
			);
		}
		// The copy carries the source's settings; ours must hold on this connection.
		this.db.exec('PRAGMA foreign_keys = ON');
	}

	close(): void {
		if (this.db.isOpen()) this.db.close();
	}

	#prepare(sql: string) {
		try {
			return this.db.prepare(sql);
		} catch (error) {
			throw toSqlError(error);
		}
	}

	#step(stmt: ReturnType<Database['prepare']>): boolean {
		try {
			return stmt.step();
		} catch (error) {
			throw toSqlError(error);
		}
	}
}

function bindable(value: SqlParam | boolean | undefined): SqlParam {
	if (typeof value === 'boolean') return value ? 1 : 0;
	return value === undefined ? null : value;
}

/** sqlite-wasm errors carry the result code in their message; keep it readable and typed. */
export function toSqlError(error: unknown): SqlError {
	if (error instanceof SqlError) return error;
	const message = error instanceof Error ? error.message : String(error);
	const code = /SQLITE_[A-Z_]+/.exec(message)?.[0] ?? 'SQLITE_ERROR';
	// "SQLITE_CONSTRAINT_CHECK: sqlite3 result code 275: CHECK constraint failed: …" → the reason.
	const reason = message.replace(/^SQLITE_[A-Z_]+:\s*(sqlite3 result code \d+:\s*)?/, '');
	return new SqlError(reason, code);
}
