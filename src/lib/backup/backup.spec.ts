import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
	fingerprint,
	loadSqlite,
	memoryEngine,
	migratedEngine,
	testDatabase
} from '../../../tests/helpers/sqlite';
import { bundledMigrations, withChecksums } from '$lib/db/migrations';
import { migrate } from '$lib/db/migrator';
import type { Engine } from '$lib/db/worker/engine';
import { seedDemo } from '$lib/domain/demo-seed';
import { netWorthOn } from '$lib/domain/net-worth';
import { localKysely } from '$lib/db/worker/local-kysely';
import { loadIntoMemory, readBackupFile, stageRestorePoint } from './backup-file';
import { exportBackupJson } from './export-json';
import { BackupError, ORIGINAL_TABLE_KEYS, parseBackup, validateBackupData } from './format';
import { importBackup, matchCategories, type ImportMode } from './import-json';
import { baseLocale, overwriteGetLocale } from '$lib/paraglide/runtime';

const fixture = (name: string) =>
	new Uint8Array(readFileSync(new URL(`../../../tests/fixtures/${name}`, import.meta.url)));
const text = (name: string) => new TextDecoder().decode(fixture(name));
const NOW = new Date('2026-11-21T18:00:00.000Z');
const withoutExportedAt = (json: string) => json.replace(/"exportedAt":"[^"]*"/, '');

/** Imports a file the way the app does: read and check all of it, then write in one transaction. */
async function importFile(live: Engine, bytes: Uint8Array, mode: ImportMode = 'replace') {
	const backup = readBackupFile(await loadSqlite(), bytes, await bundledMigrations(), NOW);
	// Verify backup loads it whole into a throwaway database: that must always succeed too.
	loadIntoMemory(await loadSqlite(), backup.data, await bundledMigrations(), NOW).close();
	return importBackup(live, backup.data, mode, { now: NOW });
}

const netWorth = async (engine: Engine, day = '2026-11-21') =>
	(await netWorthOn(localKysely(engine), day)).netWorth;

/** The problems of a backup's `data` that cannot be imported. */
function problemsOf(data: unknown): string[] {
	try {
		validateBackupData(data);
	} catch (error) {
		return (error as BackupError).problems;
	}
	throw new Error('the backup was accepted');
}

describe('the problems of a refused backup, in plain words', () => {
	const lyon = (value: unknown) => ({
		assetTypes: [{ id: 't1', code: 'REAL_ESTATE', label: 'Real estate' }],
		assets: [
			{ id: 'a0', name: 'Wallet', assetTypeId: 't1' },
			{ id: 'a1', name: 'Flat in Lyon', assetTypeId: 't1' }
		],
		assetSnapshots: [
			{ id: 'v0', assetId: 'a0', value: '10', observedAt: '2021-01-01T00:00:00.000Z' },
			{ id: 'v1', assetId: 'a1', value: '1', observedAt: '2021-01-02T00:00:00.000Z' },
			{ id: 'v2', assetId: 'a0', value: '12', observedAt: '2021-01-03T00:00:00.000Z' },
			{ id: 'v3', assetId: 'a1', value, observedAt: '2021-01-04T09:30:00.000Z' }
		]
	});

	it('names the asset and the date of a bad valuation, with where it is in the file last', () => {
		expect(problemsOf(lyon(250000))).toEqual([
			'The valuation of “Flat in Lyon” on 2021-01-04: the value is not a number written as text, like "4250.00" (it is the number 250000) (data.assetSnapshots[3].value)'
		]);
		expect(problemsOf(lyon('12,5'))[0]).toMatch(
			/^The valuation of “Flat in Lyon” on 2021-01-04: the value "12,5" is not a plain decimal .*\(data\.assetSnapshots\[3\]\.value\)$/
		);
	});

	it('says them in the language of the request', () => {
		overwriteGetLocale(() => 'fr');
		try {
			expect(problemsOf(lyon(250000))).toEqual([
				'La valorisation de «\u00a0Flat in Lyon\u00a0» du 2021-01-04\u00a0: la valeur n\'est pas un nombre écrit comme du texte, comme "4250.00" (c\'est le nombre 250000) (data.assetSnapshots[3].value)'
			]);
		} finally {
			overwriteGetLocale(() => baseLocale);
		}
	});

	it('names the row by what the file knows of it when the rest is wrong', () => {
		const data = lyon('1');
		data.assetSnapshots[3]!.assetId = 'gone';
		data.assets[0]!.name = '';
		expect(problemsOf(data)).toEqual([
			'Row 1 of the assets: the name is empty (data.assets[0].name)'
		]);
		data.assets[0]!.name = 'Wallet';
		expect(problemsOf(data)).toEqual([
			'The valuation on 2021-01-04 (row 4): the asset "gone" is not the id of any asset in the file (data.assetSnapshots[3].assetId)'
		]);
	});
});

