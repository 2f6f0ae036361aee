/**
 * Derived rows: what the app computes from the user's data and stores to read fast — each
 * asset's state per day (asset_days) and each sale's result (sale_results), by the rules of
 * domain/holdings.ts, and the net-worth points (portfolio_snapshots). The write gate keeps them
 * in step after every change, worked out from the change's own changeset, so a write handler
 * never has to think about them. They are never recorded for undo (undoing recomputes them) and
 * never synced: every database recomputes its own. A new version of the rules rebuilds them.
 */
import type { TableName } from '../messages';
import type { SyncSql } from '../sync-sql';
import {
	holdingWalk,
	type HoldingDay,
	type HoldingEvent,
	type HoldingProblem,
	type SaleResult
} from '$lib/domain/holdings';
import { earliest } from '$lib/domain/net-worth';
import { m } from '$lib/paraglide/messages';
import { applyChangeset, type ChangedRow, type MayDiffer } from './changesets';
import { conversionsCurrent, rebuildAllConversions, rebuildConversions } from './conversions';
import { derivedCurrent, markDerived, rowChanges } from './derived-rows';
import type { Engine } from './engine';
import {
	assetPlaces,
	firstSeriesDay,
	firstStateDay,
	movedPlaces,
	rebuildAllSeries,
	refreshSeries,
	seriesCurrent,
	type ChangedDay
} from './series';

/** Tables whose rows are recomputed from the others. */
export const DERIVED_TABLES: readonly TableName[] = [
	'portfolio_snapshots',
	'series_days',
	'asset_days',
	'sale_results',
	'currency_days'
];

/** The app's own bookkeeping: not the user's data, never recorded for undo nor synced. */
export const BOOKKEEPING_TABLES = [
	'change_log',
	'schema_migrations',
	'derived_versions',
	'sync_state',
	'sync_devices',
	'sync_changes',
	'sync_conflicts',
	'sync_renames'
];

/** The version of the holding rules the stored asset_days and sale_results were computed by. */
export const HOLDINGS_VERSION = 1;

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
const json = JSON.stringify;

// ---------------------------------------------------------------------------------------------
// Holdings: asset_days and sale_results

interface AssetRow {
	id: string;
	quantity: string | null;
	disposed: number;
}

/**
 * The events of these assets (or of all), grouped by asset. Each asset's come as one JSON text:
 * reading thousands of rows one value at a time across the wasm boundary costs far more.
 */
export function eventsOf(sql: SyncSql, ids: string[] | null): Map<string, HoldingEvent[]> {
	const only = ids === null ? '' : 'WHERE x.asset_id IN (SELECT value FROM json_each(?1))';
	const params = ids === null ? [] : [json(ids)];
	const events = new Map<string, HoldingEvent[]>();
	const add = (assetId: string, list: HoldingEvent[]) => {
		const known = events.get(assetId);
		if (known) known.push(...list);
		else events.set(assetId, list);
	};
	for (const row of sql.all<{ asset_id: string; events: string }>(
		`SELECT asset_id, json_group_array(json_array(id, type, quantity, unit_price, occurred_at, created_at)) AS events
     FROM transactions x ${only} GROUP BY asset_id`,
		params
	)) {
		const list = JSON.parse(row.events) as [string, 'ACQUIRE', string, string, string, string][];
		add(
			row.asset_id,
			list.map(([id, type, quantity, unitPrice, at, createdAt]) => ({
				kind: 'transaction',
				id,
				type,
				quantity,
				unitPrice,
				at,
				createdAt
			}))
		);
	}
	for (const row of sql.all<{ asset_id: string; events: string }>(
		`SELECT x.asset_id, json_group_array(json_array(x.id, x.value, p.unit_price, x.observed_at, x.created_at)) AS events
     FROM asset_snapshots x LEFT JOIN valuation_prices p ON p.asset_snapshot_id = x.id ${only}
     GROUP BY x.asset_id`,
		params
	)) {
		const list = JSON.parse(row.events) as [string, string, string | null, string, string][];
		add(
			row.asset_id,
			list.map(([id, value, unitPrice, at, createdAt]) => ({
				kind: 'valuation',
				id,
				value,
				unitPrice,
				at,
				createdAt
			}))
		);
	}
	return events;
}

