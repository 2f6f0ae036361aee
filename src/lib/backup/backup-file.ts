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
import { BOOKKEEPING, migrate, planMigrations, readAppliedMigrations } from '$lib/db/migrator';
import { ensureReferenceAssetTypes } from '$lib/db/reference-data';
import { Engine, INTERRUPTED, SqlError } from '$lib/db/worker/engine';
import { isEncryptedBackup, needsPassphrase } from './encryption';
import { exportBackupJson } from './export-json';
import { BackupError, parseBackup, validateBackupData, type BackupData } from './format';
import { importBackup } from './import-json';
import { m } from '$lib/paraglide/messages';
import {
	ORIGINAL_COLUMNS,
	ORIGINAL_TABLES,
	isOriginalStrata,
	originalAsBackupData
} from './strata-db';

export type { BackupOrigin };

/** A backup file, read and completely checked: what it holds, ready to write. */
export interface CheckedBackup {
	kind: 'json' | 'db';
	origin: BackupOrigin;
	exportedAt: string | null;
	data: BackupData;
	/** What a `.db` file holds that is not ours (triggers, views, tables…): never read or run. */
	leftOut: string[];
}

const SQLITE_HEADER = 'SQLite format 3\0'; // not shown: the first bytes of every SQLite file

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
		throw new BackupError(m.backupfile_binary());
	}
}

/** Any failure while reading a database file, said as what it means for the user. */
function unreadable(error: unknown): BackupError {
	if (error instanceof BackupError) return error;
	if (error instanceof SqlError && error.primaryCode === INTERRUPTED) {
		return new BackupError(m.backupfile_db_too_slow());
	}
	return new BackupError(m.backupfile_db_unreadable({ error: (error as Error).message }));
}

/**
 * Opens a database file as data, checks it whole, and gives its rows in a database of ours:
 * for a file of this app, a fresh in-memory database our own migrations built (to the file's
 * version, then on to this one) holding exactly the rows of the tables we know; for the
 * original Strata's, the file itself, read-only, to read its nine tables from. Nothing of the
 * file's schema ever runs (see `Engine.untrusted`); every object that is not ours is left out
 * and named in `leftOut`. The caller closes the engine.
 */
function openDatabaseFile(
	sqlite3: Sqlite3Static,
	bytes: Uint8Array,
	bundled: Migration[],
	now: Date,
	own = false
): { engine: Engine; origin: Exclude<BackupOrigin, 'json'>; leftOut: string[] } {
	if (bytes.length < 512) {
		throw new BackupError(m.backupfile_db_too_short());
	}
	// A file saved in WAL mode opens in memory only as a rollback-journal database.
	const copy = bytes.slice();
	if (copy[18] === 2) copy[18] = 1;
	if (copy[19] === 2) copy[19] = 1;
	const deadline = own ? Infinity : Date.now() + checkSeconds(bytes.length) * 1000;
	let file: Engine;
	try {
		file = Engine.untrusted(sqlite3, copy, deadline);
	} catch (error) {
		throw new BackupError(m.backupfile_db_cannot_open({ error: (error as Error).message }));
	}
	let keepFile = false;
	try {
		const objects = schemaObjects(file);
		// A virtual table is a module's code over the file's data: SQLite would run it even to
		// check the file. None is ours.
		const virtual = objects.find((o) => o.type === 'virtual table');
		if (virtual) {
			throw new BackupError(m.backupfile_db_virtual_table({ name: virtual.name }));
		}
		const integrity = file
			// Reads below never use the file's indexes (NOT INDEXED): its tables are what counts.
			.all<{ quick_check: string }>('PRAGMA quick_check')
			.map((r) => Object.values(r)[0] as string);
		if (integrity.join() !== 'ok') {
			throw new BackupError(m.backupfile_db_damaged(), integrity.slice(0, 20));
		}
		const tables = objects.filter((o) => o.type === 'table').map((o) => o.name);
		if (tables.includes('schema_migrations')) {
			return {
				...copyIntoFresh(sqlite3, file, copy, deadline, objects, bundled, now),
				origin: 'strata-db'
			};
		}
		if (isOriginalStrata(tables)) {
			const broken = file.all<{ table: string; parent: string }>('PRAGMA foreign_key_check');
			if (broken.length) throw brokenReferences(broken);
			const extra = Object.entries(ORIGINAL_COLUMNS).flatMap(([table, columns]) =>
				// An older 1.x may lack a column: it reads as empty, and validation says if it matters.
				storedColumns(file, table, columns, { mayLack: true })
			);
			keepFile = true;
			return {
				engine: file,
				origin: 'strata-1.2-db',
				leftOut: [...notOurs(objects, ORIGINAL_SCHEMA), ...extra]
			};
		}
		const holds = tables.length
			? m.backupfile_db_holds_tables({
					tables: tables.slice(0, 8).join(', ') + (tables.length > 8 ? '…' : '')
				})
			: m.backupfile_db_holds_no_tables();
		throw new BackupError(m.backupfile_db_not_strata({ holds }));
	} catch (error) {
		throw unreadable(error);
	} finally {
		if (!keepFile) file.close();
	}
}

