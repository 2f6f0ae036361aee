/**
 * `strata convert`, run as a real process: JSON ⇄ .db and a .db for the original Strata 1.2,
 * each output read back by the app's own checks with the same rows and net worth; an existing
 * output kept unless --force; bad input leaving nothing behind; the input never changed.
 */
import { execFileSync } from 'node:child_process';
import {
	chmodSync,
	lstatSync,
	readFileSync,
	readdirSync,
	statSync,
	symlinkSync,
	writeFileSync
} from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { copyFixture, fileFingerprint, scratch, strata } from '../../tests/helpers/cli';
import { encryptBackup } from '$lib/backup/encryption';

let dir: string;
let demoJson: string;
let demoDb: string;

beforeAll(() => {
	dir = scratch();
	demoJson = copyFixture('strata-1.2.12/strata-demo-backup.json', dir);
	demoDb = copyFixture('strata-1.2.12/strata-demo.db', dir);
});

/** A file's permission bits (0o600: its owner reads and writes it, nobody else). */
const modeOf = (path: string) => statSync(path).mode & 0o777;

/** The rows of a JSON backup, without the moment it was exported. */
const rowsOf = (path: string) => JSON.parse(readFileSync(path, 'utf8')).data;

async function convert(input: string, output: string, ...args: string[]) {
	const before = fileFingerprint(input);
	const run = await strata(['convert', input, output, ...args, '--json']);
	expect(fileFingerprint(input)).toBe(before);
	return run;
}

/** What verify says of a file: its kind, origin, counts and net worth today. */
async function verified(path: string) {
	const run = await strata(['verify', path, '--json']);
	expect(run.code).toBe(0);
	const { origin, counts, netWorth } = run.json<{
		origin: string;
		counts: object;
		netWorth: { netWorth: string };
	}>();
	return { origin, counts, netWorth: netWorth.netWorth };
}

