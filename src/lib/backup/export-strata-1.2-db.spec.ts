import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadSqlite, memoryEngine, migratedEngine } from '../../../tests/helpers/sqlite';
import { bundledMigrations } from '$lib/db/migrations';
import { REFERENCE_ASSET_TYPES } from '$lib/db/reference-data';
import type { Engine } from '$lib/db/worker/engine';
import { seedDemo } from '$lib/domain/demo-seed';
import { loadIntoMemory, readBackupFile } from './backup-file';
import { exportBackupJson } from './export-json';
import { exportStrata12Db } from './export-strata-1.2-db';
import { ORIGINAL_TABLE_KEYS } from './format';
import { importBackup } from './import-json';
import { ORIGINAL_COLUMNS } from './strata-db';

const fixture = (name: string) =>
	new Uint8Array(
		readFileSync(new URL(`../../../tests/fixtures/strata-1.2.12/${name}`, import.meta.url))
	);
const NOW = new Date('2026-11-21T18:00:00.000Z');

/** Imports a file the way the app does: read and check all of it, then write in one transaction. */
async function importFile(live: Engine, bytes: Uint8Array) {
	const backup = readBackupFile(await loadSqlite(), bytes, await bundledMigrations(), NOW);
	loadIntoMemory(await loadSqlite(), backup.data, await bundledMigrations(), NOW).close();
	importBackup(live, backup.data, 'replace', { now: NOW });
	return backup;
}

/** The fixture's data, imported into a database of ours. */
async function imported(name: string): Promise<Engine> {
	const live = await migratedEngine();
	await importFile(live, fixture(name));
	return live;
}

async function exported(live: Engine): Promise<Engine> {
	return memoryEngine(exportStrata12Db(await loadSqlite(), live, NOW));
}

const schema = (file: Engine) =>
	file.all('SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY rowid');

/**
 * Every row of a table with each cell's storage class and SQL literal ("text:'2025-…+00:00'",
 * "real:0.12345678", "integer:1"): the same values in the same representation, or not.
 */
function stored(file: Engine, table: string, columns: readonly string[]): string[][] {
	return file
		.all<{ row: string }>(
			`SELECT json_array(${columns.map((c) => `typeof("${c}") || ':' || quote("${c}")`).join(', ')}) AS row
       FROM "${table}" ORDER BY rowid`
		)
		.map((r) => JSON.parse(r.row));
}

const withoutExportedAt = (json: string) => {
	const { data } = JSON.parse(json);
	return Object.fromEntries(ORIGINAL_TABLE_KEYS.map((key) => [key, data[key]]));
};