/**
 * How long SQLite's work on a file from outside may take before it is refused: 10 s, and 1 s
 * more for each 10 MB (a 155 MB file of 365,000 valuations takes about 3 s here). A restore
 * point, a file this app wrote into its own storage, has no limit.
 */
export function checkSeconds(bytes: number): number {
	return 10 + Math.ceil(bytes / 10_000_000);
}

interface SchemaObject {
	type: 'table' | 'index' | 'view' | 'trigger' | 'virtual table';
	name: string;
	table: string;
}

/** Every object the file's schema declares (a virtual table said as such), never run. */
function schemaObjects(file: Engine): SchemaObject[] {
	return file
		.all<{ type: SchemaObject['type']; name: string; table: string; sql: string | null }>(
			`SELECT type, name, tbl_name AS "table", sql FROM sqlite_schema
       WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY rowid`
		)
		.map(({ type, name, table, sql }) => ({
			type: type === 'table' && /^\s*CREATE\s+VIRTUAL\b/i.test(sql ?? '') ? 'virtual table' : type,
			name,
			table
		}));
}

/** The original Strata's tables: its nine and Prisma's bookkeeping. */
const ORIGINAL_SCHEMA = new Set(
	[...ORIGINAL_TABLES, '_prisma_migrations'].map((t) => `table ${t}`)
);

/** The kinds of objects a database file declares, in words. */
const OBJECT_WORDS: Record<SchemaObject['type'], () => string> = {
	table: m.backupfile_object_table,
	index: m.backupfile_object_index,
	view: m.backupfile_object_view,
	trigger: m.backupfile_object_trigger,
	'virtual table': m.backupfile_object_virtual_table
};

/** What the file declares that the expected schema does not, said for the preview. */
function notOurs(objects: SchemaObject[], expected: Set<string>): string[] {
	return (
		objects
			.filter((o) => !expected.has(`${o.type} ${o.name}`))
			// An index of our own tables holds no data of its own: ours are built anew.
			.filter((o) => !(o.type === 'index' && expected.has(`table ${o.table}`)))
			.map((o) => m.backupfile_left_out_object({ type: OBJECT_WORDS[o.type](), name: o.name }))
	);
}

function brokenReferences(broken: { table: string; parent: string }[]): BackupError {
	return new BackupError(
		m.backupfile_db_broken_refs({ count: String(broken.length) }),
		broken.slice(0, 20).map((r) => m.backupfile_db_broken_ref({ table: r.table, parent: r.parent }))
	);
}

/**
 * A file of this app: a fresh database is built by our migrations up to the file's version, the
 * rows of each of its tables copied column by column (values as stored, checked later as any
 * backup is), the file's migration history kept, and then migrated on to this version.
 */
function copyIntoFresh(
	sqlite3: Sqlite3Static,
	file: Engine,
	bytes: Uint8Array,
	deadline: number,
	objects: SchemaObject[],
	bundled: Migration[],
	now: Date
): { engine: Engine; leftOut: string[] } {
	const schemaMigrations = objects.find((o) => o.name === 'schema_migrations');
	if (schemaMigrations?.type !== 'table') {
		throw new BackupError(m.backupfile_db_migrations_not_table());
	}
	const plan = planMigrations(bundled, readAppliedMigrations(file));
	if (plan.unknown.length) {
		throw new BackupError(
			m.backupfile_db_newer({ steps: plan.unknown.map(migrationLabel).join(', ') })
		);
	}
	if (plan.edited.length) {
		throw new BackupError(
			m.backupfile_db_other_build({ steps: plan.edited.map(migrationLabel).join(', ') })
		);
	}
	const applied = new Set(readAppliedMigrations(file).map((m) => m.version));
	const fresh = Engine.memory(sqlite3);
	try {
		migrate(
			fresh,
			bundled.filter((m) => applied.has(m.version)),
			{ now: () => now }
		);
		fresh.exec(BOOKKEEPING);
		const expected = schemaObjects(fresh);
		const leftOut = notOurs(objects, new Set(expected.map((o) => `${o.type} ${o.name}`)));
		const byName = new Map(objects.map((o) => [o.name, o]));
		// Every table of ours, checked on the file first: a real table storing each of our columns.
		const tables = expected
			.filter((o) => o.type === 'table')
			.map(({ name }) => {
				const theirs = byName.get(name);
				if (theirs?.type !== 'table') {
					throw new BackupError(
						theirs
							? m.backupfile_db_not_a_table({ name, type: OBJECT_WORDS[theirs.type]() })
							: m.backupfile_db_no_table({ name })
					);
				}
				const columns = fresh
					.all<{ name: string }>(`PRAGMA table_info(${quoted(name)})`)
					.map((c) => c.name);
				leftOut.push(...storedColumns(file, name, columns));
				return { name, columns: columns.map(quoted).join(', ') };
			});
		file.close();
		// Then SQLite copies the rows itself, from the file attached read-only and guarded.
		const detach = fresh.attachUntrusted('file', bytes, deadline);
		try {
			fresh.exec('PRAGMA foreign_keys = OFF; PRAGMA ignore_check_constraints = ON');
			fresh.transaction(() => {
				fresh.run('DELETE FROM schema_migrations');
				for (const { name, columns } of tables) {
					fresh.run(
						`INSERT INTO main.${quoted(name)} (${columns}) SELECT ${columns} FROM file.${quoted(name)} NOT INDEXED`
					);
				}
			});
		} finally {
			detach();
		}
		fresh.exec('PRAGMA ignore_check_constraints = OFF; PRAGMA foreign_keys = ON');
		const broken = fresh.all<{ table: string; parent: string }>('PRAGMA foreign_key_check');
		if (broken.length) throw brokenReferences(broken);
		migrate(fresh, bundled, { now: () => now });
		return { engine: fresh, leftOut };
	} catch (error) {
		fresh.close();
		throw error;
	}
}