describe('strata convert', () => {
	it('turns the original’s JSON into our .db and back into the same rows', async () => {
		const db = join(dir, 'from-json.db');
		const run = await convert(demoJson, db);
		expect(run.code).toBe(0);
		expect(run.json()).toMatchObject({
			ok: true,
			from: { file: demoJson, kind: 'json', origin: 'json', encrypted: false },
			to: { file: db, format: 'db' }
		});
		expect(await verified(db)).toMatchObject({ origin: 'strata-db', netWorth: '239200' });
		// The sqlite3 shell opens it as any SQLite database.
		expect(execFileSync('sqlite3', [db, 'SELECT count(*) FROM assets']).toString().trim()).toBe(
			'6'
		);

		const back = join(dir, 'back.json');
		expect((await convert(db, back)).code).toBe(0);
		const direct = join(dir, 'direct.json');
		expect((await convert(demoJson, direct)).code).toBe(0);
		expect(rowsOf(back)).toEqual(rowsOf(direct));
		for (const key of ['assets', 'assetSnapshots', 'transactions', 'categories', 'tags'])
			expect(rowsOf(back)[key]).toEqual(rowsOf(demoJson)[key]);
	});

	it('writes a .db for the original Strata 1.2 with --to strata-1.2', async () => {
		const out = join(dir, 'strata.db');
		const run = await strata(['convert', demoDb, out, '--to', 'strata-1.2']);
		expect(run.code).toBe(0);
		expect(run.stdout).toMatch(/strata\.db written: a database for the original Strata 1\.2/);
		expect(
			execFileSync('sqlite3', [out, 'SELECT migration_name FROM _prisma_migrations'])
				.toString()
				.trim()
		).not.toBe('');
		expect(await verified(out)).toEqual(await verified(demoDb));
		expect((await verified(out)).origin).toBe('strata-1.2-db');
	});

	it('converts an encrypted backup given its passphrase', async () => {
		const file = join(dir, 'demo.json.gpg');
		writeFileSync(file, await encryptBackup(new Uint8Array(readFileSync(demoJson)), 'secret'));
		const out = join(dir, 'decrypted.db');
		const run = await strata(['convert', file, out, '--json'], {
			env: { STRATA_PASSPHRASE: 'secret' }
		});
		expect(run.code).toBe(0);
		expect(run.json()).toMatchObject({ from: { encrypted: true } });
		// Decrypted, it is readable by its owner only, whatever the umask.
		expect(modeOf(out)).toBe(0o600);
		expect((await verified(out)).netWorth).toBe('239200');
	});

	it.each([
		['strata-1.2.12/strata-demo-backup.json', 'demo.db'],
		['strata-1.2.12/strata-demo.db', 'demo-back.json'],
		['strata-1.2.12/strata-edge-backup.json', 'edge-for-1.2.db', '--to', 'strata-1.2'],
		['strata-1.2.12/strata-edge.db', 'edge.json'],
		['v1-minimal.json', 'minimal.db']
	])('converts %s to %s keeping its rows and net worth', async (name, out, ...args) => {
		const input = copyFixture(name, dir, `in-${name.split('/').at(-1)}`);
		const output = join(dir, out);
		expect((await convert(input, output, ...args)).code).toBe(0);
		expect(await verified(output)).toMatchObject({
			counts: (await verified(input)).counts,
			netWorth: (await verified(input)).netWorth
		});
	});

	it('keeps an existing output unless --force, then replaces it whole', async () => {
		const out = join(dir, 'taken.json');
		writeFileSync(out, 'mine');
		const refused = await convert(demoDb, out);
		expect(refused.code).toBe(3);
		expect(refused.json()).toMatchObject({
			ok: false,
			error: { code: 'exists', message: expect.stringMatching(/--force/) }
		});
		expect(readFileSync(out, 'utf8')).toBe('mine');

		chmodSync(out, 0o640);
		const forced = await convert(demoDb, out, '--force');
		expect(forced.code).toBe(0);
		expect(rowsOf(out).assets).toHaveLength(6);
		expect(modeOf(out)).toBe(0o640);

		// Through a symbolic link: the file it points to is replaced, and the link stays a link.
		const link = join(dir, 'link.json');
		symlinkSync(out, link);
		writeFileSync(out, 'mine');
		expect((await convert(demoJson, link, '--force')).code).toBe(0);
		expect(lstatSync(link).isSymbolicLink()).toBe(true);
		expect(rowsOf(out).assets).toHaveLength(6);
		expect(modeOf(out)).toBe(0o640);
		// Nothing but the files the tests made: no temporary file left over.
		expect(readdirSync(dir).filter((name) => name.includes('partial'))).toEqual([]);
	});

	it('writes nothing for a bad input (exit 1)', async () => {
		const bad = copyFixture('v1-bad-version.json', dir);
		const out = join(dir, 'never.db');
		const run = await convert(bad, out);
		expect(run.code).toBe(1);
		expect(run.json()).toMatchObject({ ok: false, error: { code: 'bad-file' } });
		expect(readdirSync(dir).filter((name) => name.includes('never'))).toEqual([]);
	});

	it.each([
		[['out.txt'], /ends in neither \.json nor \.db: add --to json/],
		[
			['out.db', '--to', 'json'],
			/--to json writes a Strata JSON backup, but .*out\.db ends in \.db/
		],
		[['out.json', '--to', 'xml'], /--to takes json, db or strata-1\.2, not xml/],
		[['out.json.gpg'], /convert writes files in the clear/]
	])('refuses %j with exit 2, writing nothing', async (args, words) => {
		const [name, ...rest] = args as [string, ...string[]];
		const run = await strata(['convert', demoJson, join(dir, name), ...rest]);
		expect(run.code).toBe(2);
		expect(run.stderr).toMatch(words);
		expect(readdirSync(dir)).not.toContain(name);
	});
});
