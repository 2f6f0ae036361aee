/**
 * Net worth, computed by SQL over decimal text (exact: see db/worker/sql-functions.ts), from each
 * asset's state per day (asset_days, kept by the write gate by the rules of holdings.ts).
 *
 * Net worth on day D = Σ over assets of what each counts for at the end of D — its latest
 * stored state at or before D, while it is held, converted into the base currency by the latest
 * rate on or before D (domain/currencies.ts) — where assets of the LIABILITIES group count
 * negative. An asset without a rate is left out and listed, never counted at 1:1. Unlike the
 * original, a sold asset still counts at every date before its sale.
 *
 * The SQL is plain text with positional parameters so that the same statements run through
 * Kysely on the page and directly on an engine inside the worker (seeding, imports).
 */
import { CompiledQuery, type Kysely } from 'kysely';
import type { NetWorth } from '$lib/db/messages';
import type { Database } from '$lib/db/schema';
import { addMonths, daysBetween, addDays, type DateText } from './dates';
import { convertAmount } from './currencies';
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

/** The database's base currency: every total is in it. */
export const BASE_CURRENCY_SQL = `coalesce((SELECT value FROM settings WHERE key = 'base_currency'), 'EUR')`;

/**
 * The factor ("num/den") converting currency `currency` into the base at the end of `day`: one
 * seek in currency_days; NULL while no rate is known.
 */
const factorOn = (currency: string, day: string) => `(SELECT c.num || '/' || c.den
      FROM currency_days c WHERE c.currency = ${currency} AND c.day <= ${day}
      ORDER BY c.day DESC LIMIT 1)`;

/** A value of a row of `valued` in the base: as it is, or converted; NULL without a rate. */
const IN_BASE = `CASE WHEN in_base THEN value ELSE decimal_convert(value, factor) END`;

/**
 * Every asset with its group, type and currency. MATERIALIZED: computed once, not once per day
 * joined. An asset without a currency of its own (the original's files) is in EUR.
 */
