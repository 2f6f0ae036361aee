import { describe, expect, it } from 'vitest';
import { fingerprint, memoryEngine, migratedEngine, schemaOf } from '../../../tests/helpers/sqlite';
import {
	bundledMigrations,
	collectMigrationFiles,
	withChecksums,
	type Migration
} from './migrations';
import {
	MigrationError,
	MigrationRefusedError,
	migrate,
	readAppliedMigrations,
	rollbackMigrations,
	schemaVersion
} from './migrator';
import { REFERENCE_ASSET_TYPES } from './reference-data';

async function extraMigration(version: number, up: string, down = 'SELECT 1;'): Promise<Migration> {
	const [m] = await withChecksums([{ version, name: `extra_${version}`, up, down }]);
	return m!;
}

describe('bundled migrations', () => {
	it('all apply, in order, to an empty database', async () => {
		const bundled = await bundledMigrations();
		const sut = await memoryEngine();
		const ran = migrate(sut, bundled);
		expect(ran.map((m) => m.version)).toEqual(bundled.map((_, i) => i + 1));
		expect(schemaVersion(sut)).toBe(bundled.length);
		const applied = readAppliedMigrations(sut);
		expect(applied.map((row) => [row.version, row.name, row.checksum])).toEqual(
			bundled.map((m) => [m.version, m.name, m.checksum])
		);
		expect(
			applied.every((row) => /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/.test(row.applied_at))
		).toBe(true);
		// Running again changes nothing.
		expect(migrate(sut, bundled)).toEqual([]);
	});

	it('create the nine tables of the Strata data model, and the change history', async () => {
		const sut = await migratedEngine();
		const tables = sut
			.all<{ name: string }>("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")
			.map((row) => row.name);
		expect(tables).toEqual([
			'asset_categories',
			'asset_days',
			'asset_details',
			'asset_snapshots',
			'asset_tags',
			'asset_type_units',
			'asset_types',
			'assets',
			'categories',
			'change_log',
			'currency_days',
			'derived_versions',
			'exchange_rates',
			'portfolio_snapshots',
			'sale_results',
			'schema_migrations',
			'series_days',
			'settings',
			'sync_changes',
			'sync_conflicts',
			'sync_devices',
			'sync_renames',
			'sync_state',
			'tags',
			'transactions',
			'valuation_prices'
		]);
		const types = sut.all<{ code: string }>('SELECT code FROM asset_types ORDER BY code');
		expect(types.map((t) => t.code)).toEqual(REFERENCE_ASSET_TYPES.map((t) => t.code).sort());
	});

	it('every down script undoes its up script exactly', async () => {
		const bundled = await bundledMigrations();
		const sut = await memoryEngine();
		for (const migration of bundled) {
			const before = schemaOf(sut);
			migrate(sut, bundled.slice(0, migration.version));
			expect(schemaOf(sut)).not.toEqual(before);
			rollbackMigrations(sut, bundled, 1);
			expect(schemaOf(sut)).toEqual(before);
			migrate(sut, bundled.slice(0, migration.version));
		}
	});

	it('keep decimals as text and refuse anything else', async () => {
		const sut = await migratedEngine();
		sut.run(
			"INSERT INTO assets (id, name, quantity, asset_type_id) SELECT 'a', 'A', '0.12345678', id FROM asset_types WHERE code = 'CASH'"
		);
		expect(sut.value("SELECT quantity FROM assets WHERE id = 'a'")).toBe('0.12345678');
		for (const bad of ['1e5', '', '1,5', '-', '.5', '1.', '1-2']) {
			expect(() =>
				sut.run(
					"INSERT INTO asset_snapshots (id, asset_id, value, observed_at) VALUES ('s', 'a', ?, '2025-01-15T00:00:00.000Z')",
					[bad]
				)
			).toThrow(/CHECK constraint failed/);
		}
		expect(() =>
			sut.run(
				"INSERT INTO asset_snapshots (id, asset_id, value, observed_at) VALUES ('s', 'a', '1', '2025-01-15')"
			)
		).toThrow(/CHECK constraint failed/);
	});
});

