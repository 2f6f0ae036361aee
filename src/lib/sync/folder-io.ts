/**
 * The sync folder in the browser (File System Access API), as the cycle (cycle.ts) sees a
 * folder: files by their path in it (`sync/ab12cd/7.changeset`). Every file is written whole
 * (`writeBackupFile` moves a finished temporary file into place), because the user's sync tool
 * may copy it at any moment.
 */
import { writeBackupFile, type BackupFolder } from '$lib/backup/folder';
import type { SyncFolder } from './cycle';

const partsOf = (path: string) => {
	const parts = path.split('/').filter((part) => part !== '' && part !== '.');
	// The worker and the cycle name the files: a path that climbs out of the folder is a bug.
	// not shown: a programming error
	if (parts.includes('..')) throw new Error(`Bad sync path ${path}`);
	return parts;
};

const missing = (error: unknown) => (error as { name?: string }).name === 'NotFoundError';

async function folderAt(root: BackupFolder, parts: string[], create: boolean) {
	let folder = root;
	for (const part of parts) {
		try {
			folder = (await folder.getDirectoryHandle(part, { create })) as BackupFolder;
		} catch (error) {
			if (!create && missing(error)) return null;
			throw error;
		}
	}
	return folder;
}

/** The folder the user chose, for the cycle. */
export function browserFolder(root: BackupFolder): SyncFolder {
	return {
		async list(dir) {
			const folder = await folderAt(root, partsOf(dir), false);
			const found = { files: [] as string[], folders: [] as string[] };
			if (!folder) return found;
			for await (const [name, handle] of folder.entries())
				(handle.kind === 'directory' ? found.folders : found.files).push(name);
			found.files.sort();
			found.folders.sort();
			return found;
		},
		async read(path) {
			const parts = partsOf(path);
			const name = parts.pop()!;
			const folder = await folderAt(root, parts, false);
			if (!folder) return null;
			try {
				const handle = await folder.getFileHandle(name);
				return await (await handle.getFile()).arrayBuffer();
			} catch (error) {
				if (missing(error)) return null;
				throw error;
			}
		},
		async write(path, bytes) {
			const parts = partsOf(path);
			const name = parts.pop()!;
			await writeBackupFile((await folderAt(root, parts, true))!, name, bytes);
		},
		async remove(path) {
			const parts = partsOf(path);
			const name = parts.pop()!;
			// A file already gone, or held by the sync tool, stays for the next time.
			await (await folderAt(root, parts, false))?.removeEntry(name).catch(() => {});
		}
	};
}
