/**
 * One object store in an IndexedDB database of its own: the storage that can keep what
 * localStorage cannot (folder handles, CryptoKeys), opened for each use and closed after, so no
 * connection stays open to block a later version.
 */
import { m } from '$lib/paraglide/messages';

export interface KeyValueStore {
	open(): Promise<IDBDatabase>;
	/** Runs `work` in one transaction; resolves with its request's result once that commits. */
	run<T>(mode: IDBTransactionMode, work: (store: IDBObjectStore) => IDBRequest): Promise<T>;
}

export function keyValueStore(
	database: string,
	store: string,
	{ durability = 'default' }: { durability?: IDBTransactionDurability } = {}
): KeyValueStore {
	const open = () =>
		new Promise<IDBDatabase>((resolve, reject) => {
			const request = indexedDB.open(database, 1);
			request.onupgradeneeded = () => request.result.createObjectStore(store);
			request.onsuccess = () => resolve(request.result);
			request.onerror = () => reject(request.error);
			request.onblocked = () => reject(new Error(m.app_storage_blocked()));
		});
	return {
		open,
		async run<T>(mode: IDBTransactionMode, work: (store: IDBObjectStore) => IDBRequest) {
			const db = await open();
			try {
				return await new Promise<T>((resolve, reject) => {
					const tx = db.transaction(store, mode, { durability });
					const request = work(tx.objectStore(store));
					tx.oncomplete = () => resolve(request.result as T);
					tx.onerror = () => reject(tx.error);
					tx.onabort = () => reject(tx.error);
				});
			} finally {
				db.close();
			}
		}
	};
}
