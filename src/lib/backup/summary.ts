/** What a database holds, for the import preview and backup verification: counts, dates, worth. */
import type { Sqlite3Static } from '@sqlite.org/sqlite-wasm';
import type { Migration } from '$lib/db/migrations';
import type { SyncSql } from '$lib/db/sync-sql';
import type { Engine } from '$lib/db/worker/engine';
import { localKysely } from '$lib/db/worker/local-kysely';
import { endOfDay, type DateText } from '$lib/domain/dates';
import type { DatabaseSummary } from '$lib/db/messages';
import { netWorthOn } from '$lib/domain/net-worth';
import { loadIntoMemory, netWorthSample } from './backup-file';
import { TABLE_KEYS, TABLE_NAMES, countsOf, type BackupData, type TableKey } from './format';

export type { DatabaseSummary };
const countOf = (key: TableKey) => `(SELECT count(*) FROM ${TABLE_NAMES[key]}) AS ${key},`;
const COUNT_SQL = `SELECT
  ${TABLE_KEYS.map(countOf).join('\n  ')}
  (SELECT min(d) FROM (SELECT min(observed_at) AS d FROM asset_snapshots UNION ALL SELECT min(occurred_at) FROM transactions)) AS first,
  (SELECT max(d) FROM (SELECT max(observed_at) AS d FROM asset_snapshots UNION ALL SELECT max(occurred_at) FROM transactions)) AS last`;

export async function summarize(engine: Engine, today: DateText): Promise<DatabaseSummary> {
	const sql: SyncSql = engine;
	const [row] = sql.all<Record<TableKey, number> & { first: string | null; last: string | null }>(
		COUNT_SQL
	);
	const { first, last, ...counts } = row!;
	return {
		counts,
		firstDay: first?.slice(0, 10) ?? null,
		lastDay: last?.slice(0, 10) ?? null,
		netWorth: await netWorthOn(localKysely(engine), today)
	};
}

/**
 * The same summary for a checked backup that is not written anywhere yet: counts and dates from
 * its rows, net worth from the app's own SQL over just the rows that decide it.
 */
export async function summarizeBackup(
	sqlite3: Sqlite3Static,
	data: BackupData,
	bundled: Migration[],
	today: DateText
): Promise<DatabaseSummary> {
	const counts = countsOf(data);
	let first: string | null = null;
	let last: string | null = null;
	for (const at of [
		...data.assetSnapshots.map((r) => r.observedAt),
		...data.transactions.map((r) => r.occurredAt)
	]) {
		if (first === null || at < first) first = at;
		if (last === null || at > last) last = at;
	}
	const sample = loadIntoMemory(sqlite3, netWorthSample(data, endOfDay(today)), bundled);
	try {
		return {
			counts,
			firstDay: first?.slice(0, 10) ?? null,
			lastDay: last?.slice(0, 10) ?? null,
			netWorth: await netWorthOn(localKysely(sample), today)
		};
	} finally {
		sample.close();
	}
}