const DAY_COLUMNS = ['quantity', 'value', 'price', 'cost', 'invested', 'realised'] as const;

function sameDay(a: HoldingDay, b: HoldingDay): boolean {
	return DAY_COLUMNS.every((column) => a[column] === b[column]);
}

function writeDays(sql: SyncSql, rows: (HoldingDay & { assetId: string })[]): void {
	if (rows.length === 0) return;
	sql.run(
		`INSERT INTO asset_days (asset_id, day, quantity, value, price, cost, invested, realised)
     SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4, value ->> 5, value ->> 6, value ->> 7
     FROM json_each(?1) WHERE true
     ON CONFLICT (asset_id, day) DO UPDATE SET quantity = excluded.quantity, value = excluded.value,
       price = excluded.price, cost = excluded.cost, invested = excluded.invested,
       realised = excluded.realised`,
		[
			json(
				rows.map((r) => [
					r.assetId,
					r.day,
					r.quantity,
					r.value,
					r.price,
					r.cost,
					r.invested,
					r.realised
				])
			)
		]
	);
}

function writeSales(sql: SyncSql, rows: (SaleResult & { assetId: string })[]): void {
	if (rows.length === 0) return;
	sql.run(
		`INSERT INTO sale_results (transaction_id, asset_id, proceeds, cost, gain)
     SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4 FROM json_each(?1) WHERE true
     ON CONFLICT (transaction_id) DO UPDATE SET asset_id = excluded.asset_id,
       proceeds = excluded.proceeds, cost = excluded.cost, gain = excluded.gain`,
		[json(rows.map((r) => [r.transactionId, r.assetId, r.proceeds, r.cost, r.gain]))]
	);
}

export interface HoldingsRebuilt {
	/** The asset days whose stored state changed (all of them after a rebuild of all). */
	changed: ChangedDay[];
	/** What breaks a rule of the holding, per asset. */
	problems: Map<string, HoldingProblem[]>;
}

/**
 * Walks the events of these assets (every asset with null): their days, sales and problems;
 * of an asset in `from`, only its days from that day on.
 */
function walkAssets(
	sql: SyncSql,
	ids: string[] | null,
	from: ReadonlyMap<string, string> = new Map()
) {
	const assets = sql.all<AssetRow>(
		`SELECT id, quantity, disposed FROM assets ${ids === null ? '' : 'WHERE id IN (SELECT value FROM json_each(?1))'}`,
		ids === null ? [] : [json(ids)]
	);
	const events = eventsOf(sql, ids);
	const days: (HoldingDay & { assetId: string })[] = [];
	const sales: (SaleResult & { assetId: string })[] = [];
	const problems = new Map<string, HoldingProblem[]>();
	for (const asset of assets) {
		const since = from.get(asset.id) ?? null;
		const walk = holdingWalk(
			events.get(asset.id) ?? [],
			{ quantity: asset.quantity, disposed: asset.disposed === 1 },
			since
		);
		for (const day of walk.days)
			if (since === null || day.day >= since) days.push({ ...day, assetId: asset.id });
		for (const sale of walk.sales) sales.push({ ...sale, assetId: asset.id });
		if (walk.problems.length) problems.set(asset.id, walk.problems);
	}
	return { days, sales, problems };
}

/**
 * Recomputes the holdings of some assets (every asset with 'all') and writes only what
 * differs; the rows of assets that are gone are removed. Runs inside the caller's transaction.
 */