describe('a failing migration', () => {
	it('rolls back completely and names itself', async () => {
		const bundled = await bundledMigrations();
		const sut = await migratedEngine();
		sut.run("INSERT INTO tags (id, name) VALUES ('t1', 'liquid')");
		const before = fingerprint(sut.serialize());
		const broken = await extraMigration(
			bundled.length + 1,
			"CREATE TABLE notes (id TEXT PRIMARY KEY); INSERT INTO tags (id, name) VALUES ('t2', 'x'); SELECT * FROM no_such_table;"
		);
		let caught: unknown;
		try {
			migrate(sut, [...bundled, broken]);
		} catch (error) {
			caught = error;
		}
		expect(caught).toBeInstanceOf(MigrationError);
		expect((caught as MigrationError).migration.version).toBe(broken.version);
		expect((caught as MigrationError).message).toContain(`extra_${broken.version}`);
		expect((caught as MigrationError).sqliteMessage).toContain('no such table: no_such_table');
		expect(fingerprint(sut.serialize())).toBe(before);
	});

	it('takes the migrations before it in the same run back with it', async () => {
		const bundled = await bundledMigrations();
		const sut = await migratedEngine();
		const before = fingerprint(sut.serialize());
		const good = await extraMigration(
			bundled.length + 1,
			'CREATE TABLE notes (id TEXT PRIMARY KEY);'
		);
		const bad = await extraMigration(bundled.length + 2, 'ALTER TABLE nowhere ADD COLUMN x TEXT;');
		expect(() => migrate(sut, [...bundled, good, bad])).toThrow(
			`Migration ${String(bad.version).padStart(4, '0')}_extra_${bad.version} failed: no such table: nowhere`
		);
		expect(fingerprint(sut.serialize())).toBe(before);
		expect(schemaVersion(sut)).toBe(bundled.length);
	});

	it('that breaks a foreign key is refused before commit', async () => {
		const bundled = await bundledMigrations();
		const sut = await migratedEngine();
		const before = fingerprint(sut.serialize());
		const orphan = await extraMigration(
			bundled.length + 1,
			"INSERT INTO asset_tags (asset_id, tag_id) VALUES ('nowhere', 'nothing');"
		);
		expect(() => migrate(sut, [...bundled, orphan])).toThrow(/FOREIGN KEY constraint failed/);
		expect(fingerprint(sut.serialize())).toBe(before);
	});
});

describe('a database this build did not write', () => {
	it('is refused untouched when it ran a newer migration', async () => {
		const bundled = await bundledMigrations();
		const sut = await migratedEngine();
		const newer = await extraMigration(bundled.length + 1, 'CREATE TABLE future (id TEXT);');
		migrate(sut, [...bundled, newer]);
		const before = fingerprint(sut.serialize());
		expect(() => migrate(sut, bundled)).toThrow(MigrationRefusedError);
		try {
			migrate(sut, bundled);
		} catch (error) {
			expect((error as MigrationRefusedError).plan.unknown).toEqual([
				{ version: newer.version, name: newer.name }
			]);
		}
		expect(fingerprint(sut.serialize())).toBe(before);
	});

	it('is refused untouched when a migration that ran was edited since', async () => {
		const bundled = await bundledMigrations();
		const sut = await migratedEngine();
		const before = fingerprint(sut.serialize());
		const edited = bundled.map((m, i) => (i === 0 ? { ...m, checksum: 'f'.repeat(64) } : m));
		expect(() => migrate(sut, edited)).toThrow(/changed after they ran: 0001_initial_schema/);
		expect(fingerprint(sut.serialize())).toBe(before);
	});
});

describe('migration files', () => {
	it('must be numbered without gaps and come in up/down pairs', () => {
		expect(() =>
			collectMigrationFiles(
				{ '/migrations/0002_b.up.sql': '' },
				{ '/migrations/0002_b.down.sql': '' }
			)
		).toThrow(/numbered 1, 2, 3/);
		expect(() => collectMigrationFiles({ '/migrations/0001_a.up.sql': '' }, {})).toThrow(
			/no \.down\.sql/
		);
		expect(() => collectMigrationFiles({ '/migrations/1_a.up.sql': '' }, {})).toThrow(
			/must look like/
		);
	});
});

describe('rolling back', () => {
	it('several migrations happens in one transaction', async () => {
		const bundled = await bundledMigrations();
		const sut = await migratedEngine();
		const second = await extraMigration(
			bundled.length + 1,
			'CREATE TABLE a2 (id TEXT);',
			'DROP TABLE a2;'
		);
		const third = await extraMigration(
			bundled.length + 2,
			'CREATE TABLE a3 (id TEXT);',
			'DROP TABLE nope;'
		);
		const all = [...bundled, second, third];
		migrate(sut, all);
		const before = fingerprint(sut.serialize());
		// The third's down script fails, so the second's must not stay undone either.
		expect(() => rollbackMigrations(sut, all, 2)).toThrow(MigrationError);
		expect(fingerprint(sut.serialize())).toBe(before);
	});
});
