/**
 * The page side of the sync folder (File System Access API): the worker knows the files by their
 * path in the folder (`sync/ab12cd/7.changeset`), this module reads and writes them. Every file
 * is written whole (`writeBackupFile` moves a finished temporary file into place), because the
 * user's sync tool may copy it at any moment; only our own `.changeset` files are ever deleted.
 */
import { writeBackupFile, type BackupFolder } from '$lib/backup/folder';
import type { SyncFile } from '$lib/db/messages';

const ROOT = 'sync';
/**
 * The snapshot's name: the worker writes `snapshot.db` (SNAPSHOT_PATH in db/worker/sync/files.ts,
 * which this layer may not import); the brief and messages.ts said `snapshot.json`, read too.
 */
const SNAPSHOTS = ['snapshot.db', 'snapshot.json'];
const DEVICE = 'device.json';
const CHANGESET = /^([1-9][0-9]*)\.changeset$/;
const changesetName = (n: number) => String(n) + '.changeset';
const pathOf = (...parts: string[]) => parts.join('/');

type Folder = BackupFolder;

async function subFolder(folder: Folder, name: string, create: boolean): Promise<Folder | null> {
	try {
		return (await folder.getDirectoryHandle(name, { create })) as Folder;
	} catch (error) {
		if (!create && (error as { name?: string }).name === 'NotFoundError') return null;
		throw error;
	}
}

async function readFile(folder: Folder, name: string, path: string): Promise<SyncFile | null> {
	let handle: FileSystemFileHandle;
	try {
		handle = await folder.getFileHandle(name);
	} catch (error) {
		if ((error as { name?: string }).name === 'NotFoundError') return null;
		throw error;
	}
	return { path, bytes: await (await handle.getFile()).arrayBuffer() };
}

/** The device folders under `sync/`, by name (a device id each). */
async function deviceFolders(root: Folder): Promise<[string, Folder][]> {
	const sync = await subFolder(root, ROOT, false);
	if (!sync) return [];
	const found: [string, Folder][] = [];
	for await (const [name, handle] of sync.entries())
		if (handle.kind === 'directory') found.push([name, handle as Folder]);
	return found.sort(([a], [b]) => a.localeCompare(b));
}

/** The numbers of a device folder's `.changeset` files, in order. */
async function changesetNumbers(folder: Folder): Promise<number[]> {
	const numbers: number[] = [];
	for await (const [name, handle] of folder.entries()) {
		const match = handle.kind === 'file' ? CHANGESET.exec(name) : null;
		if (match) numbers.push(Number(match[1]));
	}
	return numbers.sort((a, b) => a - b);
}

/**
 * Writes the files `sync/outgoing` gave, creating their sub-folders as needed.
 *
 * @example await writeSyncFiles(folder, [{ path: 'sync/ab12cd/7.changeset', bytes }])
 */
export async function writeSyncFiles(root: Folder, files: readonly SyncFile[]): Promise<void> {
	for (const file of files) {
		const parts = file.path.split('/').filter((part) => part !== '' && part !== '.');
		const name = parts.pop();
		// The worker names the files: a path that climbs out of the folder is a bug.
		const bad = name === undefined || name === '..' || parts.includes('..');
		// not shown: a programming error
		if (bad) throw new Error(`Bad sync path ${file.path}`);
		let folder = root;
		for (const part of parts) folder = (await subFolder(folder, part, true)) as Folder;
		await writeBackupFile(folder, name as string, file.bytes);
	}
}

/** The folder's snapshot (`sync/snapshot.db`), or null when it has none (a new sync folder). */
export async function readSnapshot(root: Folder): Promise<SyncFile | null> {
	const sync = await subFolder(root, ROOT, false);
	if (!sync) return null;
	for (const name of SNAPSHOTS) {
		const file = await readFile(sync, name, pathOf(ROOT, name));
		if (file) return file;
	}
	return null;
}

/**
 * The other devices' changeset files this database has not applied yet: per device, the numbers
 * after `applied[device]`, in order of number.
 */
export async function readIncoming(
	root: Folder,
	selfId: string,
	applied: Readonly<Record<string, number>>
): Promise<SyncFile[]> {
	const files: SyncFile[] = [];
	for (const [id, folder] of await deviceFolders(root)) {
		if (id === selfId) continue;
		const after = applied[id] ?? 0;
		for (const n of await changesetNumbers(folder)) {
			if (n <= after) continue;
			const file = await readFile(folder, changesetName(n), pathOf(ROOT, id, changesetName(n)));
			if (file) files.push(file);
		}
	}
	return files;
}

/** Every device's `device.json` (its name and what it has applied). */
export async function readDeviceFiles(root: Folder): Promise<SyncFile[]> {
	const files: SyncFile[] = [];
	for (const [id, folder] of await deviceFolders(root)) {
		const file = await readFile(folder, DEVICE, pathOf(ROOT, id, DEVICE));
		if (file) files.push(file);
	}
	return files;
}

/** The numbers ≤ `upTo` of one device's changeset files still in the folder. */
export async function compactableNumbers(
	root: Folder,
	deviceId: string,
	upTo: number
): Promise<number[]> {
	const sync = await subFolder(root, ROOT, false);
	const folder = sync ? await subFolder(sync, deviceId, false) : null;
	return folder ? (await changesetNumbers(folder)).filter((n) => n <= upTo) : [];
}

/**
 * Deletes one device's `.changeset` files numbered ≤ `upTo` (nothing else), as many as can be: a
 * file held by the sync tool stays for the next time.
 */
export async function removeChangesets(
	root: Folder,
	deviceId: string,
	upTo: number
): Promise<void> {
	const sync = await subFolder(root, ROOT, false);
	const folder = sync ? await subFolder(sync, deviceId, false) : null;
	if (!folder) return;
	for (const n of await changesetNumbers(folder))
		if (n <= upTo) await folder.removeEntry(changesetName(n)).catch(() => {});
}