export function rebuildHoldings(
	sql: SyncSql,
	which: string[] | 'all',
	/** Per asset, the first day its states can differ (the days before are known to be right). */
	from: ReadonlyMap<string, string> = new Map()
): HoldingsRebuilt {
	const all = which === 'all';
	const ids = all ? null : [...new Set(which)];
	if (ids?.length === 0) return { changed: [], problems: new Map() };
	const { days, sales, problems } = walkAssets(sql, ids, all ? new Map() : from);
	if (all) {
		// Everything from scratch (an import, a new version of the rules).
		sql.run('DELETE FROM asset_days');
		sql.run('DELETE FROM sale_results');
		writeDays(sql, days);
		writeSales(sql, sales);
		return { changed: days, problems };
	}
	// Only what differs, so an edit ten years back rewrites only the days it changed.
	// As one JSON text, for the same reason as the events.
	const [storedRows] = sql.all<{ rows: string }>(
		`SELECT json_group_array(json_array(d.asset_id, d.day, d.quantity, d.value, d.price, d.cost,
       d.invested, d.realised)) AS rows
     FROM json_each(?1) j JOIN asset_days d ON d.asset_id = j.value ->> 0
       AND d.day >= coalesce(j.value ->> 1, '')`,
		[json(ids!.map((id) => [id, from.get(id) ?? null]))]
	);
	const stored = (JSON.parse(storedRows?.rows ?? '[]') as (string | null)[][]).map(
		([asset_id, day, quantity, value, price, cost, invested, realised]) =>
			({ asset_id, day, quantity, value, price, cost, invested, realised }) as HoldingDay & {
				asset_id: string;
			}
	);
	const { upserts, gone } = rowChanges(
		days,
		new Map(stored.map((row) => [`${row.asset_id}|${row.day}`, row])),
		(row) => `${row.assetId}|${row.day}`,
		sameDay
	);
	const changed = [
		...upserts.map(({ assetId, day }) => ({ assetId, day })),
		...gone.map((row) => ({ assetId: row.asset_id, day: row.day }))
	];
	if (gone.length) {
		sql.run(
			`DELETE FROM asset_days WHERE (asset_id, day) IN
         (SELECT value ->> 0, value ->> 1 FROM json_each(?1))`,
			[json(gone.map((row) => [row.asset_id, row.day]))]
		);
	}
	writeDays(sql, upserts);
	sql.run(
		`DELETE FROM sale_results WHERE asset_id IN (SELECT value FROM json_each(?1))
       AND transaction_id NOT IN (SELECT value FROM json_each(?2))`,
		[json(ids), json(sales.map((s) => s.transactionId))]
	);
	writeSales(sql, sales);
	return { changed, problems };
}

/** Recomputes every asset's holdings by the current rules, and says which rules they follow. */
export function rebuildAllHoldings(sql: SyncSql): HoldingsRebuilt {
	const rebuilt = rebuildHoldings(sql, 'all');
	markDerived(sql, 'holdings', HOLDINGS_VERSION);
	return rebuilt;
}

/**
 * Columns of the user's own tables that follow from their transactions, for what a backup carries
 * (Strata 1.2 reads them): an asset's quantity (what it holds after all of them) and disposed
 * flag (sold in full), and the whole value of a valuation entered per unit (price × the quantity
 * held that day). An asset without transactions (from an older file) keeps its own quantity and
 * flag, and its prices count × that quantity, as the walk counts them. Kept by the gate after a
 * handler's work and recorded with it, so undo puts them back exactly; an undo that finds them
 * moved by later changes takes them as they are (followerColumns) and the gate sets them again.
 */
export function syncFollowers(sql: SyncSql, rows: readonly ChangedRow[]): void {
	const ids = [...affectedBy(sql, rows).assets];
	if (ids.length) syncSourceColumns(sql, ids);
}

function syncSourceColumns(sql: SyncSql, ids: string[]): void {
	const heldSql = (asset: string, until?: string) => {
		const before = until ? ` AND x.occurred_at <= ${until}` : '';
		return `(SELECT decimal_sum(CASE WHEN x.type = 'DISPOSE'
      THEN decimal_neg(x.quantity) ELSE x.quantity END) FROM transactions x
      WHERE x.asset_id = ${asset}${before})`;
	};
	sql.run(
		`UPDATE assets SET quantity = h.held, disposed = CASE WHEN h.held = '0' THEN 1 ELSE 0 END
     FROM (SELECT a.id, ${heldSql('a.id')} AS held FROM assets a
           WHERE a.id IN (SELECT value FROM json_each(?1))) h
     WHERE assets.id = h.id AND h.held IS NOT NULL
       AND (assets.quantity IS NOT h.held OR assets.disposed <> CASE WHEN h.held = '0' THEN 1 ELSE 0 END)`,
		[json(ids)]
	);
	sql.run(
		`UPDATE asset_snapshots SET value = w.value
     FROM (SELECT s.id, decimal_mul(p.unit_price, coalesce(
             ${heldSql('s.asset_id', "substr(s.observed_at, 1, 10) || 'T23:59:59.999Z'")},
             a.quantity, '1')) AS value
           FROM asset_snapshots s JOIN valuation_prices p ON p.asset_snapshot_id = s.id
           JOIN assets a ON a.id = s.asset_id
           WHERE s.asset_id IN (SELECT value FROM json_each(?1))) w
     WHERE asset_snapshots.id = w.id AND w.value IS NOT NULL AND asset_snapshots.value <> w.value`,
		[json(ids)]
	);
}

