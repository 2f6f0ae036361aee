/**
 * Devices for sync tests: each a whole app stack in Node (openTestApp), sharing a real
 * directory as the sync folder, synced by the same cycle the page runs.
 */
import { mkdir, mkdtemp, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import {
	syncCycle,
	type CycleResult,
	type SyncCalls,
	type SyncFolder
} from '../../src/lib/sync/cycle';
import { SNAPSHOT_PATH } from '../../src/lib/db/worker/sync/files';
import { sourceTables } from '../../src/lib/db/worker/derived';
import { dumpOf, openTestApp, type TestApp } from './app';

/** A directory on disk as the sync folder. */
export function directoryFolder(root: string): SyncFolder {
	return {
		async list(dir) {
			try {
				const entries = await readdir(join(root, dir), { withFileTypes: true });
				return {
					files: entries.filter((e) => e.isFile()).map((e) => e.name),
					folders: entries.filter((e) => e.isDirectory()).map((e) => e.name)
				};
			} catch {
				return { files: [], folders: [] };
			}
		},
		async read(path) {
			try {
				const bytes = await readFile(join(root, path));
				return bytes.buffer.slice(
					bytes.byteOffset,
					bytes.byteOffset + bytes.byteLength
				) as ArrayBuffer;
			} catch {
				return null;
			}
		},
		async write(path, bytes) {
			const target = join(root, path);
			await mkdir(dirname(target), { recursive: true });
			await writeFile(`${target}.part`, new Uint8Array(bytes));
			await rename(`${target}.part`, target);
		},
		async remove(path) {
			await rm(join(root, path), { force: true });
		}
	};
}

export async function tempFolder(): Promise<{ root: string; folder: SyncFolder }> {
	const root = await mkdtemp(join(tmpdir(), 'strata-sync-'));
	return { root, folder: directoryFolder(root) };
}

export interface Device {
	name: string;
	app: TestApp;
	calls: SyncCalls;
	sync(options?: { first?: boolean; compactAfter?: number }): Promise<CycleResult>;
}

export function callsOf(app: TestApp): SyncCalls {
	return {
		query: (op, args) => app.client.call(op, args as never) as never,
		write: async (op, args) => (await app.write(op, args)).value
	};
}

/** The first device: sets up sync and writes the first snapshot into the folder. */
export async function firstDevice(
	name: string,
	folder: SyncFolder,
	app?: TestApp
): Promise<Device> {
	const sut = app ?? (await openTestApp());
	const calls = callsOf(sut);
	await calls.query('sync/setup', { deviceName: name });
	const device: Device = {
		name,
		app: sut,
		calls,
		sync: (options) => syncCycle(folder, calls, options)
	};
	await device.sync({ first: true });
	return device;
}

/** Another device: joins from the folder's snapshot (its own data replaced), then syncs. */
export async function joiningDevice(name: string, folder: SyncFolder): Promise<Device> {
	const app = await openTestApp();
	const calls = callsOf(app);
	const bytes = await folder.read(SNAPSHOT_PATH);
	if (!bytes) throw new Error('No snapshot in the folder');
	await calls.write('sync/join', { file: { path: SNAPSHOT_PATH, bytes }, deviceName: name });
	const device: Device = { name, app, calls, sync: (options) => syncCycle(folder, calls, options) };
	await device.sync();
	return device;
}

/** The user's data (every source table), as text: equal on two devices that are in step. */
export function domainDump(app: TestApp): string {
	const engine = app.engine();
	const keep = new Set(sourceTables(engine));
	const all = engine
		.all<{ name: string }>(
			"SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
		)
		.map((r) => r.name);
	return dumpOf(engine, { skip: all.filter((name) => !keep.has(name)) });
}

/** What each device computes from the data: the net-worth points, holdings and chart series. */
export function derivedDump(app: TestApp): string {
	const engine = app.engine();
	return [
		'SELECT observed_at, value, currency FROM portfolio_snapshots ORDER BY observed_at',
		'SELECT * FROM series_days ORDER BY breakdown, day, key',
		'SELECT * FROM asset_days ORDER BY asset_id, day',
		'SELECT * FROM sale_results ORDER BY transaction_id'
	]
		.map((query) =>
			engine
				.all(query)
				.map((row) => JSON.stringify(row))
				.join('\n')
		)
		.join('\n\n');
}

/** Syncs every device, round after round, until a whole round brings nothing new. */
export async function settle(devices: Device[]): Promise<void> {
	for (let round = 0; round < 6; round++) {
		let quiet = true;
		for (const device of devices) {
			const { sent, report } = await device.sync();
			if (sent > 0 || (report && report.from.length > 0)) quiet = false;
		}
		if (quiet) return;
	}
	throw new Error('The devices did not settle in 6 rounds');
}
