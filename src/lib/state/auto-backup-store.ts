/**
 * The automatic-backup setting of each database (My data and Demo apart), kept in IndexedDB:
 * the only storage that can hold a folder handle, so the chosen folder survives a reload. The
 * browser keeps the handle, not the permission: that may need a click again (auto-backup.svelte.ts).
 */
import type { BackupFolder } from '$lib/backup/folder';
import type { DatabaseName } from '$lib/db/messages';
import { keyValueStore } from './key-value-store';

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

const folders = keyValueStore('strata-auto-backup', 'folders');

export async function readSetting(database: DatabaseName): Promise<AutoBackupSetting | null> {
	return (
		(await folders.run<AutoBackupSetting | undefined>('readonly', (s) => s.get(database))) ?? null
	);
}

export async function saveSetting(
	database: DatabaseName,
	setting: AutoBackupSetting
): Promise<void> {
	await folders.run('readwrite', (s) => s.put(setting, database));
}

export async function forgetSetting(database: DatabaseName): Promise<void> {
	await folders.run('readwrite', (s) => s.delete(database));
}