const quoted = (name: string) => `"${name.replaceAll('"', '""')}"`;

/**
 * Checks that the file stores each of `ours` columns of a table (not computes them: a generated
 * column is code), and names the file's other columns, which are left out.
 */
function storedColumns(
	file: Engine,
	table: string,
	ours: readonly string[],
	{ mayLack = false } = {}
): string[] {
	const theirs = new Map(
		file
			.all<{ name: string; hidden: number }>(`PRAGMA table_xinfo(${quoted(table)})`)
			.map((c) => [c.name, c.hidden])
	);
	for (const column of ours) {
		const hidden = theirs.get(column);
		if (hidden === undefined) {
			if (mayLack) continue;
			throw new BackupError(m.backupfile_db_no_column({ table, column }));
		}
		if (hidden !== 0) {
			throw new BackupError(m.backupfile_db_generated_column({ table, column }));
		}
	}
	return [...theirs.keys()]
		.filter((column) => !ours.includes(column))
		.map((column) => m.backupfile_left_out_column({ column, table }));
}

function readDatabaseFile(
	sqlite3: Sqlite3Static,
	bytes: Uint8Array,
	bundled: Migration[],
	now: Date
): { data: BackupData; origin: BackupOrigin; leftOut: string[] } {
	const { engine, origin, leftOut } = openDatabaseFile(sqlite3, bytes, bundled, now);
	try {
		const data =
			origin === 'strata-db'
				? parseBackup(exportBackupJson(engine, now)).data
				: validateBackupData(originalAsBackupData(engine));
		return { data, origin, leftOut };
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
	const { engine, origin } = openDatabaseFile(sqlite3, bytes, bundled, now, true);
	if (origin !== 'strata-db') {
		engine.close();
		throw new BackupError(m.backupfile_not_restorable());
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
	if (bytes.length === 0) throw new BackupError(m.backupfile_empty_bytes());
	// Decrypted first by the caller (openBackupBytes): here it would only read as binary junk.
	if (isEncryptedBackup(bytes)) throw needsPassphrase();
	onPhase(m.backupfile_phase_checking_rows());
	if (isSqliteFile(bytes)) {
		const { data, origin, leftOut } = readDatabaseFile(sqlite3, bytes, bundled, now);
		return { kind: 'db', origin, exportedAt: null, data, leftOut };
	}
	const { data, exportedAt } = parseBackup(asText(bytes));
	return { kind: 'json', origin: 'json', exportedAt, data, leftOut: [] };
}

/**
 * A fresh in-memory database at the current schema holding all of `data`, as importing it
 * (Replace) would write it. Without the chart's stored series unless `series` (Verify backup and
 * the import preview only count rows and a net worth; the command line's networth and convert
 * need all of it).
 *
 * @example const engine = loadIntoMemory(sqlite3, backup.data, bundled, now, { series: true });
 */
export function loadIntoMemory(
	sqlite3: Sqlite3Static,
	data: BackupData,
	bundled: Migration[],
	now = new Date(),
	{ series = false }: { series?: boolean } = {}
): Engine {
	const engine = Engine.memory(sqlite3);
	try {
		migrate(engine, bundled, { now: () => now });
		importBackup(engine, data, 'replace', { now, series });
		return engine;
	} catch (error) {
		engine.close();
		throw new BackupError(m.backupfile_cannot_load({ error: (error as Error).message }));
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
