/**
 * The worker's side of every operation in messages.ts. Requests run one at a time, in order; a
 * hand-over to another tab waits until no transaction is open, so no write is ever cut in half.
 */
import type { Sqlite3Static } from '@sqlite.org/sqlite-wasm';
import type {
	AboutInfo,
	Args,
	DatabaseName,
	FromWorker,
	OpenResult,
	OperationName,
	Request,
	SchemaAnnouncement,
	Result,
	SerializedError
} from '../messages';
import { SCHEMA_CHANNEL } from '../messages';
import { bundledMigrations } from '../migrations';
import {
	MigrationError,
	MigrationRefusedError,
	readAppliedMigrations,
	schemaVersion
} from '../migrator';
import { dryRun, migrateOnOpen, migrationStatus, rollback } from './lifecycle';
import { ensureReferenceAssetTypes } from '../reference-data';
import type { CheckedBackup } from '$lib/backup/backup-file';
import {
	MemoryRestorePoints,
	OpfsRestorePoints,
	prune,
	type RestorePoint,
	type RestorePointStore
} from '$lib/backup/restore-points';
import { toSqlError, type Engine } from './engine';
import { Ownership } from './ownership';
import { QuotaError, assertRoom, isOutOfSpace, outOfSpaceError } from './quota';
import { hasOpfs, memoryStore, opfsStore, type DatabaseStore } from './storage';

export type Post = (message: FromWorker, transfer?: Transferable[]) => void;

/**
 * Code the worker needs only for backups and the demo, loaded the first time it is used: opening
 * the database (every start of the app) does not wait for zod, Kysely and the backup format.
 */
const backupCode = () =>
	Promise.all([
		import('$lib/backup/backup-file'),
		import('$lib/backup/export-json'),
		import('$lib/backup/import-json'),
		import('$lib/backup/summary')
	]).then(([file, exporting, importing, summary]) => ({
		...file,
		...exporting,
		...importing,
		...summary
	}));
const demoCode = () => import('$lib/domain/demo-seed');

/** The database is not open in this tab (it moved to another tab, or failed to open). */
export class DatabaseUnavailableError extends Error {
	override name = 'DatabaseUnavailableError';
}

type Handlers = {
	[K in OperationName]: (args: Args<K>, request: { id: number }) => Result<K> | Promise<Result<K>>;
};

export class Processor {
	readonly #sqlite3: Promise<Sqlite3Static>;
	readonly #post: Post;
	readonly #ownership: Ownership | null;
	#store: DatabaseStore | null = null;
	#storageProblem: string | null = null;
	#engine: Engine | null = null;
	#database: DatabaseName | null = null;
	/** False while the open database may only be read and exported (refused or failed migration). */
	#writable = false;
	#queue: Promise<void> = Promise.resolve();
	#releaseRequested = false;
	#restorePoints: RestorePointStore | null = null;
	/** A restore point was kept during this request: trim the list once the request succeeds. */
	#prunePending = false;
	/** A backup file checked by 'backup/inspect', waiting for the user's confirmation. */
	#staged: (CheckedBackup & { fileName: string }) | null = null;