describe('JSON backup export', () => {
	it('writes every table with decimals exactly as stored, and round-trips', async () => {
		const live = await migratedEngine();
		seedDemo(live, '2026-11-21');
		const first = exportBackupJson(live, NOW);
		const file = JSON.parse(first);
		expect(Object.keys(file)).toEqual(['schemaVersion', 'exportedAt', 'data']);
		expect(file.schemaVersion).toBe('1');
		expect(file.exportedAt).toBe('2026-11-21T18:00:00.000Z');
		expect(Object.keys(file.data)).toEqual([
			'assetTypes',
			'assetTypeUnits',
			'categories',
			'tags',
			'assets',
			'assetDetails',
			'assetSnapshots',
			'valuationPrices',
			'portfolioSnapshots',
			'transactions',
			'categoriesOnAssets',
			'tagsOnAssets',
			'exchangeRates',
			'settings'
		]);
		expect(file.data.assets[0]).toMatchObject({ quantity: '1', disposed: false });
		// Strata 1.2 refuses a row with a field it does not know: its nine tables keep exactly
		// the fields of its own export, whatever we add (our facts go in our own tables).
		const original = JSON.parse(text('strata-1.2.12/strata-edge-backup.json')).data;
		for (const key of ORIGINAL_TABLE_KEYS) {
			const fields = new Set(Object.keys(original[key][0]));
			for (const row of file.data[key]) expect(new Set(Object.keys(row))).toEqual(fields);
		}

		const other = await migratedEngine();
		await importFile(other, new TextEncoder().encode(first));
		expect(withoutExportedAt(exportBackupJson(other, NOW))).toBe(withoutExportedAt(first));
	});

	it('reads valuations as written and in any other accepted form into the same rows', () => {
		const asset = { id: 'a1', name: 'Flat', assetTypeId: 't1' };
		const data = (extra: object[]) => ({
			assetTypes: [{ id: 't1', code: 'REAL_ESTATE', label: 'Real estate' }],
			assets: [asset],
			assetSnapshots: [
				{ id: 'v1', assetId: 'a1', value: '250000.00', observedAt: '2026-01-01T00:00:00.000Z' },
				{
					id: 'v2',
					assetId: 'a1',
					value: '-0.5',
					observedAt: '2026-02-01T12:30:00.000Z',
					createdAt: '2026-02-01T12:30:00.000Z',
					note: 'unknown fields are dropped'
				},
				...extra
			]
		});
		// All as written: the fast lane. One row in another ISO form: the schema reads them all.
		const written = validateBackupData(data([])).assetSnapshots;
		const other = validateBackupData(
			data([{ id: 'v3', assetId: 'a1', value: '1', observedAt: '2026-03-01' }])
		).assetSnapshots;
		expect(written).toEqual(other.slice(0, 2));
		expect(written[1]).toEqual({
			id: 'v2',
			assetId: 'a1',
			value: '-0.5',
			observedAt: '2026-02-01T12:30:00.000Z',
			createdAt: '2026-02-01T12:30:00.000Z'
		});
		expect(other[2]!.observedAt).toBe('2026-03-01T00:00:00.000Z');
		// Whatever the lane, a bad row is reported where it is.
		const error = (() => {
			try {
				validateBackupData(
					data([
						{ id: 'v3', assetId: 'a1', value: '1.5e3', observedAt: '2026-03-01T00:00:00.000Z' }
					])
				);
			} catch (e) {
				return e as BackupError;
			}
		})();
		expect(error?.problems.join('\n')).toMatch(
			/^The valuation of “Flat” on 2026-03-01: the value "1\.5e3" is not a plain decimal .*\(data\.assetSnapshots\[2\]\.value\)$/m
		);
	});
});

