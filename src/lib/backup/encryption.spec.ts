/**
 * Encrypted backups against the real gpg: what we encrypt, `gpg -d` opens to the same bytes;
 * what `gpg --symmetric` makes, we open and read like any backup. Each run uses a home of its
 * own, so no agent, keyring or cached passphrase of the machine takes part.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PASSPHRASE, gpg as runGpg } from '../../../tests/helpers/gpg';
import { CONTEXT, dumpOf, openTestApp, type TestApp } from '../../../tests/helpers/app';
import { loadSqlite } from '../../../tests/helpers/sqlite';
import { bundledMigrations } from '$lib/db/migrations';
import { readBackupFile } from './backup-file';
import { decryptBackup, encryptBackup, isEncryptedBackup, openBackupBytes } from './encryption';

const gpg = (args: string[], input: Uint8Array, passphrase = PASSPHRASE) =>
	new Uint8Array(runGpg(args, input, passphrase));

const gpgDecrypt = (bytes: Uint8Array) => gpg(['--decrypt'], bytes);
const gpgEncrypt = (bytes: Uint8Array, armor = false) =>
	gpg(['--symmetric', '--cipher-algo', 'AES256', ...(armor ? ['--armor'] : [])], bytes);

const fixture = (name: string) =>
	new Uint8Array(readFileSync(new URL(`../../../tests/fixtures/${name}`, import.meta.url)));
const DEMO_JSON = fixture('strata-1.2.12/strata-demo-backup.json');
const DEMO_DB = fixture('strata-1.2.12/strata-demo.db');

const buffer = (bytes: Uint8Array) =>
	bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
const withoutExportedAt = (bytes: Uint8Array) =>
	new TextDecoder().decode(bytes).replace(/"exportedAt":"[^"]*"/, '');

async function read(bytes: Uint8Array) {
	return readBackupFile(await loadSqlite(), bytes, await bundledMigrations());
}

/** An app whose database holds the original's demo, imported the usual way. */
async function demoApp(): Promise<TestApp> {
	const app = await openTestApp();
	await app.client.call('backup/inspect', {
		fileName: 'demo.json',
		bytes: buffer(DEMO_JSON),
		today: CONTEXT.today
	});
	await app.write('backup/import', { mode: 'replace' });
	return app;
}

const codeOf = (promise: Promise<unknown>) =>
	promise.then(
		() => 'no error',
		(error: { code?: string; message?: string }) => error.code
	);

describe('backups we encrypt', () => {
	it('decrypt with gpg -d to the identical bytes, JSON and .db', async () => {
		for (const plain of [DEMO_JSON, DEMO_DB]) {
			const encrypted = await encryptBackup(plain, PASSPHRASE);
			expect(isEncryptedBackup(encrypted)).toBe(true);
			expect(Buffer.from(gpgDecrypt(encrypted)).equals(Buffer.from(plain))).toBe(true);
		}
	});

	it('are what Export JSON and Export .db give with a passphrase, and gpg opens them', async () => {
		const app = await demoApp();
		const plainJson = new Uint8Array((await app.client.call('backup/export-json', null)).bytes);
		const json = new Uint8Array(
			(await app.client.call('backup/export-json', { passphrase: PASSPHRASE })).bytes
		);
		expect(isEncryptedBackup(json)).toBe(true);
		expect(new TextDecoder().decode(json)).not.toContain('schemaVersion');
		expect(withoutExportedAt(gpgDecrypt(json))).toBe(withoutExportedAt(plainJson));

		const plainDb = new Uint8Array((await app.client.call('backup/export-db', null)).bytes);
		const db = new Uint8Array(
			(await app.client.call('backup/export-db', { passphrase: PASSPHRASE })).bytes
		);
		expect(isEncryptedBackup(db)).toBe(true);
		expect(Buffer.from(gpgDecrypt(db)).equals(Buffer.from(plainDb))).toBe(true);
	});

	it('refuse an empty passphrase', async () => {
		const app = await openTestApp();
		await expect(codeOf(app.client.call('backup/export-json', { passphrase: '' }))).resolves.toBe(
			'validation'
		);
	});
});

