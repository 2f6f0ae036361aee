/**
 * Files made to harm: whatever a file's schema holds (triggers, views, virtual tables, computed
 * columns, tables of its own) is data to us and never runs; what is not ours is left out and
 * named, or the file is refused with a message; nothing of the live data changes on a refusal.
 */
import { describe, expect, it } from 'vitest';
import {
	fingerprint,
	loadSqlite,
	memoryEngine,
	migratedEngine
} from '../../../tests/helpers/sqlite';
import { bundledMigrations } from '$lib/db/migrations';
import { BOOKKEEPING, migrate } from '$lib/db/migrator';
import { ensureReferenceAssetTypes } from '$lib/db/reference-data';
import type { Engine } from '$lib/db/worker/engine';
import { seedDemo } from '$lib/domain/demo-seed';
import { readBackupFile, type CheckedBackup } from './backup-file';
import { exportBackupJson } from './export-json';
import { BackupError, parseBackup } from './format';
import { importBackup } from './import-json';

const NOW = new Date('2026-11-21T18:00:00.000Z');

async function demoEngine(): Promise<Engine> {
	const engine = await migratedEngine();
	seedDemo(engine, '2026-11-21');
	return engine;
}

/** The demo's file, changed by `change` (run on a copy of it, with every SQL feature on). */
async function demoFileWith(change: (engine: Engine) => void): Promise<Uint8Array> {
	const engine = await demoEngine();
	change(engine);
	return engine.serialize();
}

async function read(bytes: Uint8Array): Promise<CheckedBackup> {
	return readBackupFile(await loadSqlite(), bytes, await bundledMigrations(), NOW);
}

/** What the clean demo's own export holds: the rows a file may give, and nothing else. */
async function rowsOf(engine: Engine) {
	return parseBackup(exportBackupJson(engine, NOW)).data;
}

/** Tries the file against a live database: refused, with the live data exactly as it was. */
async function refused(bytes: Uint8Array): Promise<string> {
	const live = await demoEngine();
	const before = fingerprint(live.serialize());
	const error = await read(bytes)
		.then((backup) => importBackup(live, backup.data, 'replace', { now: NOW }))
		.then(
			() => null,
			(e: unknown) => e
		);
	expect(error).toBeInstanceOf(BackupError);
	expect(fingerprint(live.serialize())).toBe(before);
	return (error as BackupError).message;
}

describe('a .db file’s own code', () => {
	it('never runs: a trigger on the migration table writes nothing, and is named as left out', async () => {
		// The case found: an empty schema_migrations whose trigger fired while we migrated the file.
		const file = await memoryEngine();
		file.exec(BOOKKEEPING);
		file.exec(`CREATE TRIGGER plant AFTER INSERT ON schema_migrations BEGIN
			INSERT INTO asset_types (id, code, label, "group") VALUES ('evil', 'EVIL', 'Evil', 'Assets');
			INSERT INTO assets (id, name, quantity, disposed, asset_type_id) VALUES ('x', 'Planted', '1', 0, 'evil');
		END`);
		const backup = await read(file.serialize());
		expect(backup.data.assets).toEqual([]);
		expect(backup.data.assetTypes.some((t) => t.code === 'EVIL')).toBe(false);
		expect(backup.leftOut).toEqual(['trigger “plant”']);
	});

	it('never runs in a file of an older version either: its rows come exactly as stored', async () => {
		const bundled = await bundledMigrations();
		const file = await memoryEngine();
		migrate(file, bundled.slice(0, 1));
		ensureReferenceAssetTypes(file);
		file.exec(`INSERT INTO assets (id, name, quantity, disposed, asset_type_id)
			SELECT 'flat', 'Flat', '1', 0, id FROM asset_types WHERE code = 'REAL_ESTATE';
			INSERT INTO asset_snapshots (id, asset_id, value, observed_at)
			VALUES ('v', 'flat', '250000.00', '2026-01-01T00:00:00.000Z');
			CREATE TRIGGER plant AFTER INSERT ON schema_migrations BEGIN
				UPDATE asset_snapshots SET value = '1.00';
				INSERT INTO assets (id, name, quantity, disposed, asset_type_id)
				SELECT 'x', 'Planted', '1', 0, asset_type_id FROM assets;
			END`);
		const backup = await read(file.serialize());
		expect(backup.data.assets.map((a) => a.name)).toEqual(['Flat']);
		expect(backup.data.assetSnapshots.map((v) => v.value)).toEqual(['250000.00']);
		expect(backup.leftOut).toEqual(['trigger “plant”']);
	});

	it('tables, views and columns of its own are left out and named; ours come exactly', async () => {
		const clean = await demoEngine();
		const copy = await memoryEngine(clean.serialize());
		copy.exec(`CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('hello');
			CREATE VIEW everything AS SELECT * FROM assets;
			ALTER TABLE assets ADD COLUMN nickname TEXT;
			ALTER TABLE tags ADD COLUMN loud TEXT GENERATED ALWAYS AS (upper(name)) VIRTUAL;
			CREATE INDEX tags_by_length ON tags (length(name))`);
		const backup = await read(copy.serialize());
		expect(backup.data).toEqual(await rowsOf(clean));
		expect(backup.leftOut).toEqual([
			'table “notes”',
			'view “everything”',
			'column “loud” of tags',
			'column “nickname” of assets'
		]);
	});

	it('is refused when it holds a virtual table (a module’s code over its data), unread', async () => {
		const copy = await memoryEngine((await demoEngine()).serialize());
		copy.exec(`CREATE VIRTUAL TABLE search USING fts5(body); INSERT INTO search VALUES ('x')`);
		expect(await refused(copy.serialize())).toBe(
			'This database file holds the virtual table search, which Strata never has: it is refused.'
		);
	});
});

