/**
 * `strata verify`, run as a real process on every fixture (ours, the original Strata 1.2's,
 * encrypted by us and by gpg) and on bad files: what it prints, in words and as JSON, its exit
 * code, and the file left byte for byte as it was.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
	copyFixture,
	fileFingerprint,
	scratch,
	strata,
	strataOnTerminal
} from '../../tests/helpers/cli';
import { PASSPHRASE, gpg } from '../../tests/helpers/gpg';
import { migratedEngine, newerDatabaseBytes } from '../../tests/helpers/sqlite';
import { encryptBackup } from '$lib/backup/encryption';
import { exportBackupJson } from '$lib/backup/export-json';
import { today } from '$lib/domain/dates';
import { seedDemo } from '$lib/domain/demo-seed';
import { readFileSync } from 'node:fs';

const DEMO_COUNTS = {
	assetTypes: 13,
	categories: 21,
	tags: 13,
	assets: 6,
	assetSnapshots: 90,
	portfolioSnapshots: 1,
	transactions: 6
};

let dir: string;
/** Our own demo (with currencies), as Settings → Backup exports it. */
let ourDb: string;
let ourJson: string;

beforeAll(async () => {
	dir = scratch();
	const engine = await migratedEngine();
	seedDemo(engine, today());
	ourDb = join(dir, 'our-demo.db');
	writeFileSync(ourDb, engine.serialize());
	ourJson = join(dir, 'our-demo.json');
	writeFileSync(ourJson, exportBackupJson(engine, new Date()));
	engine.close();
});

/** Runs verify on `path` and checks that the file is exactly as it was. */
async function verifyFile(path: string, ...args: string[]) {
	const before = fileFingerprint(path);
	const run = await strata(['verify', path, ...args]);
	expect(fileFingerprint(path)).toBe(before);
	return run;
}

describe('strata verify on good files', () => {
	it.each([
		['strata-1.2.12/strata-demo-backup.json', 'json', 'json'],
		['strata-1.2.12/strata-demo.db', 'db', 'strata-1.2-db']
	])('says the original’s %s would import, with what it holds', async (name, kind, origin) => {
		const file = copyFixture(name, dir);
		const text = await verifyFile(file);
		expect(text.code).toBe(0);
		expect(text.stdout).toContain(`${file} would import`);
		expect(text.stdout).toContain('6 assets, 90 valuations, 6 transactions');
		expect(text.stdout).toContain('€239,200.00');
		expect(text.stderr).toBe('');

		const json = await verifyFile(file, '--json');
		expect(json.code).toBe(0);
		expect(json.json()).toMatchObject({
			ok: true,
			file,
			kind,
			origin,
			encrypted: false,
			counts: DEMO_COUNTS,
			netWorth: {
				on: today(),
				netWorth: '239200',
				assets: '419200',
				liabilities: '180000',
				currency: 'EUR',
				missing: []
			}
		});
	});

	it.each([
		'strata-1.2.12/strata-edge-backup.json',
		'strata-1.2.12/strata-edge.db',
		'v1-minimal.json'
	])('says %s would import', async (name) => {
		const run = await verifyFile(copyFixture(name, dir), '--json');
		expect(run.code).toBe(0);
		expect(run.json()).toMatchObject({ ok: true });
	});

	it('reads our own .db and JSON exports, currencies included', async () => {
		for (const [file, origin] of [
			[ourDb, 'strata-db'],
			[ourJson, 'json']
		] as const) {
			const run = await verifyFile(file, '--json');
			expect(run.code).toBe(0);
			const result = run.json<{ origin: string; netWorth: { netWorth: string } }>();
			expect(result.origin).toBe(origin);
			// The demo's USD and CHF assets converted by its own rates: the original's €239,200.
			expect(result.netWorth.netWorth).toBe('239200');
		}
	});

	it('opens a backup we encrypted, with the passphrase from a file or the environment', async () => {
		const file = join(dir, 'ours.json.gpg');
		writeFileSync(
			file,
			await encryptBackup(new Uint8Array(readFileSync(ourJson)), 'a long pass phrase')
		);
		const passphraseFile = join(dir, 'passphrase');
		writeFileSync(passphraseFile, 'a long pass phrase\n');

		const fromFile = await verifyFile(file, '--passphrase-file', passphraseFile, '--json');
		expect(fromFile.code).toBe(0);
		expect(fromFile.json()).toMatchObject({ encrypted: true, origin: 'json' });

		const before = fileFingerprint(file);
		const fromEnv = await strata(['verify', file], {
			env: { STRATA_PASSPHRASE: 'a long pass phrase' }
		});
		expect(fromEnv.code).toBe(0);
		expect(fromEnv.stdout).toContain('would import: a Strata JSON backup, encrypted');
		expect(fileFingerprint(file)).toBe(before);
	});

	it('asks for the passphrase on a terminal without showing it, and again when it is wrong', async () => {
		const file = join(dir, 'typed.json.gpg');
		writeFileSync(file, await encryptBackup(new Uint8Array(readFileSync(ourJson)), 'typed secret'));
		const run = await strataOnTerminal(['verify', file], ['not it', 'typed secret']);
		expect(run.output).toContain('Passphrase for typed.json.gpg: ');
		expect(run.output).toContain('That passphrase does not open this file: try again.');
		expect(run.output).toContain('would import: a Strata JSON backup, encrypted');
		expect(run.output).not.toContain('typed secret');
		expect(run.output).not.toContain('not it');
		expect(run.code).toBe(0);
	});

	it('opens what gpg encrypted: the original’s .db, binary and armoured', async () => {
		const db = new Uint8Array(readFileSync(copyFixture('strata-1.2.12/strata-demo.db', dir)));
		const binary = join(dir, 'demo.db.gpg');
		writeFileSync(binary, gpg(['--symmetric', '--cipher-algo', 'AES256'], db));
		const armoured = join(dir, 'demo.db.asc');
		writeFileSync(armoured, gpg(['--symmetric', '--cipher-algo', 'AES256', '--armor'], db));
		for (const file of [binary, armoured]) {
			const before = fileFingerprint(file);
			const run = await strata(['verify', file, '--json'], {
				env: { STRATA_PASSPHRASE: PASSPHRASE }
			});
			expect(run.code).toBe(0);
			expect(run.json()).toMatchObject({
				encrypted: true,
				origin: 'strata-1.2-db',
				counts: DEMO_COUNTS
			});
			expect(fileFingerprint(file)).toBe(before);
		}
	});
});