	constructor(sqlite3: Promise<Sqlite3Static>, post: Post) {
		this.#sqlite3 = sqlite3;
		this.#post = post;
		this.#ownership = typeof navigator !== 'undefined' && navigator.locks ? new Ownership() : null;
		if (this.#ownership) {
			this.#ownership.onReleaseRequested = () => {
				this.#releaseRequested = true;
				this.#enqueue(() => this.#releaseIfIdle());
			};
		}
	}

	receive(request: Request): void {
		this.#enqueue(() => this.#handle(request));
	}

	#enqueue(task: () => Promise<void>): void {
		this.#queue = this.#queue.then(task, task);
	}

	async #handle(request: Request): Promise<void> {
		try {
			const handler = this.#handlers[request.op] as (
				args: unknown,
				request: { id: number }
			) => unknown;
			const result = await handler(request.args, { id: request.id });
			// Old restore points go only once the operation that kept a new one has succeeded.
			if (this.#prunePending && this.#database && this.#restorePoints) {
				this.#prunePending = false;
				await prune(this.#restorePoints, this.#database);
			}
			// File bytes are moved to the page, not copied.
			const bytes = (result as { bytes?: unknown } | null)?.bytes;
			this.#post(
				{ kind: 'reply', id: request.id, ok: true, result },
				bytes instanceof ArrayBuffer ? [bytes] : []
			);
		} catch (error) {
			this.#prunePending = false;
			this.#post({ kind: 'reply', id: request.id, ok: false, error: serializeError(error) });
		}
		await this.#releaseIfIdle();
	}

	/** Hands the database to the tab that asked, once no transaction is open. */
	async #releaseIfIdle(): Promise<void> {
		if (!this.#releaseRequested || !this.#ownership?.owned) return;
		if (this.#engine?.inTransaction) return;
		this.#releaseRequested = false;
		this.#closeDatabase();
		this.#store?.pause();
		this.#ownership.release();
		this.#post({ kind: 'event', event: { type: 'moved' } });
	}

	#closeDatabase(): void {
		this.#discardStaged();
		if (this.#engine && this.#database) this.#store?.close(this.#database, this.#engine);
		this.#engine = null;
		this.#database = null;
		this.#writable = false;
	}

	/** Makes sure this tab owns the storage; 'busy' when another tab does and we may not ask. */
	async #ensureStore(takeOver: boolean): Promise<'ok' | 'busy'> {
		const sqlite3 = await this.#sqlite3;
		if (this.#store?.kind === 'memory') return 'ok';
		if (!hasOpfs() || !this.#ownership) {
			this.#store = memoryStore(sqlite3);
			this.#restorePoints = new MemoryRestorePoints();
			this.#storageProblem = 'This browser does not let web apps store files (no OPFS).';
			return 'ok';
		}
		if (!this.#ownership.owned) {
			const owned = takeOver
				? await this.#ownership.takeOver()
				: await this.#ownership.tryAcquire();
			if (!owned) return 'busy';
		}
		if (this.#store) {
			await this.#store.resume();
			return 'ok';
		}
		try {
			this.#store = await opfsStore(sqlite3);
			this.#restorePoints = new OpfsRestorePoints();
		} catch (error) {
			this.#ownership.release();
			this.#store = memoryStore(sqlite3);
			this.#restorePoints = new MemoryRestorePoints();
			this.#storageProblem = `Storage is not available: ${errorMessage(error)}`;
		}
		return 'ok';
	}

	#requireEngine(forWriting: boolean): Engine {
		if (!this.#engine) {
			throw new DatabaseUnavailableError('The database is not open in this tab.');
		}
		if (forWriting && !this.#writable) {
			throw new DatabaseUnavailableError('This database can only be exported until it is fixed.');
		}
		return this.#engine;
	}

	async #open(
		database: DatabaseName,
		takeOver: boolean,
		today: string,
		currency: string
	): Promise<OpenResult> {
		if ((await this.#ensureStore(takeOver)) === 'busy') return { status: 'busy' };
		const store = this.#store!;
		const ready = (): OpenResult => ({
			status: 'ready',
			database,
			storage: store.kind,
			storageProblem: this.#storageProblem,
			schemaVersion: schemaVersion(this.#engine!)
		});
		if (this.#engine && this.#database === database && this.#writable) return ready();

		this.#closeDatabase();
		let engine: Engine;
		let isNew: boolean;
		try {
			engine = store.open(database);
			isNew = readAppliedMigrations(engine).length === 0;
		} catch (error) {
			// Not a database any more (damaged, cut short): keep it untouched, offer its bytes.
			this.#database = database;
			return { status: 'damaged', database, message: toSqlError(error).message };
		}
		this.#engine = engine;
		this.#database = database;
		let restorePoint: RestorePoint | null = null;
		try {
			const result = await migrateOnOpen(engine, await bundledMigrations(), async (reason) => {
				restorePoint = await this.#keepRestorePoint(reason);
				return restorePoint;
			});
			ensureReferenceAssetTypes(engine);
			if (result.ran.length > 0) {
				// Tabs still running an older Strata learn that this database moved on.
				const channel = new BroadcastChannel(SCHEMA_CHANNEL);
				channel.postMessage({
					database,
					schemaVersion: schemaVersion(engine)
				} satisfies SchemaAnnouncement);
				channel.close();
			}
			// Only ever the demo database, and only when it was just created, is seeded.
			if (database === 'demo' && isNew) (await demoCode()).seedDemo(engine, today, currency);
			this.#writable = true;
			return ready();
		} catch (error) {
			// The database stays open for exports only: the user can always take their data out.
			// Every restore point stays too: the one just kept may be needed.
			this.#prunePending = false;
			if (error instanceof MigrationError) {
				return {
					status: 'migration-failed',
					database,
					migration: error.migration,
					message: error.sqliteMessage,
					restorePoint
				};
			}
			if (error instanceof MigrationRefusedError) {
				return {
					status: 'refused',
					database,
					unknown: error.plan.unknown,
					edited: error.plan.edited,
					message: error.message
				};
			}
			this.#closeDatabase();
			throw error;
		}
	}

	#discardStaged(): void {
		this.#staged = null;
	}

	/**
	 * Refuses, before anything is written, work that would not fit in the storage the browser
	 * gives this site, with the numbers.
	 */
	async #assertRoom(bytesNeeded: number, what: string): Promise<void> {
		if (this.#store?.kind !== 'opfs' || typeof navigator.storage?.estimate !== 'function') return;
		assertRoom(bytesNeeded, await navigator.storage.estimate(), what);
	}

	/** Runs a write; if storage runs out half-way, its transaction has rolled back: say so plainly. */
	async #withinQuota<T>(what: string, work: () => Promise<T> | T): Promise<T> {
		try {
			return await work();
		} catch (error) {
			if (error instanceof QuotaError || !isOutOfSpace(error)) throw error;
			throw outOfSpaceError(what);
		}
	}

	/**
	 * The open database as a file. Between transactions the file in OPFS holds exactly that, and
	 * reading it whole is several times faster than having SQLite copy it out page by page.
	 */
	#databaseBytes(): Uint8Array {
		const engine = this.#requireEngine(false);
		if (engine.inTransaction) throw new Error('A change is still being saved: try again.');
		const raw = this.#store?.kind === 'opfs' ? this.#store.rawBytes(this.#database!) : null;
		return raw ?? engine.serialize();
	}

	/** Keeps a copy of the open database before something replaces or rewrites it. */
	async #keepRestorePoint(reason: string): Promise<RestorePoint> {
		if (!this.#engine) return this.#keepDamagedFile();
		const engine = this.#requireEngine(false);
		this.#prunePending = true;
		return this.#restorePoints!.save(
			{
				database: this.#database!,
				createdAt: new Date().toISOString(),
				reason,
				schemaVersion: schemaVersion(engine)
			},
			this.#databaseBytes()
		);
	}

	/** A damaged file's bytes, kept as they are before anything replaces them. */
	async #keepDamagedFile(): Promise<RestorePoint> {
		const database = this.#database;
		const bytes = database ? this.#store?.rawBytes(database) : null;
		if (!database || !bytes)
			throw new DatabaseUnavailableError('There is no database file to keep.');
		return this.#restorePoints!.save(
			{
				database,
				createdAt: new Date().toISOString(),
				reason: 'The damaged database file, as it was',
				schemaVersion: 0
			},
			bytes
		);
	}

	/** For a damaged file: keeps its bytes, removes it, and opens an empty database in its place. */
	async #replaceDamaged(): Promise<{ engine: Engine; restorePoint: RestorePoint }> {
		const restorePoint = await this.#keepDamagedFile();
		const database = this.#database!;
		this.#store!.discard(database);
		const engine = this.#store!.open(database);
		this.#engine = engine;
		return { engine, restorePoint };
	}

	async #read(bytes: Uint8Array, requestId: number): Promise<CheckedBackup> {
		const { readBackupFile } = await backupCode();
		return readBackupFile(
			await this.#sqlite3,
			bytes,
			await bundledMigrations(),
			new Date(),
			(phase) => this.#progress(requestId, phase)
		);
	}

	/** Tells the page which step of a long request is running. */
	#progress(requestId: number, phase: string, done = 0, total = 1): void {
		this.#post({ kind: 'event', event: { type: 'progress', id: requestId, phase, done, total } });
	}

	/**
	 * Empties the open database's data, a restore point kept first, and refills it (the demo) in
	 * the same transaction.
	 */
	async #wipe(reason: string, refill: (engine: Engine) => void = () => {}) {
		const engine = this.#requireEngine(true);
		const { wipeDomainTables } = await backupCode();
		const restorePoint = await this.#keepRestorePoint(reason);
		engine.transaction(() => {
			wipeDomainTables(engine);
			ensureReferenceAssetTypes(engine);
			refill(engine);
		});
		return { restorePoint };
	}

	/**
	 * Replaces the open database's data with a checked backup, or merges it in: a restore point
	 * first, then one transaction. Refused before anything is written when it would not fit.
	 */
	async #write(
		backup: CheckedBackup,
		mode: 'replace' | 'merge',
		reason: string,
		what: string,
		currency: string
	) {
		const engine = this.#requireEngine(true);
		const rows = Object.values(backup.data).reduce((sum, table) => sum + table.length, 0);
		// A restore point of what is there, then the new rows (about 330 bytes each with their
		// indexes) and the journal of what they replace.
		const current = engine.byteSize;
		await this.#assertRoom(2 * current + rows * 330, what);
		const { importBackup } = await backupCode();
		return this.#withinQuota(what, async () => {
			const restorePoint = await this.#keepRestorePoint(reason);
			const result = importBackup(engine, backup.data, mode, { currency });
			return { ...result, restorePoint };
		});
	}

	readonly #handlers: Handlers = {
		'db/open': ({ database, takeOver, today, currency }) =>
			this.#open(database, takeOver, today, currency),

		'db/migrations': async () => {
			const engine = this.#requireEngine(false);
			return {
				schemaVersion: schemaVersion(engine),
				migrations: migrationStatus(engine, await bundledMigrations())
			};
		},

		'db/dry-run': async () =>
			dryRun(await this.#sqlite3, this.#databaseBytes(), await bundledMigrations()),

		'db/rollback': async ({ count }) => {
			const engine = this.#requireEngine(true);
			const result = await rollback(engine, await bundledMigrations(), count, (reason) =>
				this.#keepRestorePoint(reason)
			);
			// The schema is now behind this build: only reading, exports and re-migrating until reopened.
			this.#writable = false;
			return result;
		},

		'db/erase': async ({ confirmation }) => {
			this.#requireEngine(true);
			if (this.#database !== 'real')
				throw new Error('Only “My data” can be erased; use Reset demo for the demo.');
			if (confirmation !== 'ERASE') throw new Error('Type ERASE to confirm.');
			return this.#wipe('Before erasing my data');
		},

		'demo/reset': async ({ today, currency }) => {
			this.#requireEngine(true);
			if (this.#database !== 'demo') throw new Error('Only the demo database can be reset.');
			const { seedDemo } = await demoCode();
			return this.#wipe('Before resetting the demo', (engine) => seedDemo(engine, today, currency));
		},

		'db/execute': ({ sql, params }) => this.#requireEngine(true).execute(sql, params),

		'db/about': async (): Promise<AboutInfo> => {
			const engine = this.#requireEngine(false);
			const sqlite3 = await this.#sqlite3;
			return {
				database: this.#database!,
				storage: this.#store!.kind,
				sqliteVersion: sqlite3.version.libVersion,
				schemaVersion: schemaVersion(engine),
				migrations: readAppliedMigrations(engine).map((row) => ({
					version: row.version,
					name: row.name,
					appliedAt: row.applied_at
				}))
			};
		},

		'backup/export-json': async () => {
			const { exportBackupJson } = await backupCode();
			const text = exportBackupJson(this.#requireEngine(false), new Date());
			return { bytes: ownBuffer(new TextEncoder().encode(text)) };
		},

		'backup/export-db': () => {
			// A damaged file cannot be opened, but its bytes can still be taken out as they are.
			if (!this.#engine && this.#database) {
				const raw = this.#store?.rawBytes(this.#database);
				if (raw) return { bytes: ownBuffer(raw) };
			}
			return { bytes: ownBuffer(this.#databaseBytes()) };
		},

		'backup/inspect': async ({ fileName, bytes, today }, { id }) => {
			const engine = this.#requireEngine(true);
			this.#discardStaged();
			const backup = await this.#read(new Uint8Array(bytes), id);
			const { summarize, summarizeBackup } = await backupCode();
			this.#staged = { ...backup, fileName };
			this.#progress(id, 'Working out what it holds', 1, 1);
			return {
				fileName,
				kind: backup.kind,
				origin: backup.origin,
				exportedAt: backup.exportedAt,
				file: await summarizeBackup(
					await this.#sqlite3,
					backup.data,
					await bundledMigrations(),
					today
				),
				current: await summarize(engine, today)
			};
		},

		'backup/import': async ({ mode, currency }) => {
			this.#requireEngine(true);
			const staged = this.#staged;
			if (!staged)
				throw new Error('Choose the backup file again: it is no longer ready to import.');
			try {
				return await this.#write(
					staged,
					staged.kind === 'json' ? mode : 'replace',
					`Before importing ${staged.fileName}`,
					'import this backup',
					currency
				);
			} finally {
				this.#discardStaged();
			}
		},

		'backup/discard': () => {
			this.#discardStaged();
			return null;
		},

		'backup/verify': async ({ bytes, today }, { id }) => {
			const backup = await this.#read(new Uint8Array(bytes), id);
			const { loadIntoMemory, summarize } = await backupCode();
			// The whole backup, restored into a throwaway database: what importing it would give.
			const engine = loadIntoMemory(await this.#sqlite3, backup.data, await bundledMigrations());
			try {
				return {
					kind: backup.kind,
					origin: backup.origin,
					exportedAt: backup.exportedAt,
					summary: await summarize(engine, today)
				};
			} finally {
				engine.close();
			}
		},

		'db/storage': async () => {
			const engine = this.#requireEngine(false);
			const points = await this.#restorePoints!.list(this.#database!);
			return {
				databaseBytes: engine.byteSize,
				restorePointBytes: points.reduce((sum, p) => sum + p.size, 0)
			};
		},

		'restore-points/list': () => {
			if (!this.#database || !this.#restorePoints) {
				throw new DatabaseUnavailableError('No database is open in this tab.');
			}
			return this.#restorePoints.list(this.#database);
		},

		'db/start-over': async () => {
			if (this.#engine || !this.#database)
				throw new Error('Only a damaged database can be started over.');
			const { engine, restorePoint } = await this.#replaceDamaged();
			// Closed again: the page reopens it, and opening migrates the new, empty file.
			this.#store!.close(this.#database, engine);
			this.#engine = null;
			return { restorePoint };
		},

		'restore-points/restore': async ({ id }, request) => {
			// Also the way out of a database this build cannot open (newer, failed migration,
			// damaged): the whole file is replaced, its migration history included.
			if (!this.#database) throw new DatabaseUnavailableError('No database is open in this tab.');
			const { point, bytes } = await this.#restorePoints!.read(id);
			if (point.database !== this.#database) {
				throw new Error(
					'This restore point belongs to the other database: switch to it to restore it.'
				);
			}
			this.#progress(request.id, 'Checking the copy');
			const { stageRestorePoint } = await backupCode();
			const staged = stageRestorePoint(await this.#sqlite3, bytes, await bundledMigrations());
			try {
				const what = 'restore this copy';
				const current =
					this.#engine?.byteSize ?? this.#store?.rawBytes(this.#database)?.byteLength ?? 0;
				await this.#assertRoom(current + 2 * staged.byteSize, what);
				return await this.#withinQuota(what, async () => {
					let restorePoint: RestorePoint;
					let engine = this.#engine;
					if (engine) {
						restorePoint = await this.#keepRestorePoint(
							`Before restoring the copy of ${point.createdAt.slice(0, 16).replace('T', ' ')} UTC`
						);
					} else {
						({ engine, restorePoint } = await this.#replaceDamaged());
					}
					engine.replaceWith(staged);
					this.#writable = true;
					return { restorePoint };
				});
			} finally {
				staged.close();
			}
		},

		'restore-points/delete': async ({ id }) => {
			const point = await this.#restorePoints!.describe(id);
			if (point.database !== this.#database) {
				throw new Error('This restore point belongs to the other database.');
			}
			await this.#restorePoints!.remove(id);
			return null;
		}
	};
}

/** An ArrayBuffer holding exactly these bytes (so it can be transferred as is). */
function ownBuffer(bytes: Uint8Array): ArrayBuffer {
	const whole = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength;
	return (whole ? bytes : bytes.slice()).buffer as ArrayBuffer;
}

function errorMessage(error: unknown): string {
	return error instanceof Error ? error.message : String(error);
}

export function serializeError(error: unknown): SerializedError {
	if (error instanceof Error) {
		const { code, problems } = error as { code?: unknown; problems?: unknown };
		return {
			name: error.name,
			message: error.message,
			...(typeof code === 'string' ? { code } : {}),
			...(Array.isArray(problems) ? { problems: problems.map(String) } : {})
		};
	}
	return { name: 'Error', message: String(error) };
}