describe('the original Strata 1.2.12 files', () => {
	it.each(['strata-1.2.12/strata-demo-backup.json', 'strata-1.2.12/strata-demo.db'])(
		'%s imports with net worth €239,200',
		async (name) => {
			const live = await migratedEngine();
			const result = await importFile(live, fixture(name));
			expect(result.counts).toEqual({
				assetTypes: 13,
				assetTypeUnits: 0,
				valuationPrices: 0,
				categories: 21,
				tags: 13,
				assets: 6,
				assetSnapshots: 90,
				portfolioSnapshots: 1,
				transactions: 6,
				categoriesOnAssets: 6,
				tagsOnAssets: 11,
				assetDetails: 0,
				exchangeRates: 0,
				settings: 0
			});
			expect(await netWorth(live)).toBe('239200');
		}
	);

	it.each(['strata-1.2.12/strata-edge-backup.json', 'strata-1.2.12/strata-edge.db'])(
		'%s imports exactly, never rounding',
		async (name) => {
			const live = await migratedEngine();
			const result = await importFile(live, fixture(name));
			expect(result.counts).toEqual({
				assetTypes: 5,
				assetTypeUnits: 0,
				valuationPrices: 0,
				categories: 4,
				tags: 4,
				assets: 5,
				assetSnapshots: 10,
				portfolioSnapshots: 13,
				transactions: 6,
				categoriesOnAssets: 5,
				tagsOnAssets: 5,
				assetDetails: 0,
				exchangeRates: 0,
				settings: 0
			});
			const values = live
				.all<{ value: string }>('SELECT value FROM asset_snapshots ORDER BY rowid')
				.map((r) => r.value);
			expect(values).toEqual([
				'6172.839',
				'1234.56',
				'12345678901234568',
				'12345678901234568',
				'15000',
				'9000.1',
				'0.03',
				'0.99',
				'100000',
				'-250.75'
			]);
			expect(live.all('SELECT name, quantity, disposed FROM assets ORDER BY rowid')).toEqual([
				{ name: 'Bitcoin (fraction)', quantity: '0.12345678', disposed: 0 },
				{ name: 'Mega Estate', quantity: null, disposed: 0 },
				{ name: 'Old Car', quantity: null, disposed: 1 },
				{ name: 'Café <b>&amp; "Ünïcödé"</b>', quantity: '3', disposed: 0 },
				{ name: 'Loan', quantity: null, disposed: 0 }
			]);
			// The original shows 12,345,678,901,236,054 (floats); the exact sum keeps the cents.
			expect(await netWorth(live)).toBe('12345678901236054.3');
			// Every reference type exists after an import, even those the file did not hold.
			expect(live.value('SELECT count(*) FROM asset_types')).toBe(13);
		}
	);

	it('the JSON and the .db of the same data give the same database', async () => {
		const fromJson = await migratedEngine();
		await importFile(fromJson, fixture('strata-1.2.12/strata-edge-backup.json'));
		const fromDb = await migratedEngine();
		await importFile(fromDb, fixture('strata-1.2.12/strata-edge.db'));
		const rows = (e: Engine) => JSON.parse(exportBackupJson(e, NOW)).data;
		const a = rows(fromJson);
		const b = rows(fromDb);
		// Reference types added on import get fresh ids; everything from the files is identical.
		const strip = (d: Record<string, { id?: string; code?: string }[]>) => ({
			...d,
			assetTypes: d.assetTypes!.map((t) => t.code).sort()
		});
		expect(strip(b)).toEqual(strip(a));
	});

	it('the documented minimal example imports, with defaults and extra fields ignored', async () => {
		const live = await migratedEngine();
		await importFile(live, fixture('v1-minimal.json'));
		expect(live.all('SELECT code, "group" FROM asset_types WHERE id = ?', ['at_cash'])).toEqual([
			{ code: 'CASH', group: 'FINANCIAL' }
		]);
		expect(live.all('SELECT value, observed_at FROM asset_snapshots')).toEqual([
			{ value: '250.00', observed_at: '2025-01-15T00:00:00.000Z' }
		]);
		expect(await netWorth(live, '2025-01-15')).toBe('250');
	});
});