describe('a .db file whose tables are not tables', () => {
	const replaceTags = (definition: string) =>
		demoFileWith((engine) =>
			engine.exec(
				`PRAGMA foreign_keys = OFF; DROP TABLE asset_tags; DROP TABLE tags; ${definition}`
			)
		);

	it('is refused when one of ours is a view', async () => {
		const bytes = await replaceTags('CREATE VIEW tags AS SELECT id, name FROM categories');
		expect(await refused(bytes)).toBe(
			'This database file’s tags is a view, not a table: it is not a Strata database.'
		);
	});

	it('is refused at once when that view never ends (WITH RECURSIVE)', async () => {
		const bytes = await replaceTags(`CREATE VIEW tags AS WITH RECURSIVE r(n) AS
			(SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT n AS id, n AS name FROM r`);
		expect(await refused(bytes)).toBe(
			'This database file’s tags is a view, not a table: it is not a Strata database.'
		);
	});

	it('is refused when one of ours is a virtual table', async () => {
		const bytes = await replaceTags('CREATE VIRTUAL TABLE tags USING fts5(id, name)');
		expect(await refused(bytes)).toBe(
			'This database file holds the virtual table tags, which Strata never has: it is refused.'
		);
	});

	it('is refused when it computes one of our columns instead of storing it', async () => {
		const bytes = await replaceTags(
			`CREATE TABLE tags (id TEXT PRIMARY KEY, name TEXT GENERATED ALWAYS AS (id || '!') VIRTUAL)`
		);
		expect(await refused(bytes)).toBe(
			'This database file computes the column name of tags instead of storing it: it is refused.'
		);
	});

	it('is refused when one of ours is missing', async () => {
		const bytes = await demoFileWith((engine) =>
			engine.exec('PRAGMA foreign_keys = OFF; DROP TABLE asset_tags')
		);
		expect(await refused(bytes)).toBe(
			'This database file has no table asset_tags: it is not a Strata database of a known version.'
		);
	});
});

describe('a .db file laid out unusually', () => {
	it('in WAL mode, with small or large pages, or in UTF-16, reads exactly', async () => {
		const sqlite3 = await loadSqlite();
		const bundled = await bundledMigrations();
		for (const setup of [
			'PRAGMA page_size = 512',
			'PRAGMA page_size = 65536',
			"PRAGMA encoding = 'UTF-16le'",
			"PRAGMA encoding = 'UTF-16be'"
		]) {
			const engine = await memoryEngine();
			engine.exec(setup);
			migrate(engine, bundled);
			ensureReferenceAssetTypes(engine);
			seedDemo(engine, '2026-11-21');
			engine.run("UPDATE tags SET name = 'Épargne 💶 日本' WHERE name = 'liquid'");
			const backup = readBackupFile(sqlite3, engine.serialize(), bundled, NOW);
			expect(backup.data, setup).toEqual(await rowsOf(engine));
		}
		const clean = await demoEngine();
		const wal = clean.serialize();
		wal[18] = 2;
		wal[19] = 2;
		expect((await read(wal)).data).toEqual(await rowsOf(clean));
	});
});

describe('a JSON file made to harm', () => {
	const demoJson = async () => JSON.parse(exportBackupJson(await demoEngine(), NOW));
	const bytesOf = (text: string) => new TextEncoder().encode(text);

	it('with a lone surrogate in a name is refused with where it is, never stored changed', async () => {
		const file = await demoJson();
		file.data.tags[0].name = 'x\ud800y';
		const text = JSON.stringify(file);
		expect(text).toContain('x\\ud800y');
		await refused(bytesOf(text));
		const error = (await read(bytesOf(text)).catch((e: unknown) => e)) as BackupError;
		expect(error.problems).toEqual([
			'Row 1 of the tags: the name holds a broken character (half of a UTF-16 pair, written like \\ud800): text is kept exactly, so correct it in the file (data.tags[0].name)'
		]);
	});

	it('with prototype keys pollutes nothing: unknown tables and fields are ignored', async () => {
		const clean = exportBackupJson(await demoEngine(), NOW);
		const poison = '"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}';
		for (const [where, to] of [
			['"data":{', `"data":{${poison},`],
			['"tags":[{', `"tags":[{${poison},`]
		]) {
			const backup = await read(bytesOf(clean.replace(where!, to!)));
			expect(backup.data).toEqual(parseBackup(clean).data);
		}
		expect(({} as Record<string, unknown>).polluted).toBeUndefined();
		expect(Object.prototype).not.toHaveProperty('polluted');
	});

	it('nested 100,000 deep is refused with a message', async () => {
		const deep = '['.repeat(100_000) + ']'.repeat(100_000);
		const message = await refused(bytesOf(`{"schemaVersion":"1","data":{"tags":${deep}}}`));
		expect(message).toMatch(/^This (file is not valid JSON|backup cannot be imported)/);
	});

	it('with a field left out names what is missing, never "undefined"', async () => {
		const file = await demoJson();
		delete file.data.tags[0].name;
		delete file.data.assetSnapshots[0].value;
		delete file.data.assets[0].createdAt;
		const error = (await read(bytesOf(JSON.stringify(file))).catch(
			(e: unknown) => e
		)) as BackupError;
		expect(error.problems.join('\n')).not.toMatch(/undefined/);
		expect(error.problems).toContain('Row 1 of the tags: the name is missing (data.tags[0].name)');
	});
});
