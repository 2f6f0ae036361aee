import { describe, expect, it } from 'vitest';
import {
	fingerprint,
	loadSqlite,
	memoryEngine,
	migratedEngine,
	schemaOf
} from '../../../../tests/helpers/sqlite';
import { MemoryRestorePoints } from '$lib/backup/restore-points';
import { seedDemo } from '$lib/domain/demo-seed';
import { bundledMigrations, withChecksums, type Migration } from '../migrations';
import { MigrationError, migrate, planFor, schemaVersion } from '../migrator';
import { Engine } from './engine';
import { dryRun, migrateOnOpen, migrationStatus, rollback } from './lifecycle';

/** The version a migration added after this build's last one gets. */
const NEXT = (await bundledMigrations()).length + 1;
const NEXT_LABEL = `${String(NEXT).padStart(4, '0')}_next_change`;

async function next(up: string, down = 'SELECT 1;'): Promise<Migration[]> {
	const bundled = await bundledMigrations();
	const [m] = await withChecksums([{ version: bundled.length + 1, name: 'next_change', up, down }]);
	return [...bundled, m!];
}

function keeper(points: MemoryRestorePoints, engine: Engine) {
	return (reason: string) =>
		points.save(
			{
				database: 'real',
				createdAt: new Date().toISOString(),
				reason,
				schemaVersion: schemaVersion(engine)
			},
			engine.serialize()
		);
}

describe('migration status', () => {
	it('lists applied, pending and edited migrations with their checksums', async () => {
		const withNext = await next('CREATE TABLE notes (id TEXT);', 'DROP TABLE notes;');
		const sut = await migratedEngine();
		expect(
			migrationStatus(sut, withNext).map((m) => [m.version, m.state, m.checksumMatches])
		).toEqual([
			...withNext.slice(0, -1).map((m) => [m.version, 'applied', true]),
			[NEXT, 'pending', null]
		]);
		const edited = withNext.map((m) => (m.version === 1 ? { ...m, checksum: '0'.repeat(64) } : m));
		expect(migrationStatus(sut, edited)[0]).toMatchObject({
			state: 'edited',
			checksumMatches: false
		});
		migrate(sut, withNext);
		const withoutNext = withNext.slice(0, -1);
		expect(migrationStatus(sut, withoutNext).map((m) => m.state)).toEqual([
			...withoutNext.map(() => 'applied'),
			'unknown'
		]);
	});
});

describe('dry run', () => {
	it('reports what would change and leaves the database byte for byte as it was', async () => {
		const withNext = await next(
			'CREATE TABLE notes (id TEXT); CREATE INDEX notes_id ON notes (id);',
			'DROP TABLE notes;'
		);
		const sut = await migratedEngine();
		seedDemo(sut, '2026-11-21');
		const before = fingerprint(sut.serialize());
		const report = dryRun(await loadSqlite(), sut.serialize(), withNext);
		expect(report).toEqual({
			pending: [{ version: NEXT, name: 'next_change' }],
			ok: true,
			failure: null,
			changes: [
				{ kind: 'added', object: 'index notes_id' },
				{ kind: 'added', object: 'table notes' }
			]
		});
		expect(fingerprint(sut.serialize())).toBe(before);
		expect(schemaVersion(sut)).toBe(NEXT - 1);
	});

	it('reports a failing migration with SQLite’s message, still writing nothing', async () => {
		const sut = await migratedEngine();
		const before = fingerprint(sut.serialize());
		const report = dryRun(
			await loadSqlite(),
			sut.serialize(),
			await next('INSERT INTO nowhere VALUES (1);')
		);
		expect(report.ok).toBe(false);
		expect(report.failure).toEqual({
			migration: { version: NEXT, name: 'next_change' },
			message: 'no such table: nowhere'
		});
		expect(fingerprint(sut.serialize())).toBe(before);
	});
});

describe('rollback', () => {
	it('then migrate again gives the same schema, with a restore point kept first', async () => {
		const withNext = await next(
			'CREATE TABLE notes (id TEXT PRIMARY KEY); ALTER TABLE tags ADD COLUMN color TEXT;',
			'DROP TABLE notes; ALTER TABLE tags DROP COLUMN color;'
		);
		const sut = await migratedEngine();
		migrate(sut, withNext);
		const migrated = schemaOf(sut);
		const points = new MemoryRestorePoints();
		const { undone, restorePoint } = await rollback(sut, withNext, 1, keeper(points, sut));
		expect(undone).toEqual([{ version: NEXT, name: 'next_change' }]);
		expect(restorePoint.reason).toBe(`Before rolling back ${NEXT_LABEL}`);
		expect(restorePoint.schemaVersion).toBe(NEXT);
		expect(schemaVersion(sut)).toBe(NEXT - 1);
		migrate(sut, withNext);
		expect(schemaOf(sut)).toEqual(migrated);
	});
});

describe('migrating at start-up', () => {
	it('keeps a restore point of the database as it was, only when something is pending', async () => {
		const points = new MemoryRestorePoints();
		const fresh = await memoryEngine();
		expect(
			(
				await migrateOnOpen(
					fresh,
					await bundledMigrations(),
					planFor(fresh, await bundledMigrations()),
					keeper(points, fresh)
				)
			).restorePoint
		).toBeNull();
		expect(
			(
				await migrateOnOpen(
					fresh,
					await bundledMigrations(),
					planFor(fresh, await bundledMigrations()),
					keeper(points, fresh)
				)
			).restorePoint
		).toBeNull();

		const withNext = await next('CREATE TABLE notes (id TEXT);', 'DROP TABLE notes;');
		const before = fresh.serialize();
		const { ran, restorePoint } = await migrateOnOpen(
			fresh,
			withNext,
			planFor(fresh, withNext),
			keeper(points, fresh)
		);
		expect(ran).toEqual([{ version: NEXT, name: 'next_change' }]);
		expect(restorePoint?.reason).toBe(
			`Before updating the database to version ${NEXT} (${NEXT_LABEL})`
		);
		const kept = await points.read(restorePoint!.id);
		expect(fingerprint(kept.bytes)).toBe(fingerprint(before));
	});

	it('that fails leaves the old data and a restore point of it', async () => {
		const sut = await migratedEngine();
		seedDemo(sut, '2026-11-21');
		const before = fingerprint(sut.serialize());
		const points = new MemoryRestorePoints();
		const failing = await next("DELETE FROM assets; INSERT INTO nowhere VALUES ('x');");
		const error = await migrateOnOpen(
			sut,
			failing,
			planFor(sut, failing),
			keeper(points, sut)
		).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(MigrationError);
		expect(fingerprint(sut.serialize())).toBe(before);
		expect(sut.value('SELECT count(*) FROM assets')).toBe(11);
		const [point] = await points.list('real');
		expect(point?.reason).toBe(`Before updating the database to version ${NEXT} (${NEXT_LABEL})`);
		expect(fingerprint((await points.read(point!.id)).bytes)).toBe(before);
	});
});

describe('the demo and the real database', () => {
	it('seeding the demo twice adds nothing', async () => {
		const demo = await migratedEngine();
		expect(seedDemo(demo, '2026-11-21')).toBeGreaterThan(0);
		const before = fingerprint(demo.serialize());
		expect(seedDemo(demo, '2026-11-21')).toBe(0);
		expect(fingerprint(demo.serialize())).toBe(before);
	});
});
