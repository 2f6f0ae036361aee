/**
 * `strata migrate FILE.db`: brings a Strata database file to this version's schema, as the app
 * does when it opens a database (db/worker/opening.ts): the bundled migrations in one
 * transaction, the reference types put back, the undo history forgotten (it cannot be applied
 * across a schema change) and the derived rows recomputed when their rules are newer. A copy of
 * the file as it was is kept first; the file is then replaced whole (temporary file, rename).
 */
import { existsSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import type { Sqlite3Static } from '@sqlite.org/sqlite-wasm';
import { checkSeconds, readBackupFile } from '$lib/backup/backup-file';
import { isEncryptedBackup } from '$lib/backup/encryption';
import { migrationLabel } from '$lib/db/messages';
import type { Migration } from '$lib/db/migrations';
import { migrate, planFor, refusal, schemaVersion } from '$lib/db/migrator';
import { ensureReferenceAssetTypes } from '$lib/db/reference-data';
import { ensureDerived } from '$lib/db/worker/derived';
import { Engine } from '$lib/db/worker/engine';
import { forgetHistoryOnSchemaChange } from '$lib/db/worker/history';
import type { Command } from './command';
import { CliError } from './exit';
import { checkOutput, readInput, writeAtomically } from './files';

const SQLITE_HEADER = new TextEncoder().encode('SQLite format 3\0');

function isSqliteFile(bytes: Uint8Array): boolean {
	return SQLITE_HEADER.every((byte, i) => bytes[i] === byte);
}

/** Where the copy of the file as it was goes: beside it, named for the moment (UTC). */
function copyName(file: string, now: Date): string {
	const stamp = now.toISOString().slice(0, 19).replaceAll(':', '-') + 'Z';
	const extension = extname(file);
	return join(dirname(file), `${basename(file, extension)}.before-migrate-${stamp}${extension}`);
}

/** A file that is not a Strata database this command can update, said as what to do instead. */
function notMigratable(file: string, bytes: Uint8Array): CliError | null {
	if (isEncryptedBackup(bytes)) {
		return new CliError(
			'refused',
			`${file} is encrypted: decrypt it first (gpg -d ${file} > decrypted.db), then migrate that.`
		);
	}
	if (!isSqliteFile(bytes)) {
		return new CliError(
			'refused',
			`${file} is not a database file: migrate updates a Strata .db. A JSON backup needs no update (it imports as it is; strata verify checks it).`
		);
	}
	for (const side of ['-wal', '-journal']) {
		if (existsSync(file + side)) {
			return new CliError(
				'refused',
				`${file}${side} is beside it: a program has the database open, or did not close it cleanly. Close that program (or run sqlite3 ${file} "PRAGMA wal_checkpoint(TRUNCATE)"), then try again. Nothing was changed.`
			);
		}
	}
	return null;
}

/**
 * The file's migration plan, read through SQLite's guards for files from outside; null when it
 * cannot even be read (the full check below says why).
 */
function planOf(sqlite3: Sqlite3Static, bytes: Uint8Array, bundled: Migration[]) {
	let file: Engine | undefined;
	try {
		file = Engine.untrusted(sqlite3, bytes, Date.now() + checkSeconds(bytes.length) * 1000);
		return planFor(file, bundled);
	} catch {
		return null;
	} finally {
		file?.close();
	}
}

export const migrateCommand: Command = {
	name: 'migrate',
	positionals: ['FILE.db'],
	options: {},
	summary: 'update a Strata .db file to this version’s schema, keeping a copy first',
	description: `Applies this version's migrations to a Strata database file, as the app does when
it opens one: checked first as an import would check it, then migrated in one transaction. A
copy of the file as it was is written beside it first (FILE.before-migrate-<UTC time>.db) and
the file is then replaced whole. A database a newer Strata wrote is refused untouched; a
database of the original Strata 1.2 is converted instead (strata convert).`,
	async run({ args: [file], sqlite, now }) {
		const bytes = readInput(file!);
		const refused = notMigratable(file!, bytes);
		if (refused) throw refused;
		const { sqlite3, bundled } = await sqlite();
		// A file saved in WAL mode opens in memory only as a rollback-journal database (as the import).
		const copy = bytes.slice();
		if (copy[18] === 2) copy[18] = 1;
		if (copy[19] === 2) copy[19] = 1;
		const plan = planOf(sqlite3, copy, bundled);
		if (plan && refusal(plan)) {
			throw plan.unknown.length
				? new CliError(
						'newer-database',
						`${file} was written by a newer version of Strata: it has update steps this version does not know (${plan.unknown.map(migrationLabel).join(', ')}). Nothing was changed: update Strata to use it.`
					)
				: new CliError(
						'refused',
						`${file} was updated by a different build of Strata: its update steps ${plan.edited.map(migrationLabel).join(', ')} do not match this version's. Nothing was changed.`
					);
		}
		// The app's own checks of a database file: one that would not import is not touched.
		const checked = readBackupFile(sqlite3, bytes, bundled, now);
		if (checked.origin !== 'strata-db') {
			throw new CliError(
				'refused',
				`${file} is a database of the original Strata 1.2, which has no migrations of ours: strata convert ${file} new.db makes a Strata database of it. Nothing was changed.`
			);
		}
		if (checked.leftOut.length) {
			throw new CliError(
				'refused',
				`${file} holds things Strata never makes, which a migration could set off; nothing was changed. strata convert ${file} clean.db writes a copy without them.`,
				checked.leftOut
			);
		}
		// Checked: now opened as the app opens its own database, to be migrated in place.
		const engine = Engine.memory(sqlite3, copy);
		try {
			const from = schemaVersion(engine);
			if (planFor(engine, bundled).pending.length === 0) {
				return {
					result: { file, copy: null, from, to: from, applied: [] },
					text: `${file} is up to date (schema version ${from}): nothing was changed.`
				};
			}
			const ran = migrate(engine, bundled, { now: () => now });
			ensureReferenceAssetTypes(engine);
			forgetHistoryOnSchemaChange(engine);
			ensureDerived(engine);
			const migrated = engine.serialize();
			const kept = copyName(file!, now);
			checkOutput(kept, false);
			writeAtomically(kept, bytes);
			writeAtomically(file!, migrated);
			const applied = ran.map(({ version, name }) => ({ version, name }));
			const to = schemaVersion(engine);
			return {
				result: { file, copy: kept, from, to, applied },
				text: [
					`${file} updated from schema version ${from} to ${to}: ${applied.map(migrationLabel).join(', ')}.`,
					`  The file as it was is kept in ${kept}.`
				].join('\n')
			};
		} finally {
			engine.close();
		}
	}
};