describe('restore points', () => {
	it('stage a copy of the database as it was, checked, ready to replace the live one', async () => {
		const live = await migratedEngine();
		seedDemo(live, '2026-11-21');
		const sqlite3 = await loadSqlite();
		const bundled = await bundledMigrations();
		const staged = stageRestorePoint(sqlite3, live.serialize(), bundled);
		try {
			expect(exportBackupJson(staged, NOW)).toBe(exportBackupJson(live, NOW));
			expect(staged.all('SELECT * FROM schema_migrations')).toEqual(
				live.all('SELECT * FROM schema_migrations')
			);
		} finally {
			staged.close();
		}
		// Only a database this app wrote is a restore point, never the original Strata's.
		expect(() =>
			stageRestorePoint(sqlite3, fixture('strata-1.2.12/strata-demo.db'), bundled)
		).toThrow('This copy is not a database of this app');
	});
});

describe('merging', () => {
	it('merges two installs’ backups by code and name (the original fails here)', async () => {
		const live = await migratedEngine();
		await importFile(live, fixture('strata-1.2.12/strata-edge-backup.json'));
		const result = await importFile(
			live,
			fixture('strata-1.2.12/strata-demo-backup.json'),
			'merge'
		);
		expect(result.mode).toBe('merge');
		expect(result.counts.assets).toBe(6);
		expect(live.value('SELECT count(*) FROM assets')).toBe(11);
		expect(live.value('SELECT count(*) FROM asset_types')).toBe(13);
		// "high-value" is in both files: one tag, both assets carry it.
		expect(live.value("SELECT count(*) FROM tags WHERE name = 'high-value'")).toBe(1);
		expect(
			live.value(
				"SELECT count(*) FROM asset_tags at JOIN tags t ON t.id = at.tag_id WHERE t.name = 'high-value'"
			)
		).toBe(2);
		expect(await netWorth(live)).toBe('12345678901475254.3');

		// Merging the same file again changes nothing but the recomputed points.
		const before = JSON.parse(exportBackupJson(live, NOW)).data;
		await importFile(live, fixture('strata-1.2.12/strata-demo-backup.json'), 'merge');
		const after = JSON.parse(exportBackupJson(live, NOW)).data;
		for (const key of [
			'assetTypes',
			'categories',
			'tags',
			'assets',
			'assetSnapshots',
			'transactions',
			'categoriesOnAssets',
			'tagsOnAssets'
		]) {
			expect(after[key], key).toEqual(before[key]);
		}
	});
});

