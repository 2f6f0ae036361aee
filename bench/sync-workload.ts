/**
 * Sync's workloads for `npm run bench`, on the real engine (sqlite-wasm's Node build, the same
 * code as the database worker) with a real directory as the sync folder: what a typical day of
 * changes weighs in the folder, and how long a device takes to take in a month of another's.
 * Loaded through Vite (bench/run.ts), which resolves the app's `$lib` imports.
 */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { firstDevice, joiningDevice, tempFolder, type Device } from '../tests/helpers/sync-devices';
import { openTestApp } from '../tests/helpers/app';

const DAY = 24 * 3600 * 1000;

/**
 * A typical day on one device: five valuations typed, one corrected, one purchase recorded, one
 * asset renamed (eight changes), on the demo's data.
 */
async function typicalDay(device: Device, day: number): Promise<void> {
	const engine = device.app.engine();
	const assets = engine.all<{ id: string; name: string; asset_type_id: string }>(
		`SELECT a.id, a.name, a.asset_type_id FROM assets a
     WHERE a.disposed = 0 AND NOT EXISTS (SELECT 1 FROM transactions x WHERE x.asset_id = a.id AND x.type = 'DISPOSE')
     ORDER BY a.id LIMIT 6`
	);
	const date = new Date(Date.parse('2026-01-01') + day * DAY).toISOString().slice(0, 10);
	const added: string[] = [];
	for (const asset of assets.slice(0, 5)) {
		try {
			const { value } = await device.app.write('valuations/add', {
				assetId: asset.id,
				input: { value: String(10_000 + day * 7), date }
			});
			added.push(value.id);
		} catch {
			// A unit-priced asset takes a price per unit instead: one valuation fewer that day.
		}
	}
	if (added[0])
		await device.app.write('valuations/update', {
			id: added[0],
			input: { value: String(10_001 + day * 7), date }
		});
	const cash = assets[5] ?? assets[0]!;
	await device.app.write('transactions/add', {
		input: { assetId: cash.id, type: 'ACQUIRE', date, unitPrice: '1', quantity: '10' }
	});
	const renamed = assets[1] ?? assets[0]!;
	const quantity =
		engine.value<string>('SELECT quantity FROM assets WHERE id = ?', [renamed.id]) ?? '1';
	await device.app.write('assets/update', {
		id: renamed.id,
		input: {
			name: `${renamed.name.replace(/ ·.*$/, '')} · ${day}`,
			assetTypeId: renamed.asset_type_id,
			quantity
		}
	});
}

async function bytesOf(dir: string, device: string): Promise<number> {
	let total = 0;
	for (const name of await readdir(join(dir, 'sync', device)))
		if (name.endsWith('.changeset')) total += (await stat(join(dir, 'sync', device, name))).size;
	return total;
}

export interface SyncFigures {
	/** Changes and bytes of changeset files of one typical day. */
	day: { changes: number; bytes: number };
	/** How many days were applied, their changes, and the time the other device took (ms). */
	applied: { days: number; changes: number; ms: number };
}

/** Makes a laptop (demo data) and a phone that joined it, then `days` typical days on the laptop. */
export async function measureSync(days: number): Promise<SyncFigures> {
	const { root, folder } = await tempFolder();
	const laptop = await firstDevice('Laptop', folder, await openTestApp('demo'));
	const phone = await joiningDevice('Phone', folder);
	const laptopId = laptop.app.engine().value<string>('SELECT device_id FROM sync_state')!;

	await typicalDay(laptop, 0);
	await laptop.sync();
	const dayChanges = laptop.app
		.engine()
		.value<number>('SELECT count(*) FROM sync_changes WHERE device_id = ?', [laptopId])!;
	const dayBytes = await bytesOf(root, laptopId);
	for (let day = 1; day < days; day++) await typicalDay(laptop, day);
	await laptop.sync();
	const changes = laptop.app
		.engine()
		.value<number>('SELECT count(*) FROM sync_changes WHERE device_id = ?', [laptopId])!;
	const started = performance.now();
	await phone.sync();
	const ms = performance.now() - started;
	return { day: { changes: dayChanges, bytes: dayBytes }, applied: { days, changes, ms } };
}
