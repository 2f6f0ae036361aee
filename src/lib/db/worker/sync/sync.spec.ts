import { describe, expect, it } from 'vitest';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fingerprint } from '../../../../../tests/helpers/sqlite';
import {
	derivedDump,
	domainDump,
	firstDevice,
	joiningDevice,
	settle,
	tempFolder,
	type Device
} from '../../../../../tests/helpers/sync-devices';
import { netWorthOn } from '$lib/domain/net-worth';
import { openTestApp } from '../../../../../tests/helpers/app';

/** A small seeded generator (mulberry32): a failing run can be run again with its seed. */
function random(seed: number) {
	let a = seed >>> 0;
	const next = () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
	return {
		next,
		int: (n: number) => Math.floor(next() * n),
		pick: <T>(list: readonly T[]): T | undefined => list[Math.floor(next() * list.length)]
	};
}

type Random = ReturnType<typeof random>;

const cashType = (device: Device) =>
	device.app.engine().value<string>("SELECT id FROM asset_types WHERE code = 'CASH'")!;

const ids = (device: Device, sql: string) =>
	device.app
		.engine()
		.all<{ id: string }>(sql)
		.map((row) => row.id);

/** One random thing a user does on a device; refused ones (a rule) are part of the game. */
async function randomEdit(device: Device, rnd: Random, step: number): Promise<void> {
	const write = device.app.write;
	const assets = ids(device, 'SELECT id FROM assets ORDER BY id');
	const valuations = ids(device, 'SELECT id FROM asset_snapshots ORDER BY id');
	const tags = ids(device, 'SELECT id FROM tags ORDER BY id');
	const day = () =>
		`2021-${String(1 + rnd.int(12)).padStart(2, '0')}-${String(1 + rnd.int(28)).padStart(2, '0')}`;
	const name = (what: string) => `${what} ${device.name} ${step}`;
	const pick = rnd.int(10);
	try {
		if (pick === 0 || assets.length === 0) {
			await write('assets/create', {
				input: {
					name: name('Account'),
					assetTypeId: cashType(device),
					quantity: '1',
					acquisitionDate: '2020-01-01',
					acquisitionPrice: String(100 + rnd.int(900))
				}
			});
		} else if (pick === 1) {
			const id = rnd.pick(assets)!;
			await write('assets/update', {
				id,
				input: {
					name: name('Renamed'),
					assetTypeId: cashType(device),
					quantity: '1',
					tagIds: tags.slice(0, rnd.int(tags.length + 1))
				}
			});
		} else if (pick <= 4) {
			await write('valuations/add', {
				assetId: rnd.pick(assets)!,
				input: { value: String(rnd.int(100000)), date: day() }
			});
		} else if (pick === 5 && valuations.length > 0) {
			const id = rnd.pick(valuations)!;
			const date = device.app
				.engine()
				.value<string>('SELECT substr(observed_at, 1, 10) FROM asset_snapshots WHERE id = ?', [
					id
				])!;
			await write('valuations/update', { id, input: { value: String(rnd.int(100000)), date } });
		} else if (pick === 6 && valuations.length > 0) {
			await write('valuations/delete', { id: rnd.pick(valuations)! });
		} else if (pick === 7 && assets.length > 1) {
			await write('assets/delete', { id: rnd.pick(assets)! });
		} else if (pick === 8) {
			await write('tags/create', { input: { name: `tag ${rnd.int(4)}` } });
		} else if (tags.length > 0) {
			if (rnd.int(2))
				await write('tags/rename', { id: rnd.pick(tags)!, input: { name: name('tag') } });
			else await write('tags/delete', { id: rnd.pick(tags)! });
		}
	} catch (error) {
		const code = (error as { code?: string }).code;
		if (code !== 'validation' && code !== 'not-found' && code !== 'refused') throw error;
	}
}

