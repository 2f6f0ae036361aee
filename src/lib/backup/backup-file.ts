/**
 * One way in for every backup file: a v1 JSON backup, a `.db` written by this app, or a `.db` of
 * the original Strata 1.2. Whatever it is, it is checked completely (a `.db` in a throwaway
 * in-memory copy, brought to the current schema) and read into v1 rows: the preview, Verify
 * backup and the import all start from those rows, and the live database is only touched by
 * the import. A restore point, a file this app wrote, is staged as a whole database instead.
 */
import type { Sqlite3Static } from '@sqlite.org/sqlite-wasm';
import type { Migration } from '$lib/db/migrations';
import { migrationLabel, type BackupOrigin } from '$lib/db/messages';
import { migrate, planMigrations, readAppliedMigrations } from '$lib/db/migrator';
import { ensureReferenceAssetTypes } from '$lib/db/reference-data';
import { Engine } from '$lib/db/worker/engine';
import { exportBackupJson } from './export-json';
import { BackupError, parseBackup, validateBackupData, type BackupData } from './format';
import { importBackup } from './import-json';
import { isOriginalStrata, originalAsBackupData, tablesOf } from './strata-db';

export type { BackupOrigin };

/** A backup file, read and completely checked: what it holds, ready to write. */
export interface CheckedBackup {
	kind: 'json' | 'db';
	origin: BackupOrigin;
	exportedAt: string | null;
	data: BackupData;
}

const SQLITE_HEADER = 'SQLite format 3\0';

function isSqliteFile(bytes: Uint8Array): boolean {
	if (bytes.length < SQLITE_HEADER.length) return false;
	for (let i = 0; i < SQLITE_HEADER.length; i++)
		if (bytes[i] !== SQLITE_HEADER.charCodeAt(i)) return false;
	return true;
}

function asText(bytes: Uint8Array): string {
	try {
		return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
	} catch {
		throw new BackupError(
			'This file is neither a Strata backup (JSON) nor an SQLite database: it holds binary data.'
		);
	}
}

/** Any failure while reading a database file, said as what it means for the user. */
function unreadable(error: unknown): BackupError {
	if (error instanceof BackupError) return error;
	return new BackupError(
		`This database file cannot be read (${(error as Error).message}). It may be damaged or cut short.`
	);
}

/**
 * Opens a copy of a database file in memory and checks it whole: integrity, references, and
 * either our schema (then migrated to this version's) or the original Strata's. The caller
 * closes the engine.
 */
function openDatabaseFile(
	sqlite3: Sqlite3Static,
	bytes: Uint8Array,
	bundled: Migration[],
	now: Date
): { engine: Engine; origin: Exclude<BackupOrigin, 'json'> } {
	if (bytes.length < 512) {
		throw new BackupError('This database file is cut short: it is smaller than one database page.');
	}
	// A file saved in WAL mode opens in memory only as a rollback-journal database.
	const copy = bytes.slice();
	if (copy[18] === 2) copy[18] = 1;
	if (copy[19] === 2) copy[19] = 1;
	let engine: Engine;
	try {
		engine = Engine.memory(sqlite3, copy);
	} catch (error) {
		throw new BackupError(
			`This database file cannot be opened: ${(error as Error).message}. It may be damaged.`
		);
	}
	try {
		const integrity = engine
			.all<{ integrity_check: string }>('PRAGMA integrity_check')
			.map((r) => Object.values(r)[0] as string);
		if (integrity.join() !== 'ok') {
			throw new BackupError(
				'This database file is damaged: SQLite’s integrity check failed.',
				integrity.slice(0, 20)
			);
		}
		const broken = engine.all<{ table: string; parent: string }>('PRAGMA foreign_key_check');
		if (broken.length) {
			throw new BackupError(
				`This database file has ${broken.length} row(s) that point to rows that do not exist.`,
				broken.slice(0, 20).map((r) => `${r.table}: a row points to a missing row of ${r.parent}`)
			);
		}
		const tables = tablesOf(engine);
		if (tables.includes('schema_migrations')) {
			const plan = planMigrations(bundled, readAppliedMigrations(engine));
			if (plan.unknown.length) {
				throw new BackupError(
					`This database was written by a newer version of Strata: it has update steps this version does not know (${plan.unknown.map(migrationLabel).join(', ')}). Update Strata, then import it.`
				);
			}
			if (plan.edited.length) {
				throw new BackupError(
					`This database was updated by a different build of Strata: its update steps ${plan.edited.map(migrationLabel).join(', ')} do not match this version's.`
				);
			}
			migrate(engine, bundled, { now: () => now });
			return { engine, origin: 'strata-db' };
		}
		if (isOriginalStrata(tables)) return { engine, origin: 'strata-1.2-db' };
		throw new BackupError(
			`This SQLite database is not a Strata backup: ${tables.length ? `it holds the tables ${tables.slice(0, 8).join(', ')}${tables.length > 8 ? '…' : ''}` : 'it holds no tables'}.`
		);
	} catch (error) {
		engine.close();
		throw unreadable(error);
	}
}

