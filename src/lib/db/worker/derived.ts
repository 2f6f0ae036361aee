/**
 * Derived rows: what the app computes from the user's data and stores to read fast (today the
 * net-worth points, portfolio_snapshots). The write gate keeps them in step after every change,
 * from the earliest day the change can affect — worked out from the change's own changeset, so
 * a write handler never has to think about them. They are never recorded for undo (undoing
 * recomputes them) and never synced: every database recomputes its own.
 */
import type { TableName, WriteContext } from '../messages';
import { ASSETS_FIRST_DAY_SQL, earliest, refreshSnapshotsStatements } from '$lib/domain/net-worth';
import type { ChangedRow } from './changesets';
import type { Engine } from './engine';

/** Tables whose rows are recomputed from the others. */
export const DERIVED_TABLES: readonly TableName[] = ['portfolio_snapshots'];

/** The app's own bookkeeping: not the user's data, never recorded for undo. */
const BOOKKEEPING_TABLES = ['change_log', 'schema_migrations'];

/**
 * Every table of the user's data: what a change is recorded over. A table a migration adds is
 * recorded from then on without anyone listing it here.
 */
export function sourceTables(engine: Engine): string[] {
	const skip = new Set<string>([...DERIVED_TABLES, ...BOOKKEEPING_TABLES]);
	return engine
		.all<{ name: string }>(
			"SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
		)
		.map((row) => row.name)
		.filter((name) => !skip.has(name));
}

const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);

/** Where each dated table keeps its date. */
const DATED: Record<string, string> = {
	asset_snapshots: 'observed_at',
	transactions: 'occurred_at'
};

/**
 * The earliest day whose net worth these changed rows can move, or null when none can (a tag
 * renamed). A valuation or transaction moves its own days (before and after the change) and,
 * since it can start or end a holding, everything from the first day of its asset; an asset
 * changed (its type, its disposal) moves everything from its first day; a type changed (its
 * group) moves everything from the first day of its assets.
 */
export function earliestAffectedDay(engine: Engine, rows: readonly ChangedRow[]): string | null {
	const days: string[] = [];
	const assets = new Set<string>();
	for (const row of rows) {
		const dated = DATED[row.table];
		if (dated) {
			for (const value of [row.old[dated], row.new[dated]])
				if (text(value)) days.push(text(value)!);
			for (const value of [row.old.asset_id, row.new.asset_id])
				if (text(value)) assets.add(text(value)!);
			if (row.op === 'update') {
				// An update's changeset holds the key and the changed columns: the row as it is now.
				const now = engine.get<{ asset_id: string; at: string }>(
					`SELECT asset_id, ${dated} AS at FROM ${row.table} WHERE id = ?`,
					[text(row.old.id)]
				);
				if (now) {
					days.push(now.at);
					assets.add(now.asset_id);
				}
			}
		} else if (row.table === 'assets') {
			const id = text(row.old.id) ?? text(row.new.id);
			if (id) assets.add(id);
		} else if (row.table === 'asset_types' && row.op === 'update') {
			for (const asset of engine.all<{ id: string }>(
				'SELECT id FROM assets WHERE asset_type_id = ?',
				[text(row.old.id)]
			))
				assets.add(asset.id);
		}
	}
	if (assets.size > 0) {
		const first = engine.get<{ first: string | null }>(ASSETS_FIRST_DAY_SQL, [
			JSON.stringify([...assets])
		])?.first;
		if (first) days.push(first);
	}
	return earliest(...days.map((day) => day.slice(0, 10)));
}

/** Brings every derived row in step with the changed rows; returns the derived tables touched. */
export function refreshDerived(
	engine: Engine,
	rows: readonly ChangedRow[],
	context: Pick<WriteContext, 'currency'>
): TableName[] {
	const from = earliestAffectedDay(engine, rows);
	if (from === null) return [];
	for (const { sql, params } of refreshSnapshotsStatements(from, context.currency)) {
		engine.run(sql, params as never);
	}
	return ['portfolio_snapshots'];
}