/**
 * Which of those columns an undo may find moved since (by later changes, outside any change's
 * record): an asset's quantity and flag once it has transactions, a per-unit valuation's whole
 * value. The undo takes them as they are and the gate computes them again after it. Anything
 * else that differs is a real conflict.
 */
export function followerColumns(sql: SyncSql, rows: readonly ChangedRow[]): MayDiffer {
	const keys = (table: string) =>
		json(rows.filter((row) => row.table === table).map((row) => row.old.id ?? row.new.id));
	const traded = new Set(
		sql
			.all<{ id: string }>(
				`SELECT DISTINCT asset_id AS id FROM transactions
         WHERE asset_id IN (SELECT value FROM json_each(?1))`,
				[keys('assets')]
			)
			.map((r) => r.id)
	);
	const priced = new Set(
		sql
			.all<{ id: string }>(
				`SELECT asset_snapshot_id AS id FROM valuation_prices
         WHERE asset_snapshot_id IN (SELECT value FROM json_each(?1))`,
				[keys('asset_snapshots')]
			)
			.map((r) => r.id)
	);
	// Rows the undo itself puts back or takes away count too.
	for (const row of rows) {
		const values = { ...row.old, ...row.new };
		if (row.table === 'transactions') traded.add(String(values.asset_id));
		if (row.table === 'valuation_prices') priced.add(String(values.asset_snapshot_id));
	}
	return (table, column, row) =>
		table === 'assets'
			? (column === 'quantity' || column === 'disposed') && traded.has(String(row.id))
			: table === 'asset_snapshots' && column === 'value' && priced.has(String(row.id));
}

/**
 * Recomputes every derived row from scratch (an import, the demo, a new version of the rules):
 * the holdings, the currency factors, the chart's series (unless `series` is false, for a
 * throwaway database) and, unless `points` is false, the net-worth points from the first day
 * on, inside the caller's transaction.
 */
export function rebuildAllDerived(sql: SyncSql, { points = true, series = true } = {}): void {
	rebuildAllHoldings(sql);
	rebuildAllConversions(sql);
	if (series) rebuildAllSeries(sql, { points });
}

/**
 * Rebuilds what was computed by other rules (or never): the holdings, the currency factors and
 * with them the series and net-worth points from the first day. True if it did.
 */
export function ensureDerived(sql: SyncSql): boolean {
	const holdings = derivedCurrent(sql, 'holdings', HOLDINGS_VERSION);
	const conversions = conversionsCurrent(sql);
	if (holdings && conversions && seriesCurrent(sql)) return false;
	sql.transaction(() => {
		if (!holdings) rebuildAllHoldings(sql);
		if (!conversions) rebuildAllConversions(sql);
		rebuildAllSeries(sql);
	});
	return true;
}

// ---------------------------------------------------------------------------------------------
// What a change touched

/** The tables of an asset's dated events. */
const DATED = new Set(['asset_snapshots', 'transactions']);

export interface Affected {
	/** Assets whose holdings may have changed. */
	assets: Set<string>;
	/** Currencies whose factors may have changed ('all': the rates, or the base). */
	currencies: Set<string> | 'all';
	/** Whether every value may count otherwise (the base currency changed). */
	everything: boolean;
}