function readDatabaseFile(
	sqlite3: Sqlite3Static,
	bytes: Uint8Array,
	bundled: Migration[],
	now: Date
): { data: BackupData; origin: BackupOrigin } {
	const { engine, origin } = openDatabaseFile(sqlite3, bytes, bundled, now);
	try {
		const data =
			origin === 'strata-db'
				? parseBackup(exportBackupJson(engine, now)).data
				: validateBackupData(originalAsBackupData(engine));
		return { data, origin };
	} catch (error) {
		throw unreadable(error);
	} finally {
		engine.close();
	}
}

/**
 * A restore point (a file this app wrote), checked and brought to the current schema in a
 * throwaway in-memory database, ready to replace the live one as it is, migration history
 * included. The caller closes it.
 */
export function stageRestorePoint(
	sqlite3: Sqlite3Static,
	bytes: Uint8Array,
	bundled: Migration[],
	now = new Date()
): Engine {
	const { engine, origin } = openDatabaseFile(sqlite3, bytes, bundled, now);
	if (origin !== 'strata-db') {
		engine.close();
		throw new BackupError('This copy is not a database of this app: it cannot be restored.');
	}
	try {
		ensureReferenceAssetTypes(engine);
		return engine;
	} catch (error) {
		engine.close();
		throw unreadable(error);
	}
}

/**
 * Reads and checks a backup file of any kind. Throws a BackupError that says what is wrong;
 * never touches the live database.
 */
export function readBackupFile(
	sqlite3: Sqlite3Static,
	bytes: Uint8Array,
	bundled: Migration[],
	now = new Date(),
	onPhase: (phase: string) => void = () => {}
): CheckedBackup {
	if (bytes.length === 0)
		throw new BackupError('The file is empty (0 bytes): there is no backup in it.');
	onPhase('Checking every row of the file');
	if (isSqliteFile(bytes)) {
		const { data, origin } = readDatabaseFile(sqlite3, bytes, bundled, now);
		return { kind: 'db', origin, exportedAt: null, data };
	}
	const { data, exportedAt } = parseBackup(asText(bytes));
	return { kind: 'json', origin: 'json', exportedAt, data };
}

/** A fresh in-memory database at the current schema holding all of `data` (Verify backup). */
export function loadIntoMemory(
	sqlite3: Sqlite3Static,
	data: BackupData,
	bundled: Migration[],
	now = new Date()
): Engine {
	const engine = Engine.memory(sqlite3);
	try {
		migrate(engine, bundled, { now: () => now });
		importBackup(engine, data, 'replace', { now });
		return engine;
	} catch (error) {
		engine.close();
		throw new BackupError(`This backup cannot be loaded: ${(error as Error).message}`);
	}
}

/**
 * Just enough of `data` to compute its net worth at the end of `cutoff` with the app's own SQL:
 * every asset, type and transaction, and per asset only its first valuation, its last, and its
 * latest at or before the cutoff (the only ones the net-worth rule can read). A 1,000,000-row
 * backup previews as fast as a small one.
 */
export function netWorthSample(data: BackupData, cutoff: string): BackupData {
	const picked = new Map<string, Set<BackupData['assetSnapshots'][number]>>();
	const first = new Map<string, BackupData['assetSnapshots'][number]>();
	const last = new Map<string, BackupData['assetSnapshots'][number]>();
	const latest = new Map<string, BackupData['assetSnapshots'][number]>();
	for (const row of data.assetSnapshots) {
		const a = row.assetId;
		if (!first.has(a) || row.observedAt < first.get(a)!.observedAt) first.set(a, row);
		if (!last.has(a) || row.observedAt > last.get(a)!.observedAt) last.set(a, row);
		if (row.observedAt <= cutoff && (!latest.has(a) || row.observedAt > latest.get(a)!.observedAt))
			latest.set(a, row);
	}
	for (const map of [first, last, latest]) {
		for (const [asset, row] of map) picked.set(asset, (picked.get(asset) ?? new Set()).add(row));
	}
	return {
		...data,
		assetSnapshots: [...picked.values()].flatMap((rows) => [...rows]),
		portfolioSnapshots: []
	};
}
