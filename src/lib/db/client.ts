/**
 * The page's side of the database worker. One connection, used by one caller at a time: a
 * Kysely connection (a query or a whole transaction) or a bulk operation holds it until done,
 * so transactions never interleave.
 */
import type {
	Args,
	ErrorCode,
	ExecuteResult,
	FromWorker,
	OperationName,
	Request,
	Result,
	SerializedError,
	SqlParam,
	WorkerEvent,
	WriteContext
} from './messages';
import { Turns } from './turns';
import { getLocale } from '$lib/paraglide/runtime';
import { m } from '$lib/paraglide/messages';

/** An error the worker answered with: what to do about it is decided by its code. */
export class DatabaseError extends Error {
	override name = 'DatabaseError';
	readonly code: ErrorCode;
	readonly fields: Record<string, string>;
	readonly problems: string[];
	readonly details: Record<string, string>;
	/** Whether a transaction is still open on the connection after the failure. */
	readonly inTransaction: boolean | undefined;
	constructor(error: SerializedError) {
		super(error.message);
		this.code = error.code;
		this.fields = error.fields ?? {};
		this.problems = error.problems ?? [];
		this.details = error.details ?? {};
		this.inTransaction = error.inTransaction;
	}
}

/**
 * Whether the database went away from this tab under a request (another tab took it, or it is
 * being opened again): the hand-over state is what to show, never an error.
 */
export function isAway(error: unknown): boolean {
	return error instanceof DatabaseError && (error.code === 'moved' || error.code === 'unavailable');
}

export interface CallOptions {
	transfer?: Transferable[];
	onProgress?: (progress: Progress) => void;
	/** Sent with a write: how the user types numbers, and their today. */
	context?: WriteContext;
}

export interface SqlSession {
	execute(sql: string, params: readonly SqlParam[]): Promise<ExecuteResult>;
	release(): void;
}

export interface Progress {
	phase: string;
	done: number;
	total: number;
}

interface Pending {
	resolve(value: unknown): void;
	reject(error: Error): void;
	onProgress?: (progress: Progress) => void;
}

export interface WorkerLike {
	postMessage(message: Request, transfer?: Transferable[]): void;
	onmessage: ((event: MessageEvent<FromWorker>) => void) | null;
	onerror: ((event: ErrorEvent) => void) | null;
}

export class DbClient {
	readonly #worker: WorkerLike;
	readonly #pending = new Map<number, Pending>();
	readonly #listeners = new Set<(event: WorkerEvent) => void>();
	#nextId = 1;
	readonly #turns = new Turns();
	#firstQueryMarked = false;

	constructor(worker: WorkerLike) {
		this.#worker = worker;
		worker.onmessage = (event) => this.#receive(event.data);
		worker.onerror = (event) => {
			const error = new DatabaseError({
				code: 'internal',
				message: m.errors_worker_stopped({ reason: event.message || m.errors_worker_unknown() })
			});
			for (const pending of this.#pending.values()) pending.reject(error);
			this.#pending.clear();
		};
	}

	/**
	 * The database worker of this app: the one app.html started before the app's code loaded
	 * (SQLite compiles while the page boots), else a new one.
	 */
	static start(): DbClient {
		const early = globalThis as { strataDbWorker?: Worker; strataDbWorkerFailed?: boolean };
		let worker = early.strataDbWorker;
		delete early.strataDbWorker;
		if (!worker || early.strataDbWorkerFailed) {
			worker?.terminate();
			// This URL is also what makes the build emit the worker (as /_app/db-worker.js).
			worker = new Worker(new URL('./worker/db.worker.ts', import.meta.url), {
				type: 'module',
				name: 'strata-db'
			});
		}
		return new DbClient(worker as unknown as WorkerLike);
	}

	/** Listens to what the worker reports on its own (hand-over, progress). */
	onEvent(listener: (event: WorkerEvent) => void): () => void {
		this.#listeners.add(listener);
		return () => this.#listeners.delete(listener);
	}

	/** Waits for exclusive use of the connection. Call `release()` when done, always. */
	async acquire(): Promise<SqlSession> {
		const release = await this.#turns.take();
		return {
			execute: (sql, params) => this.#send('db/execute', { sql, params: [...params] }),
			release
		};
	}

	/** One operation with exclusive use of the connection (waits for a running transaction). */
	async call<K extends OperationName>(
		op: K,
		args: Args<K>,
		options: CallOptions = {}
	): Promise<Result<K>> {
		const session = await this.acquire();
		try {
			return await this.#send(op, args, options);
		} finally {
			session.release();
		}
	}

	#send<K extends OperationName>(
		op: K,
		args: Args<K>,
		{ transfer = [], onProgress, context }: CallOptions = {}
	): Promise<Result<K>> {
		const id = this.#nextId++;
		return new Promise<Result<K>>((resolve, reject) => {
			this.#pending.set(id, { resolve: resolve as (value: unknown) => void, reject, onProgress });
			// The worker words its errors and notices in the page's language at the time of asking.
			const language = getLocale();
			this.#worker.postMessage(
				{ kind: 'request', id, op, args, context, language } as Request,
				transfer
			);
		});
	}

	#receive(message: FromWorker): void {
		if (message.kind === 'event') {
			const { event } = message;
			if (event.type === 'progress') {
				this.#pending.get(event.id)?.onProgress?.(event);
				return;
			}
			for (const listener of this.#listeners) listener(event);
			return;
		}
		const pending = this.#pending.get(message.id);
		if (!pending) return;
		this.#pending.delete(message.id);
		if (message.ok) {
			if (!this.#firstQueryMarked) {
				// Navigation → first answered query: the cold-start figure the README reports.
				this.#firstQueryMarked = true;
				performance.mark('strata:first-query');
			}
			pending.resolve(message.result);
		} else pending.reject(new DatabaseError(message.error));
	}
}
