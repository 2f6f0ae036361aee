/**
 * The one contract between the page and the database worker. Every operation is named
 * `area/verb` and typed here, so a call from the page is checked against its handler.
 */
import type { BackupOrigin } from '$lib/backup/backup-file';
import type { ImportMode, ImportResult } from '$lib/backup/import-json';
import type { RestorePoint } from '$lib/backup/restore-points';
import type { DatabaseSummary } from '$lib/backup/summary';
import type { ExecuteResult, SqlParam } from './worker/engine';
import type { DryRunReport, MigrationStatus } from './worker/lifecycle';

export type { DryRunReport, MigrationStatus };

export type { DatabaseSummary, ImportMode, ImportResult, RestorePoint };

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
	  }
	/** Another tab owns the database; nothing was opened. */
	| { status: 'busy' }
	/** A migration failed and was rolled back; the database is as it was. */
	| {
			status: 'migration-failed';
			database: DatabaseName;
			migration: MigrationRef;
			message: string;
			restorePoint: RestorePoint | null;
	  }
	/** SQLite cannot read the file at all (damaged); its bytes can still be downloaded. */
	| { status: 'damaged'; database: DatabaseName; message: string }
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

/** What an import would do: the file's content next to the database's, before anything is written. */
export interface ImportPreview {
	fileName: string;
	kind: 'json' | 'db';
	origin: BackupOrigin;
	exportedAt: string | null;
	file: DatabaseSummary;
	current: DatabaseSummary;
}

/** A file's bytes, moved (not copied) to the worker. */
export interface FileArgs {
	fileName: string;
	bytes: ArrayBuffer;
	/** The user's today, for the net worth the file implies. */
	today: string;
}

/** Every operation the worker performs: its arguments and its result. */
export interface Operations {
	/**
	 * Takes ownership (or reports another tab has it), opens and migrates one database. A new
	 * demo database is filled with the demo data as of `today`.
	 */
	'db/open': {
		args: { database: DatabaseName; takeOver: boolean; today: string; currency: string };
		result: OpenResult;
	};
	'db/migrations': { args: null; result: { schemaVersion: number; migrations: MigrationStatus[] } };
	/** Applies the pending migrations to a throwaway copy and reports; writes nothing. */
	'db/dry-run': { args: null; result: DryRunReport };
	/** Undoes the last `count` migrations in one transaction, after keeping a restore point. */
	'db/rollback': {
		args: { count: number };
		result: { undone: MigrationRef[]; restorePoint: RestorePoint };
	};
	/** For a damaged file only: keeps its bytes as a restore point and starts an empty database. */
	'db/start-over': { args: null; result: { restorePoint: RestorePoint } };
	/** Empties "My data" (never the demo), after keeping a restore point. */
	'db/erase': { args: { confirmation: string }; result: { restorePoint: RestorePoint } };
	/** Empties the demo database and fills it with the demo data again. */
	'demo/reset': {
		args: { today: string; currency: string };
		result: { restorePoint: RestorePoint };
	};
	/** One SQL statement (Kysely's connection). */
	'db/execute': { args: { sql: string; params: SqlParam[] }; result: ExecuteResult };
	'db/about': { args: null; result: AboutInfo };

	/** The whole database as a v1 JSON backup (UTF-8 bytes), read in one transaction. */
	'backup/export-json': { args: null; result: { bytes: ArrayBuffer } };
	/** A consistent copy of the database file. */
	'backup/export-db': { args: null; result: { bytes: ArrayBuffer } };
	/** Checks a backup file completely and keeps it ready to import; writes nothing. */
	'backup/inspect': { args: FileArgs; result: ImportPreview };
	/** Imports the inspected file, after keeping a restore point. */
	'backup/import': {
		args: { mode: ImportMode; currency: string };
		result: ImportResult & { restorePoint: RestorePoint };
	};
	/** Forgets the inspected file. */
	'backup/discard': { args: null; result: null };
	/** Loads a backup into a throwaway database and reports what it holds; writes nothing. */
	'backup/verify': {
		args: FileArgs;
		result: {
			kind: 'json' | 'db';
			origin: BackupOrigin;
			exportedAt: string | null;
			summary: DatabaseSummary;
		};
	};

	/** Bytes used by the open database and by its restore points. */
	'db/storage': { args: null; result: { databaseBytes: number; restorePointBytes: number } };

	'restore-points/list': { args: null; result: RestorePoint[] };
	/** Replaces the database with a restore point, after keeping one of the current state. */
	'restore-points/restore': { args: { id: string }; result: { restorePoint: RestorePoint } };
	'restore-points/delete': { args: { id: string }; result: null };
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
	/** Each problem found, for errors that list them (a bad backup). */
	problems?: string[];
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

/** Posted on this channel when a tab migrates a database, so older tabs know to reload. */
export const SCHEMA_CHANNEL = 'strata-schema';
export interface SchemaAnnouncement {
	database: DatabaseName;
	schemaVersion: number;
}

/** How a migration is named to people: "0001_initial_schema". */
export function migrationLabel(m: MigrationRef): string {
	return `${String(m.version).padStart(4, '0')}_${m.name}`;
}