describe('merging keeps what the user has', () => {
	const categoryPaths = (engine: Engine) =>
		engine
			.all<{ path: string }>(
				`WITH RECURSIVE walk(id, path) AS (
           SELECT id, name FROM categories WHERE parent_id IS NULL
           UNION ALL SELECT c.id, w.path || ' › ' || c.name FROM categories c JOIN walk w ON c.parent_id = w.id)
         SELECT path FROM walk ORDER BY path`
			)
			.map((row) => row.path);

	it('never moves a category: one of the same name elsewhere is added apart, and shown first', async () => {
		const live = await migratedEngine();
		// The demo file has Financial › Investments; the edge file a top-level Investments.
		await importFile(live, fixture('strata-1.2.12/strata-demo-backup.json'));
		const ours = categoryPaths(live);
		expect(ours).toContain('Financial › Investments');
		const edge = readBackupFile(
			await loadSqlite(),
			fixture('strata-1.2.12/strata-edge-backup.json'),
			await bundledMigrations(),
			NOW
		);
		const { apart } = matchCategories(live, edge.data.categories);
		expect(apart).toEqual([
			{
				name: 'Investments',
				addedAs: 'Investments (imported)',
				filePath: 'Investments',
				ourPath: 'Financial › Investments'
			}
		]);

		await importFile(live, fixture('strata-1.2.12/strata-edge-backup.json'), 'merge');
		const after = categoryPaths(live);
		// Every category the user had is where it was, under the same name.
		for (const path of ours) expect(after).toContain(path);
		expect(after).toContain('Investments (imported) › Equities › Tech Équités — Ünïcödé');
		// Collections is top-level in both: the same category, not a second one.
		expect(after.filter((path) => path === 'Collections')).toHaveLength(1);
		expect(after).toHaveLength(ours.length + 3);
		// The file's assets are filed where the file filed them.
		const filed = live.all<{ name: string }>(
			`SELECT a.name FROM asset_categories ac JOIN assets a ON a.id = ac.asset_id
       JOIN categories c ON c.id = ac.category_id WHERE c.name = 'Tech Équités — Ünïcödé'`
		);
		expect(filed.length).toBeGreaterThan(0);
	});

	it('keeps the user’s own type labels, groups, per-unit choices and tag names', async () => {
		const live = await migratedEngine();
		await importFile(live, fixture('v1-minimal.json'));
		const typesBefore = live.all('SELECT * FROM asset_types ORDER BY id');
		const unitsBefore = live.all('SELECT * FROM asset_type_units ORDER BY 1');
		live.run("INSERT INTO tags (id, name) VALUES ('t_mine', 'high-value')");
		const file = JSON.parse(text('v1-minimal.json'));
		const [type] = file.data.assetTypes;
		file.data.assetTypes = [{ ...type, label: 'Renamed elsewhere', group: 'LIABILITIES' }];
		file.data.assetTypeUnits = [{ assetTypeId: type.id, perUnit: true }];
		file.data.tags = [{ id: 't_theirs', name: 'HIGH-VALUE' }];
		file.data.tagsOnAssets = [{ assetId: file.data.assets[0].id, tagId: 't_theirs' }];
		await importFile(live, new TextEncoder().encode(JSON.stringify(file)), 'merge');
		expect(live.all('SELECT * FROM asset_types ORDER BY id')).toEqual(typesBefore);
		expect(live.all('SELECT * FROM asset_type_units ORDER BY 1')).toEqual(unitsBefore);
		expect(live.all('SELECT id, name FROM tags')).toEqual([{ id: 't_mine', name: 'high-value' }]);
		expect(live.all('SELECT tag_id FROM asset_tags')).toEqual([{ tag_id: 't_mine' }]);
	});

	it('knows a category the user renamed or moved by its id, and never lets a kept-apart name collide', async () => {
		const live = await migratedEngine();
		await importFile(live, fixture('strata-1.2.12/strata-demo-backup.json'));
		const investments = live.value<string>("SELECT id FROM categories WHERE name = 'Investments'")!;
		live.run("UPDATE categories SET name = 'Invest', parent_id = NULL WHERE id = ?", [investments]);
		const before = categoryPaths(live);
		// The user's own older backup: its Investments is the user's Invest.
		await importFile(live, fixture('strata-1.2.12/strata-demo-backup.json'), 'merge');
		expect(categoryPaths(live)).toEqual(before);

		// A file holding both "Banking" (top level, ours is under Financial) and "Banking (imported)".
		const file = JSON.parse(text('v1-minimal.json'));
		file.data.categories = [
			{ id: 'c_x', name: 'Banking', parentId: null },
			{ id: 'c_y', name: 'Banking (imported)', parentId: null }
		];
		file.data.categoriesOnAssets = [];
		await importFile(live, new TextEncoder().encode(JSON.stringify(file)), 'merge');
		expect(categoryPaths(live)).toEqual(
			[...before, 'Banking (imported 2)', 'Banking (imported)'].sort()
		);
	});

	it('never replaces a net-worth point the user wrote a note on', async () => {
		const live = await migratedEngine();
		await importFile(live, fixture('v1-minimal.json'));
		live.run(
			"INSERT INTO portfolio_snapshots (id, value, currency, notes, observed_at, created_at) VALUES ('p_mine', '5', 'EUR', 'mine', '2025-01-10T00:00:00.000Z', '2025-01-10T00:00:00.000Z')"
		);
		const file = JSON.parse(text('v1-minimal.json'));
		file.data.portfolioSnapshots = [
			{ id: 'p_theirs', value: '9', notes: 'theirs', observedAt: '2025-01-10T00:00:00.000Z' },
			{ id: 'p_mine', value: '7', notes: 'changed', observedAt: '2025-01-11T00:00:00.000Z' }
		];
		await importFile(live, new TextEncoder().encode(JSON.stringify(file)), 'merge');
		expect(
			live.all(
				'SELECT id, value, notes, observed_at FROM portfolio_snapshots WHERE notes IS NOT NULL'
			)
		).toEqual([
			{ id: 'p_mine', value: '5', notes: 'mine', observed_at: '2025-01-10T00:00:00.000Z' }
		]);
	});

	it('leaves the net-worth points following the end-of-day rule, keeping those with notes', async () => {
		const live = await migratedEngine();
		await importFile(live, fixture('strata-1.2.12/strata-demo-backup.json'));
		await importFile(live, fixture('strata-1.2.12/strata-edge-backup.json'), 'merge');
		const points = live.all<{
			id: string;
			value: string;
			observed_at: string;
			notes: string | null;
		}>('SELECT id, value, observed_at, notes FROM portfolio_snapshots ORDER BY observed_at');
		const derived = points.filter((point) => point.notes === null);
		expect(derived.length).toBeGreaterThan(10);
		// The edge file's own point at 12:34:56 was its net worth, not the merged data's.
		expect(points.map((point) => point.observed_at)).not.toContain('2024-06-30T12:34:56.789Z');
		for (const point of derived) {
			const day = point.observed_at.slice(0, 10);
			expect(point.id).toBe(`nw-${day}`);
			expect(point.observed_at).toBe(`${day}T00:00:00.000Z`);
			expect(point.value, day).toBe(await netWorth(live, day));
		}
		// The demo file's point with a note is the user's own: still there.
		expect(points.map((point) => point.notes)).toContain('Historical seed — initial');
	});
});

