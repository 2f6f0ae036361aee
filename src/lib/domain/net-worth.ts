/**
 * Net worth, computed by SQL over decimal text (exact: see db/worker/sql-functions.ts), from each
 * asset's state per day (asset_days, kept by the write gate by the rules of holdings.ts).
 *
 * Net worth on day D = Σ over assets of what each counts for at the end of D — its latest
 * stored state at or before D, while it is held — where assets of the LIABILITIES group count
 * negative. Unlike the original, a sold asset still counts at every date before its sale.
 *
 * The SQL is plain text with positional parameters so that the same statements run through
 * Kysely on the page and directly on an engine inside the worker (seeding, imports).
 */
import { CompiledQuery, type Kysely } from 'kysely';
import type { NetWorth } from '$lib/db/messages';
import type { Database } from '$lib/db/schema';
import { addMonths, daysBetween, addDays, type DateText } from './dates';
import { subtractDecimals } from './money';

export type { NetWorth };

/**
 * The state of asset `asset` at the end of the day expression `day`: one seek in the
 * (asset_id, day) key of asset_days. `column` may be an expression over d (the row).
 */
const stateOn = (asset: string, day: string, column = 'd.value') => `(SELECT ${column}
      FROM asset_days d WHERE d.asset_id = ${asset} AND d.day <= ${day}
      ORDER BY d.day DESC LIMIT 1)`;

/**
 * What asset a (of group column grp) counts for at the end of `day`, negative for a liability.
 * The sign is applied inside the subquery on purpose: an outer expression naming the value
 * twice would make SQLite run the seek twice.
 */
const signedValueOn = (asset: string, group: string, day: string) =>
	stateOn(
		asset,
		day,
		`CASE WHEN ${group} = 'LIABILITIES' THEN decimal_neg(d.value) ELSE d.value END`
	);

/** Every asset with its group and type. MATERIALIZED: computed once, not once per day joined. */
const HOLDINGS = `holdings AS MATERIALIZED (
  SELECT a.id AS asset_id, a.asset_type_id, t."group" AS grp
  FROM assets a JOIN asset_types t ON t.id = a.asset_type_id
  WHERE EXISTS (SELECT 1 FROM asset_days d WHERE d.asset_id = a.id)
)`;

async function rows<T>(db: Kysely<Database>, text: string, params: unknown[]): Promise<T[]> {
	const result = await db.executeQuery<T>(CompiledQuery.raw(text, params));
	return result.rows;
}

/**
 * Net worth at the end of `date`.
 *
 * @example await netWorthOn(db, '2026-11-21') // { netWorth: '239200', … } on the demo data
 */
export async function netWorthOn(db: Kysely<Database>, date: DateText): Promise<NetWorth> {
	const [row] = await rows<{ assets: string | null; liabilities: string | null; held: number }>(
		db,
		`WITH ${HOLDINGS},
     valued AS MATERIALIZED (SELECT h.grp, ${stateOn('h.asset_id', '?1')} AS value FROM holdings h)
     SELECT decimal_sum(CASE WHEN grp <> 'LIABILITIES' THEN value END) AS assets,
            decimal_sum(CASE WHEN grp = 'LIABILITIES' THEN value END) AS liabilities,
            count(value) AS held
     FROM valued`,
		[date]
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
	/** What the asset counts for at the end of the day (positive), or null when it is not held. */
	value: string | null;
	/** Its latest value at or before the day, held or not (a sold asset's last value). */
	lastValue: string | null;
	/** Quantity held at the end of the day (0 once sold; the asset's own without transactions). */
	quantity: string | null;
	/** The unit price its value comes from, when it does. */
	price: string | null;
	/** Cost basis, Σ paid for every buy, realised gains (null without transactions). */
	cost: string | null;
	invested: string | null;
	realised: string | null;
	/** The first day it was held, and the day it stopped being held (null while it is). */
	heldFrom: string | null;
	heldUntil: string | null;
}

/** Every asset's state at the end of `date`: the numbers the asset list and page show. */
export async function assetValuesOn(
	db: Kysely<Database>,
	date: DateText,
	assetId: string | null = null
): Promise<Map<string, AssetValue>> {
	const found = await rows<{
		asset_id: string;
		state: string | null;
		last_value: string | null;
		held_from: string | null;
	}>(
		db,
		`SELECT a.id AS asset_id,
       ${stateOn('a.id', '?1', 'json_array(d.quantity, d.value, d.price, d.cost, d.invested, d.realised, d.day)')} AS state,
       (SELECT d.value FROM asset_days d WHERE d.asset_id = a.id AND d.day <= ?1 AND d.value IS NOT NULL
        ORDER BY d.day DESC LIMIT 1) AS last_value,
       (SELECT min(d.day) FROM asset_days d WHERE d.asset_id = a.id AND d.value IS NOT NULL) AS held_from
     FROM assets a WHERE ?2 IS NULL OR a.id = ?2`,
		[date, assetId]
	);
	return new Map(
		found.map((r) => {
			const [quantity, value, price, cost, invested, realised, day] = (
				r.state ? JSON.parse(r.state) : [null, null, null, null, null, null, null]
			) as (string | null)[];
			return [
				r.asset_id,
				{
					assetId: r.asset_id,
					value: value ?? null,
					lastValue: r.last_value,
					quantity: quantity ?? null,
					price: price ?? null,
					cost: cost ?? null,
					invested: invested ?? null,
					realised: realised ?? null,
					heldFrom: r.held_from,
					// Not held at the end of the day, after having been: it stopped on that state's day.
					heldUntil: value === null && r.held_from !== null && day ? day : null
				}
			];
		})
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
 * Σ per day and series key at the end of each given day, liabilities negative. One seek per
 * (day, asset): the cost grows with the points drawn, not with the valuations stored.
 */
function breakdownSql(by: Breakdown): string {
	return `WITH RECURSIVE ${HOLDINGS}, ${CATEGORY_ROOTS},
    keyed AS MATERIALIZED (SELECT h.*, ${KEY[by]} AS key FROM holdings h),
    points(day) AS (SELECT value FROM json_each(?1)),
    valued AS MATERIALIZED (
      SELECT p.day, h.key, ${signedValueOn('h.asset_id', 'h.grp', 'p.day')} AS value
      FROM points p JOIN keyed h
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
		'SELECT min(day) AS first FROM asset_days WHERE value IS NOT NULL',
		[]
	);
	return row?.first ?? null;
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
 * Brings the stored net-worth points up to date from `fromDay` on: one point per day on which
 * something happened to an asset (a day of asset_days), at that day's midnight UTC, worth the
 * net worth at the end of that day. Points that carry notes are the user's own and stay.
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
        points(day) AS (SELECT DISTINCT day FROM asset_days WHERE day >= ?1),
        valued AS (
          SELECT p.day, ${signedValueOn('h.asset_id', 'h.grp', 'p.day')} AS value
          FROM points p JOIN holdings h
        )
        INSERT INTO temp.wanted_points (observed_at, value)
        SELECT p.day || 'T00:00:00.000Z', coalesce(decimal_sum(v.value), '0')
        FROM points p LEFT JOIN valued v ON v.day = p.day
        GROUP BY p.day`,
			params: [fromDay]
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

/** The earliest of some days (nulls ignored). */
export function earliest(...days: (DateText | null | undefined)[]): DateText | null {
	return days.filter((d): d is DateText => !!d).sort()[0] ?? null;
}