const HOLDINGS = `holdings AS MATERIALIZED (
  SELECT a.id AS asset_id, a.name, a.asset_type_id, t."group" AS grp,
    coalesce(ad.currency, 'EUR') AS cur, coalesce(ad.currency, 'EUR') = ${BASE_CURRENCY_SQL} AS in_base
  FROM assets a JOIN asset_types t ON t.id = a.asset_type_id
  LEFT JOIN asset_details ad ON ad.asset_id = a.id
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
	const [row] = await rows<{
		assets: string | null;
		liabilities: string | null;
		held: number;
		currency: string;
		missing: string | null;
	}>(
		db,
		`WITH ${HOLDINGS},
     valued AS MATERIALIZED (
       SELECT h.asset_id, h.name, h.cur, h.grp, h.in_base, ${stateOn('h.asset_id', '?1')} AS value,
         CASE WHEN h.in_base THEN NULL ELSE ${factorOn('h.cur', '?1')} END AS factor
       FROM holdings h),
     converted AS (SELECT *, ${IN_BASE} AS base_value FROM valued)
     SELECT decimal_sum(CASE WHEN grp <> 'LIABILITIES' THEN base_value END) AS assets,
            decimal_sum(CASE WHEN grp = 'LIABILITIES' THEN base_value END) AS liabilities,
            count(value) AS held, ${BASE_CURRENCY_SQL} AS currency,
            json_group_array(json_array(asset_id, name, cur))
              FILTER (WHERE value IS NOT NULL AND base_value IS NULL) AS missing
     FROM converted`,
		[date]
	);
	const assets = row?.assets ?? '0';
	const liabilities = row?.liabilities ?? '0';
	const missing = (JSON.parse(row?.missing ?? '[]') as [string, string, string][]).map(
		([assetId, name, currency]) => ({ assetId, name, currency })
	);
	return {
		assets,
		liabilities,
		netWorth: subtractDecimals(assets, liabilities),
		held: row?.held ?? 0,
		currency: row?.currency ?? 'EUR',
		missing
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
	/** The currency of every amount above. */
	currency: string;
	/** The base currency, and value and lastValue in it (null without a rate, or not held). */
	base: string;
	baseValue: string | null;
	baseLastValue: string | null;
	/** The rate the base amounts come from (null in the base currency itself, or without one). */
	rate: { num: string; den: string; day: string; via: 'direct' | 'EUR' } | null;
}

/** The factor of `currency` at `day` with where it comes from, as a JSON array. */
const rateOn = (
	currency: string,
	day: string
) => `(SELECT json_array(c.num, c.den, c.rate_day, c.via)
      FROM currency_days c WHERE c.currency = ${currency} AND c.day <= ${day}
      ORDER BY c.day DESC LIMIT 1)`;

/** Every asset's state at the end of `date`: the numbers the asset list and page show. */
export async function assetValuesOn(
	db: Kysely<Database>,
	date: DateText,
	assetId: string | null = null
): Promise<Map<string, AssetValue>> {
	const found = await rows<{
		asset_id: string;
		currency: string;
		base: string;
		state: string | null;
		last: string | null;
		held_from: string | null;
	}>(
		db,
		`WITH assets_in AS MATERIALIZED (
       SELECT a.id, coalesce(ad.currency, 'EUR') AS currency, ${BASE_CURRENCY_SQL} AS base
       FROM assets a LEFT JOIN asset_details ad ON ad.asset_id = a.id
       WHERE ?2 IS NULL OR a.id = ?2)
     SELECT a.id AS asset_id, a.currency, a.base,
       ${stateOn('a.id', '?1', 'json_array(d.quantity, d.value, d.price, d.cost, d.invested, d.realised, d.day)')} AS state,
       (SELECT json_array(d.value, d.day) FROM asset_days d
        WHERE d.asset_id = a.id AND d.day <= ?1 AND d.value IS NOT NULL
        ORDER BY d.day DESC LIMIT 1) AS last,
       (SELECT min(d.day) FROM asset_days d WHERE d.asset_id = a.id AND d.value IS NOT NULL) AS held_from
     FROM assets_in a`,
		[date, assetId]
	);
	// The rates of the currencies in use, on the day and on the days of the last values.
	const wanted = new Map<string, [string, string]>();
	for (const r of found) {
		if (r.currency === r.base) continue;
		wanted.set(`${r.currency}|${date}`, [r.currency, date]);
		const last = r.last ? (JSON.parse(r.last) as [string, string]) : null;
		if (last) wanted.set(`${r.currency}|${last[1]}`, [r.currency, last[1]]);
	}
	const rates = new Map<string, AssetValue['rate']>();
	if (wanted.size) {
		for (const r of await rows<{ currency: string; day: string; rate: string | null }>(
			db,
			`SELECT value ->> 0 AS currency, value ->> 1 AS day, ${rateOn('value ->> 0', 'value ->> 1')} AS rate
       FROM json_each(?1)`,
			[JSON.stringify([...wanted.values()])]
		)) {
			const parsed = r.rate
				? (JSON.parse(r.rate) as [string, string, string, 'direct' | 'EUR'])
				: null;
			rates.set(
				`${r.currency}|${r.day}`,
				parsed && { num: parsed[0], den: parsed[1], day: parsed[2], via: parsed[3] }
			);
		}
	}
	const inBase = (value: string | null, currency: string, base: string, day: string) => {
		if (value === null) return null;
		if (currency === base) return value;
		const rate = rates.get(`${currency}|${day}`);
		return rate ? convertAmount(value, rate.num, rate.den) : null;
	};
	return new Map(
		found.map((r) => {
			const [quantity, value, price, cost, invested, realised, day] = (
				r.state ? JSON.parse(r.state) : [null, null, null, null, null, null, null]
			) as (string | null)[];
			const [lastValue, lastDay] = (r.last ? JSON.parse(r.last) : [null, null]) as [
				string | null,
				string | null
			];
			return [
				r.asset_id,
				{
					assetId: r.asset_id,
					value: value ?? null,
					lastValue,
					quantity: quantity ?? null,
					price: price ?? null,
					cost: cost ?? null,
					invested: invested ?? null,
					realised: realised ?? null,
					heldFrom: r.held_from,
					// Not held at the end of the day, after having been: it stopped on that state's day.
					heldUntil: value === null && r.held_from !== null && day ? day : null,
					currency: r.currency,
					base: r.base,
					baseValue: inBase(value ?? null, r.currency, r.base, date),
					baseLastValue: lastDay ? inBase(lastValue, r.currency, r.base, lastDay) : null,
					rate: r.currency === r.base ? null : (rates.get(`${r.currency}|${date}`) ?? null)
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
      SELECT p.day, h.key, h.in_base, ${signedValueOn('h.asset_id', 'h.grp', 'p.day')} AS value,
        CASE WHEN h.in_base THEN NULL ELSE ${factorOn('h.cur', 'p.day')} END AS factor
      FROM points p JOIN keyed h
    )
    SELECT day, key, coalesce(decimal_sum(${IN_BASE}), '0') AS total,
      count(*) FILTER (WHERE NOT in_base AND factor IS NULL) AS missing
    FROM valued WHERE value IS NOT NULL
    GROUP BY day, key ORDER BY day, key`;
}

