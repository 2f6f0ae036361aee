/**
 * Backup files opened with the app's own code, in Node: sqlite-wasm's Node build, the bundled
 * migrations, `readBackupFile` (every check the import makes) and the decryption the worker runs.
 * Nothing here has a check of its own.
 */
import sqlite3InitModule, { type Sqlite3Static } from '@sqlite.org/sqlite-wasm';
import { loadIntoMemory, readBackupFile, type CheckedBackup } from '$lib/backup/backup-file';
import { isEncryptedBackup, openBackupBytes } from '$lib/backup/encryption';
import { bundledMigrations, type Migration } from '$lib/db/migrations';
import type { Engine } from '$lib/db/worker/engine';
import { hasCode } from '$lib/domain/errors';
import { passphraseFor, readInput } from './files';

export interface Sqlite {
	sqlite3: Sqlite3Static;
	bundled: Migration[];
}

/** The SQLite engine and the migrations of this build, loaded once per run. */
export async function loadSqlite(): Promise<Sqlite> {
	const init = sqlite3InitModule as unknown as (options: object) => Promise<Sqlite3Static>;
	// SQLite's own log would print its messages (a damaged file's) as well as ours: one line is said.
	const sqlite3 = await init({ print: () => {}, printErr: () => {} });
	(sqlite3.config as { warn: (...args: unknown[]) => void }).warn = () => {};
	return { sqlite3, bundled: await bundledMigrations() };
}

export interface OpenedBackup {
	/** Whether the file was an OpenPGP message (decrypted before anything else). */
	encrypted: boolean;
	backup: CheckedBackup;
}

/**
 * Reads a backup file of any kind (JSON, `.db` of ours or of Strata 1.2, encrypted or not) and
 * checks all of it as the app's import does. Throws the app's own error when it would not import.
 */
export async function openBackup(
	{ sqlite3, bundled }: Sqlite,
	path: string,
	passphraseFile: string | undefined,
	now: Date
): Promise<OpenedBackup> {
	const bytes = readInput(path);
	const encrypted = isEncryptedBackup(bytes);
	let plain = bytes;
	// A passphrase typed on the terminal may be mistyped: asked again, as the app asks (3 tries).
	for (let attempt = 1; encrypted; attempt++) {
		const { passphrase, typed } = await passphraseFor(path, passphraseFile);
		try {
			plain = await openBackupBytes(bytes, passphrase);
			break;
		} catch (error) {
			if (!typed || attempt === 3 || !hasCode(error, 'wrong-passphrase')) throw error;
			process.stderr.write('That passphrase does not open this file: try again.\n');
		}
	}
	return { encrypted, backup: readBackupFile(sqlite3, plain, bundled, now) };
}

/**
 * A backup opened and checked (openBackup), then restored into a throwaway database in memory as
 * an import writes it; `series` writes the chart's series too. The caller closes the engine.
 */
export async function restoreBackup(
	loaded: Sqlite,
	path: string,
	passphraseFile: string | undefined,
	now: Date,
	{ series = false }: { series?: boolean } = {}
): Promise<OpenedBackup & { engine: Engine }> {
	const opened = await openBackup(loaded, path, passphraseFile, now);
	const engine = loadIntoMemory(loaded.sqlite3, opened.backup.data, loaded.bundled, now, {
		series
	});
	return { ...opened, engine };
}
