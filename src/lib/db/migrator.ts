/**
 * Applies, checks and undoes migrations on one connection. Rules (Flyway, Actual):
 * - the applied list must be a prefix of the bundled list: a database that ran a migration this
 *   build does not have was written by a newer Strata and is never touched;
 * - an applied migration whose file changed since (checksum) is refused the same way;
 * - each migration and its `schema_migrations` row commit in one transaction, or neither does.
 */
import type { Engine } from './worker/engine';
import { errorText } from './worker/engine';
import { AppError } from '$lib/domain/errors';
import { m } from '$lib/paraglide/messages';
import { migrationLabel, type MigrationRef } from './messages';
import type { Migration } from './migrations';

export interface AppliedMigration {
	version: number;
	name: string;
	checksum: string;
	applied_at: string;
}

export type { MigrationRef };

export interface MigrationPlan {
	applied: AppliedMigration[];
	pending: Migration[];
	/** Applied here but not bundled in this build: a newer Strata wrote this database. */
	unknown: MigrationRef[];
	/** Applied here, but the bundled file differs from the one that ran. */
	edited: MigrationRef[];
}

/** A migration that failed; the transaction was rolled back and the database is as it was. */
export class MigrationError extends Error {
	override name = 'MigrationError';
	readonly migration: MigrationRef;
	constructor(
		{ version, name }: MigrationRef,
		readonly sqliteMessage: string
	) {
		super(
			m.errors_migration_failed({
				migration: migrationLabel({ version, name }),
				reason: sqliteMessage
			})
		);
		this.migration = { version, name };
	}
}

/** The database cannot be migrated by this build (newer or edited); nothing was written. */
export class MigrationRefusedError extends AppError {
	override name = 'MigrationRefusedError';
	constructor(readonly plan: MigrationPlan) {
		const what = plan.unknown.length
			? m.errors_migration_unknown({ migrations: plan.unknown.map(migrationLabel).join(', ') })
			: m.errors_migration_edited({ migrations: plan.edited.map(migrationLabel).join(', ') });
		super('refused', m.errors_migration_refused({ reason: what }));
	}
}

/** The table of applied migrations (created with the first). */
export const BOOKKEEPING = `CREATE TABLE IF NOT EXISTS schema_migrations (
  version    INTEGER NOT NULL PRIMARY KEY,
  name       TEXT NOT NULL,
  checksum   TEXT NOT NULL,
  applied_at TEXT NOT NULL
)`;

export function readAppliedMigrations(engine: Engine): AppliedMigration[] {
	const exists = engine.value(
		"SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'schema_migrations'"
	);
	if (!exists) return [];
	return engine.all<AppliedMigration>(
		'SELECT version, name, checksum, applied_at FROM schema_migrations ORDER BY version'
	);
}

export function planMigrations(bundled: Migration[], applied: AppliedMigration[]): MigrationPlan {
	const byVersion = new Map(bundled.map((m) => [m.version, m]));
	const unknown: MigrationRef[] = [];
	const edited: MigrationRef[] = [];
	for (const row of applied) {
		const file = byVersion.get(row.version);
		if (!file) unknown.push({ version: row.version, name: row.name });
		else if (file.checksum !== row.checksum) edited.push({ version: row.version, name: row.name });
	}
	const appliedVersions = new Set(applied.map((row) => row.version));
	const pending = bundled.filter((m) => !appliedVersions.has(m.version));
	// A gap (3 applied, 2 not) means the history is not ours either: treat the gap as unknown.
	const highest = Math.max(0, ...applied.map((row) => row.version));
	for (const m of pending)
		if (m.version < highest) unknown.push({ version: m.version, name: m.name });
	return { applied, pending: unknown.length ? [] : pending, unknown, edited };
}

/** The plan for a database as it is now: read once, then passed to whatever needs it. */
export function planFor(engine: Engine, bundled: Migration[]): MigrationPlan {
	return planMigrations(bundled, readAppliedMigrations(engine));
}

/**
 * The one refusal rule: a database that ran migrations this build does not know (a newer Strata
 * wrote it) or whose applied migrations were edited since is never touched.
 */
export function refusal(plan: MigrationPlan): MigrationRefusedError | null {
	return plan.unknown.length || plan.edited.length ? new MigrationRefusedError(plan) : null;
}