describe('strata verify on bad files', () => {
	/**
	 * A file that would not import: exit 1, the reason as JSON (and in words on stderr, when
	 * `words` is given), the file as it was.
	 */
	async function refused(path: string, code: string, env = {}, words?: RegExp) {
		const before = fileFingerprint(path);
		if (words) {
			const text = await strata(['verify', path], { env });
			expect(text.code).toBe(1);
			expect(text.stdout).toBe('');
			expect(text.stderr).toMatch(words);
			// One line (and the problems under it), never a stack trace.
			expect(text.stderr).not.toMatch(/\n\s+at /);
		}
		const json = await strata(['verify', path, '--json'], { env });
		expect(json.code).toBe(1);
		expect(json.json()).toMatchObject({ ok: false, error: { code } });
		expect(fileFingerprint(path)).toBe(before);
		return json.json<{ error: { message: string; problems: string[] } }>().error;
	}

	it('refuses a file that is not a backup', async () => {
		const file = join(dir, 'notes.json');
		writeFileSync(file, 'groceries: milk, eggs\n');
		await refused(file, 'bad-file', {}, /^strata verify: This file is not valid JSON/);
	});

	it('refuses a .db cut short', async () => {
		const db = readFileSync(copyFixture('strata-1.2.12/strata-demo.db', dir));
		const file = join(dir, 'cut.db');
		writeFileSync(file, db.subarray(0, Math.floor(db.length / 2)));
		const error = await refused(file, 'bad-file');
		expect(error.message).toMatch(/cannot be read .*damaged or cut short/);
	});

	it('refuses a backup of another format version, saying which', async () => {
		const error = await refused(copyFixture('v1-bad-version.json', dir), 'bad-file');
		expect(error.message).toMatch(/schemaVersion '2'/);
	});

	it('lists the problems of a backup with bad rows', async () => {
		const data = JSON.parse(readFileSync(ourJson, 'utf8'));
		data.data.assetSnapshots[0].value = '12,50';
		const file = join(dir, 'bad-row.json');
		writeFileSync(file, JSON.stringify(data));
		const error = await refused(
			file,
			'bad-file',
			{},
			/\n {2}- The valuation of “.+” on \d{4}-\d{2}-\d{2}: the value .*\(data\.assetSnapshots\[0\]\.value\)/
		);
		expect(error.problems[0]).toMatch(
			/^The valuation of “.+” on .*\(data\.assetSnapshots\[0\]\.value\)$/
		);
	});

	it('refuses a database a newer Strata wrote', async () => {
		const file = join(dir, 'newer.db');
		writeFileSync(file, await newerDatabaseBytes());
		const error = await refused(file, 'bad-file');
		expect(error.message).toMatch(/written by a newer version of Strata.*0099_from_the_future/);
	});

	it('says a passphrase is wrong, and changes nothing', async () => {
		const file = join(dir, 'wrong.json.gpg');
		writeFileSync(file, await encryptBackup(new Uint8Array(readFileSync(ourJson)), 'right one'));
		const error = await refused(file, 'wrong-passphrase', { STRATA_PASSPHRASE: 'wrong one' });
		expect(error.message).toMatch(/That passphrase does not open this file/);
	});

	it('asks for the passphrase of an encrypted file when none is given (exit 2)', async () => {
		const file = join(dir, 'locked.json.gpg');
		writeFileSync(file, await encryptBackup(new Uint8Array(readFileSync(ourJson)), 'locked'));
		const run = await strata(['verify', file, '--json']);
		expect(run.code).toBe(2);
		expect(run.json()).toMatchObject({
			ok: false,
			error: { code: 'needs-passphrase', message: expect.stringMatching(/--passphrase-file/) }
		});
	});

	it('says a file that is not there is not there (exit 2)', async () => {
		const run = await strata(['verify', join(dir, 'nowhere.json')]);
		expect(run.code).toBe(2);
		expect(run.stderr).toMatch(/There is no file .*nowhere\.json/);
	});
});
