/**
 * The life of a database's schema, as the Database panel shows it: status of every migration,
 * a dry run on a throwaway copy, a restore point before every start-up migration, and rollback.
 * Written against an Engine and a restore-point store, so Node tests run it on the real engine.
 */
import type { Sqlite3Static } from '@sqlite.org/sqlite-wasm';
import {
	migrationLabel,
	type DryRunReport,
	type MigrationRef,
	type MigrationStatus,
	type RestorePoint,
	type SchemaChange
} from '../messages';
import type { Migration } from '../migrations';
import {
	MigrationError,
	migrate,
	planFor,
	readAppliedMigrations,
	refusal,
	rollbackMigrations,
	rollbackPlan,
	type MigrationPlan
} from '../migrator';
import { Engine } from './engine';
import { m } from '$lib/paraglide/messages';

/** Every bundled migration, and any applied one this build does not know, in version order. */
export function migrationStatus(engine: Engine, bundled: Migration[]): MigrationStatus[] {
	const applied = new Map(readAppliedMigrations(engine).map((row) => [row.version, row]));
	const rows: MigrationStatus[] = bundled.map((m) => {
		const row = applied.get(m.version);
		if (!row)
			return {
				version: m.version,
				name: m.name,
				state: 'pending',
				appliedAt: null,
				checksumMatches: null
			};
		const matches = row.checksum === m.checksum;
		return {
			version: m.version,
			name: m.name,
			state: matches ? 'applied' : 'edited',
			appliedAt: row.applied_at,
			checksumMatches: matches
		};
	});
	for (const row of applied.values()) {
		if (!bundled.some((m) => m.version === row.version)) {
			rows.push({
				version: row.version,
				name: row.name,
				state: 'unknown',
				appliedAt: row.applied_at,
				checksumMatches: null
			});
		}
	}
	return rows.sort((a, b) => a.version - b.version);
}

export type KeepRestorePoint = (reason: string) => Promise<RestorePoint>;

/**
 * Migrates a database as it opens, by the plan read for it once. When something is pending on a
 * database that already holds a schema, a restore point of it as it was is kept first, so a bad
 * release can be undone. Returns the migrations that ran and the restore point, if one was kept.
 */
export async function migrateOnOpen(
	engine: Engine,
	bundled: Migration[],
	plan: MigrationPlan,
	keepRestorePoint: KeepRestorePoint,
	andThen?: () => void
): Promise<{ ran: MigrationRef[]; restorePoint: RestorePoint | null }> {
	let restorePoint: RestorePoint | null = null;
	if (plan.pending.length > 0 && plan.applied.length > 0 && !refusal(plan)) {
		const last = plan.pending.at(-1)!;
		restorePoint = await keepRestorePoint(
			m.errors_reason_update({
				version: last.version,
				migrations: plan.pending.map(migrationLabel).join(', ')
			})
		);
	}
	const ran = migrate(engine, bundled, { plan, andThen });
	return { ran: ran.map(({ version, name }) => ({ version, name })), restorePoint };
}

function schemaObjects(engine: Engine): Map<string, string> {
	return new Map(
		engine
			.all<{ type: string; name: string; sql: string | null }>(
				"SELECT type, name, sql FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name"
			)
			.map((r) => [`${r.type} ${r.name}`, r.sql ?? ''])
	);
}

/**
 * Applies the pending migrations to a throwaway in-memory copy of the database (its file's
 * bytes) and reports what would change. The live database is never written.
 */
export function dryRun(
	sqlite3: Sqlite3Static,
	bytes: Uint8Array,
	bundled: Migration[]
): DryRunReport {
	const copy = Engine.memory(sqlite3, bytes);
	try {
		const plan = planFor(copy, bundled);
		const pending = plan.pending.map(({ version, name }) => ({ version, name }));
		const before = schemaObjects(copy);
		let failure: DryRunReport['failure'] = null;
		try {
			migrate(copy, bundled, { plan });
		} catch (error) {
			if (error instanceof MigrationError)
				failure = { migration: error.migration, message: error.sqliteMessage };
			else throw error;
		}
		const after = schemaObjects(copy);
		const changes: SchemaChange[] = [];
		for (const [object, sql] of after) {
			if (!before.has(object)) changes.push({ kind: 'added', object });
			else if (before.get(object) !== sql) changes.push({ kind: 'changed', object });
		}
		for (const object of before.keys())
			if (!after.has(object)) changes.push({ kind: 'removed', object });
		return { pending, ok: failure === null, failure, changes };
	} finally {
		copy.close();
	}
}

/** Undoes the last `count` migrations (newest first, one transaction) after keeping a restore point. */
export async function rollback(
	engine: Engine,
	bundled: Migration[],
	count: number,
	keepRestorePoint: KeepRestorePoint
): Promise<{ undone: MigrationRef[]; restorePoint: RestorePoint }> {
	const undoing = rollbackPlan(engine, bundled, count);
	const restorePoint = await keepRestorePoint(
		m.errors_reason_rollback({ migrations: undoing.map(migrationLabel).join(', ') })
	);
	const undone = rollbackMigrations(engine, bundled, count);
	return { undone, restorePoint };
}
