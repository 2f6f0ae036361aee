/**
 * What the worker's handlers share: the state of the open database (one value, never loose
 * fields) and the few services around it (restore points, progress, the backup file waiting to
 * be imported). The processor provides them; handler modules take them as an argument.
 */
import type { Sqlite3Static } from '@sqlite.org/sqlite-wasm';
import type { CheckedBackup } from '$lib/backup/backup-file';
import type { RestorePointStore } from '$lib/backup/restore-points';
import type { DatabaseName, OpenResult, RestorePoint } from '../messages';
import type { Migration } from '../migrations';
import type { StagedCsv } from './csv-plan';
import type { Engine } from './engine';
import type { WriteGate } from './gate';
import type { DatabaseStore } from './storage';

/** The open database: writable, or (a refused or failed migration, a rollback) only readable. */
export interface OpenDatabase {
	kind: 'open';
	database: DatabaseName;
	engine: Engine;
	/** Null while the database may only be read and exported. */
	gate: WriteGate | null;
}

export type DatabaseState =
	| { kind: 'closed' }
	| { kind: 'opening'; database: DatabaseName }
	| OpenDatabase
	/** SQLite cannot open the file; its bytes can still be exported or replaced. */
	| { kind: 'damaged'; database: DatabaseName }
	/** Handed over to another tab. */
	| { kind: 'moved' };

/** A backup file checked by 'backup/inspect', waiting for the user's confirmation. */
export type StagedBackup = CheckedBackup & { fileName: string };

export interface WorkerServices {
	readonly sqlite3: Promise<Sqlite3Static>;
	bundled(): Promise<Migration[]>;
	readonly state: DatabaseState;
	/** The open database; throws (code moved or unavailable) when there is none. */
	requireOpen(): OpenDatabase;
	/** The open database's write gate; throws when it may only be read. */
	requireGate(): WriteGate;
	readonly store: DatabaseStore;
	readonly restorePoints: RestorePointStore;
	keepRestorePoint(reason: string): Promise<RestorePoint>;
	/** Trims the oldest restore points beyond the bound (never fails the work that kept one). */
	pruneRestorePoints(): Promise<void>;
	/** The open (or damaged) database's name: restore points belong to one database. */
	currentName(): DatabaseName;
	/** The open database as a file (between transactions). */
	databaseBytes(): Uint8Array;
	/** Refuses, before anything is written, work that would not fit in the storage left. */
	assertRoom(bytes: number, what: string): Promise<void>;
	/** Tells the page which step of a long request is running. */
	progress(requestId: number, phase: string, done?: number, total?: number): void;
	staged: StagedBackup | null;
	/** A CSV file 'csv/read' read, waiting to be previewed and imported. */
	stagedCsv: StagedCsv | null;
	open(database: DatabaseName, takeOver: boolean, today: string): Promise<OpenResult>;
	/** The schema is behind this build (after a rollback): reading and exports only. */
	markReadOnly(): void;
	/** A whole database replaced the open one's file: it is writable at the current schema. */
	replaced(engine: Engine): void;
	/** For a damaged file: keeps its bytes, removes it, and opens an empty database instead. */
	replaceDamaged(): Promise<{ engine: Engine; restorePoint: RestorePoint }>;
	/** After start-over: closed again; the page reopens it. */
	closeDatabase(): void;
}