/** What rows a change touched, and so which assets' holdings to recompute. */
export function affectedBy(sql: SyncSql, rows: readonly ChangedRow[]): Affected {
	const affected: Affected = {
		assets: new Set(),
		currencies: new Set(),
		everything: false
	};
	const currency = (code: unknown) => {
		if (affected.currencies !== 'all' && typeof code === 'string') affected.currencies.add(code);
	};
	const touched = (assetId: unknown) => {
		const asset = text(assetId);
		if (asset) affected.assets.add(asset);
	};
	for (const row of rows) {
		const id = text(row.old.id) ?? text(row.new.id);
		if (DATED.has(row.table) && row.op !== 'update') {
			touched((row.op === 'insert' ? row.new : row.old).asset_id);
		} else if (DATED.has(row.table)) {
			// An update's changeset holds the key and the changed columns: the row's asset now,
			// and the one it had where that changed.
			touched(row.old.asset_id);
			for (const now of sql.all<{ asset_id: string }>(
				`SELECT asset_id FROM ${row.table} WHERE id = ?1`,
				[id]
			))
				touched(now.asset_id);
		} else if (row.table === 'valuation_prices') {
			const snapshot = text(row.old.asset_snapshot_id) ?? text(row.new.asset_snapshot_id);
			for (const now of sql.all<{ asset_id: string }>(
				'SELECT asset_id FROM asset_snapshots WHERE id = ?1',
				[snapshot]
			))
				touched(now.asset_id);
		} else if (row.table === 'assets' && id) {
			affected.assets.add(id);
			// A new asset, or one gone, may bring or take a currency (EUR without a row of its own).
			if (row.op !== 'update') currency('EUR');
		} else if (row.table === 'asset_details') {
			currency(row.old.currency);
			currency(row.new.currency);
			currency('EUR');
		} else if (row.table === 'exchange_rates') {
			affected.currencies = 'all';
		} else if (row.table === 'settings') {
			affected.currencies = 'all';
			affected.everything = true;
		}
	}
	return affected;
}

export interface Derived {
	/** The derived tables the change touched. */
	tables: TableName[];
	/** The rules the change breaks: problems its assets have now that they did not have before. */
	problems: (HoldingProblem & { assetId: string })[];
}

const problemKey = (assetId: string, p: HoldingProblem) => `${assetId}|${p.kind}|${p.eventId}`;

/**
 * Reads the database as it was before a change, by undoing it for a moment (a savepoint rolled
 * back). The derived rows are still the old ones while the gate has not refreshed them.
 */
function beforeChange<T>(
	engine: Engine,
	changeset: Uint8Array,
	read: () => T,
	only?: ReadonlySet<string>
): T {
	engine.exec('SAVEPOINT derived_before');
	try {
		const conflict = applyChangeset(engine, changeset, { invert: true, only });
		if (conflict) throw new Error(m.errors_derived_not_reversed({ kind: conflict.kind }));
		return read();
	} finally {
		engine.exec('ROLLBACK TO derived_before');
		engine.exec('RELEASE derived_before');
	}
}

/**
 * The problems these assets had before a change: data imported broken stays editable, only
 * what a change breaks is refused.
 */
function problemsBefore(engine: Engine, changeset: Uint8Array, ids: string[]): Set<string> {
	return beforeChange(engine, changeset, () => {
		const keys = new Set<string>();
		for (const [assetId, list] of walkAssets(engine, ids).problems)
			for (const problem of list) keys.add(problemKey(assetId, problem));
		return keys;
	});
}

/**
 * For each asset a change touched only through its valuations: the first day its states can
 * differ, so that only those are compared again — the last stored day before the earliest
 * valuation day it touched (an asset marked disposed counts until its last valuation, which
 * may move back to that day). Read before the states are redone.
 */
