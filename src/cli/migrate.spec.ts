/**
 * `strata migrate`, run as a real process: an older Strata database brought to this version with
 * a copy of it kept first, then left alone when up to date; a newer database, the original's,
 * a JSON backup, a damaged file and a database still open elsewhere refused, byte for byte
 * unchanged and with no copy made.
 */
import { chmodSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { copyFixture, fileFingerprint, scratch, strata } from '../../tests/helpers/cli';
import {
	loadSqlite,
	memoryEngine,
	migratedEngine,
	newerDatabaseBytes
} from '../../tests/helpers/sqlite';
import { readBackupFile } from '$lib/backup/backup-file';
import { importBackup } from '$lib/backup/import-json';
import { bundledMigrations } from '$lib/db/migrations';
import { rollbackMigrations, schemaVersion } from '$lib/db/migrator';

let dir: string;
let latest: number;

/** A file's permission bits (0o600: its owner reads and writes it, nobody else). */
const modeOf = (path: string) => statSync(path).mode & 0o777;

/** The original's demo imported by this version, then rolled back to schema version 3. */
async function olderDatabase(): Promise<Uint8Array> {
	const bundled = await bundledMigrations();
	const engine = await migratedEngine();
	const demo = new Uint8Array(
		readFileSync(new URL('../../tests/fixtures/strata-1.2.12/strata-demo.db', import.meta.url))
	);
	importBackup(engine, readBackupFile(await loadSqlite(), demo, bundled).data, 'replace');
	rollbackMigrations(engine, bundled, bundled.length - 3);
	expect(schemaVersion(engine)).toBe(3);
	const bytes = engine.serialize();
	engine.close();
	return bytes;
}

beforeAll(async () => {
	dir = scratch();
	latest = (await bundledMigrations()).length;
});

/** Runs migrate on a file that must be refused: its exit code, and nothing changed or added. */
async function refused(file: string, exit: number, code: string, words: RegExp) {
	const before = fileFingerprint(file);
	const names = readdirSync(dir);
	const run = await strata(['migrate', file, '--json']);
	expect(run.code).toBe(exit);
	expect(run.json()).toMatchObject({
		ok: false,
		error: { code, message: expect.stringMatching(words) }
	});
	expect(fileFingerprint(file)).toBe(before);
	expect(readdirSync(dir)).toEqual(names);
}

describe('strata migrate', () => {
	it('updates an older database, keeping a copy of it as it was first', async () => {
		const file = join(dir, 'strata.db');
		const older = await olderDatabase();
		writeFileSync(file, older);
		chmodSync(file, 0o600);

		const run = await strata(['migrate', file]);
		expect(run.code).toBe(0);
		expect(run.stdout).toMatch(
			new RegExp(`strata\\.db updated from schema version 3 to ${latest}: 0004_currencies`)
		);
		const copy = /kept in (.*strata\.before-migrate-[\dT-]+Z\.db)\./.exec(run.stdout)?.[1];
		expect(copy).toBeDefined();
		expect(new Uint8Array(readFileSync(copy!))).toEqual(older);
		// A financial file stays its owner's only: the database and the copy of it.
		expect(modeOf(file)).toBe(0o600);
		expect(modeOf(copy!)).toBe(0o600);

		// The file is now this version's, and holds what it held.
		const migrated = await memoryEngine(new Uint8Array(readFileSync(file)));
		expect(schemaVersion(migrated)).toBe(latest);
		migrated.close();
		const worth = await strata(['networth', file, '--json']);
		expect(worth.json()).toMatchObject({ netWorth: '239200' });

		// Up to date: nothing is written, and no copy is made.
		const before = fileFingerprint(file);
		const again = await strata(['migrate', file, '--json']);
		expect(again.code).toBe(0);
		expect(again.json()).toEqual({
			ok: true,
			file,
			copy: null,
			from: latest,
			to: latest,
			applied: []
		});
		expect(fileFingerprint(file)).toBe(before);
		expect(readdirSync(dir).filter((name) => name.includes('before-migrate'))).toHaveLength(1);
	});

	it('refuses a database a newer Strata wrote (exit 3)', async () => {
		const file = join(dir, 'newer.db');
		writeFileSync(file, await newerDatabaseBytes());
		await refused(
			file,
			3,
			'newer-database',
			/newer version of Strata.*0099_from_the_future.*Nothing was changed/
		);
	});

	it('refuses the original Strata 1.2’s database, pointing to convert (exit 3)', async () => {
		const file = copyFixture('strata-1.2.12/strata-demo.db', dir, 'original.db');
		await refused(file, 3, 'refused', /original Strata 1\.2.*strata convert/);
	});

	it('refuses a JSON backup (exit 3)', async () => {
		const file = copyFixture('strata-1.2.12/strata-demo-backup.json', dir);
		await refused(file, 3, 'refused', /not a database file: .*A JSON backup needs no update/);
	});

	it('refuses a database cut short (exit 1)', async () => {
		const file = join(dir, 'cut.db');
		writeFileSync(file, (await olderDatabase()).subarray(0, 8192));
		await refused(file, 1, 'bad-file', /damaged|cut short|cannot be read/);
	});

	it('refuses a database holding a trigger of its own, naming it (exit 3)', async () => {
		const older = await memoryEngine(await olderDatabase());
		older.exec(
			'CREATE TRIGGER wipe AFTER INSERT ON schema_migrations BEGIN DELETE FROM assets; END'
		);
		const file = join(dir, 'trapped.db');
		writeFileSync(file, older.serialize());
		older.close();
		await refused(file, 3, 'refused', /holds things Strata never makes/);
		const run = await strata(['migrate', file]);
		expect(run.stderr).toContain('\n  - trigger “wipe”');
	});

	it('refuses a database with a write-ahead log beside it (exit 3)', async () => {
		const file = join(dir, 'open.db');
		writeFileSync(file, await olderDatabase());
		writeFileSync(`${file}-wal`, '');
		await refused(file, 3, 'refused', /open\.db-wal is beside it/);
	});
});