describe('backups gpg encrypted', () => {
	for (const armor of [false, true]) {
		const how = armor ? 'armoured (--armor)' : 'binary';
		it(`decrypt, ${how}, to the identical bytes and read as the plain file does`, async () => {
			for (const plain of [DEMO_JSON, DEMO_DB]) {
				const encrypted = gpgEncrypt(plain, armor);
				expect(isEncryptedBackup(encrypted)).toBe(true);
				if (armor)
					expect(new TextDecoder().decode(encrypted)).toMatch(/^-----BEGIN PGP MESSAGE-----/);
				const decrypted = await decryptBackup(encrypted, PASSPHRASE);
				expect(Buffer.from(decrypted).equals(Buffer.from(plain))).toBe(true);
				const backup = await read(await openBackupBytes(encrypted, PASSPHRASE));
				const original = await read(plain);
				expect(backup.kind).toBe(original.kind);
				expect(backup.data).toEqual(original.data);
			}
		});
	}

	it('go through Verify and the import preview like the plain file, with the passphrase', async () => {
		const app = await openTestApp();
		const args = { fileName: 'demo.json.gpg', today: CONTEXT.today };
		const plain = await app.client.call('backup/verify', { ...args, bytes: buffer(DEMO_JSON) });
		const encrypted = gpgEncrypt(DEMO_JSON);
		const verified = await app.client.call('backup/verify', {
			...args,
			bytes: buffer(encrypted),
			passphrase: PASSPHRASE
		});
		expect(verified).toEqual(plain);
		const preview = await app.client.call('backup/inspect', {
			...args,
			bytes: buffer(encrypted),
			passphrase: PASSPHRASE
		});
		expect(preview.file).toEqual(plain.summary);
		const imported = await app.write('backup/import', { mode: 'replace' });
		expect(imported.value.counts.assetSnapshots).toBe(90);
	});

	it('without a passphrase are refused as needing one', async () => {
		const app = await openTestApp();
		const bytes = gpgEncrypt(DEMO_JSON, true);
		const args = { fileName: 'demo.json.asc', today: CONTEXT.today };
		await expect(
			codeOf(app.client.call('backup/inspect', { ...args, bytes: buffer(bytes) }))
		).resolves.toBe('needs-passphrase');
		await expect(
			codeOf(app.client.call('backup/verify', { ...args, bytes: buffer(bytes) }))
		).resolves.toBe('needs-passphrase');
		await expect(codeOf(read(bytes))).resolves.toBe('needs-passphrase');
	});
});

describe('a wrong passphrase', () => {
	it('is told apart, for gpg’s files and ours', async () => {
		for (const encrypted of [
			gpgEncrypt(DEMO_JSON),
			gpgEncrypt(DEMO_JSON, true),
			await encryptBackup(DEMO_JSON, PASSPHRASE)
		]) {
			await expect(codeOf(decryptBackup(encrypted, 'correct horse battery'))).resolves.toBe(
				'wrong-passphrase'
			);
		}
	});

	it('changes nothing and keeps nothing ready to import', async () => {
		const app = await demoApp();
		const before = dumpOf(app.engine());
		const bytes = buffer(gpgEncrypt(DEMO_DB));
		const error = await app.client
			.call('backup/inspect', {
				fileName: 'demo.db.gpg',
				bytes,
				today: CONTEXT.today,
				passphrase: 'not it'
			})
			.catch((e: unknown) => e as { code: string; message: string });
		expect(error).toMatchObject({
			code: 'wrong-passphrase',
			message: expect.stringContaining('That passphrase does not open this file')
		});
		await expect(codeOf(app.write('backup/import', { mode: 'replace' }))).resolves.toBe('refused');
		expect(dumpOf(app.engine())).toBe(before);
	});
});

describe('a damaged encrypted file', () => {
	const damaged = async (bytes: Uint8Array) => {
		const error = await decryptBackup(bytes, PASSPHRASE).then(
			() => null,
			(e: unknown) => e as { code: string; message: string }
		);
		return error;
	};

	it('cut short, is refused as damaged, not as a wrong passphrase', async () => {
		for (const encrypted of [gpgEncrypt(DEMO_JSON), await encryptBackup(DEMO_JSON, PASSPHRASE)]) {
			for (const end of [encrypted.length - 7, Math.floor(encrypted.length / 2), 60, 12]) {
				expect(await damaged(encrypted.subarray(0, end))).toMatchObject({
					code: 'bad-file',
					message: expect.stringContaining('damaged or cut short')
				});
			}
		}
	});

	it('with a changed byte, is refused as damaged', async () => {
		for (const encrypted of [gpgEncrypt(DEMO_DB), await encryptBackup(DEMO_DB, PASSPHRASE)]) {
			const changed = Uint8Array.from(encrypted);
			changed[changed.length - 100]! ^= 0x01;
			expect(await damaged(changed)).toMatchObject({ code: 'bad-file' });
		}
	});

	it('armoured and garbled, is refused as damaged', async () => {
		const text = new TextDecoder().decode(gpgEncrypt(DEMO_JSON, true));
		const lines = text.split('\n');
		lines[3] = lines[3]!.replace(/[A-Za-z]/g, (c) => (c === 'A' ? 'B' : 'A'));
		expect(await damaged(new TextEncoder().encode(lines.join('\n')))).toMatchObject({
			code: 'bad-file'
		});
	});
});

describe('recognising an encrypted file', () => {
	it('knows OpenPGP from a backup in the clear', () => {
		expect(isEncryptedBackup(DEMO_JSON)).toBe(false);
		expect(isEncryptedBackup(DEMO_DB)).toBe(false);
		expect(isEncryptedBackup(new Uint8Array([0x8c]))).toBe(false);
		expect(isEncryptedBackup(new TextEncoder().encode('\n-----BEGIN PGP MESSAGE-----\n'))).toBe(
			true
		);
	});
});
