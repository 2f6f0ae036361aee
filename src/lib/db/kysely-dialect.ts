/**
 * Kysely over our database worker: Kysely's own SQLite adapter, query compiler and
 * introspector, and a driver whose single connection is the client's exclusive session.
 */
import {
	CompiledQuery,
	Kysely,
	SqliteAdapter,
	SqliteIntrospector,
	SqliteQueryCompiler,
	type DatabaseConnection,
	type Dialect,
	type Driver,
	type QueryResult
} from 'kysely';
import type { SqlSession } from './client';
import type { SqlParam } from './messages';
import type { Database } from './schema';

/** Anything that lends out the one connection: the page's DbClient, or a Node test engine. */
export interface SessionSource {
	acquire(): Promise<SqlSession>;
}

class WorkerConnection implements DatabaseConnection {
	/** As the engine last reported it: whether a transaction is open on the connection. */
	inTransaction = false;

	constructor(readonly session: SqlSession) {}

	async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
		let result;
		try {
			result = await this.session.execute(query.sql, query.parameters as SqlParam[]);
		} catch (error) {
			// A failed statement reports the state too (SQLite rolls back by itself on a full disk).
			const state = (error as { inTransaction?: unknown }).inTransaction;
			if (typeof state === 'boolean') this.inTransaction = state;
			throw error;
		}
		this.inTransaction = result.inTransaction;
		return {
			rows: result.rows as R[],
			numAffectedRows: BigInt(result.changes),
			insertId: BigInt(result.lastInsertRowid)
		};
	}

	// eslint-disable-next-line require-yield
	async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
		// not shown: a programming error (no page streams a query)
		throw new Error('Streaming queries are not supported: page through results instead.');
	}
}

class WorkerDriver implements Driver {
	constructor(private readonly source: SessionSource) {}

	async init(): Promise<void> {}

	async acquireConnection(): Promise<DatabaseConnection> {
		return new WorkerConnection(await this.source.acquire());
	}

	async beginTransaction(connection: DatabaseConnection): Promise<void> {
		// IMMEDIATE: take the write lock up front, so a transaction never fails half-way on it.
		await connection.executeQuery(CompiledQuery.raw('BEGIN IMMEDIATE'));
	}

	async commitTransaction(connection: DatabaseConnection): Promise<void> {
		await connection.executeQuery(CompiledQuery.raw('COMMIT'));
	}

	async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
		// SQLite may already have rolled back (a full disk does that): then there is nothing to do,
		// and the error that caused it is the one to keep.
		if ((connection as WorkerConnection).inTransaction)
			await connection.executeQuery(CompiledQuery.raw('ROLLBACK'));
	}

	async releaseConnection(connection: DatabaseConnection): Promise<void> {
		(connection as WorkerConnection).session.release();
	}

	async destroy(): Promise<void> {}
}

export class WorkerDialect implements Dialect {
	constructor(private readonly source: SessionSource) {}
	createAdapter = () => new SqliteAdapter();
	createDriver = () => new WorkerDriver(this.source);
	createIntrospector = (db: Kysely<unknown>) => new SqliteIntrospector(db);
	createQueryCompiler = () => new SqliteQueryCompiler();
}

/** The typed query builder over the app's one database connection. */
export function createKysely(source: SessionSource): Kysely<Database> {
	return new Kysely<Database>({ dialect: new WorkerDialect(source) });
}