describe('merging, row by row', () => {
	const minimal = () => JSON.parse(new TextDecoder().decode(fixture('v1-minimal.json')));
	const bytes = (file: unknown) => new TextEncoder().encode(JSON.stringify(file));

	it('lets the file’s valuation replace the one on the same asset and day, and keeps the file’s points', async () => {
		const live = await migratedEngine();
		await importFile(live, fixture('v1-minimal.json'));
		const file = minimal();
		file.data.assetSnapshots = [
			{ id: 's_other', assetId: 'a_1', value: '300', observedAt: '2025-01-15T12:00:00.000Z' }
		];
		file.data.portfolioSnapshots = [
			{ id: 'ps_note', value: '1', notes: 'my note', observedAt: '2025-01-15T00:00:00.000Z' }
		];
		const result = await importFile(live, bytes(file), 'merge');
		expect(live.all('SELECT id, value FROM asset_snapshots')).toEqual([
			{ id: 's_other', value: '300' }
		]);
		expect(result.counts.portfolioSnapshots).toBe(1);
		expect(
			live.all('SELECT id, notes FROM portfolio_snapshots WHERE observed_at = ?', [
				'2025-01-15T00:00:00.000Z'
			])
		).toEqual([{ id: 'ps_note', notes: 'my note' }]);
		expect(await netWorth(live, '2025-01-16')).toBe('300');
	});

	it('takes a valuation the file has as a whole value as one, even where ours had a unit price', async () => {
		const live = await migratedEngine();
		const file = minimal();
		file.data.valuationPrices = [{ assetSnapshotId: 's_1', unitPrice: '250' }];
		await importFile(live, bytes(file));
		expect(live.all('SELECT unit_price FROM valuation_prices')).toEqual([{ unit_price: '250' }]);
		// The same valuation from an install that entered it as a whole value (or from Strata 1.2).
		const whole = minimal();
		whole.data.assetSnapshots[0].value = '260';
		await importFile(live, bytes(whole), 'merge');
		expect(live.all('SELECT unit_price FROM valuation_prices')).toEqual([]);
		expect(await netWorth(live, '2025-01-16')).toBe('260');
	});

	it('refuses names that differ only by case, and two valuations of an asset on one day', async () => {
		const file = minimal();
		file.data.tags = [
			{ id: 't1', name: 'Liquid' },
			{ id: 't2', name: 'liquid' }
		];
		file.data.assetSnapshots.push({
			id: 's_2',
			assetId: 'a_1',
			value: '1',
			observedAt: '2025-01-15T18:00:00.000Z'
		});
		const error = await importFile(await migratedEngine(), bytes(file)).catch((e: unknown) => e);
		expect((error as BackupError).problems).toEqual([
			'The tag “liquid”: the name "liquid" is used twice (data.tags[1].name; also data.tags[0])',
			'The valuation of “Wallet” on 2025-01-15: the date is the day of another valuation of this asset (an asset has at most one valuation a day) (data.assetSnapshots[1].observedAt; also data.assetSnapshots[0])'
		]);
	});
});

const FUTURE_LABEL = `${String((await bundledMigrations()).length + 1).padStart(4, '0')}_from_the_future`;

