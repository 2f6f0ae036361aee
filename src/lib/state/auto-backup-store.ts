/**
 * The automatic-backup setting of each database (My data and Demo apart), kept in IndexedDB:
 * the only storage that can hold a folder handle, so the chosen folder survives a reload. The
 * browser keeps the handle, not the permission: that may need a click again (auto-backup.svelte.ts).
 */
import type { BackupFolder } from '$lib/backup/folder';
import type { DatabaseName } from '$lib/db/messages';

export interface AutoBackupSetting {
	folder: BackupFolder;
	/** The last backup written into it: when (ISO) and its file name. */
	last: { at: string; fileName: string } | null;
	/**
	 * Backups are encrypted with a passphrase (….json.gpg). The passphrase is not kept here: only
	 * in memory, or remembered on this device (remembered-passphrase.ts) if the user asked.
	 */
	encrypted?: boolean;
}

const STORE = 'folders';

function open(): Promise<IDBDatabase> {
	return new Promise((resolve, reject) => {
		const request = indexedDB.open('strata-auto-backup', 1);
		request.onupgradeneeded = () => request.result.createObjectStore(STORE);
		request.onsuccess = () => resolve(request.result);
		request.onerror = () => reject(request.error);
		request.onblocked = () => reject(new Error('IndexedDB is blocked'));
	});
}

async function run<T>(
	mode: IDBTransactionMode,
	work: (store: IDBObjectStore) => IDBRequest
): Promise<T> {
	const db = await open();
	try {
		return await new Promise<T>((resolve, reject) => {
			const tx = db.transaction(STORE, mode);
			const request = work(tx.objectStore(STORE));
			tx.oncomplete = () => resolve(request.result as T);
			tx.onerror = () => reject(tx.error);
			tx.onabort = () => reject(tx.error);
		});
	} finally {
		db.close();
	}
}

export async function readSetting(database: DatabaseName): Promise<AutoBackupSetting | null> {
	return (await run<AutoBackupSetting | undefined>('readonly', (s) => s.get(database))) ?? null;
}

export async function saveSetting(
	database: DatabaseName,
	setting: AutoBackupSetting
): Promise<void> {
	await run('readwrite', (s) => s.put(setting, database));
}

export async function forgetSetting(database: DatabaseName): Promise<void> {
	await run('readwrite', (s) => s.delete(database));
}
