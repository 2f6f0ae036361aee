/**
 * The stored chart numbers (series_days) and net-worth points, kept by the write gate. After a
 * change only the days it can move are valued again: for each asset day the change rewrote, the
 * days from it until that asset's next day (its state holds until then), and every day from a
 * point on when assets count otherwise from there (another type, category or currency, a rate).
 * A valuation edited ten years back on a daily history values one day again, not ten years.
 */
import { convertScaled } from '$lib/domain/currencies';
import { DecimalSum, toScaled } from '$lib/domain/money';
import {
	ASSET_PLACES_SQL,
	refreshSeriesStatements,
	SERIES_INPUTS_SQL,
	SERIES_TEMP_TABLES
} from '$lib/domain/net-worth';
import type { SyncSql } from '../sync-sql';
import { derivedCurrent, markDerived } from './derived-rows';

/** The version of the rules the stored series were computed by (2: a category's debts apart). */
export const SERIES_VERSION = 2;

/** A day of an asset whose stored state (asset_days) a change wrote or removed. */
export interface ChangedDay {
	assetId: string;
	day: string;
}

/** Where each asset counts (ASSET_PLACES_SQL), by id. */
export type Places = Map<string, string>;

export function assetPlaces(sql: SyncSql): Places {
	return new Map(
		sql.all<{ id: string; place: string }>(ASSET_PLACES_SQL).map((row) => [row.id, row.place])
	);
}

/** The foreign currencies of assets that have a state: their rate days are point days. */
function heldForeign(places: Places): string {
	const held = new Set<string>();
	for (const place of places.values()) {
		const [, , , currency, inBase, hasDays] = JSON.parse(place) as unknown[];
		if (hasDays && !inBase) held.add(String(currency));
	}
	return [...held].sort().join(',');
}

/**
 * What moved between two readings of the places: the assets that count otherwise now, and
 * whether the currencies whose rate days are point days changed (then every day may differ).
 */
export function movedPlaces(before: Places, after: Places): { assets: string[]; all: boolean } {
	const assets = [...new Set([...before.keys(), ...after.keys()])].filter(
		(id) => before.get(id) !== after.get(id)
	);
	return { assets, all: assets.length > 0 && heldForeign(before) !== heldForeign(after) };
}

/** The first day the stored series hold (the first day anything had a state when computed). */
export function firstSeriesDay(sql: SyncSql): string | null {
	const [row] = sql.all<{ first: string | null }>(
		"SELECT min(day) AS first FROM series_days WHERE breakdown = 'total'"
	);
	return row?.first ?? null;
}

/** The first day anything has a state now: one seek per asset. */
export function firstStateDay(sql: SyncSql): string | null {
	const [row] = sql.all<{ first: string | null }>(
		`SELECT min((SELECT d.day FROM asset_days d WHERE d.asset_id = a.id ORDER BY d.day LIMIT 1))
       AS first FROM assets a`
	);
	return row?.first ?? null;
}

/**
 * Values the series again on the days a change can move: the spans of the asset days it changed
 * (day by day in SQL: few days), and every day from `from` on (all at once, below). Only what
 * differs among the net-worth points is written; with `points` false they are left alone (an
 * import keeps the file's own).
 */
export function refreshSeries(
	sql: SyncSql,
	{ changed, from, points = true }: { changed: ChangedDay[]; from: string | null; points?: boolean }
): void {
	const before = changed.filter((c) => from === null || c.day < from);
	if (before.length) valueSpans(sql, before, from, points);
	if (from !== null) valueFrom(sql, from, points);
}

/** The days from each changed asset day until that asset's next day (and before `end`). */
function valueSpans(sql: SyncSql, changed: ChangedDay[], end: string | null, points: boolean) {
	for (const statement of SERIES_TEMP_TABLES) sql.run(statement);
	const days = JSON.stringify(changed.map((c) => [c.assetId, c.day]));
	sql.run(
		`INSERT INTO temp.series_spans (from_day, until_day)
     SELECT from_day, CASE WHEN ?2 IS NOT NULL AND (until_day IS NULL OR until_day > ?2) THEN ?2
       ELSE until_day END
     FROM (SELECT j.value ->> 1 AS from_day, (SELECT min(d.day) FROM asset_days d
       WHERE d.asset_id = j.value ->> 0 AND d.day > j.value ->> 1) AS until_day
     FROM json_each(?1) j)`,
		[days, end]
	);
	// A stored day inside a span that the change did not write is a point day still.
	sql.run(
		`INSERT INTO temp.series_wanted (day, sure)
     SELECT DISTINCT s.day, 1 FROM temp.series_spans r JOIN series_days s
       ON s.breakdown = 'total' AND s.day >= r.from_day AND (r.until_day IS NULL OR s.day < r.until_day)
     WHERE true
     ON CONFLICT (day) DO NOTHING`
	);
	sql.run(
		`INSERT INTO temp.series_wanted (day, sure) SELECT DISTINCT value ->> 1, 0 FROM json_each(?1)
     WHERE true ON CONFLICT (day) DO UPDATE SET sure = 0`,
		[days]
	);
	for (const { sql: text, params } of refreshSeriesStatements({ points }))
		sql.run(text, params as never);
}

type SeriesRow = [
	breakdown: string,
	day: string,
	key: string,
	total: string,
	held: number,
	missing: number
];

/** Running exact sums per day of one series, with how many assets are held and left out. */
class DaySums {
	readonly sums = new Map<number, DecimalSum>();
	readonly held = new Map<number, number>();
	readonly missing = new Map<number, number>();