async function devicesFor(count: number) {
	const { folder, root } = await tempFolder();
	const first = await firstDevice('Laptop', folder);
	await first.app.write('assets/create', {
		input: {
			name: 'Flat in Lyon',
			assetTypeId: cashType(first),
			quantity: '1',
			acquisitionDate: '2020-01-01',
			acquisitionPrice: '250000'
		}
	});
	await first.sync();
	const devices = [first];
	for (const name of ['Phone', 'Tablet'].slice(0, count - 1))
		devices.push(await joiningDevice(name, folder));
	return { devices, folder, root };
}

function expectInStep(devices: Device[]) {
	const [first, ...others] = devices;
	const data = domainDump(first!.app);
	const derived = derivedDump(first!.app);
	for (const other of others) {
		expect(domainDump(other.app)).toBe(data);
		expect(derivedDump(other.app)).toBe(derived);
	}
}

describe('sync through a folder', () => {
	for (const [count, seeds] of [
		[2, [1, 2, 3, 4, 5, 6]],
		[3, [7, 8, 9, 10, 11, 12]]
	] as const) {
		for (const seed of seeds) {
			it(`${count} devices editing at random end in step (seed ${seed})`, async () => {
				const rnd = random(seed);
				const { devices } = await devicesFor(count);
				for (let step = 0; step < 100; step++) {
					const device = rnd.pick(devices)!;
					if (rnd.int(4) === 0) await device.sync({ compactAfter: 5 });
					else await randomEdit(device, rnd, step);
				}
				await settle(devices);
				expectInStep(devices);
				// Nothing applied twice: each device holds each change of the others once, all of them.
				for (const device of devices) {
					const engine = device.app.engine();
					for (const other of devices) {
						if (other === device) continue;
						const otherId = other.app.engine().value<string>('SELECT device_id FROM sync_state')!;
						const made = other.app
							.engine()
							.value<number>('SELECT applied FROM sync_devices WHERE id = ?', [otherId]);
						expect(
							engine.value<number>('SELECT applied FROM sync_devices WHERE id = ?', [otherId])
						).toBe(made);
					}
				}
				// The net worth each computes agrees to the cent on every day of the year.
				for (const day of ['2021-01-31', '2021-06-30', '2021-12-31']) {
					const worth = (await netWorthOn(devices[0]!.app.db, day)).netWorth;
					for (const device of devices.slice(1))
						expect((await netWorthOn(device.app.db, day)).netWorth).toBe(worth);
				}
			}, 120_000);
		}
	}

	it('carries a valuation from one device to the other, and says what came in', async () => {
		const { devices } = await devicesFor(2);
		const [laptop, phone] = devices as [Device, Device];
		const asset = laptop.app
			.engine()
			.value<string>("SELECT id FROM assets WHERE name = 'Flat in Lyon'")!;
		expect(phone.app.engine().value('SELECT name FROM assets WHERE id = ?', [asset])).toBe(
			'Flat in Lyon'
		);
		await laptop.app.write('valuations/add', {
			assetId: asset,
			input: { value: '260000', date: '2021-06-01' }
		});
		await laptop.sync();
		const { report } = await phone.sync();
		expect(report?.from).toEqual([
			expect.objectContaining({ name: 'Laptop', changes: 1, conflicts: 0 })
		]);
		expect((await netWorthOn(phone.app.db, '2021-06-30')).netWorth).toBe('260000');
		expectInStep(devices);
	});

	it('resolves the same field written on two devices by clock, the same way on both', async () => {
		const { devices } = await devicesFor(2);
		const [laptop, phone] = devices as [Device, Device];
		const asset = laptop.app.engine().value<string>('SELECT id FROM assets')!;
		const type = cashType(laptop);
		await phone.app.write('assets/update', {
			id: asset,
			input: { name: 'Flat (phone)', assetTypeId: type, quantity: '1' }
		});
		await laptop.app.write('assets/update', {
			id: asset,
			input: { name: 'Flat (laptop)', assetTypeId: type, quantity: '1' }
		});
		await phone.sync();
		await laptop.sync();
		await phone.sync();
		for (const device of devices)
			expect(device.app.engine().value('SELECT name FROM assets WHERE id = ?', [asset])).toBe(
				'Flat (laptop)'
			);
		const listed = (await laptop.calls.query('sync/status', null)).conflicts;
		expect(listed).toEqual([
			expect.objectContaining({
				field: 'Name',
				here: 'Flat (laptop)',
				there: 'Flat (phone)',
				winner: 'here'
			})
		]);
		const onPhone = (await phone.calls.query('sync/status', null)).conflicts;
		expect(onPhone).toEqual([
			expect.objectContaining({ here: 'Flat (phone)', there: 'Flat (laptop)', winner: 'there' })
		]);
		// The user prefers the phone's name: chosen on the phone, it wins everywhere.
		await phone.app.write('sync/resolve', { id: onPhone[0]!.id, winner: 'here' });
		await settle(devices);
		for (const device of devices)
			expect(device.app.engine().value('SELECT name FROM assets WHERE id = ?', [asset])).toBe(
				'Flat (phone)'
			);
		expectInStep(devices);
	});

	it('keeps both edits of different fields of the same row', async () => {
		const { devices } = await devicesFor(2);
		const [laptop, phone] = devices as [Device, Device];
		const asset = laptop.app.engine().value<string>('SELECT id FROM assets')!;
		const added = await laptop.app.write('valuations/add', {
			assetId: asset,
			input: { value: '1', date: '2021-03-01' }
		});
		await settle(devices);
		await laptop.app.write('valuations/update', {
			id: added.value.id,
			input: { value: '2', date: '2021-03-01' }
		});
		await phone.app.write('valuations/update', {
			id: added.value.id,
			input: { value: '1', date: '2021-03-02' }
		});
		await settle(devices);
		const row = laptop.app
			.engine()
			.get('SELECT value, substr(observed_at, 1, 10) AS day FROM asset_snapshots WHERE id = ?', [
				added.value.id
			]);
		expect(row).toEqual({ value: '2', day: '2021-03-02' });
		expectInStep(devices);
	});

	it('lets a deletion win over an edit made without knowing of it', async () => {
		const { devices } = await devicesFor(2);
		const [laptop, phone] = devices as [Device, Device];
		const asset = laptop.app.engine().value<string>('SELECT id FROM assets')!;
		const added = await laptop.app.write('valuations/add', {
			assetId: asset,
			input: { value: '5', date: '2021-04-01' }
		});
		await settle(devices);
		await phone.app.write('valuations/update', {
			id: added.value.id,
			input: { value: '6', date: '2021-04-01' }
		});
		await laptop.app.write('valuations/delete', { id: added.value.id });
		await settle(devices);
		for (const device of devices)
			expect(
				device.app
					.engine()
					.value('SELECT count(*) FROM asset_snapshots WHERE id = ?', [added.value.id])
			).toBe(0);
		expectInStep(devices);
	});

	it('drops a valuation added on one device to an asset deleted on the other', async () => {
		const { devices } = await devicesFor(2);
		const [laptop, phone] = devices as [Device, Device];
		const asset = laptop.app.engine().value<string>('SELECT id FROM assets')!;
		await phone.app.write('valuations/add', {
			assetId: asset,
			input: { value: '7', date: '2021-05-01' }
		});
		await laptop.app.write('assets/delete', { id: asset });
		await settle(devices);
		for (const device of devices)
			expect(device.app.engine().value('SELECT count(*) FROM assets')).toBe(0);
		expectInStep(devices);
	});

	it('keeps both of two tags given the same name on two devices', async () => {
		const { devices } = await devicesFor(2);
		const [laptop, phone] = devices as [Device, Device];
		await laptop.app.write('tags/create', { input: { name: 'liquid' } });
		await phone.app.write('tags/create', { input: { name: 'liquid' } });
		await settle(devices);
		const names = laptop.app
			.engine()
			.all<{ name: string }>('SELECT name FROM tags ORDER BY name')
			.map((t) => t.name);
		expect(names).toEqual(['liquid', 'liquid (Phone)']);
		expectInStep(devices);
	});

	it('refuses a cut-off or altered changeset file and changes nothing', async () => {
		const { devices, root } = await devicesFor(2);
		const [laptop, phone] = devices as [Device, Device];
		const asset = laptop.app.engine().value<string>('SELECT id FROM assets')!;
		await laptop.app.write('valuations/add', {
			assetId: asset,
			input: { value: '9', date: '2021-07-01' }
		});
		await laptop.sync();
		const laptopId = laptop.app.engine().value<string>('SELECT device_id FROM sync_state')!;
		const seq = laptop.app
			.engine()
			.value<number>('SELECT applied FROM sync_devices WHERE id = ?', [laptopId])!;
		const path = join(root, 'sync', laptopId, `${seq}.changeset`);
		const whole = await readFile(path);
		const before = fingerprint(phone.app.engine().serialize());
		const cut = whole.subarray(0, whole.byteLength - 3);
		const altered = Buffer.from(whole);
		altered.writeUInt8(altered.readUInt8(altered.byteLength - 1) ^ 0xff, altered.byteLength - 1);
		for (const [bytes, reason] of [
			[cut, /cut short/],
			[altered, /does not match its checksum/],
			[Buffer.from('not a changeset'), /not a Strata sync file of changes/]
		] as const) {
			await writeFile(path, bytes);
			const file = {
				path: `sync/${laptopId}/${seq}.changeset`,
				bytes: new Uint8Array(bytes).buffer
			};
			const report = await phone.calls.write('sync/apply', { files: [file] });
			expect(report.from).toEqual([]);
			expect(report.refused).toEqual([
				expect.objectContaining({ reason: expect.stringMatching(reason) })
			]);
			expect(fingerprint(phone.app.engine().serialize())).toBe(before);
		}
		await writeFile(path, whole);
		const { report } = await phone.sync();
		expect(report?.from).toEqual([expect.objectContaining({ changes: 1 })]);
		expectInStep(devices);
	});

	it('undoes an applied change like any other', async () => {
		const { devices } = await devicesFor(2);
		const [laptop, phone] = devices as [Device, Device];
		const asset = laptop.app.engine().value<string>('SELECT id FROM assets')!;
		await laptop.app.write('valuations/add', {
			assetId: asset,
			input: { value: '11', date: '2021-08-01' }
		});
		await laptop.sync();
		await phone.sync();
		const [entry] = await phone.app.client.call('history/list', { limit: 1 });
		expect(entry?.summary).toEqual({ what: 'sync', verb: 'applied', device: 'Laptop' });
		await phone.app.write('history/undo', { id: entry!.id, at: entry!.at });
		const eleven = "SELECT count(*) FROM asset_snapshots WHERE value = '11'";
		expect(phone.app.engine().value(eleven)).toBe(0);
		// The undo is a change of the phone's own, which the laptop takes too.
		await settle(devices);
		expect(laptop.app.engine().value(eleven)).toBe(0);
		expectInStep(devices);
	});

	it('compacts old changes into a snapshot a new device starts from', async () => {
		const { devices, folder } = await devicesFor(2);
		const [laptop, phone] = devices as [Device, Device];
		const asset = laptop.app.engine().value<string>('SELECT id FROM assets')!;
		for (let i = 1; i <= 6; i++)
			await laptop.app.write('valuations/add', {
				assetId: asset,
				input: { value: String(i), date: `2021-09-0${i}` }
			});
		await laptop.sync();
		await phone.sync();
		const { compacted } = await laptop.sync({ compactAfter: 3 });
		expect(compacted).toBeGreaterThanOrEqual(6);
		const tablet = await joiningDevice('Tablet', folder);
		await settle([laptop, phone, tablet]);
		expectInStep([laptop, phone, tablet]);
	});
});

