/**
 * Net worth, computed by SQL over decimal text (exact: see db/worker/sql-functions.ts).
 *
 * Net worth on day D = Σ over assets held on D of their latest valuation at or before the end of
 * D, where assets of the LIABILITIES group count negative. An asset is held from its first
 * ACQUIRE (else its first valuation) until its disposal (its last DISPOSE; for an asset marked
 * disposed without one, the end of the day of its last valuation). Unlike the original, a
 * disposed asset still counts at every date before its disposal.
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '$lib/db/schema';
import { endOfDay, type DateText } from './dates';
import { subtractDecimals } from './money';

/**
 * One row per asset: its group and the interval it is held, [held_from, held_until).
 * Used as a CTE by every net-worth query, so "held" has one definition.
 */
export const HOLDINGS = sql`holdings AS (
  SELECT a.id AS asset_id, a.asset_type_id, t."group" AS grp,
    coalesce(
      (SELECT min(x.occurred_at) FROM transactions x WHERE x.asset_id = a.id AND x.type = 'ACQUIRE'),
      (SELECT min(s.observed_at) FROM asset_snapshots s WHERE s.asset_id = a.id)
    ) AS held_from,
    CASE WHEN a.disposed = 1 THEN coalesce(
      (SELECT max(x.occurred_at) FROM transactions x WHERE x.asset_id = a.id AND x.type = 'DISPOSE'),
      (SELECT strftime('%Y-%m-%dT00:00:00.000Z', max(s.observed_at), '+1 day')
         FROM asset_snapshots s WHERE s.asset_id = a.id),
      ''
    ) END AS held_until
  FROM assets a JOIN asset_types t ON t.id = a.asset_type_id
)`;

/** The condition "held at timestamp `at`" over the holdings CTE aliased `h`. */
export function heldAt(at: RawBuilder<unknown> | string): RawBuilder<unknown> {
	const point = typeof at === 'string' ? sql`${at}` : at;
	return sql`h.held_from <= ${point} AND (h.held_until IS NULL OR h.held_until > ${point})`;
}

/** The latest valuation of asset `h.asset_id` at or before `at`. */
export function valueAt(at: RawBuilder<unknown> | string): RawBuilder<string | null> {
	const point = typeof at === 'string' ? sql`${at}` : at;
	return sql<string | null>`(SELECT s.value FROM asset_snapshots s
      WHERE s.asset_id = h.asset_id AND s.observed_at <= ${point}
      ORDER BY s.observed_at DESC LIMIT 1)`;
}

export interface NetWorth {
	/** Σ of assets held, liabilities excluded. */
	assets: string;
	/** Σ of liabilities held, as a positive amount. */
	liabilities: string;
	netWorth: string;
	/** How many assets count on that day. */
	held: number;
}

/**
 * Net worth at the end of `date`.
 *
 * @example await netWorthOn(db, '2026-11-21') // { netWorth: '239200', … } on the demo data
 */
export async function netWorthOn(db: Kysely<Database>, date: DateText): Promise<NetWorth> {
	const at = endOfDay(date);
	const { rows } = await sql<{ assets: string | null; liabilities: string | null; held: number }>`
    WITH ${HOLDINGS},
    valued AS (SELECT h.grp, ${valueAt(at)} AS value FROM holdings h WHERE ${heldAt(at)})
    SELECT decimal_sum(CASE WHEN grp <> 'LIABILITIES' THEN value END) AS assets,
           decimal_sum(CASE WHEN grp = 'LIABILITIES' THEN value END) AS liabilities,
           count(value) AS held
    FROM valued`.execute(db);
	const row = rows[0]!;
	const assets = row.assets ?? '0';
	const liabilities = row.liabilities ?? '0';
	return { assets, liabilities, netWorth: subtractDecimals(assets, liabilities), held: row.held };
}