function valuationsFrom(engine: Engine, rows: readonly ChangedRow[]): Map<string, string> {
	const days = new Map<string, string[]>();
	const whole = new Set<string>();
	const touched = (asset: string | null, ...at: (string | null)[]) => {
		if (!asset) return;
		const list = days.get(asset) ?? [];
		for (const a of at) if (a) list.push(a.slice(0, 10));
		days.set(asset, list);
	};
	const current = (id: string | null) =>
		engine.all<{ asset_id: string; observed_at: string }>(
			'SELECT asset_id, observed_at FROM asset_snapshots WHERE id = ?1',
			[id]
		)[0];
	for (const row of rows) {
		if (row.table === 'asset_snapshots') {
			if (row.op !== 'update') {
				const values = row.op === 'insert' ? row.new : row.old;
				touched(text(values.asset_id), text(values.observed_at));
				continue;
			}
			const now = current(text(row.old.id));
			// Moved to another asset: both are walked whole.
			if ('asset_id' in row.new) {
				for (const asset of [text(row.old.asset_id), now?.asset_id ?? null])
					if (asset) whole.add(asset);
				continue;
			}
			touched(now?.asset_id ?? null, text(row.old.observed_at), now?.observed_at ?? null);
		} else if (row.table === 'valuation_prices') {
			const now = current(text(row.old.asset_snapshot_id) ?? text(row.new.asset_snapshot_id));
			if (now) touched(now.asset_id, now.observed_at);
		} else if (row.table === 'transactions') {
			for (const values of [row.old, row.new]) {
				const asset = text(values.asset_id);
				if (asset) whole.add(asset);
			}
			if (row.op === 'update')
				for (const now of engine.all<{ asset_id: string }>(
					'SELECT asset_id FROM transactions WHERE id = ?1',
					[text(row.old.id)]
				))
					whole.add(now.asset_id);
		} else if (row.table === 'assets') {
			const id = text(row.old.id) ?? text(row.new.id);
			if (id) whole.add(id);
		}
	}
	const from = new Map<string, string>();
	for (const [asset, list] of days) {
		if (whole.has(asset) || list.length === 0) continue;
		const earliestDay = list.sort()[0]!;
		const [before] = engine.all<{ day: string | null }>(
			'SELECT max(day) AS day FROM asset_days WHERE asset_id = ?1 AND day < ?2',
			[asset, earliestDay]
		);
		if (before?.day) from.set(asset, before.day);
	}
	return from;
}

/** Tables whose rows decide where an asset counts: its type, group, category, currency. */
const PLACE_TABLES = new Set([
	'assets',
	'asset_types',
	'asset_details',
	'categories',
	'asset_categories',
	'settings'
]);

/**
 * Brings every derived row in step with a change (its rows, and its changeset): the holdings of
 * the assets it touched and the currency factors, then the chart's series and the net-worth
 * points on the days that can differ.
 */
export function refreshDerived(
	engine: Engine,
	change: { rows: readonly ChangedRow[]; changeset: Uint8Array }
): Derived {
	const affected = affectedBy(engine, change.rows);
	const rates = affected.currencies === 'all' || affected.currencies.size > 0;
	const placed = change.rows.some((row) => PLACE_TABLES.has(row.table));
	if (affected.assets.size === 0 && !placed && !rates) return { tables: [], problems: [] };
	// Where each asset counted before: the source rows as they were, the states not yet redone.
	const before = placed
		? // Only the tables places are read from: an import's thousands of valuations are not
			// undone and redone to read where its new assets were (nowhere).
			beforeChange(engine, change.changeset, () => assetPlaces(engine), PLACE_TABLES)
		: assetPlaces(engine);
	const firstBefore = firstSeriesDay(engine);
	const { changed, problems } = rebuildHoldings(
		engine,
		[...affected.assets],
		valuationsFrom(engine, change.rows)
	);
	// Rate days are point days from the first day anything has a state: when that day moves,
	// the days between the two may become point days or stop being ones.
	const firstAfter = firstStateDay(engine);
	const shiftedFrom = firstBefore !== firstAfter ? earliest(firstBefore, firstAfter) : null;
	const problemsThen = problems.size
		? problemsBefore(engine, change.changeset, [...problems.keys()])
		: null;
	const convertedFrom = rates
		? rebuildConversions(engine, affected.currencies === 'all' ? null : affected.currencies)
		: null;
	const moved = movedPlaces(before, assetPlaces(engine));
	const movedFrom = moved.assets.length
		? engine.all<{ first: string | null }>(
				'SELECT min(day) AS first FROM asset_days WHERE asset_id IN (SELECT value FROM json_each(?1))',
				[json(moved.assets)]
			)[0]?.first
		: null;
	const from = earliest(
		movedFrom,
		convertedFrom,
		shiftedFrom,
		// The first day anything had or has a state.
		affected.everything || moved.all ? earliest(firstBefore, firstAfter) : null
	);
	refreshSeries(engine, { changed, from });
	return {
		tables: ['asset_days', 'sale_results', 'currency_days', 'series_days', 'portfolio_snapshots'],
		problems: [...problems].flatMap(([assetId, list]) =>
			list.filter((p) => !problemsThen?.has(problemKey(assetId, p))).map((p) => ({ ...p, assetId }))
		)
	};
}
