/**
 * Net worth, computed by SQL over decimal text (exact: see db/worker/sql-functions.ts).
 *
 * Net worth on day D = Σ over assets held on D of their latest valuation at or before the end of
 * D, where assets of the LIABILITIES group count negative. An asset is held from its first
 * ACQUIRE (else its first valuation) until its disposal (its last DISPOSE; for an asset marked
 * disposed without one, the end of the day of its last valuation). Unlike the original, a
 * disposed asset still counts at every date before its disposal.
 *
 * The SQL is plain text with positional parameters so that the same statements run through
 * Kysely on the page and directly on an engine inside the worker (seeding, imports).
 */
import { CompiledQuery, type Kysely } from 'kysely';
import type { NetWorth } from '$lib/db/messages';
import type { Database } from '$lib/db/schema';
import { addMonths, daysBetween, addDays, endOfDay, type DateText } from './dates';
import { subtractDecimals } from './money';

/**
 * One row per asset: its group and the interval it is held, [held_from, held_until).
 * MATERIALIZED: computed once per query, not once per day it is joined with.
 */
export const HOLDINGS = `holdings AS MATERIALIZED (
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

/** "Asset h is held at the timestamp expression `at`". */
const heldAt = (at: string) =>
	`h.held_from <= ${at} AND (h.held_until IS NULL OR h.held_until > ${at})`;

/**
 * The latest valuation of asset h at or before the timestamp expression `at`: one seek in the
 * (asset_id, observed_at) index. No tie-break column on purpose: it would turn the seek into a
 * sort of every earlier valuation; same-day valuations are refused on every way in instead.
 */
const valueAt = (at: string, column = 's.value') => `(SELECT ${column} FROM asset_snapshots s
      WHERE s.asset_id = h.asset_id AND s.observed_at <= ${at}
      ORDER BY s.observed_at DESC LIMIT 1)`;

/**
 * valueAt, negative for a liability. The sign is applied inside the subquery on purpose: an
 * outer expression naming the value twice would make SQLite run the seek twice.
 */
const signedValueAt = (at: string) =>
	valueAt(at, `CASE WHEN h.grp = 'LIABILITIES' THEN decimal_neg(s.value) ELSE s.value END`);

async function rows<T>(db: Kysely<Database>, text: string, params: unknown[]): Promise<T[]> {
	const result = await db.executeQuery<T>(CompiledQuery.raw(text, params));
	return result.rows;
}

export type { NetWorth };

/**
 * Net worth at the end of `date`.
 *
 * @example await netWorthOn(db, '2026-11-21') // { netWorth: '239200', … } on the demo data
 */
export async function netWorthOn(db: Kysely<Database>, date: DateText): Promise<NetWorth> {
	const [row] = await rows<{ assets: string | null; liabilities: string | null; held: number }>(
		db,
		`WITH ${HOLDINGS},
     valued AS MATERIALIZED (
       SELECT h.grp, ${valueAt('?1')} AS value FROM holdings h WHERE ${heldAt('?1')}
     )
     SELECT decimal_sum(CASE WHEN grp <> 'LIABILITIES' THEN value END) AS assets,
            decimal_sum(CASE WHEN grp = 'LIABILITIES' THEN value END) AS liabilities,
            count(value) AS held
     FROM valued`,
		[endOfDay(date)]
	);
	const assets = row?.assets ?? '0';
	const liabilities = row?.liabilities ?? '0';
	return {
		assets,
		liabilities,
		netWorth: subtractDecimals(assets, liabilities),
		held: row?.held ?? 0
	};
}

export interface AssetValue {
	assetId: string;
	/** What the asset counts for at the end of the day, or null when it is not held then. */
	value: string | null;
	/** Its latest valuation at or before the day, held or not (a disposed asset's last value). */
	lastValue: string | null;
	heldFrom: string | null;
	heldUntil: string | null;
}

/** Every asset's value at the end of `date`: the numbers the asset list shows. */
export async function assetValuesOn(
	db: Kysely<Database>,
	date: DateText,
	assetId: string | null = null
): Promise<Map<string, AssetValue>> {
	const found = await rows<{
		asset_id: string;
		value: string | null;
		last_value: string | null;
		held_from: string | null;
		held_until: string | null;
	}>(
		db,
		`WITH ${HOLDINGS},
     valued AS MATERIALIZED (SELECT h.*, ${valueAt('?1')} AS last_value FROM holdings h
       WHERE ?2 IS NULL OR h.asset_id = ?2)
     SELECT asset_id, held_from, nullif(held_until, '') AS held_until, last_value,
            CASE WHEN ${heldAt('?1')} THEN last_value END AS value
     FROM valued h`,
		[endOfDay(date), assetId]
	);
	return new Map(
		found.map((r) => [
			r.asset_id,
			{
				assetId: r.asset_id,
				value: r.value,
				lastValue: r.last_value,
				heldFrom: r.held_from,
				heldUntil: r.held_until
			}
		])
	);
}

// ---------------------------------------------------------------------------------------------
// History and allocation

export type Breakdown = 'total' | 'group' | 'type' | 'category';

/** The series key of an asset for each breakdown (an expression over holdings h). */
const KEY: Record<Breakdown, string> = {
	total: `'total'`,
	group: `h.grp`,
	type: `h.asset_type_id`,
	// Each asset counts once, under the top-level category of its first category by name.
	category: `coalesce((SELECT r.root_id FROM asset_categories ac
      JOIN category_roots r ON r.id = ac.category_id
      JOIN categories rc ON rc.id = r.root_id
      WHERE ac.asset_id = h.asset_id ORDER BY rc.name LIMIT 1), '')`
};

const CATEGORY_ROOTS = `category_roots(id, root_id) AS (
  SELECT id, id FROM categories WHERE parent_id IS NULL
  UNION
  SELECT c.id, r.root_id FROM categories c JOIN category_roots r ON c.parent_id = r.id
)`;

/**
 * Σ per day and series key at the end of each given day, liabilities negative. One index seek
 * per (day, asset held): the cost grows with the points drawn, not with the valuations stored.
 */
function breakdownSql(by: Breakdown): string {
	return `WITH RECURSIVE ${HOLDINGS}, ${CATEGORY_ROOTS},
    keyed AS MATERIALIZED (SELECT h.*, ${KEY[by]} AS key FROM holdings h WHERE h.held_from IS NOT NULL),
    points(day, at) AS (SELECT value, value || 'T23:59:59.999Z' FROM json_each(?1)),
    valued AS MATERIALIZED (
      SELECT p.day, h.key, ${signedValueAt('p.at')} AS value
      FROM points p JOIN keyed h ON ${heldAt('p.at')}
    )
    SELECT day, key, decimal_sum(value) AS total
    FROM valued WHERE value IS NOT NULL
    GROUP BY day, key ORDER BY day, key`;
}

/** The breakdown statement itself, so a test can check its query plan. */
export const breakdownSqlForTests = breakdownSql;

export interface SeriesTotal {
	day: DateText;
	key: string;
	/** Signed: liabilities are negative. */
	total: string;
}

/** Σ per series key on each day (ascending), for the chart and the allocation. */
export async function totalsByDay(
	db: Kysely<Database>,
	days: DateText[],
	by: Breakdown
): Promise<SeriesTotal[]> {
	if (days.length === 0) return [];
	return rows<SeriesTotal>(db, breakdownSql(by), [JSON.stringify(days)]);
}

export type Range = '1M' | '3M' | 'YTD' | '1Y' | 'ALL';
export const RANGES: readonly Range[] = ['1M', '3M', 'YTD', '1Y', 'ALL'];

/** The first day from which anything is held, or null on an empty database. */
export async function firstHeldDay(db: Kysely<Database>): Promise<DateText | null> {
	const [row] = await rows<{ first: string | null }>(
		db,
		`WITH ${HOLDINGS} SELECT min(held_from) AS first FROM holdings`,
		[]
	);
	return row?.first ? row.first.slice(0, 10) : null;
}

/** The first day of a range ending on `today`. */
export function rangeStart(range: Range, today: DateText, firstDay: DateText | null): DateText {
	switch (range) {
		case '1M':
			return addMonths(today, -1);
		case '3M':
			return addMonths(today, -3);
		case 'YTD':
			return `${today.slice(0, 4)}-01-01`;
		case '1Y':
			return addMonths(today, -12);
		case 'ALL':
			return firstDay && firstDay < today ? firstDay : addMonths(today, -1);
	}
}

/**
 * At most `maxPoints` days from `from` to `to`, evenly spaced, always including both ends: daily
 * for short ranges, coarser for long ones, so a chart of ten years costs no more than a year.
 */
export function sampleDays(from: DateText, to: DateText, maxPoints = 366): DateText[] {
	const span = Math.max(0, daysBetween(from, to));
	const step = Math.max(1, Math.ceil(span / Math.max(1, maxPoints - 1)));
	const days: DateText[] = [];
	for (let offset = span; offset >= 0; offset -= step) days.push(addDays(from, offset));
	if (days.at(-1) !== from) days.push(from);
	return days.reverse();
}

// ---------------------------------------------------------------------------------------------
// Stored net-worth points (portfolio_snapshots)

/**
 * Brings the stored net-worth points up to date from `fromDay` on: one point per day on which a
 * valuation, an acquisition or a disposal happened, at that day's midnight UTC, worth the net
 * worth at the end of that day. Points that carry notes are the user's own and stay as they are.
 *
 * Only what differs is written: a point whose value is right is left alone, and a new point is a
 * pure function of its day (id `nw-YYYY-MM-DD`, created at its own day), so recomputing the same
 * data gives the same rows byte for byte — after an undo, on another device, in a test.
 * Run the statements inside the transaction that changed the data.
 */
export function refreshSnapshotsStatements(
	fromDay: DateText,
	currency: string
): { sql: string; params: unknown[] }[] {
	const from = `${fromDay}T00:00:00.000Z`;
	return [
		{
			sql: `CREATE TEMP TABLE IF NOT EXISTS wanted_points (observed_at TEXT PRIMARY KEY, value TEXT NOT NULL)`,
			params: []
		},
		{ sql: 'DELETE FROM temp.wanted_points', params: [] },
		{
			sql: `WITH ${HOLDINGS},
        days(day) AS (
          SELECT substr(observed_at, 1, 10) FROM asset_snapshots WHERE observed_at >= ?1
          UNION
          SELECT substr(occurred_at, 1, 10) FROM transactions
            WHERE occurred_at >= ?1 AND type IN ('ACQUIRE', 'DISPOSE')
          UNION
          -- The day an asset stops counting (also when it was marked disposed without a DISPOSE).
          SELECT substr(held_until, 1, 10) FROM holdings WHERE held_until >= ?1
        ),
        points(day, at) AS (SELECT day, day || 'T23:59:59.999Z' FROM days),
        valued AS (
          SELECT p.day, ${signedValueAt('p.at')} AS value
          FROM points p JOIN holdings h ON ${heldAt('p.at')}
        )
        INSERT INTO temp.wanted_points (observed_at, value)
        SELECT p.day || 'T00:00:00.000Z', coalesce(decimal_sum(v.value), '0')
        FROM points p LEFT JOIN valued v ON v.day = p.day
        GROUP BY p.day`,
			params: [from]
		},
		{
			sql: `DELETE FROM portfolio_snapshots WHERE observed_at >= ?1 AND notes IS NULL
        AND observed_at NOT IN (SELECT observed_at FROM temp.wanted_points)`,
			params: [from]
		},
		{
			sql: `UPDATE portfolio_snapshots SET value = w.value, currency = ?1
        FROM temp.wanted_points w
        WHERE portfolio_snapshots.observed_at = w.observed_at AND portfolio_snapshots.notes IS NULL
          AND (portfolio_snapshots.value <> w.value OR portfolio_snapshots.currency <> ?1)`,
			params: [currency]
		},
		{
			sql: `INSERT INTO portfolio_snapshots (id, value, currency, observed_at, created_at)
        SELECT 'nw-' || substr(w.observed_at, 1, 10), w.value, ?1, w.observed_at, w.observed_at
        FROM temp.wanted_points w WHERE true
        ON CONFLICT DO NOTHING`,
			params: [currency]
		}
	];
}

/**
 * The first day anything happened to any of these assets (a valuation or a transaction): their
 * holdings can only start on or after it.
 */
export const ASSETS_FIRST_DAY_SQL = `SELECT substr(min(first), 1, 10) AS first FROM (
  SELECT min(observed_at) AS first FROM asset_snapshots WHERE asset_id IN (SELECT value FROM json_each(?1))
  UNION ALL
  SELECT min(occurred_at) FROM transactions WHERE asset_id IN (SELECT value FROM json_each(?1)))`;

/** The earliest of some days (nulls ignored). */
export function earliest(...days: (DateText | null | undefined)[]): DateText | null {
	return days.filter((d): d is DateText => !!d).sort()[0] ?? null;
}
