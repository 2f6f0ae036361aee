/**
 * The worker's side of every operation in messages.ts. Requests run one at a time, in order; a
 * hand-over to another tab waits until no transaction is open, so no write is ever cut in half.
 * The state of the open database is one value (services.ts); handlers live in handlers/, one
 * module per area, and every write goes through the one gate (gate.ts).
 */
import type { Sqlite3Static } from '@sqlite.org/sqlite-wasm';
import {
	MemoryRestorePoints,
	OpfsRestorePoints,
	prune,
	type RestorePointStore
} from '$lib/backup/restore-points';
import { AppError } from '$lib/domain/errors';
import { baseLocale, isLocale, overwriteGetLocale, type Locale } from '$lib/paraglide/runtime';
import { m } from '$lib/paraglide/messages';
import type {
	DatabaseName,
	FromWorker,
	OpenResult,
	OperationName,
	Queries,
	Request,
	RestorePoint,
	SerializedError,
	WriteContext,
	WriteName
} from '../messages';
import { bundledMigrations } from '../migrations';
import { schemaVersion } from '../migrator';
import { SqlError, WriteRefusedError, type Engine } from './engine';
import { baseCurrency } from './conversions';
import { ensureDerived } from './derived';
import { WriteGate } from './gate';
import type { StagedCsv } from './csv-plan';
import { queryHandlers } from './handlers/queries';
import { openDatabase } from './opening';
import { Ownership } from './ownership';
import { assertRoom, nearlyFull } from './quota';
import type { DatabaseState, OpenDatabase, StagedBackup, WorkerServices } from './services';
import { hasOpfs, memoryStore, opfsStore, type DatabaseStore } from './storage';

/**
 * The language of the request being handled: the worker's messages (errors, notices) read it.
 * The page sends its language with each request; it changes only when the user switches.
 */
let requestLanguage: Locale = baseLocale;
overwriteGetLocale(() => requestLanguage);

export type Post = (message: FromWorker, transfer?: Transferable[]) => void;

/** The write handlers (and the zod, Kysely and backup code they need) load on the first write. */
const writeCode = () => import('./handlers/writes');

export class Processor implements WorkerServices {
	readonly sqlite3: Promise<Sqlite3Static>;
	readonly #post: Post;
	readonly #ownership: Ownership | null;
	#store: DatabaseStore | null = null;
	#restorePoints: RestorePointStore | null = null;
	#storageProblem: string | null = null;
	state: DatabaseState = { kind: 'closed' };
	staged: StagedBackup | null = null;
	stagedCsv: StagedCsv | null = null;
	#queue: Promise<void> = Promise.resolve();
	#releaseRequested = false;
	readonly #queries = queryHandlers(this);

