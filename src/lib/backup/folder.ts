/**
 * Writing automatic backups into a folder the user chose (File System Access API). The folder
 * may be synced by the user's cloud drive, so a file appears there whole or not at all, and
 * nothing but our own backups (`rotation.ts`) is ever deleted.
 */
import { m } from '$lib/paraglide/messages';

/** The parts of the API TypeScript's DOM library does not describe yet (Chromium has them). */
export interface BackupFolder extends FileSystemDirectoryHandle {
	queryPermission(options: { mode: 'readwrite' }): Promise<PermissionState>;
	requestPermission(options: { mode: 'readwrite' }): Promise<PermissionState>;
	entries(): AsyncIterableIterator<[string, FileSystemHandle]>;
}

type DirectoryPicker = (options: { mode: 'readwrite'; id?: string }) => Promise<BackupFolder>;

/** The folder picker, where the browser has one (not Firefox, Safari or phones). */
export function directoryPicker(): DirectoryPicker | null {
	const picker = (globalThis as { showDirectoryPicker?: DirectoryPicker }).showDirectoryPicker;
	return typeof picker === 'function' ? picker.bind(globalThis) : null;
}

/** The names of the files directly in the folder (not its sub-folders). */
export async function listNames(folder: BackupFolder): Promise<string[]> {
	const names: string[] = [];
	for await (const [name, handle] of folder.entries()) if (handle.kind === 'file') names.push(name);
	return names;
}

/**
 * Writes `bytes` as a new file. `createWritable()` writes to a temporary file next to it and
 * moves it into place on `close()`, so a crash or a full disk midway leaves no half backup; the
 * empty file the name was made with is removed again when anything fails.
 */
export async function writeBackupFile(
	folder: BackupFolder,
	name: string,
	bytes: ArrayBuffer | Uint8Array<ArrayBuffer>
): Promise<void> {
	const file = await folder.getFileHandle(name, { create: true });
	let writable: FileSystemWritableFileStream | undefined;
	try {
		writable = await file.createWritable();
		await writable.write(bytes);
		await writable.close();
	} catch (error) {
		await writable?.abort().catch(() => {});
		// The empty file `getFileHandle` created must not pass for a backup.
		await folder.removeEntry(name).catch(() => {});
		throw error;
	}
}

/**
 * Deletes these files (our own old backups), as many as can be: one already gone, or held by a
 * sync tool, stays for the next rotation. The backup just written stands either way.
 */
export async function removeFiles(folder: BackupFolder, names: readonly string[]): Promise<void> {
	for (const name of names) await folder.removeEntry(name).catch(() => {});
}

/** What went wrong with the folder, by the DOMException's name (stable), never its text. */
export type FolderProblemCode = 'gone' | 'permission' | 'full' | 'busy' | 'failed';

export interface FolderProblem {
	code: FolderProblemCode;
	message: string;
}

/**
 * Words a failure to write into `folderName` for the person: what happened and what to do.
 *
 * @example folderProblem(new DOMException('', 'NotFoundError'), 'Backups').code // 'gone'
 */
export function folderProblem(error: unknown, folderName: string): FolderProblem {
	const name = (error as { name?: string } | null)?.name;
	switch (name) {
		case 'NotFoundError':
			return {
				code: 'gone',
				message: m.backupfile_folder_gone({ folder: folderName })
			};
		case 'NotAllowedError':
		case 'SecurityError':
			return {
				code: 'permission',
				message: m.backupfile_folder_permission({ folder: folderName })
			};
		case 'QuotaExceededError':
			return {
				code: 'full',
				message: m.backupfile_folder_full({ folder: folderName })
			};
		case 'NoModificationAllowedError':
		case 'InvalidStateError':
		case 'InvalidModificationError':
			return {
				code: 'busy',
				message: m.backupfile_folder_busy({ folder: folderName })
			};
		default:
			return {
				code: 'failed',
				message: m.backupfile_folder_failed({
					folder: folderName,
					error: (error as Error | null)?.message || m.backupfile_unknown_error()
				})
			};
	}
}
