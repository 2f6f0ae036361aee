/**
 * Where database files live: the opfs-sahpool VFS in OPFS (needs no COOP/COEP headers, so any
 * static host works), or plain memory when OPFS is missing (private windows, old browsers).
 */
import type { SAHPoolUtil, Sqlite3Static } from '@sqlite.org/sqlite-wasm';
import type { DatabaseName, StorageKind } from '../messages';
import { Engine } from './engine';

const FILE_NAMES: Record<DatabaseName, string> = {
	real: '/strata.db',
	demo: '/strata-demo.db'
};

export interface DatabaseStore {
	readonly kind: StorageKind;
	open(name: DatabaseName): Engine;
	close(name: DatabaseName, engine: Engine): void;
	/** The file's raw bytes, readable even when SQLite cannot open it (null if there is none). */
	rawBytes(name: DatabaseName): Uint8Array | null;
	/** Removes the file (after its bytes were kept elsewhere): the next open starts empty. */
	discard(name: DatabaseName): void;
	/** Lets go of every OPFS handle so another tab can take the files (databases closed first). */
	pause(): void;
	resume(): Promise<void>;
}

class OpfsStore implements DatabaseStore {
	readonly kind = 'opfs';
	constructor(
		private readonly sqlite3: Sqlite3Static,
		private readonly pool: SAHPoolUtil
	) {}

	open(name: DatabaseName): Engine {
		const engine = new Engine(this.sqlite3, new this.pool.OpfsSAHPoolDb(FILE_NAMES[name]));
		// SQLite's default page cache is 2 MB. A chart over years of data seeks all over the
		// valuations index, and a large import touches every page of it: up to 64 MB of pages
		// stay in memory instead of being read from OPFS again. (It only grows as it is used.)
		engine.exec('PRAGMA cache_size = -65536');
		return engine;
	}

	close(_name: DatabaseName, engine: Engine): void {
		engine.close();
	}

	rawBytes(name: DatabaseName): Uint8Array | null {
		return this.pool.getFileNames().includes(FILE_NAMES[name])
			? this.pool.exportFile(FILE_NAMES[name])
			: null;
	}

	discard(name: DatabaseName): void {
		this.pool.unlink(FILE_NAMES[name]);
	}

	pause(): void {
		if (!this.pool.isPaused()) this.pool.pauseVfs();
	}

	async resume(): Promise<void> {
		if (this.pool.isPaused()) await this.pool.unpauseVfs();
	}
}

/** Memory databases live as long as the worker; closing one would lose it, so we keep them. */
class MemoryStore implements DatabaseStore {
	readonly kind = 'memory';
	readonly #engines = new Map<DatabaseName, Engine>();
	constructor(private readonly sqlite3: Sqlite3Static) {}

	open(name: DatabaseName): Engine {
		let engine = this.#engines.get(name);
		if (!engine) {
			engine = Engine.memory(this.sqlite3);
			this.#engines.set(name, engine);
		}
		return engine;
	}

	close(): void {}

	rawBytes(name: DatabaseName): Uint8Array | null {
		return this.#engines.get(name)?.serialize() ?? null;
	}

	discard(name: DatabaseName): void {
		this.#engines.get(name)?.close();
		this.#engines.delete(name);
	}

	pause(): void {}
	async resume(): Promise<void> {}
}

export function hasOpfs(): boolean {
	return typeof navigator !== 'undefined' && typeof navigator.storage?.getDirectory === 'function';
}

export function memoryStore(sqlite3: Sqlite3Static): DatabaseStore {
	return new MemoryStore(sqlite3);
}

/** Installs the OPFS pool; throws when the browser cannot give us OPFS access handles. */
export async function opfsStore(sqlite3: Sqlite3Static): Promise<DatabaseStore> {
	const pool = await sqlite3.installOpfsSAHPoolVfs({
		name: 'strata-sahpool',
		directory: '.strata-sahpool',
		// Two databases with their journals, and room for a transient file or two.
		initialCapacity: 8,
		// A failed start must never wipe or half-initialise the files of a user's data.
		preserveOnInitFailure: true
	});
	await pool.reserveMinimumCapacity(8);
	return new OpfsStore(sqlite3, pool);
}