describe('bad input is refused with a clear message and changes nothing', () => {
	const demo = JSON.parse(text('strata-1.2.12/strata-demo-backup.json'));
	const edited = (change: (file: typeof demo) => void) => {
		const copy = structuredClone(demo);
		change(copy);
		return new TextEncoder().encode(JSON.stringify(copy));
	};
	const json = (value: unknown) =>
		new TextEncoder().encode(typeof value === 'string' ? value : JSON.stringify(value));

	async function newerStrataDb() {
		const engine = await migratedEngine();
		const bundled = await bundledMigrations();
		const [future] = await withChecksums([
			{
				version: bundled.length + 1,
				name: 'from_the_future',
				up: 'CREATE TABLE future (id TEXT);',
				down: 'DROP TABLE future;'
			}
		]);
		migrate(engine, [...bundled, future!]);
		return engine.serialize();
	}
	async function otherAppDb() {
		const engine = await memoryEngine();
		engine.exec(
			"CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT); INSERT INTO notes (body) VALUES ('hello');"
		);
		return engine.serialize();
	}
	function corrupted() {
		const bytes = fixture('strata-1.2.12/strata-demo.db').slice();
		for (let i = 4096 * 3; i < 4096 * 3 + 2000; i++) bytes[i] = (i * 7) & 0xff;
		return bytes;
	}
	function randomBinary() {
		let seed = 42;
		return Uint8Array.from(
			{ length: 4096 },
			() => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) & 0xff
		);
	}

	const cases: [string, () => Uint8Array | Promise<Uint8Array>, string | RegExp][] = [
		[
			'invalid JSON',
			() => json('{"schemaVersion": "1", "data": {'),
			/^This file is not valid JSON, so it is not a Strata backup/
		],
		['an empty file', () => json('   \n'), 'The file is empty: there is no backup in it.'],
		[
			'a 0-byte file',
			() => new Uint8Array(),
			'The file is empty (0 bytes): there is no backup in it.'
		],
		['a JSON array', () => json([demo]), /the file holds a JSON array/],
		[
			'a wrapper object',
			() => json({ data: demo }),
			'This backup is wrapped inside another object (under "data"). Import the inner object: the file must start with "schemaVersion".'
		],
		[
			'a missing schemaVersion',
			() => json({ data: demo.data }),
			'This is not a Strata backup: "schemaVersion" is missing.'
		],
		[
			'a non-string schemaVersion',
			() => json({ ...demo, schemaVersion: 1 }),
			'schemaVersion: expected text like "1", found the number 1.'
		],
		[
			'another schemaVersion',
			() => fixture('v1-bad-version.json'),
			"Unsupported backup schemaVersion '2', expected '1'"
		],
		[
			'data not an object',
			() => json({ ...demo, data: [] }),
			'The “data” part of the backup is not an object holding the tables (it is an array) (data)'
		],
		[
			'a table that is not an array',
			() => edited((f) => (f.data.assets = {})),
			'The table of assets is not an array of rows (it is an object) (data.assets)'
		],
		[
			'a wrong type in a field',
			() => edited((f) => (f.data.assets[3].name = 42)),
			'Row 4 of the assets: the name is not text (it is the number 42) (data.assets[3].name)'
		],
		[
			'a number instead of a decimal string',
			() => edited((f) => (f.data.assetSnapshots[0].value = 3830)),
			'The valuation of “BNP Checking Account” on 2025-09-21: the value is not a number written as text, like "4250.00" (it is the number 3830) (data.assetSnapshots[0].value)'
		],
		[
			'scientific notation',
			() => edited((f) => (f.data.assets[3].quantity = '1e5')),
			'The asset “Home Loan — BNP”: the quantity "1e5" is not a plain decimal (scientific notation is not accepted) (data.assets[3].quantity)'
		],
		[
			'NaN',
			() => edited((f) => (f.data.transactions[0].unitPrice = 'NaN')),
			'The transaction of “BNP Checking Account” on 2025-01-15: the unit price "NaN" is not a plain decimal (it is not a finite number) (data.transactions[0].unitPrice)'
		],
		[
			'more than 20 integer digits',
			() => edited((f) => (f.data.assetSnapshots[1].value = '123456789012345678901')),
			'The valuation of “BNP Checking Account” on 2025-10-21: the value "123456789012345678901" has more than 20 integer digits (data.assetSnapshots[1].value)'
		],
		[
			'a bad date',
			() => edited((f) => (f.data.assetSnapshots[2].observedAt = '2025-02-30T00:00:00.000Z')),
			'A valuation of “BNP Checking Account” (row 3): the date "2025-02-30T00:00:00.000Z" is not a valid ISO 8601 date and time (data.assetSnapshots[2].observedAt)'
		],
		[
			'a reference to a missing row',
			() => edited((f) => (f.data.assetSnapshots[4].assetId = 'nowhere')),
			'The valuation on 2026-01-21 (row 5): the asset "nowhere" is not the id of any asset in the file (data.assetSnapshots[4].assetId)'
		],
		[
			'duplicate ids',
			() => edited((f) => (f.data.tags[5].id = f.data.tags[1].id)),
			/^The tag “.*”: the id ".*" is used twice \(data\.tags\[5\]\.id; also data\.tags\[1\]\)$/m
		],
		[
			'a category cycle',
			() => edited((f) => (f.data.categories[0].parentId = f.data.categories[1].id)),
			'The category “Real Estate”: the parent category forms a cycle of categories (Real Estate › Residential › Real Estate) (data.categories[0].parentId)'
		],
		[
			'a random binary file',
			randomBinary,
			'This file is neither a Strata backup (JSON) nor an SQLite database: it holds binary data.'
		],
		[
			'a truncated .db',
			() => fixture('strata-1.2.12/strata-demo.db').slice(0, 50_000),
			/^This database file (is damaged|cannot be read)/
		],
		['a corrupted .db', corrupted, /^This database file (is damaged|cannot be read)/],
		[
			'a .db of another application',
			otherAppDb,
			'This SQLite database is not a Strata backup: it holds the tables notes.'
		],
		[
			'a .db written by a newer Strata',
			newerStrataDb,
			`This database was written by a newer version of Strata: it has update steps this version does not know (${FUTURE_LABEL}). Update Strata, then import it.`
		]
	];

	it.each(cases)('%s', async (_what, make, expected) => {
		const { engine: live } = await testDatabase();
		seedDemo(live, '2026-11-21');
		const exportBefore = withoutExportedAt(exportBackupJson(live, NOW));
		const bytesBefore = fingerprint(live.serialize());

		const error = await importFile(live, await make()).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(BackupError);
		// What the page shows: the message, then each problem on its own line.
		const message = [(error as BackupError).message, ...(error as BackupError).problems].join('\n');
		if (typeof expected === 'string') expect(message).toContain(expected);
		else expect(message).toMatch(expected);
		expect((error as BackupError).problems.length).toBeLessThanOrEqual(20);

		expect(withoutExportedAt(exportBackupJson(live, NOW))).toBe(exportBefore);
		expect(fingerprint(live.serialize())).toBe(bytesBefore);
	});

	it('lists at most the first 20 problems', () => {
		const file = structuredClone(demo);
		for (const snapshot of file.data.assetSnapshots) snapshot.value = '1e3';
		const error = (() => {
			try {
				parseBackup(JSON.stringify(file));
			} catch (e) {
				return e as BackupError;
			}
		})()!;
		expect(error.problems).toHaveLength(20);
		expect(error.message).toContain('90 problems (the first 20 are listed)');
	});

	it('a replace checks every reference over the result, and references stay enforced after', async () => {
		const { engine: live } = await testDatabase();
		seedDemo(live, '2026-11-21');
		const bytesBefore = fingerprint(live.serialize());
		const file = () => parseBackup(text('strata-1.2.12/strata-demo-backup.json')).data;
		// Rows that got past validation (as a bug there would let them): a valuation of no asset.
		const broken = file();
		broken.assetSnapshots[0] = { ...broken.assetSnapshots[0]!, assetId: 'no-such-asset' };

		expect(() => importBackup(live, broken, 'replace', { now: NOW })).toThrow(
			'a row of asset_snapshots points to a missing row of assets'
		);
		expect(fingerprint(live.serialize())).toBe(bytesBefore);
		expect(live.value('PRAGMA foreign_keys')).toBe(1);

		importBackup(live, file(), 'replace', { now: NOW });
		expect(await netWorth(live)).toBe('239200');
		expect(live.value('PRAGMA foreign_keys')).toBe(1);
	});
});
