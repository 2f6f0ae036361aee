/**
 * Which database this browser opens (My data or the demo), remembered so that it survives a
 * crash. localStorage is written to disk seconds after it is set, so a browser killed while the
 * demo was being made forgot the choice; IndexedDB with strict durability has it on disk once the
 * write completes. localStorage stays the quick read of every start.
 */
import type { DatabaseName } from '$lib/db/messages';

const KEY = 'strata.database';
const STORE = 'choice';

function openStore(): Promise<IDBDatabase> {
	return new Promise((resolve, reject) => {
		const request = indexedDB.open('strata-choice', 1);
		request.onupgradeneeded = () => request.result.createObjectStore(STORE);
		request.onsuccess = () => resolve(request.result);
		request.onerror = () => reject(request.error);
	});
}

const isName = (value: unknown): value is DatabaseName => value === 'demo' || value === 'real';

/** The choice, if this browser made one. */
export async function rememberedChoice(): Promise<DatabaseName | null> {
	const quick = localStorage.getItem(KEY);
	if (isName(quick)) return quick;
	try {
		const db = await openStore();
		const value = await new Promise<unknown>((resolve, reject) => {
			const request = db.transaction(STORE).objectStore(STORE).get(KEY);
			request.onsuccess = () => resolve(request.result);
			request.onerror = () => reject(request.error);
		});
		db.close();
		if (!isName(value)) return null;
		localStorage.setItem(KEY, value);
		return value;
	} catch {
		return null;
	}
}

/** Keeps the choice, on disk once this resolves (where IndexedDB is available). */
export async function rememberChoice(name: DatabaseName): Promise<void> {
	localStorage.setItem(KEY, name);
	try {
		const db = await openStore();
		await new Promise<void>((resolve, reject) => {
			const tx = db.transaction(STORE, 'readwrite', { durability: 'strict' });
			tx.objectStore(STORE).put(name, KEY);
			tx.oncomplete = () => resolve();
			tx.onerror = () => reject(tx.error);
		});
		db.close();
	} catch {
		// Private windows may refuse IndexedDB: localStorage still has it.
	}
}