	constructor(sqlite3: Promise<Sqlite3Static>, post: Post) {
		this.sqlite3 = sqlite3;
		this.#post = post;
		this.#ownership = typeof navigator !== 'undefined' && navigator.locks ? new Ownership() : null;
		if (this.#ownership) {
			this.#ownership.onReleaseRequested = () => {
				this.#releaseRequested = true;
				this.#enqueue(() => this.#releaseIfIdle());
			};
		}
	}

	bundled = bundledMigrations;

	get store(): DatabaseStore {
		if (!this.#store) throw new AppError('unavailable', m.errors_no_database());
		return this.#store;
	}

	get restorePoints(): RestorePointStore {
		if (!this.#restorePoints) throw new AppError('unavailable', m.errors_no_database());
		return this.#restorePoints;
	}

	receive(request: Request): void {
		this.#enqueue(() => this.#handle(request));
	}

	#enqueue(task: () => Promise<void>): void {
		this.#queue = this.#queue.then(task, task);
	}

	async #handle(request: Request): Promise<void> {
		if (request.language && isLocale(request.language)) requestLanguage = request.language;
		try {
			const result = await this.#dispatch(request);
			// File bytes are moved to the page, not copied.
			const bytes = (result as { bytes?: unknown } | null)?.bytes;
			this.#post(
				{ kind: 'reply', id: request.id, ok: true, result },
				bytes instanceof ArrayBuffer ? [bytes] : []
			);
		} catch (error) {
			const reply = serializeError(error);
			if (this.state.kind === 'open') reply.inTransaction = this.state.engine.inTransaction;
			this.#post({ kind: 'reply', id: request.id, ok: false, error: reply });
		}
		await this.#releaseIfIdle();
	}

	async #dispatch(request: Request): Promise<unknown> {
		const op = request.op as OperationName;
		if (Object.hasOwn(this.#queries, op)) {
			const handler = this.#queries[op as keyof Queries] as (
				args: unknown,
				request: { id: number }
			) => unknown;
			return handler(request.args, { id: request.id });
		}
		// not shown: a programming error (the page always sends a write's context)
		if (!request.context) throw new AppError('internal', `${op} was sent without its context.`);
		const { runWrite } = await writeCode();
		return runWrite(this, op as WriteName, request.args as never, request.context as WriteContext, {
			id: request.id
		});
	}

	/** Hands the database to the tab that asked, once no transaction is open. */
	async #releaseIfIdle(): Promise<void> {
		if (!this.#releaseRequested || !this.#ownership?.owned) return;
		if (this.state.kind === 'open' && this.state.engine.inTransaction) return;
		this.#releaseRequested = false;
		this.closeDatabase();
		this.#store?.pause();
		this.#ownership.release();
		this.state = { kind: 'moved' };
		this.#post({ kind: 'event', event: { type: 'moved' } });
	}

	closeDatabase(): void {
		this.staged = null;
		this.stagedCsv = null;
		if (this.state.kind === 'open') this.#store?.close(this.state.database, this.state.engine);
		this.state = { kind: 'closed' };
	}

	/** Makes sure this tab owns the storage; 'busy' when another tab does and we may not ask. */
	async #ensureStore(takeOver: boolean): Promise<'ok' | 'busy'> {
		const sqlite3 = await this.sqlite3;
		if (this.#store?.kind === 'memory') return 'ok';
		if (!hasOpfs() || !this.#ownership) {
			this.#useMemory(sqlite3, m.errors_no_opfs());
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
			this.#useMemory(sqlite3, m.errors_storage_unavailable({ reason: (error as Error).message }));
		}
		return 'ok';
	}

	#useMemory(sqlite3: Sqlite3Static, problem: string): void {
		this.#store = memoryStore(sqlite3);
		this.#restorePoints = new MemoryRestorePoints();
		this.#storageProblem = problem;
	}

	async open(database: DatabaseName, takeOver: boolean, today: string): Promise<OpenResult> {
		if ((await this.#ensureStore(takeOver)) === 'busy') {
			if (this.state.kind === 'moved') this.state = { kind: 'closed' };
			return { status: 'busy' };
		}
		const store = this.#store!;
		if (this.state.kind === 'open' && this.state.database === database && this.state.gate) {
			return this.#ready(this.state.engine);
		}
		this.closeDatabase();
		this.state = { kind: 'opening', database };
		let opened;
		try {
			opened = await openDatabase(store, database, await this.bundled(), {
				today,
				// Readable (and exportable) from the moment SQLite opens it, writable once migrated.
				opened: (engine) => (this.state = { kind: 'open', database, engine, gate: null }),
				keepRestorePoint: (reason) => this.keepRestorePoint(reason)
			});
		} catch (error) {
			this.state = { kind: 'closed' };
			throw error;
		}
		if (opened.status === 'damaged') {
			this.state = { kind: 'damaged', database };
			return opened.result;
		}
		this.state = { kind: 'open', database, engine: opened.engine, gate: null };
		if (opened.status !== 'ready') return opened.result;
		this.replaced(opened.engine);
		return this.#ready(opened.engine);
	}

	#ready(engine: Engine): OpenResult {
		return {
			status: 'ready',
			database: this.currentName(),
			storage: this.#store!.kind,
			storageProblem: this.#storageProblem,
			schemaVersion: schemaVersion(engine),
			baseCurrency: baseCurrency(engine)
		};
	}

	replaced(engine: Engine): void {
		const database = this.currentName();
		// A copy kept by an older build holds holdings computed by its rules.
		ensureDerived(engine);
		const gate = new WriteGate(engine, {
			keep: (reason) => this.keepRestorePoint(reason),
			prune: () => prune(this.restorePoints, database),
			assertRoom: (bytes, what) => this.assertRoom(bytes, what),
			nearlyFull: async () =>
				this.#store?.kind === 'opfs' && typeof navigator.storage?.estimate === 'function'
					? nearlyFull(await navigator.storage.estimate())
					: false
		});
		this.state = { kind: 'open', database, engine, gate };
	}

	markReadOnly(): void {
		if (this.state.kind === 'open') this.state = { ...this.state, gate: null };
	}

	currentName(): DatabaseName {
		const state = this.state;
		if (state.kind === 'open' || state.kind === 'damaged' || state.kind === 'opening')
			return state.database;
		throw this.#unavailable();
	}

	#unavailable(): AppError {
		return this.state.kind === 'moved'
			? new AppError('moved', m.errors_moved())
			: new AppError('unavailable', m.errors_not_open());
	}

	requireOpen(): OpenDatabase {
		if (this.state.kind !== 'open') throw this.#unavailable();
		return this.state;
	}

	requireGate(): WriteGate {
		const { gate } = this.requireOpen();
		if (!gate) throw new AppError('unavailable', m.errors_export_only());
		return gate;
	}

	async pruneRestorePoints(): Promise<void> {
		try {
			await prune(this.restorePoints, this.currentName());
		} catch (error) {
			// not shown: a log line for developers
			console.warn('Strata could not remove old restore points:', error);
		}
	}

	async assertRoom(bytes: number, what: string): Promise<void> {
		if (this.#store?.kind !== 'opfs' || typeof navigator.storage?.estimate !== 'function') return;
		assertRoom(bytes, await navigator.storage.estimate(), what);
	}

	/**
	 * The open database as a file. Between transactions the file in OPFS holds exactly that, and
	 * reading it whole is several times faster than having SQLite copy it out page by page.
	 */
	databaseBytes(): Uint8Array {
		const { engine, database } = this.requireOpen();
		if (engine.inTransaction) throw new AppError('busy', m.errors_busy_saving());
		return this.#store?.kind === 'opfs'
			? (this.#store.rawBytes(database) ?? engine.serialize())
			: engine.serialize();
	}

	/** Keeps a copy of the open database (or of a damaged file) before something replaces it. */
	async keepRestorePoint(reason: string): Promise<RestorePoint> {
		const state = this.state;
		const damaged = state.kind !== 'open';
		const bytes = damaged ? this.#store?.rawBytes(this.currentName()) : this.databaseBytes();
		if (!bytes) throw new AppError('unavailable', m.errors_no_file_to_keep());
		return this.restorePoints.save(
			{
				database: this.currentName(),
				createdAt: new Date().toISOString(),
				reason: damaged ? m.errors_reason_damaged() : reason,
				schemaVersion: damaged ? 0 : schemaVersion(state.engine)
			},
			bytes
		);
	}

	async replaceDamaged(): Promise<{ engine: Engine; restorePoint: RestorePoint }> {
		const restorePoint = await this.keepRestorePoint('');
		const database = this.currentName();
		this.store.discard(database);
		const engine = this.store.open(database);
		this.state = { kind: 'open', database, engine, gate: null };
		return { engine, restorePoint };
	}

	progress(requestId: number, phase: string, done = 0, total = 1): void {
		this.#post({ kind: 'event', event: { type: 'progress', id: requestId, phase, done, total } });
	}
}

/** Any error as it crosses to the page: its code decides what the page does, never its text. */
export function serializeError(error: unknown): SerializedError {
	if (error instanceof AppError) {
		return {
			code: error.code,
			message: error.message,
			...error.extra
		};
	}
	if (error instanceof WriteRefusedError) return { code: 'refused', message: error.message };
	if (error instanceof SqlError) {
		const code =
			error.sqliteCode.startsWith('SQLITE_CORRUPT') || error.sqliteCode === 'SQLITE_NOTADB'
				? 'damaged'
				: 'internal';
		return { code, message: error.message };
	}
	return { code: 'internal', message: error instanceof Error ? error.message : String(error) };
}
