/**
 * The dashboard's series: net worth per sampled day over a range, broken down by group, type or
 * top-level category, with labels, ready to draw. Every total is an exact decimal.
 */
import type { Kysely } from 'kysely';
import type { Database } from '$lib/db/schema';
import { ASSET_GROUPS } from '$lib/db/reference-data';
import { groupLabel, typeName } from './type-names';
import { m } from '$lib/paraglide/messages';
import type { DateText } from './dates';
import { sumDecimals } from './money';
import {
	firstHeldDay,
	OWED_SUFFIX,
	rangeStart,
	sampleDays,
	totalsByDay,
	type Breakdown,
	type Range
} from './net-worth';

export interface Series {
	key: string;
	label: string;
	/** Its colour's place in the palette: the same for this key in every chart and view. */
	color: number;
	values: (string | null)[];
}

/** A type's or category's share of today's total, for the allocation. */
export interface Slice {
	key: string;
	label: string;
	/** As a series' colour (the chart draws this key in the same one). */
	color: number;
	total: string;
}

export interface History {
	days: DateText[];
	series: Series[];
	/** Net worth on each day. */
	totals: string[];
	/**
	 * Assets that start to count inside the range: before that day they had no value yet (they
	 * were not entered with an earlier history), which the chart says instead of a silent jump.
	 */
	starts: { name: string; day: DateText }[];
	/** Days whose totals leave out an asset that has no exchange rate yet. */
	incomplete: DateText[];
}

/** Each breakdown's name, in the language of the moment (a message: call it). */
export const BREAKDOWN_LABELS: Record<Breakdown, () => string> = {
	total: m.dashboard_by_total,
	group: m.dashboard_by_group,
	type: m.dashboard_by_type,
	category: m.dashboard_by_category
};

async function labelsFor(db: Kysely<Database>, by: Breakdown): Promise<Map<string, string>> {
	if (by === 'total') return new Map([['total', m.dashboard_net_worth()]]);
	if (by === 'group') return new Map(ASSET_GROUPS.map((g) => [g, groupLabel(g)]));
	if (by === 'type') {
		const rows = await db.selectFrom('asset_types').select(['id', 'code', 'label']).execute();
		return new Map(rows.map((r) => [r.id, typeName(r.code, r.label)]));
	}
	const rows = await db.selectFrom('categories').select(['id', 'name']).execute();
	const names: [string, string][] = [
		['', m.dashboard_no_category()],
		...rows.map((r): [string, string] => [r.id, r.name])
	];
	return new Map(
		names.flatMap(([key, name]): [string, string][] => [
			[key, name],
			[key + OWED_SUFFIX, m.dashboard_owed({ name })]
		])
	);
}

function orderOf(by: Breakdown, labels: Map<string, string>) {
	if (by === 'group')
		return (a: string, b: string) =>
			ASSET_GROUPS.indexOf(a as never) - ASSET_GROUPS.indexOf(b as never);
	// What has no category comes last, its debts after it.
	const last = (key: string) => (key === '' ? 1 : key === OWED_SUFFIX ? 2 : 0);
	return (a: string, b: string) =>
		last(a) - last(b) || (labels.get(a) ?? a).localeCompare(labels.get(b) ?? b);
}

/**
 * A colour per key of every type, group or category there is (not only of those shown), in
 * their listed order: a type keeps its colour whatever the range or view shows beside it.
 */
function colorsOf(by: Breakdown, labels: Map<string, string>): Map<string, number> {
	return new Map([...labels.keys()].sort(orderOf(by, labels)).map((key, i) => [key, i]));
}

/** The chart data for a range ending today. */
export async function loadHistory(
	db: Kysely<Database>,
	{
		range,
		by,
		today,
		maxPoints = 366
	}: { range: Range; by: Breakdown; today: DateText; maxPoints?: number }
): Promise<History> {
	const first = range === 'ALL' ? await firstHeldDay(db) : null;
	const days = sampleDays(rangeStart(range, today, first), today, maxPoints);
	const [rows, labels, starts] = await Promise.all([
		totalsByDay(db, days, by),
		labelsFor(db, by),
		startsWithin(db, days[0]!, today)
	]);
	const index = new Map(days.map((d, i) => [d, i]));
	const byKey = new Map<string, (string | null)[]>();
	const incomplete = new Set<DateText>();
	for (const row of rows) {
		if (row.missing > 0) incomplete.add(row.day);
		let values = byKey.get(row.key);
		if (!values) byKey.set(row.key, (values = days.map(() => null)));
		values[index.get(row.day)!] = row.total;
	}
	const keys = [...byKey.keys()].sort(orderOf(by, labels));
	const colors = colorsOf(by, labels);
	const series = keys.map((key) => ({
		key,
		label: labels.get(key) ?? key,
		color: colors.get(key) ?? 0,
		values: byKey.get(key)!
	}));
	const totals = days.map((_, i) =>
		sumDecimals(series.flatMap((s) => (s.values[i] ? [s.values[i]] : [])))
	);
	return { days, series, totals, starts, incomplete: days.filter((d) => incomplete.has(d)) };
}

/**
 * The assets whose first value falls after `from` and on or before `to`, by that day: one seek
 * per asset for its first held day, however long its history.
 */
async function startsWithin(
	db: Kysely<Database>,
	from: DateText,
	to: DateText
): Promise<{ name: string; day: DateText }[]> {
	const rows = await db
		.selectFrom('assets as a')
		.select((eb) => [
			'a.name',
			eb
				.selectFrom('asset_days as d')
				.select('d.day')
				.whereRef('d.asset_id', '=', 'a.id')
				.where('d.value', 'is not', null)
				.orderBy('d.day')
				.limit(1)
				.as('day')
		])
		.execute();
	return rows
		.filter((r): r is { name: string; day: string } => !!r.day && r.day > from && r.day <= to)
		.sort((a, b) => (a.day === b.day ? a.name.localeCompare(b.name) : a.day < b.day ? -1 : 1))
		.map((r) => ({ name: r.name, day: r.day }));
}

/**
 * Today's totals per type or top-level category, for the allocation chart (and per group, for
 * the command line's `networth --by group`).
 */
export async function loadAllocation(
	db: Kysely<Database>,
	{ by, today }: { by: Exclude<Breakdown, 'total'>; today: DateText }
): Promise<Slice[]> {
	const [rows, labels] = await Promise.all([totalsByDay(db, [today], by), labelsFor(db, by)]);
	const colors = colorsOf(by, labels);
	return rows.map((row) => ({
		key: row.key,
		label: labels.get(row.key) ?? row.key,
		color: colors.get(row.key) ?? 0,
		total: row.total
	}));
}
