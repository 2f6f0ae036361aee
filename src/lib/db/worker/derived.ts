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
import { earliest, refreshSnapshotsStatements } from '$lib/domain/net-worth';
import { applyChangeset, type ChangedRow, type MayDiffer } from './changesets';
import { conversionsCurrent, rebuildAllConversions, rebuildConversions } from './conversions';
import { derivedCurrent, markDerived, rowChanges } from './derived-rows';
import type { Engine } from './engine';

/** Tables whose rows are recomputed from the others. */
export const DERIVED_TABLES: readonly TableName[] = [
	'portfolio_snapshots',
	'asset_days',
	'sale_results',
	'currency_days'
];

/** The app's own bookkeeping: not the user's data, never recorded for undo. */
const BOOKKEEPING_TABLES = ['change_log', 'schema_migrations', 'derived_versions'];

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

/** The events of these assets (or of all), grouped by asset. */
function eventsOf(sql: SyncSql, ids: string[] | null): Map<string, HoldingEvent[]> {
	const only = ids === null ? '' : 'WHERE x.asset_id IN (SELECT value FROM json_each(?1))';
	const params = ids === null ? [] : [json(ids)];
	const events = new Map<string, HoldingEvent[]>();
	const add = (assetId: string, event: HoldingEvent) => {
		let list = events.get(assetId);
		if (!list) events.set(assetId, (list = []));
		list.push(event);
	};
	for (const row of sql.all<{
		id: string;
		asset_id: string;
		type: 'ACQUIRE';
		quantity: string;
		unit_price: string;
		occurred_at: string;
		created_at: string;
	}>(
		`SELECT id, asset_id, type, quantity, unit_price, occurred_at, created_at
     FROM transactions x ${only}`,
		params
	)) {
		add(row.asset_id, {
			kind: 'transaction',
			id: row.id,
			type: row.type,
			quantity: row.quantity,
			unitPrice: row.unit_price,
			at: row.occurred_at,
			createdAt: row.created_at
		});
	}
	for (const row of sql.all<{
		id: string;
		asset_id: string;
		value: string;
		unit_price: string | null;
		observed_at: string;
		created_at: string;
	}>(
		`SELECT x.id, x.asset_id, x.value, p.unit_price, x.observed_at, x.created_at
     FROM asset_snapshots x LEFT JOIN valuation_prices p ON p.asset_snapshot_id = x.id ${only}`,
		params
	)) {
		add(row.asset_id, {
			kind: 'valuation',
			id: row.id,
			value: row.value,
			unitPrice: row.unit_price,
			at: row.observed_at,
			createdAt: row.created_at
		});
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
	/** The earliest day whose stored state changed: net worth may differ from it on. */
	earliest: string | null;
	/** What breaks a rule of the holding, per asset. */
	problems: Map<string, HoldingProblem[]>;
}

/** Walks the events of these assets (every asset with null): their days, sales and problems. */
function walkAssets(sql: SyncSql, ids: string[] | null) {
	const assets = sql.all<AssetRow>(
		`SELECT id, quantity, disposed FROM assets ${ids === null ? '' : 'WHERE id IN (SELECT value FROM json_each(?1))'}`,
		ids === null ? [] : [json(ids)]
	);
	const events = eventsOf(sql, ids);
	const days: (HoldingDay & { assetId: string })[] = [];
	const sales: (SaleResult & { assetId: string })[] = [];
	const problems = new Map<string, HoldingProblem[]>();
	for (const asset of assets) {
		const walk = holdingWalk(events.get(asset.id) ?? [], {
			quantity: asset.quantity,
			disposed: asset.disposed === 1
		});
		for (const day of walk.days) days.push({ ...day, assetId: asset.id });
		for (const sale of walk.sales) sales.push({ ...sale, assetId: asset.id });
		if (walk.problems.length) problems.set(asset.id, walk.problems);
	}
	return { days, sales, problems };
}

/**
 * Recomputes the holdings of some assets (every asset with 'all') and writes only what
 * differs; the rows of assets that are gone are removed. Runs inside the caller's transaction.
 */
export function rebuildHoldings(sql: SyncSql, which: string[] | 'all'): HoldingsRebuilt {
	const all = which === 'all';
	const ids = all ? null : [...new Set(which)];
	if (ids?.length === 0) return { earliest: null, problems: new Map() };
	const { days, sales, problems } = walkAssets(sql, ids);
	if (all) {
		// Everything from scratch (an import, a new version of the rules).
		sql.run('DELETE FROM asset_days');
		sql.run('DELETE FROM sale_results');
		writeDays(sql, days);
		writeSales(sql, sales);
		const first = days.reduce<string | null>(
			(min, d) => (min === null || d.day < min ? d.day : min),
			null
		);
		return { earliest: first, problems };
	}
	// Only what differs, so an edit ten years back rewrites only the days it changed.
	const stored = sql.all<HoldingDay & { asset_id: string }>(
		`SELECT asset_id, day, quantity, value, price, cost, invested, realised FROM asset_days
     WHERE asset_id IN (SELECT value FROM json_each(?1))`,
		[json(ids)]
	);
	const { upserts, gone } = rowChanges(
		days,
		new Map(stored.map((row) => [`${row.asset_id}|${row.day}`, row])),
		(row) => `${row.assetId}|${row.day}`,
		sameDay
	);
	const changedDays = [...upserts, ...gone].map((row) => row.day);
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
	return { earliest: earliest(...changedDays), problems };
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
	const heldSql = (
		asset: string,
		until?: string
	) => `(SELECT decimal_sum(CASE WHEN x.type = 'DISPOSE'
      THEN decimal_neg(x.quantity) ELSE x.quantity END) FROM transactions x
      WHERE x.asset_id = ${asset}${until ? ` AND x.occurred_at <= ${until}` : ''})`;
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

/** The first day anything is held: net worth can differ from it on after a change of all. */
function firstDay(sql: SyncSql): string | null {
	return (
		sql.all<{ first: string | null }>('SELECT min(day) AS first FROM asset_days')[0]?.first ?? null
	);
}

/**
 * Recomputes every derived row from scratch (an import, the demo, a new version of the rules)
 * and the net-worth points from the first day on, inside the caller's transaction.
 */
export function rebuildAllDerived(sql: SyncSql, { points = true } = {}): void {
	rebuildAllHoldings(sql);
	rebuildAllConversions(sql);
	const from = firstDay(sql);
	if (points && from !== null) {
		for (const { sql: text, params } of refreshSnapshotsStatements(from))
			sql.run(text, params as never);
	}
}

/**
 * Rebuilds what was computed by other rules (or never): the holdings, the currency factors and
 * with them the net-worth points from the first day. True if it did.
 */
export function ensureDerived(sql: SyncSql): boolean {
	const holdings = derivedCurrent(sql, 'holdings', HOLDINGS_VERSION);
	const conversions = conversionsCurrent(sql);
	if (holdings && conversions) return false;
	sql.transaction(() => {
		if (!holdings) rebuildAllHoldings(sql);
		if (!conversions) rebuildAllConversions(sql);
		const from = firstDay(sql);
		if (from !== null) {
			for (const { sql: text, params } of refreshSnapshotsStatements(from))
				sql.run(text, params as never);
		}
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
	/**
	 * Assets that count otherwise from their first day: with another sign (their type, or its
	 * group, changed) or in another currency.
	 */
	regrouped: Set<string>;
	/** Currencies whose factors may have changed ('all': the rates, or the base). */
	currencies: Set<string> | 'all';
	/** Whether every value may count otherwise (the base currency changed). */
	everything: boolean;
}

/** What rows a change touched, and so which assets' holdings to recompute. */
export function affectedBy(sql: SyncSql, rows: readonly ChangedRow[]): Affected {
	const affected: Affected = {
		assets: new Set(),
		regrouped: new Set(),
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
			if (row.op === 'update' && 'asset_type_id' in row.new) affected.regrouped.add(id);
			// A new asset, or one gone, may bring or take a currency (EUR without a row of its own).
			if (row.op !== 'update') currency('EUR');
		} else if (row.table === 'asset_details') {
			const asset = text(row.old.asset_id) ?? text(row.new.asset_id);
			if (asset) affected.regrouped.add(asset);
			currency(row.old.currency);
			currency(row.new.currency);
			currency('EUR');
		} else if (row.table === 'exchange_rates') {
			affected.currencies = 'all';
		} else if (row.table === 'settings') {
			affected.currencies = 'all';
			affected.everything = true;
		} else if (row.table === 'asset_types' && row.op === 'update' && 'group' in row.new) {
			for (const asset of sql.all<{ id: string }>(
				'SELECT id FROM assets WHERE asset_type_id = ?1',
				[id]
			))
				affected.regrouped.add(asset.id);
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
 * The problems these assets had before a change, seen by undoing it for a moment (a savepoint
 * rolled back): data imported broken stays editable, only what a change breaks is refused.
 */
function problemsBefore(engine: Engine, changeset: Uint8Array, ids: string[]): Set<string> {
	engine.exec('SAVEPOINT rules_before');
	try {
		const conflict = applyChangeset(engine, changeset, { invert: true });
		if (conflict) throw new Error(`A change could not be reversed to check it (${conflict.kind}).`);
		const keys = new Set<string>();
		for (const [assetId, list] of walkAssets(engine, ids).problems)
			for (const problem of list) keys.add(problemKey(assetId, problem));
		return keys;
	} finally {
		engine.exec('ROLLBACK TO rules_before');
		engine.exec('RELEASE rules_before');
	}
}

/**
 * Brings every derived row in step with a change (its rows, and its changeset): the holdings of
 * the assets it touched, then the net-worth points from the earliest day that can differ.
 */
export function refreshDerived(
	engine: Engine,
	change: { rows: readonly ChangedRow[]; changeset: Uint8Array }
): Derived {
	const affected = affectedBy(engine, change.rows);
	const rates = affected.currencies === 'all' || affected.currencies.size > 0;
	if (affected.assets.size === 0 && affected.regrouped.size === 0 && !rates)
		return { tables: [], problems: [] };
	const ids = [...affected.assets];
	const { earliest: changedFrom, problems } = rebuildHoldings(engine, ids);
	const before = problems.size
		? problemsBefore(engine, change.changeset, [...problems.keys()])
		: null;
	const convertedFrom = rates
		? rebuildConversions(engine, affected.currencies === 'all' ? null : affected.currencies)
		: null;
	const regroupedFrom = affected.regrouped.size
		? engine.all<{ first: string | null }>(
				'SELECT min(day) AS first FROM asset_days WHERE asset_id IN (SELECT value FROM json_each(?1))',
				[json([...affected.regrouped])]
			)[0]?.first
		: null;
	const from = earliest(
		changedFrom,
		regroupedFrom,
		convertedFrom,
		affected.everything ? firstDay(engine) : null
	);
	if (from !== null) {
		for (const { sql, params } of refreshSnapshotsStatements(from))
			engine.run(sql, params as never);
	}
	return {
		tables: ['asset_days', 'sale_results', 'currency_days', 'portfolio_snapshots'],
		problems: [...problems].flatMap(([assetId, list]) =>
			list.filter((p) => !before?.has(problemKey(assetId, p))).map((p) => ({ ...p, assetId }))
		)
	};
}
