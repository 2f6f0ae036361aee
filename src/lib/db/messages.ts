/**
 * The one contract between the page and the database worker. Every operation is named
 * `area/verb` and typed here, so a call from the page is checked against its handler.
 */
import type { ExecuteResult, SqlParam } from './worker/engine';

export type DatabaseName = 'real' | 'demo';
export type StorageKind = 'opfs' | 'memory';

export interface MigrationRef {
	version: number;
	name: string;
}

export type OpenResult =
	| {
			status: 'ready';
			database: DatabaseName;
			storage: StorageKind;
			/** Why the database is in memory only, when OPFS could not be used. */
			storageProblem: string | null;
			schemaVersion: number;
			/** Migrations that ran while opening. */
			migrated: MigrationRef[];
	  }
	/** Another tab owns the database; nothing was opened. */
	| { status: 'busy' }
	/** A migration failed and was rolled back; the database is as it was. */
	| { status: 'migration-failed'; database: DatabaseName; migration: MigrationRef; message: string }
	/** The database was written by a newer Strata, or a migration that ran was edited since. */
	| {
			status: 'refused';
			database: DatabaseName;
			unknown: MigrationRef[];
			edited: MigrationRef[];
			message: string;
	  };

export interface AboutInfo {
	database: DatabaseName;
	storage: StorageKind;
	sqliteVersion: string;
	schemaVersion: number;
	migrations: { version: number; name: string; appliedAt: string }[];
}

/** Every operation the worker performs: its arguments and its result. */
export interface Operations {
	/** Takes ownership (or reports another tab has it), opens and migrates one database. */
	'db/open': { args: { database: DatabaseName; takeOver: boolean }; result: OpenResult };
	/** One SQL statement (Kysely's connection). */
	'db/execute': { args: { sql: string; params: SqlParam[] }; result: ExecuteResult };
	'db/about': { args: null; result: AboutInfo };
}

export type OperationName = keyof Operations;
export type Args<K extends OperationName> = Operations[K]['args'];
export type Result<K extends OperationName> = Operations[K]['result'];

export type Request = {
	[K in OperationName]: { kind: 'request'; id: number; op: K; args: Args<K> };
}[OperationName];

export interface SerializedError {
	name: string;
	message: string;
	/** SQLite's result code name, when the error came from the engine. */
	code?: string;
}

export type Reply =
	| { kind: 'reply'; id: number; ok: true; result: unknown }
	| { kind: 'reply'; id: number; ok: false; error: SerializedError };

/** Things the worker tells the page without being asked. */
export type WorkerEvent =
	/** Another tab asked for the database and this one handed it over. */
	| { type: 'moved' }
	/** Progress of a long request (import, export, seeding). */
	| { type: 'progress'; id: number; phase: string; done: number; total: number };

export type FromWorker = Reply | { kind: 'event'; event: WorkerEvent };

/** How a migration is named to people: "0001_initial_schema". */
export function migrationLabel(m: MigrationRef): string {
	return `${String(m.version).padStart(4, '0')}_${m.name}`;
}
