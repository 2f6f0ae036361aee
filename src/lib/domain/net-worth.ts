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
import { m } from '$lib/paraglide/messages';
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
 * Every asset with its group, type and currency (holdings: those with a state). MATERIALIZED:
 * computed once, not once per day joined. An asset without a currency of its own (the
 * original's files) is in EUR.
 */
const ASSETS_COUNTED = `SELECT a.id AS asset_id, a.name, a.asset_type_id, t."group" AS grp,
    coalesce(ad.currency, 'EUR') AS cur, coalesce(ad.currency, 'EUR') = ${BASE_CURRENCY_SQL} AS in_base
  FROM assets a JOIN asset_types t ON t.id = a.asset_type_id
  LEFT JOIN asset_details ad ON ad.asset_id = a.id`;
const HOLDINGS = `holdings AS MATERIALIZED (
  ${ASSETS_COUNTED}
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
       ${stateOn('a.id', '?1', /* not shown: SQL */ 'json_array(d.quantity, d.value, d.price, d.cost, d.invested, d.realised, d.day)')} AS state,
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

/** Ends the category key of the debts in a category: "<category id>:owed" (":owed" for none). */
export const OWED_SUFFIX = ':owed';

/** The series key of an asset for each breakdown (an expression over holdings h). */
const KEY: Record<Breakdown, string> = {
	total: `'total'`,
	group: `h.grp`,
	type: `h.asset_type_id`,
	// Each asset counts once, under the top-level category of its first category by name; debts
	// apart from what is owned in it (key OWED_SUFFIX), never netted into the category's share.
	category: `coalesce((SELECT r.root_id FROM asset_categories ac
      JOIN category_roots r ON r.id = ac.category_id
      JOIN categories rc ON rc.id = r.root_id
      WHERE ac.asset_id = h.asset_id ORDER BY rc.name LIMIT 1), '')
      || CASE WHEN h.grp = 'LIABILITIES' THEN '${OWED_SUFFIX}' ELSE '' END`
};
const CATEGORY_ROOTS = `category_roots(id, root_id) AS (
  SELECT id, id FROM categories WHERE parent_id IS NULL
  UNION
  SELECT c.id, r.root_id FROM categories c JOIN category_roots r ON c.parent_id = r.id
)`;

/**
 * Where each asset counts, one JSON text per asset (every asset, held or not): its series of
 * each breakdown, its currency, whether that is the base, and whether it has a state of its own
 * yet. The write gate compares them before and after a change: an asset whose text differs
 * counts otherwise on every day it has.
 */
export const ASSET_PLACES_SQL = `WITH RECURSIVE ${CATEGORY_ROOTS}, h AS (${ASSETS_COUNTED})
  SELECT h.asset_id AS id, json_array(${KEY.group}, ${KEY.type}, ${KEY.category}, h.cur, h.in_base,
    EXISTS (SELECT 1 FROM asset_days d WHERE d.asset_id = h.asset_id)) AS place
  FROM h`;

/** The breakdowns stored in series_days, each a column of the keyed holdings below. */
const BREAKDOWNS: readonly Breakdown[] = ['total', 'group', 'type', 'category'];

/**
 * The stored totals (series_days) of breakdown ?2 at the end of each day of the JSON array ?1,
 * each day reads the totals of the latest stored day at or before it: one seek for that day,
 * then its few rows (CROSS JOIN keeps the days outside). A day before anything happened has
 * no rows.
 */
const HISTORY_SQL = `WITH points(day) AS (SELECT value FROM json_each(?1)),
    at AS MATERIALIZED (
      SELECT p.day, (SELECT max(s.day) FROM series_days s
        WHERE s.breakdown = 'total' AND s.day <= p.day) AS stored
      FROM points p)
    SELECT at.day, s.key, s.total, s.missing
    FROM at CROSS JOIN series_days s ON s.breakdown = ?2 AND s.day = at.stored
    WHERE s.held > 0
    ORDER BY at.day, s.key`;

/** The history statement itself, so a test can check its query plan. */
export const historySqlForTests = HISTORY_SQL;

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
	// As one JSON text: thousands of small rows cost far more one by one across the worker.
	const [row] = await rows<{ totals: string | null }>(
		db,
		`SELECT json_group_array(json_array(day, key, total, missing)) AS totals FROM (${HISTORY_SQL})`,
		[JSON.stringify(days), by]
	);
	return (JSON.parse(row?.totals ?? '[]') as [string, string, string, number][]).map(
		([day, key, total, missing]) => ({ day, key, total, missing })
	);
}

export type Range = '1M' | '3M' | 'YTD' | '1Y' | 'ALL';
export const RANGES: readonly Range[] = ['1M', '3M', 'YTD', '1Y', 'ALL'];

/** Each range's name on its button, in the language of the moment (a message: call it). */
export const RANGE_LABELS: Record<Range, () => string> = {
	'1M': m.dashboard_range_1m,
	'3M': m.dashboard_range_3m,
	YTD: m.dashboard_range_ytd,
	'1Y': m.dashboard_range_1y,
	ALL: m.dashboard_range_all
};

/** What a range's change is over ("over the last 3 months"), as a message: call it. */
export const RANGE_SPANS: Record<Range, () => string> = {
	'1M': m.dashboard_over_1m,
	'3M': m.dashboard_over_3m,
	YTD: m.dashboard_over_ytd,
	'1Y': m.dashboard_over_1y,
	ALL: m.dashboard_over_all
};

/** The first day from which anything is held, or null on an empty database. */
export async function firstHeldDay(db: Kysely<Database>): Promise<DateText | null> {
	const [row] = await rows<{ first: string | null }>(
		db,
		`SELECT min(day) AS first FROM series_days WHERE breakdown = 'total' AND held > 0`,
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
// Stored series (series_days) and net-worth points (portfolio_snapshots)

/**
 * Statements that bring the stored series and net-worth points up to date on the days of
 * temp.series_wanted (day, sure), inside the spans of temp.series_spans (from_day, until_day:
 * until_day excluded, NULL for no end) where what an asset counts for may have changed. The
 * caller fills both (SERIES_TEMP_TABLES); a wanted day that is not `sure` is first checked to
 * be a point day still. With `valued` false the caller has written the type and category rows
 * of those days itself (seriesInputs), and only what follows from them is done. Point days are the days on which something happened to an asset (a day of
 * asset_days) or the factor of a currency held changed; on each, every series of every
 * breakdown is valued afresh from asset_days and currency_days.
 *
 * A net-worth point is stored for each point day, at its midnight UTC, worth the net worth at
 * the end of that day in the base currency, unless that total misses a rate (a stored number is
 * never a wrong one). Points that carry notes are the user's own; any other point inside the
 * spans that is not wanted goes. Only what differs is written, and a new point is a pure
 * function of its day (id `nw-YYYY-MM-DD`, created at its own day), so recomputing the same data
 * gives the same rows byte for byte — after an undo, on another device, in a test.
 */
export function refreshSeriesStatements({ points = true, valued = true } = {}): {
	sql: string;
	params: unknown[];
}[] {
	// Each asset is valued and summed once per day for its type and for its category; its group
	// and net worth add up the few type totals (a JS call per row is what costs here).
	const grouped = (['type', 'category'] as const)
		.map(
			(b) => `SELECT '${b}', day, k_${b}, coalesce(decimal_sum(base), '0'), count(*), sum(missing)
        FROM converted GROUP BY day, k_${b}`
		)
		.join('\n        UNION ALL ');
	const wantedPoints = `SELECT s.day, s.total FROM series_days s
        WHERE s.breakdown = 'total' AND s.missing = 0 AND s.day IN (SELECT day FROM temp.series_wanted)`;
	const valuing = [
		{
			sql: `DELETE FROM series_days WHERE breakdown IN (${BREAKDOWNS.map((b) => `'${b}'`).join(', ')})
        AND day IN (SELECT day FROM temp.series_wanted)`,
			params: []
		},
		{
			// A day may have stopped being a point day (its only valuation deleted), and none comes
			// before the first day anything has a state.
			sql: `WITH ${HOLDINGS}
        DELETE FROM temp.series_wanted AS w WHERE (NOT w.sure
          AND NOT EXISTS (SELECT 1 FROM holdings h JOIN asset_days d ON d.asset_id = h.asset_id AND d.day = w.day)
          AND NOT EXISTS (SELECT 1 FROM holdings h JOIN currency_days c ON c.currency = h.cur AND c.day = w.day
            WHERE NOT h.in_base))
          OR w.day < coalesce((SELECT min((SELECT d.day FROM asset_days d WHERE d.asset_id = h.asset_id
            ORDER BY d.day LIMIT 1)) FROM holdings h), '9999-12-31')`,
			params: []
		},
		{
			sql: `WITH RECURSIVE ${HOLDINGS}, ${CATEGORY_ROOTS},
        keyed AS MATERIALIZED (SELECT h.*, ${KEY.type} AS k_type, ${KEY.category} AS k_category
          FROM holdings h),
        valued AS MATERIALIZED (
          SELECT p.day, h.k_type, h.k_category, h.in_base,
            ${signedValueOn('h.asset_id', 'h.grp', 'p.day')} AS value,
            CASE WHEN h.in_base THEN NULL ELSE ${factorOn('h.cur', 'p.day')} END AS factor
          FROM temp.series_wanted p JOIN keyed h),
        converted AS MATERIALIZED (
          SELECT day, k_type, k_category, ${IN_BASE} AS base,
            NOT in_base AND factor IS NULL AS missing
          FROM valued WHERE value IS NOT NULL)
        INSERT INTO series_days (breakdown, day, key, total, held, missing)
        ${grouped}`,
			params: []
		}
	];
	const series = [
		...(valued ? valuing : []),
		{
			sql: `INSERT INTO series_days (breakdown, day, key, total, held, missing)
        SELECT 'group', s.day, t."group", decimal_sum(s.total), sum(s.held), sum(s.missing)
        FROM series_days s JOIN asset_types t ON t.id = s.key
        WHERE s.breakdown = 'type' AND s.day IN (SELECT day FROM temp.series_wanted)
        GROUP BY s.day, t."group"
        UNION ALL
        SELECT 'total', s.day, 'total', decimal_sum(s.total), sum(s.held), sum(s.missing)
        FROM series_days s
        WHERE s.breakdown = 'type' AND s.day IN (SELECT day FROM temp.series_wanted)
        GROUP BY s.day`,
			params: []
		},
		{
			// A point day where nothing is held still has its net worth: 0.
			sql: `INSERT INTO series_days (breakdown, day, key, total, held, missing)
        SELECT 'total', day, 'total', '0', 0, 0 FROM temp.series_wanted WHERE true
        ON CONFLICT DO NOTHING`,
			params: []
		}
	];
	if (!points) return series;
	return [
		...series,
		{
			sql: `DELETE FROM portfolio_snapshots WHERE notes IS NULL
        AND EXISTS (SELECT 1 FROM temp.series_spans r WHERE observed_at >= r.from_day
          AND (r.until_day IS NULL OR observed_at < r.until_day))
        AND observed_at NOT IN (SELECT day || 'T00:00:00.000Z' FROM (${wantedPoints}))`,
			params: []
		},
		{
			sql: `UPDATE portfolio_snapshots SET value = w.total, currency = ${BASE_CURRENCY_SQL}
        FROM (${wantedPoints}) w
        WHERE portfolio_snapshots.observed_at = w.day || 'T00:00:00.000Z' AND portfolio_snapshots.notes IS NULL
          AND (portfolio_snapshots.value <> w.total OR portfolio_snapshots.currency <> ${BASE_CURRENCY_SQL})`,
			params: []
		},
		{
			sql: `INSERT INTO portfolio_snapshots (id, value, currency, observed_at, created_at)
        SELECT 'nw-' || w.day, w.total, ${BASE_CURRENCY_SQL}, w.day || 'T00:00:00.000Z', w.day || 'T00:00:00.000Z'
        FROM (${wantedPoints}) w WHERE true
        ON CONFLICT DO NOTHING`,
			params: []
		}
	];
}

/**
 * What valuing every day at once needs, one JSON text per asset or currency: each asset with
 * a state, its type and category series, sign, currency and its states in day order; each
 * foreign currency it is in with its factors in day order.
 */
export const SERIES_INPUTS_SQL = {
	assets: `WITH RECURSIVE ${HOLDINGS}, ${CATEGORY_ROOTS}
    SELECT h.asset_id, h.grp = 'LIABILITIES' AS negative, h.asset_type_id AS k_type,
      ${KEY.category} AS k_category, h.cur, h.in_base,
      (SELECT json_group_array(json_array(d.day, d.value) ORDER BY d.day)
       FROM asset_days d WHERE d.asset_id = h.asset_id) AS states
    FROM holdings h`,
	factors: `SELECT currency, json_group_array(json_array(day, num, den) ORDER BY day) AS factors
    FROM currency_days WHERE currency IN (SELECT value FROM json_each(?1)) GROUP BY currency`
};

/** The temporary tables refreshSeriesStatements reads, created empty. */
export const SERIES_TEMP_TABLES = [
	'CREATE TEMP TABLE IF NOT EXISTS series_wanted (day TEXT PRIMARY KEY, sure INTEGER NOT NULL) WITHOUT ROWID',
	'CREATE TEMP TABLE IF NOT EXISTS series_spans (from_day TEXT NOT NULL, until_day TEXT)',
	'DELETE FROM temp.series_wanted',
	'DELETE FROM temp.series_spans'
];

/** The earliest of some days (nulls ignored). */
export function earliest(...days: (DateText | null | undefined)[]): DateText | null {
	return days.filter((d): d is DateText => !!d).sort()[0] ?? null;
}