/** The breakdown statement itself, so a test can check its query plan. */
export const breakdownSqlForTests = breakdownSql;

export interface SeriesTotal {
	day: DateText;
	key: string;
	/** Signed: liabilities are negative. In the base currency. */
	total: string;
	/** Assets of this series held that day but left out: no rate into the base yet. */
	missing: number;
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
 * something happened to an asset (a day of asset_days) or the rate of a currency held changed,
 * at that day's midnight UTC, worth the net worth at the end of that day in the base currency.
 * A day whose net worth misses a rate has no point. Points that carry notes are the user's own.
 *
 * Only what differs is written: a point whose value is right is left alone, and a new point is a
 * pure function of its day (id `nw-YYYY-MM-DD`, created at its own day), so recomputing the same
 * data gives the same rows byte for byte — after an undo, on another device, in a test.
 * Run the statements inside the transaction that changed the data.
 */
export function refreshSnapshotsStatements(
	fromDay: DateText
): { sql: string; params: unknown[] }[] {
	const from = `${fromDay}T00:00:00.000Z`;
	return [
		{
			sql: `CREATE TEMP TABLE IF NOT EXISTS wanted_points (observed_at TEXT PRIMARY KEY, value TEXT NOT NULL)`,
			params: []
		},
		{ sql: 'DELETE FROM temp.wanted_points', params: [] },
		{
			// A day whose total misses a rate gets no point: a stored number is never a wrong one.
			sql: `WITH ${HOLDINGS},
        points(day) AS (
          SELECT day FROM asset_days WHERE day >= ?1
          UNION SELECT day FROM currency_days WHERE day >= ?1
            AND currency IN (SELECT cur FROM holdings WHERE NOT in_base)),
        valued AS (
          SELECT p.day, h.in_base, ${signedValueOn('h.asset_id', 'h.grp', 'p.day')} AS value,
            CASE WHEN h.in_base THEN NULL ELSE ${factorOn('h.cur', 'p.day')} END AS factor
          FROM points p JOIN holdings h
        )
        INSERT INTO temp.wanted_points (observed_at, value)
        SELECT p.day || 'T00:00:00.000Z', coalesce(decimal_sum(${IN_BASE}), '0')
        FROM points p LEFT JOIN valued v ON v.day = p.day
        GROUP BY p.day
        HAVING count(*) FILTER (WHERE v.value IS NOT NULL AND NOT v.in_base AND v.factor IS NULL) = 0`,
			params: [fromDay]
		},
		{
			sql: `DELETE FROM portfolio_snapshots WHERE observed_at >= ?1 AND notes IS NULL
        AND observed_at NOT IN (SELECT observed_at FROM temp.wanted_points)`,
			params: [from]
		},
		{
			sql: `UPDATE portfolio_snapshots SET value = w.value, currency = ${BASE_CURRENCY_SQL}
        FROM temp.wanted_points w
        WHERE portfolio_snapshots.observed_at = w.observed_at AND portfolio_snapshots.notes IS NULL
          AND (portfolio_snapshots.value <> w.value OR portfolio_snapshots.currency <> ${BASE_CURRENCY_SQL})`,
			params: []
		},
		{
			sql: `INSERT INTO portfolio_snapshots (id, value, currency, observed_at, created_at)
        SELECT 'nw-' || substr(w.observed_at, 1, 10), w.value, ${BASE_CURRENCY_SQL}, w.observed_at, w.observed_at
        FROM temp.wanted_points w WHERE true
        ON CONFLICT DO NOTHING`,
			params: []
		}
	];
}

/** The earliest of some days (nulls ignored). */
export function earliest(...days: (DateText | null | undefined)[]): DateText | null {
	return days.filter((d): d is DateText => !!d).sort()[0] ?? null;
}