describe('Export .db for Strata 1.2', () => {
	it('has exactly the original’s schema, migration record and file settings', async () => {
		const original = await memoryEngine(fixture('strata-demo.db'));
		const bytes = exportStrata12Db(await loadSqlite(), await migratedEngine(), NOW);
		// The header's file format versions: 1 and 1, a rollback-journal file, as the original's.
		expect([...bytes.subarray(18, 20)]).toEqual([...fixture('strata-demo.db').subarray(18, 20)]);
		const file = await memoryEngine(bytes);
		expect(schema(file)).toEqual(schema(original));
		expect(schema(file)).toHaveLength(30);
		const migrations = (e: Engine) =>
			stored(e, '_prisma_migrations', [
				'id',
				'checksum',
				'finished_at',
				'migration_name',
				'logs',
				'rolled_back_at',
				'started_at',
				'applied_steps_count'
			]);
		expect(migrations(file)).toEqual(migrations(original));
		for (const pragma of ['page_size', 'encoding', 'user_version', 'auto_vacuum', 'journal_mode'])
			expect(file.all(`PRAGMA ${pragma}`), pragma).toEqual(original.all(`PRAGMA ${pragma}`));
	});

	it.each(['strata-demo.db', 'strata-edge.db'])(
		'gives back %s row for row, stored as the original stores it',
		async (name) => {
			const original = await memoryEngine(fixture(name));
			const file = await exported(await imported(name));
			expect(file.all('PRAGMA integrity_check')).toEqual([{ integrity_check: 'ok' }]);
			expect(file.all('PRAGMA foreign_key_check')).toEqual([]);
			for (const [table, columns] of Object.entries(ORIGINAL_COLUMNS)) {
				const theirs = stored(original, table, columns);
				const ours = stored(file, table, columns);
				if (table !== 'asset_types') {
					expect(ours, table).toEqual(theirs);
					continue;
				}
				// Our import adds the reference types a file lacks (the edge file holds 5 of 13), with
				// fresh ids: the file's own come first, exactly as they were.
				expect(ours.slice(0, theirs.length), table).toEqual(theirs);
				expect(ours).toHaveLength(REFERENCE_ASSET_TYPES.length);
			}
		}
	);

	it('keeps the edge cases: unicode, a 3-level tree, a negative and a 3-decimal value, a disposal', async () => {
		const file = await exported(await imported('strata-edge.db'));
		expect(
			file.all(
				`SELECT name, quantity, disposed, created_at FROM assets ORDER BY rowid LIMIT 1 OFFSET 2`
			)
		).toEqual([
			{ name: 'Old Car', quantity: null, disposed: 1, created_at: '2026-11-21T16:08:35.288+00:00' }
		]);
		expect(file.value(`SELECT name FROM assets WHERE name LIKE 'Café%'`)).toBe(
			'Café <b>&amp; "Ünïcödé"</b>'
		);
		expect(
			file.all(
				`SELECT c.name AS leaf, p.name AS parent, g.name AS root FROM categories c
         JOIN categories p ON p.id = c.parent_id JOIN categories g ON g.id = p.parent_id`
			)
		).toEqual([{ leaf: 'Tech Équités — Ünïcödé', parent: 'Equities', root: 'Investments' }]);
		expect(
			file.all(
				`SELECT typeof(value) AS type, value FROM asset_snapshots
         WHERE value IN (-250.75, 6172.839) ORDER BY value`
			)
		).toEqual([
			{ type: 'real', value: -250.75 },
			{ type: 'real', value: 6172.839 }
		]);
	});

	it('reads back through our importer as the same data as our JSON export', async () => {
		for (const live of [await imported('strata-edge.db'), await migratedEngine()]) {
			if (live.value('SELECT count(*) FROM assets') === 0) seedDemo(live, '2026-11-21');
			const bytes = exportStrata12Db(await loadSqlite(), live, NOW);
			const back = await migratedEngine();
			const backup = await importFile(back, bytes);
			expect(backup.origin).toBe('strata-1.2-db');
			expect(backup.leftOut).toEqual([]);
			expect(withoutExportedAt(exportBackupJson(back, NOW))).toEqual(
				withoutExportedAt(exportBackupJson(live, NOW))
			);
		}
	});

	it('stores decimals as the original’s DECIMAL columns do: integers exactly, others as REAL', async () => {
		const live = await migratedEngine();
		const type = live.value<string>(`SELECT id FROM asset_types WHERE code = 'CRYPTO'`)!;
		live.run(`INSERT INTO assets (id, name, asset_type_id) VALUES ('a', 'Coins', ?)`, [type]);
		const values = ['9007199254740993', '12345678901234567.89', '0.1234567890123456789', '-0.5'];
		values.forEach((value, i) =>
			live.run(
				`INSERT INTO asset_snapshots (id, asset_id, value, observed_at) VALUES (?, 'a', ?, ?)`,
				[`s${i}`, value, `2024-01-0${i + 1}T00:00:00.000Z`]
			)
		);
		const bytes = exportStrata12Db(await loadSqlite(), live, NOW);
		const file = await memoryEngine(bytes);
		expect(stored(file, 'asset_snapshots', ['value']).flat()).toEqual([
			'integer:9007199254740993',
			// Past what a float holds, rounded as the original itself stores it.
			'integer:12345678901234568',
			'real:0.12345678901234568',
			'real:-0.5'
		]);
		const back = readBackupFile(await loadSqlite(), bytes, await bundledMigrations(), NOW);
		expect(back.data.assetSnapshots.map((s) => s.value)).toEqual([
			'9007199254740993',
			'12345678901234568',
			'0.12345678901234568',
			'-0.5'
		]);
	});

	it('leaves out what the original has no place for', async () => {
		const live = await migratedEngine();
		seedDemo(live, '2026-11-21');
		live.run(`INSERT INTO settings (key, value) VALUES ('theme', 'dark')`);
		const file = await exported(live);
		const tables = file
			.all<{ name: string }>(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`)
			.map((t) => t.name);
		expect(tables).toEqual([...Object.keys(ORIGINAL_COLUMNS), '_prisma_migrations'].sort());
		expect(file.value('SELECT count(*) FROM assets')).toBe(
			live.value('SELECT count(*) FROM assets')
		);
	});

	it('takes rows written the way the original writes them, foreign keys on', async () => {
		const file = await exported(await imported('strata-demo.db'));
		expect(file.value('PRAGMA foreign_keys')).toBe(1);
		const type = file.value<string>(`SELECT id FROM asset_types WHERE code = 'CRYPTO'`)!;
		const category = file.value<string>(`SELECT id FROM categories WHERE name = 'Investments'`)!;
		// Prisma's own statements: ids it makes, numbers for decimals, `+00:00` timestamps.
		file.transaction(() => {
			file.run(
				`INSERT INTO assets (id, name, quantity, disposed, asset_type_id, created_at, updated_at)
         VALUES (?, 'Ether', ?, false, ?, '2026-12-02T10:00:00.000+00:00', '2026-12-02T10:00:00.000+00:00')`,
				['a1b2c3d4-0000-4000-8000-000000000001', 2.5, type]
			);
			file.run(
				`INSERT INTO asset_snapshots (id, asset_id, value, observed_at, created_at)
         VALUES ('a1b2c3d4-0000-4000-8000-000000000002', 'a1b2c3d4-0000-4000-8000-000000000001', ?,
                 '2026-12-01T00:00:00.000+00:00', '2026-12-02T10:00:00.001+00:00')`,
				[6000.25]
			);
			file.run(
				`INSERT INTO asset_categories (asset_id, category_id) VALUES ('a1b2c3d4-0000-4000-8000-000000000001', ?)`,
				[category]
			);
			file.run(
				`UPDATE assets SET disposed = true, updated_at = '2026-12-02T11:00:00.000+00:00'
         WHERE name = 'BNP Checking Account'`
			);
		});
		expect(file.all('PRAGMA foreign_key_check')).toEqual([]);
		// A row pointing nowhere is refused, as in the original.
		expect(() =>
			file.run(
				`INSERT INTO asset_tags (asset_id, tag_id) VALUES ('a1b2c3d4-0000-4000-8000-000000000001', 'no-such-tag')`
			)
		).toThrow(/FOREIGN KEY constraint failed/);

		const back = await migratedEngine();
		await importFile(back, file.serialize());
		expect(
			back.all(
				`SELECT name, quantity, disposed, created_at FROM assets
         WHERE name IN ('Ether', 'BNP Checking Account') ORDER BY name`
			)
		).toEqual([
			{
				name: 'BNP Checking Account',
				quantity: '1',
				disposed: 1,
				created_at: '2026-11-21T16:07:36.440Z'
			},
			{ name: 'Ether', quantity: '2.5', disposed: 0, created_at: '2026-12-02T10:00:00.000Z' }
		]);
		expect(
			back.value(`SELECT value FROM asset_snapshots WHERE observed_at LIKE '2026-12-01%'`)
		).toBe('6000.25');
	});
});
