/**
 * One sync through a folder: write this device's new changes, read the other devices' new
 * ones and apply them, then compact what every device has. The folder is any place files can
 * be listed, read and written (the File System Access API in the browser, a directory in the
 * tests): the user's own sync tool carries the files between devices.
 */
import type { Args, Queries, SyncFile, SyncReport, WriteName, Writes } from '$lib/db/messages';

/** A folder, by paths relative to the one the user chose ("sync/ab12cd/7.changeset"). */
export interface SyncFolder {
	/** The names in a sub-folder, files and folders apart; empty when it does not exist. */
	list(dir: string): Promise<{ files: string[]; folders: string[] }>;
	read(path: string): Promise<ArrayBuffer | null>;
	/** Writes a file whole (a reader never sees half of it), making its folders as needed. */
	write(path: string, bytes: ArrayBuffer): Promise<void>;
	/** Deletes a file; one already gone is no failure. */
	remove(path: string): Promise<void>;
}

/** How the cycle reaches the database: queries, and writes (which pages hear of). */
export interface SyncCalls {
	query<K extends keyof Queries>(op: K, args: Queries[K]['args']): Promise<Queries[K]['result']>;
	write<K extends WriteName>(op: K, args: Args<K>): Promise<Writes[K]['result']>;
}

/** Compacting writes a whole snapshot: only once this many old changes can go. */
export const COMPACT_AFTER = 20;

const CHANGESET = /^([1-9][0-9]{0,9})\.changeset$/;

/** Writes what `sync/outgoing` gives, then says it is in the folder. */
async function writeOutgoing(folder: SyncFolder, calls: SyncCalls, snapshot: boolean) {
	const { files, upTo } = await calls.query('sync/outgoing', { snapshot });
	// The changes first, the device's summary of them after: a reader never sees it ahead.
	for (const file of files) await folder.write(file.path, file.bytes);
	await calls.query('sync/written', { upTo });
	return files.filter((file) => file.path.endsWith('.changeset')).length;
}

/** Every device's changeset files in the folder, by device: the numbers there. */
async function changesets(folder: SyncFolder): Promise<Map<string, number[]>> {
	const devices = new Map<string, number[]>();
	for (const device of (await folder.list('sync')).folders) {
		const numbers = (await folder.list(`sync/${device}`)).files
			.map((name) => CHANGESET.exec(name)?.[1])
			.filter((n): n is string => n !== undefined)
			.map(Number)
			.sort((a, b) => a - b);
		devices.set(device, numbers);
	}
	return devices;
}

export interface CycleResult {
	/** How many of this device's changes were written to the folder. */
	sent: number;
	/** What came in (null when nothing new was in the folder). */
	report: SyncReport | null;
	/** Changeset files deleted because every device has them and a new snapshot holds them. */
	compacted: number;
}

/**
 * One sync. `first`: this device just set up the folder, so a snapshot is written with its
 * changes for devices that join.
 */
export async function syncCycle(
	folder: SyncFolder,
	calls: SyncCalls,
	{ first = false, compactAfter = COMPACT_AFTER }: { first?: boolean; compactAfter?: number } = {}
): Promise<CycleResult> {
	const sent = await writeOutgoing(folder, calls, first);

	const { applied } = await calls.query('sync/wanted', null);
	const self = (await calls.query('sync/status', null)).deviceId;
	const present = await changesets(folder);
	const files: SyncFile[] = [];
	for (const [device, numbers] of present) {
		if (device === self) continue;
		for (const seq of numbers) {
			if (seq <= (applied[device] ?? 0)) continue;
			// not shown: a path in the folder
			const path = `sync/${device}/${seq}.changeset`;
			const bytes = await folder.read(path);
			if (bytes) files.push({ path, bytes });
		}
	}
	let report: SyncReport | null = null;
	if (files.length > 0) {
		report = await calls.write('sync/apply', { files });
		// What this device has now, for the others to know (and compact by).
		await writeOutgoing(folder, calls, false);
	}

	// Compaction: changes every device has applied live on in a new snapshot.
	const devices: SyncFile[] = [];
	for (const device of present.keys()) {
		const path = `sync/${device}/device.json`;
		const bytes = await folder.read(path);
		if (bytes) devices.push({ path, bytes });
	}
	const everywhere = await calls.query('sync/compactable', { devices });
	const old: string[] = [];
	for (const [device, numbers] of present)
		for (const seq of numbers)
			// not shown: a path in the folder
			if (seq <= (everywhere[device] ?? 0)) old.push(`sync/${device}/${seq}.changeset`);
	if (old.length >= compactAfter) {
		await writeOutgoing(folder, calls, true);
		for (const path of old) await folder.remove(path);
	}
	return { sent, report, compacted: old.length >= compactAfter ? old.length : 0 };
}