describe('reading a changeset', () => {
	it('names each row by its own table, even where SQLite reuses the buffer of table names', async () => {
		const { migratedEngine } = await import('../../../../../tests/helpers/sqlite');
		const { readChangeset, recordChanges } = await import('../changesets');
		const engine = await migratedEngine();
		const type = engine.value<string>("SELECT id FROM asset_types WHERE code = 'CASH'")!;
		engine.run("INSERT INTO tags (id, name) VALUES ('t1', 'liquid')");
		engine.run("INSERT INTO assets (id, name, asset_type_id) VALUES ('a1', 'Account', ?)", [type]);
		engine.run("INSERT INTO asset_tags (asset_id, tag_id) VALUES ('a1', 't1')");
		const { changeset } = await recordChanges(engine, ['asset_tags', 'tags'], () =>
			engine.run("DELETE FROM tags WHERE id = 't1'")
		);
		const rows = readChangeset(engine, changeset).map((row) => [row.table, row.old]);
		expect(rows).toEqual(
			expect.arrayContaining([
				['tags', { id: 't1', name: 'liquid' }],
				['asset_tags', { asset_id: 'a1', tag_id: 't1' }]
			])
		);
		expect(rows).toHaveLength(2);
	});
});

describe('a device away for a long time', () => {
	it('catches up from the snapshot when the changes it needs were compacted', async () => {
		const { folder } = await tempFolder();
		const laptop = await firstDevice('Laptop', folder);
		const phone = await joiningDevice('Phone', folder);
		const tablet = await joiningDevice('Tablet', folder);
		const type = cashType(laptop);
		for (let i = 0; i < 6; i++)
			await laptop.app.write('assets/create', {
				input: {
					name: `Account ${i}`,
					assetTypeId: type,
					quantity: '1',
					acquisitionDate: '2020-01-01',
					acquisitionPrice: '10'
				}
			});
		await laptop.sync();
		await phone.sync();
		// The tablet is away; it told the folder what it had, so the others compact without it.
		const tabletId = tablet.app.engine().value<string>('SELECT device_id FROM sync_state')!;
		const device = JSON.parse(
			new TextDecoder().decode((await folder.read(`sync/${tabletId}/device.json`))!)
		) as { applied: Record<string, number> };
		device.applied = { ...(await laptop.calls.query('sync/wanted', null)).applied };
		await folder.write(
			`sync/${tabletId}/device.json`,
			new TextEncoder().encode(JSON.stringify(device)).buffer as ArrayBuffer
		);
		const { compacted } = await laptop.sync({ compactAfter: 3 });
		expect(compacted).toBeGreaterThanOrEqual(6);
		await laptop.app.write('tags/create', { input: { name: 'after compaction' } });
		await settle([laptop, phone, tablet]);
		expect(tablet.app.engine().value('SELECT count(*) FROM assets')).toBe(6);
		expectInStep([laptop, phone, tablet]);
	});
});

describe('two sync groups', () => {
	it('never mix: the demo of one device refuses the changes of My data on another', async () => {
		const { folder: realFolder, root } = await tempFolder();
		const real = await firstDevice('Laptop', realFolder);
		const { folder: demoFolder } = await tempFolder();
		const demo = await firstDevice('Laptop demo', demoFolder, await openTestApp('demo'));
		await real.app.write('tags/create', { input: { name: 'mine' } });
		await real.sync();
		const realId = real.app.engine().value<string>('SELECT device_id FROM sync_state')!;
		const path = `sync/${realId}/1.changeset`;
		const bytes = new Uint8Array(await readFile(join(root, path))).buffer;
		const before = fingerprint(demo.app.engine().serialize());
		const report = await demo.calls.write('sync/apply', { files: [{ path, bytes }] });
		expect(report.refused).toEqual([
			expect.objectContaining({
				reason: 'This file is from another set of devices. Nothing of it was applied.'
			})
		]);
		expect(fingerprint(demo.app.engine().serialize())).toBe(before);
	});
});