export function schemaVersion(engine: Engine): number {
	return Math.max(0, ...readAppliedMigrations(engine).map((row) => row.version));
}

/**
 * Runs `work` in one transaction with foreign-key enforcement off, the way SQLite documents
 * schema changes (a migration may rebuild a table without cascading deletes); `checkKeys` then
 * fails the whole transaction if any row is left pointing nowhere.
 */
function schemaTransaction(engine: Engine, work: () => void): void {
	engine.exec('PRAGMA foreign_keys = OFF');
	try {
		engine.transaction(work);
	} finally {
		engine.exec('PRAGMA foreign_keys = ON');
	}
}

function checkKeys(engine: Engine): void {
	const broken = engine.all('PRAGMA foreign_key_check');
	if (broken.length > 0) {
		const first = broken[0]!;
		throw new Error(
			m.errors_migration_foreign_keys({
				count: broken.length,
				table: String(first.table),
				parent: String(first.parent)
			})
		);
	}
}

function runMigration(engine: Engine, migration: Migration, now: Date): void {
	engine.exec(BOOKKEEPING);
	engine.exec(migration.up);
	engine.run(
		'INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (?, ?, ?, ?)',
		[migration.version, migration.name, migration.checksum, now.toISOString()]
	);
	checkKeys(engine);
}

export interface MigrateOptions {
	now?: () => Date;
	/** The plan already read for this database (planFor), so it is not read twice. */
	plan?: MigrationPlan;
	/**
	 * More work that must commit with the migrations or not at all (filling a new database: a
	 * crash in between must not leave it created but empty).
	 */
	andThen?: () => void;
}

/**
 * Brings the database up to the bundled schema. Refuses (MigrationRefusedError) a newer or
 * edited database without writing anything. All pending migrations run in one transaction, each
 * with its bookkeeping row: if one fails (MigrationError, naming it), none of them stays and the
 * database is exactly as it was.
 *
 * @example const ran = migrate(engine, await bundledMigrations()); // [] when up to date
 */
export function migrate(
	engine: Engine,
	bundled: Migration[],
	options: MigrateOptions = {}
): Migration[] {
	const plan = options.plan ?? planFor(engine, bundled);
	const refused = refusal(plan);
	if (refused) throw refused;
	if (plan.pending.length === 0) return [];
	let current: Migration | null = plan.pending[0]!;
	try {
		schemaTransaction(engine, () => {
			for (const migration of plan.pending) {
				current = migration;
				runMigration(engine, migration, options.now?.() ?? new Date());
			}
			current = null;
			if (options.andThen) {
				options.andThen();
				checkKeys(engine);
			}
		});
	} catch (error) {
		if (current === null) throw error;
		throw new MigrationError(current, errorText(error));
	}
	return plan.pending;
}

/**
 * The last `count` applied migrations, newest first: what a rollback would undo. Throws when the
 * database is refused or `count` is out of range, before anything is written or copied.
 */
export function rollbackPlan(engine: Engine, bundled: Migration[], count: number) {
	const plan = planFor(engine, bundled);
	const refused = refusal(plan);
	if (refused) throw refused;
	if (!Number.isInteger(count) || count < 1 || count > plan.applied.length) {
		throw new AppError(
			'validation',
			m.errors_migration_rollback_count({ max: plan.applied.length, count })
		);
	}
	return plan.applied.slice(-count).reverse();
}

/**
 * Undoes the last `count` applied migrations with their down scripts, newest first, all in one
 * transaction: either every one is undone or none is.
 */
export function rollbackMigrations(
	engine: Engine,
	bundled: Migration[],
	count: number
): MigrationRef[] {
	const undone = rollbackPlan(engine, bundled, count);
	const byVersion = new Map(bundled.map((m) => [m.version, m]));
	let current: MigrationRef | undefined;
	try {
		schemaTransaction(engine, () => {
			for (const row of undone) {
				current = row;
				engine.exec(byVersion.get(row.version)!.down);
				engine.run('DELETE FROM schema_migrations WHERE version = ?', [row.version]);
				checkKeys(engine);
			}
		});
	} catch (error) {
		throw new MigrationError(current ?? undone[0]!, errorText(error));
	}
	return undone.map(({ version, name }) => ({ version, name }));
}
