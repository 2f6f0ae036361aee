/**
 * Which database this browser opens (My data or the demo), remembered so that it survives a
 * crash. localStorage is written to disk seconds after it is set, so a browser killed while the
 * demo was being made forgot the choice; IndexedDB with strict durability has it on disk once the
 * write completes. localStorage stays the quick read of every start.
 */
import type { DatabaseName } from '$lib/db/messages';
import { keyValueStore } from './key-value-store';

const KEY = 'strata.database';
const STORE = 'choice';

const store = keyValueStore('strata-choice', STORE);

/** `work` on the store, given up after a second: the choice must never hold up the start. */
async function withStore<T>(work: (db: IDBDatabase) => Promise<T>): Promise<T> {
	let db = null as IDBDatabase | null;
	const timeout = new Promise<never>((_, reject) =>
		// not shown: the callers below catch it and go on without the store
		setTimeout(() => reject(new Error('IndexedDB did not answer')), 1000)
	);
	try {
		return await Promise.race([store.open().then((opened) => work((db = opened))), timeout]);
	} finally {
		(db as IDBDatabase | null)?.close();
	}
}

const isName = (value: unknown): value is DatabaseName => value === 'demo' || value === 'real';

/** The choice, if this browser made one. */
export async function rememberedChoice(): Promise<DatabaseName | null> {
	const quick = localStorage.getItem(KEY);
	if (isName(quick)) return quick;
	try {
		const value = await withStore(
			(db) =>
				new Promise<unknown>((resolve, reject) => {
					const request = db.transaction(STORE).objectStore(STORE).get(KEY);
					request.onsuccess = () => resolve(request.result);
					request.onerror = () => reject(request.error);
				})
		);
		if (!isName(value)) return null;
		localStorage.setItem(KEY, value);
		return value;
	} catch {
		return null;
	}
}

/** Keeps the choice, on disk once this resolves (where IndexedDB is available and answers). */
export async function rememberChoice(name: DatabaseName): Promise<void> {
	localStorage.setItem(KEY, name);
	try {
		await withStore(
			(db) =>
				new Promise<void>((resolve, reject) => {
					const tx = db.transaction(STORE, 'readwrite', { durability: 'strict' });
					tx.objectStore(STORE).put(name, KEY);
					tx.oncomplete = () => resolve();
					tx.onerror = () => reject(tx.error);
					tx.onabort = () => reject(tx.error);
				})
		);
	} catch {
		// Private windows may refuse IndexedDB: localStorage still has it.
	}
}