	add(day: number, value: [bigint, number] | null): void {
		this.held.set(day, (this.held.get(day) ?? 0) + 1);
		if (value === null) {
			this.missing.set(day, (this.missing.get(day) ?? 0) + 1);
			return;
		}
		let sum = this.sums.get(day);
		if (!sum) this.sums.set(day, (sum = new DecimalSum()));
		sum.addUnits(value[0], value[1]);
	}
}

/**
 * Every point day from `from` on, valued in one pass: each asset's states and its currency's
 * factors are read once (one JSON text each) and walked along the days, summing exactly in
 * integers. Reading the same numbers day by day through SQL costs a call into JS per asset and
 * day, ten times as much on ten years of data. Gives the type and category rows of those days.
 */
export function valueAllDays(sql: SyncSql, from: string): { days: string[]; rows: SeriesRow[] } {
	const assets = sql
		.all<{
			asset_id: string;
			negative: number;
			k_type: string;
			k_category: string;
			cur: string;
			in_base: number;
			states: string;
		}>(SERIES_INPUTS_SQL.assets)
		.map((a) => ({ ...a, states: JSON.parse(a.states) as [string, string | null][] }));
	const foreign = [...new Set(assets.filter((a) => !a.in_base).map((a) => a.cur))];
	const factors = new Map(
		sql
			.all<{ currency: string; factors: string }>(SERIES_INPUTS_SQL.factors, [
				JSON.stringify(foreign)
			])
			.map((row) => [row.currency, JSON.parse(row.factors) as [string, string, string][]])
	);
	const daySet = new Set<string>();
	for (const asset of assets) for (const [day] of asset.states) daySet.add(day);
	// Rate days count from the first day anything has a state.
	const start = [...daySet].reduce((min, day) => (day < min ? day : min), '9999-12-31');
	for (const list of factors.values()) for (const [day] of list) if (day > start) daySet.add(day);
	const days = [...daySet].sort();
	const index = new Map(days.map((day, i) => [day, i]));
	const first = days.findIndex((day) => day >= from);
	const series = new Map<string, DaySums>();
	const sumsOf = (breakdown: string, key: string) => {
		let sums = series.get(`${breakdown}|${key}`);
		if (!sums) series.set(`${breakdown}|${key}`, (sums = new DaySums()));
		return sums;
	};
	if (first !== -1) {
		for (const asset of assets) {
			const { states } = asset;
			if (states.length === 0) continue;
			const own = factors.get(asset.cur) ?? [];
			const byType = sumsOf('type', asset.k_type);
			const byCategory = sumsOf('category', asset.k_category);
			let s = 0;
			let f = -1;
			let last: { value: string; factor: number; worth: [bigint, number] | null } | null = null;
			for (let i = Math.max(first, index.get(states[0]![0])!); i < days.length; i++) {
				const day = days[i]!;
				while (s + 1 < states.length && states[s + 1]![0] <= day) s++;
				const value = states[s]![1];
				if (value === null) continue;
				if (!asset.in_base) while (f + 1 < own.length && own[f + 1]![0] <= day) f++;
				// The same value at the same factor as the day before counts the same.
				if (!last || last.value !== value || last.factor !== f) {
					const [units, scale] = toScaled(value);
					const signed: [bigint, number] = [asset.negative ? -units : units, scale];
					let worth: [bigint, number] | null = signed;
					if (!asset.in_base) {
						const factor: [string, string, string] | undefined = own[f];
						worth = factor
							? convertScaled(
									signed,
									toScaled(factor[1]),
									factor[2] === '1' ? null : toScaled(factor[2])
								)
							: null;
					}
					last = { value, factor: f, worth };
				}
				byType.add(i, last.worth);
				byCategory.add(i, last.worth);
			}
		}
	}
	const rows: SeriesRow[] = [];
	for (const [name, sums] of series) {
		const bar = name.indexOf('|');
		const breakdown = name.slice(0, bar);
		const key = name.slice(bar + 1);
		for (const [i, held] of sums.held) {
			rows.push([
				breakdown,
				days[i]!,
				key,
				sums.sums.get(i)?.toString() ?? '0',
				held,
				sums.missing.get(i) ?? 0
			]);
		}
	}
	return { days: first === -1 ? [] : days.slice(first), rows };
}

/** Every point day from `from` on, valued afresh at once, with the net-worth points of those days. */
function valueFrom(sql: SyncSql, from: string, points: boolean): void {
	const { days, rows } = valueAllDays(sql, from);
	for (const statement of SERIES_TEMP_TABLES) sql.run(statement);
	sql.run('INSERT INTO temp.series_spans (from_day, until_day) VALUES (?1, NULL)', [from]);
	sql.run(
		'INSERT INTO temp.series_wanted (day, sure) SELECT value, 1 FROM json_each(?1) WHERE true',
		[JSON.stringify(days)]
	);
	sql.run(
		`DELETE FROM series_days WHERE breakdown IN ('total', 'group', 'type', 'category') AND day >= ?1`,
		[from]
	);
	sql.run(
		`INSERT INTO series_days (breakdown, day, key, total, held, missing)
     SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4, value ->> 5
     FROM json_each(?1) WHERE true`,
		[JSON.stringify(rows)]
	);
	for (const { sql: text, params } of refreshSeriesStatements({ points, valued: false }))
		sql.run(text, params as never);
}

/** Every stored series from scratch (and the points, unless `points` is false). */
export function rebuildAllSeries(sql: SyncSql, { points = true } = {}): void {
	sql.run('DELETE FROM series_days');
	const first = firstStateDay(sql);
	if (first) valueFrom(sql, first, points);
	markDerived(sql, 'series', SERIES_VERSION);
}

export const seriesCurrent = (sql: SyncSql) => derivedCurrent(sql, 'series', SERIES_VERSION);
