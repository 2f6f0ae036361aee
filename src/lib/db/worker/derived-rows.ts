/**
 * What the derived tables (holdings, currency factors) share: the version of the rules their
 * rows were computed by, and writing only the rows a recomputation changed.
 */
import type { SyncSql } from '../sync-sql';

/** Whether the rows named `name` were computed by rules of this `version`. */
export function derivedCurrent(sql: SyncSql, name: string, version: number): boolean {
	const [row] = sql.all<{ version: number }>(
		'SELECT version FROM derived_versions WHERE name = ?1',
		[name]
	);
	return row?.version === version;
}

/** Records that the rows named `name` now follow rules of this `version`. */
export function markDerived(sql: SyncSql, name: string, version: number): void {
	sql.run(
		`INSERT INTO derived_versions (name, version) VALUES (?1, ?2)
     ON CONFLICT (name) DO UPDATE SET version = excluded.version`,
		[name, version]
	);
}

/**
 * Compares recomputed rows with the stored ones (by key): the rows to write (new or different)
 * and the stored rows no longer computed (to delete). `stored` is left as it was.
 */
export function rowChanges<Row, Old>(
	wanted: readonly Row[],
	stored: ReadonlyMap<string, Old>,
	keyOf: (row: Row) => string,
	same: (old: Old, row: Row) => boolean
): { upserts: Row[]; gone: Old[] } {
	const left = new Map(stored);
	const upserts = wanted.filter((row) => {
		const key = keyOf(row);
		const old = left.get(key);
		left.delete(key);
		return !(old && same(old, row));
	});
	return { upserts, gone: [...left.values()] };
}
