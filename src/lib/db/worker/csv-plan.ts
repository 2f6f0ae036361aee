/**
 * What importing a CSV file would do, worked out against the open database without writing:
 * which asset each row is (by name, any case; new ones created), which valuations are added,
 * replace one of the same day or give way to it, which transactions are added, and every row
 * that breaks a rule — in the future, a negative debt, before the acquisition, after a sale in
 * full, more sold than held (the holding walk of domain/holdings.ts, the gate's own rules) —
 * with its line and reason. The import writes exactly this plan (writeCsvPlan), inside the
 * gate's transaction, which checks every rule again.
 */
import type {
	CsvAssetPlan,
	CsvBadRow,
	CsvChoices,
	CsvConflict,
	CsvPreview,
	TransactionType
} from '../messages';
import {
	cleanMapping,
	inTimeOrder,
	isNewestFirst,
	lastOfEachDay,
	readTransactionRows,
	readValuationRows,
	type CsvTransactionEntry,
	type CsvValuationEntry
} from '$lib/domain/csv-import';
import type { CsvTable } from '$lib/domain/csv-read';
import { DEFAULT_CURRENCY } from '$lib/domain/currencies';
import { dayOf, formatDay, startOfDay } from '$lib/domain/dates';
import { holdingWalk, type HoldingEvent, type HoldingProblem } from '$lib/domain/holdings';
import {
	compareDecimals,
	decimalToInput,
	isNegativeDecimal,
	normalDecimal
} from '$lib/domain/money';
import { MAX_NAME_LENGTH, nameKey } from '$lib/domain/names';
import { eventsOf } from './derived';
import type { Engine } from './engine';
import { m } from '$lib/paraglide/messages';
import { getLocale } from '$lib/paraglide/runtime';

/** A CSV file 'csv/read' read, kept in the worker until it is imported or discarded. */
export interface StagedCsv {
	fileName: string;
	table: CsvTable;
	/** Every row is this asset's (started from its page). */
	asset: { id: string; name: string } | null;
	/** The last plan worked out, for the import to write when nothing changed since. */
	planned?: { key: string; plan: CsvPlan };
}

/** How many conflicts and bad rows the preview lists (the totals are always given). */
export const LISTED = 20;

interface KnownAsset {
	id: string;
	name: string;
	currency: string;
	liability: boolean;
	traded: boolean;
}

/** An asset of the plan: one of ours, or one the import creates. */
interface PlannedAsset {
	key: string;
	name: string;
	known: KnownAsset | null;
	currency: string;
	typeId: string | null;
	liability: boolean;
}

export interface CsvPlan {
	preview: CsvPreview;
	/** The assets to create, with their type and currency. */
	created: { key: string; name: string; typeId: string | null; currency: string }[];
	/** Valuations to add, in time order: the asset by its plan key (an id, or "new:" + name). */
	valuations: { key: string; day: string; value: string }[];
	/** Valuations of ours the file's value replaces. */
	replaced: { id: string; value: string }[];
	transactions: {
		key: string;
		day: string;
		type: TransactionType;
		quantity: string;
		unitPrice: string;
		currency: string;
	}[];
	/** Assets of ours without transactions (from an older file) that get their first ones. */
	opened: { id: string; day: string; currency: string }[];
}

const json = JSON.stringify;

function knownAssets(engine: Engine): KnownAsset[] {
	return engine
		.all<{ id: string; name: string; currency: string | null; grp: string; traded: number }>(
			`SELECT a.id, a.name, d.currency, t."group" AS grp,
         EXISTS (SELECT 1 FROM transactions x WHERE x.asset_id = a.id) AS traded
       FROM assets a JOIN asset_types t ON t.id = a.asset_type_id
       LEFT JOIN asset_details d ON d.asset_id = a.id`
		)
		.map((row) => ({
			id: row.id,
			name: row.name,
			currency: row.currency ?? DEFAULT_CURRENCY,
			liability: row.grp === 'LIABILITIES',
			traded: row.traded === 1
		}));
}

function baseCurrency(engine: Engine): string {
	return (
		engine.value<string>("SELECT value FROM settings WHERE key = 'base_currency'") ??
		DEFAULT_CURRENCY
	);
}

/** The holding rule a file's row breaks, in words. */
function holdingReason(problem: HoldingProblem, name: string, locale: string): string {
	const day = (value: string) => formatDay(value, locale);
	switch (problem.kind) {
		case 'before-acquisition':
			return m.csv_acquired_on({ name, since: day(problem.since!) });
		case 'after-sale':
			return m.csv_sold_in_full_on({ name, since: day(problem.since!) });
		case 'below-zero':
			return m.csv_more_sold_than_held({
				quantity: decimalToInput(problem.quantity!, locale),
				name,
				day: day(problem.day)
			});
	}
}

/**
 * The file's events of one asset that break a holding rule among its own, walked again without
 * them until none does. A sale below zero is taken one at a time (leaving it out helps every
 * sale after it); the other rules do not move when a row is left out.
 */
function brokenRows(
	existing: readonly HoldingEvent[],
	added: readonly (HoldingEvent & { line: number })[],
	asset: { quantity: string | null; disposed: boolean }
): Map<number, HoldingProblem> {
	const broken = new Map<number, HoldingProblem>();
	for (let round = 0; round < 200; round++) {
		const events = [...existing, ...added.filter((e) => !broken.has(e.line))];
		const problems = holdingWalk(events, asset).problems.filter((p) =>
			p.eventId.startsWith('line:')
		);
		if (problems.length === 0) break;
		const firstBelow = problems.find((p) => p.kind === 'below-zero');
		for (const problem of problems) {
			if (problem.kind === 'below-zero' && problem !== firstBelow && round < 199) continue;
			const line = Number(problem.eventId.slice(5));
			if (!broken.has(line)) broken.set(line, problem);
		}
	}
	return broken;
}

/**
 * The file's rows that break a holding rule, by line, in words: each asset's rows from the file
 * walked with the events it has in Strata (an asset the file creates has none).
 */
function brokenLines(
	engine: Engine,
	added: ReadonlyMap<string, readonly (HoldingEvent & { line: number })[]>,
	planned: ReadonlyMap<string, PlannedAsset>,
	locale: string
): Map<number, string> {
	const broken = new Map<number, string>();
	// An asset with no row of the file to check is not walked: its own events broke nothing.
	const checked = [...added].filter(([, list]) => list.length > 0);
	if (checked.length === 0) return broken;
	const events = eventsOf(
		engine,
		checked.map(([key]) => key).filter((key) => !key.startsWith('new:'))
	);
	for (const [key, list] of checked) {
		const asset = planned.get(key)!;
		for (const [line, problem] of brokenRows(events.get(key) ?? [], list, {
			quantity: null,
			disposed: false
		}))
			broken.set(line, holdingReason(problem, asset.name, locale));
	}
	return broken;
}

/** After every event of ours at the same moment, in the file's order. */
const laterThanOurs = (index: number) => `~${String(index).padStart(8, '0')}`;

/**
 * The plan of `staged` with `choices`, as the database is now: the one the preview worked out
 * when it was for the same choices and nothing was written since (SQLite's count of the rows
 * this connection changed has not moved), else worked out again. The types of new assets only
 * label them, except a debt's (its rows are checked as one): another type reuses the plan.
 */
export function currentPlan(
	engine: Engine,
	staged: StagedCsv,
	choices: CsvChoices,
	today: string,
	locale: string
): CsvPlan {
	const groups = new Map(
		engine
			.all<{ id: string; grp: string }>('SELECT id, "group" AS grp FROM asset_types')
			.map((t) => [t.id, t.grp])
	);
	const owed = Object.entries(choices.newAssetTypes)
		.filter(([, type]) => groups.get(type) === 'LIABILITIES')
		.map(([name]) => name)
		.sort();
	// A restore swaps the whole file without counting rows: its history entry tells it.
	const written = engine.value<string>(
		`SELECT total_changes() || ' ' || coalesce((SELECT id || made_at FROM change_log ORDER BY id DESC LIMIT 1), '')`
	);
	const { mapping, numberStyle, dateOrder, conflicts } = choices;
	// The language too: the reasons of bad rows are worded in it.
	const language = getLocale();
	const key = json([
		mapping,
		numberStyle,
		dateOrder,
		conflicts,
		owed,
		today,
		locale,
		language,
		written
	]);
	let plan = staged.planned?.key === key ? staged.planned.plan : null;
	if (!plan) {
		plan = planCsv(engine, staged, choices, today, locale);
		staged.planned = { key, plan };
	}
	const typeOf = (name: string) => {
		const type = choices.newAssetTypes[name];
		return type !== undefined && groups.has(type) ? type : null;
	};
	return {
		...plan,
		created: plan.created.map((asset) => ({ ...asset, typeId: typeOf(asset.name) })),
		preview: {
			...plan.preview,
			assets: plan.preview.assets.map((asset) =>
				asset.assetId === null ? { ...asset, typeId: typeOf(asset.name) } : asset
			)
		}
	};
}

/**
 * The plan of an import of `staged` with `choices`, as the database is now.
 *
 * @example planCsv(engine, staged, choices, '2026-12-02', 'fr-FR').preview.assets[0]
 *   // { name: 'Compte courant', valuationsAdded: 31, valuationsReplaced: 0, … }
 */
export function planCsv(
	engine: Engine,
	staged: StagedCsv,
	choices: CsvChoices,
	today: string,
	locale: string
): CsvPlan {
	const mapping = cleanMapping(choices.mapping, staged.asset !== null);
	const options = {
		mapping,
		numberStyle: choices.numberStyle,
		dateOrder: choices.dateOrder,
		asset: staged.asset?.name ?? null,
		today
	};
	const rows = staged.table.rows;
	const read =
		mapping.kind === 'valuations'
			? readValuationRows(rows, options)
			: readTransactionRows(rows, options);
	const bad: CsvBadRow[] = [...read.bad];

	// Which asset each name is: ours by name (any case), or a new one.
	const known = knownAssets(engine);
	const byName = new Map(known.map((asset) => [nameKey(asset.name), asset]));
	const base = baseCurrency(engine);
	const types = new Map(
		engine
			.all<{ id: string; grp: string }>('SELECT id, "group" AS grp FROM asset_types')
			.map((t) => [t.id, t.grp])
	);
	const planned = new Map<string, PlannedAsset>();
	// By the name as the file writes it: comparing names the app's way (nameKey) costs, and a
	// file repeats each a thousand times.
	const byText = new Map<string, PlannedAsset>();
	const assetOf = (entry: { asset: string; currency: string | null }): PlannedAsset => {
		const seen = byText.get(entry.asset);
		if (seen) return seen;
		const only = staged.asset ? known.find((a) => a.id === staged.asset!.id) : undefined;
		const ours = only ?? byName.get(nameKey(entry.asset));
		const key = ours ? ours.id : `new:${nameKey(entry.asset)}`;
		let asset = planned.get(key);
		if (!asset) {
			const typeId = ours ? null : (choices.newAssetTypes[entry.asset.trim()] ?? null);
			const chosen = typeId !== null && types.has(typeId) ? typeId : null;
			asset = {
				key,
				name: ours?.name ?? entry.asset.trim(),
				known: ours ?? null,
				currency: ours?.currency ?? entry.currency ?? base,
				typeId: chosen,
				liability: ours ? ours.liability : chosen !== null && types.get(chosen) === 'LIABILITIES'
			};
			planned.set(key, asset);
		}
		byText.set(entry.asset, asset);
		return asset;
	};
	/** The entry's asset, or null with the row listed as bad. */
	const placed = <E extends { line: number; asset: string; currency: string | null }>(
		entry: E
	): PlannedAsset | null => {
		if (!staged.asset && entry.asset.trim().length > MAX_NAME_LENGTH) {
			bad.push({
				line: entry.line,
				reason: m.csv_name_too_long({ max: MAX_NAME_LENGTH })
			});
			return null;
		}
		const asset = assetOf(entry);
		if (entry.currency !== null && entry.currency !== asset.currency) {
			bad.push({
				line: entry.line,
				reason: m.csv_other_currency({
					file: entry.currency,
					name: asset.name,
					asset: asset.currency
				})
			});
			return null;
		}
		return asset;
	};

	const counts = new Map<string, CsvAssetPlan>();
	const countOf = (asset: PlannedAsset): CsvAssetPlan => {
		let plan = counts.get(asset.key);
		if (!plan) {
			plan = {
				name: asset.name,
				assetId: asset.known?.id ?? null,
				currency: asset.currency,
				typeId: asset.typeId,
				valuationsAdded: 0,
				valuationsReplaced: 0,
				valuationsKept: 0,
				transactionsAdded: 0,
				alreadyThere: 0,
				firstDay: null,
				lastDay: null
			};
			counts.set(asset.key, plan);
		}
		return plan;
	};
	const spans = (plan: CsvAssetPlan, day: string) => {
		if (plan.firstDay === null || day < plan.firstDay) plan.firstDay = day;
		if (plan.lastDay === null || day > plan.lastDay) plan.lastDay = day;
	};

	const plan: CsvPlan = {
		preview: {
			fileName: staged.fileName,
			kind: mapping.kind,
			rowsRead: rows.length,
			assets: [],
			conflicts: [],
			conflictCount: 0,
			badRows: [],
			badRowCount: 0,
			sameDay: null,
			unused: staged.table.columns.filter(
				(_, index) => !Object.values(mapping.columns).includes(index)
			)
		},
		created: [],
		valuations: [],
		replaced: [],
		transactions: [],
		opened: []
	};
	const conflicts: CsvConflict[] = [];

	if (mapping.kind === 'valuations') {
		const entries = (read.entries as CsvValuationEntry[]).flatMap((entry) => {
			const asset = placed(entry);
			return asset ? [{ entry, asset }] : [];
		});
		const keyOf = new Map(entries.map(({ entry, asset }) => [entry, asset.key]));
		const { kept: days, folded } = lastOfEachDay(
			entries.map((e) => e.entry),
			// By the asset, not the name: "ACME" and "acme" are one asset.
			(entry) => keyOf.get(entry)!
		);
		if (folded > 0)
			plan.preview.sameDay = {
				rows: folded,
				order: isNewestFirst(read.entries) ? 'newest-first' : 'oldest-first'
			};
		const ours = new Map<string, { id: string; value: string; unit: string | null }>();
		for (const row of engine.all<{
			id: string;
			asset_id: string;
			day: string;
			value: string;
			unit: string | null;
		}>(
			`SELECT s.id, s.asset_id, substr(s.observed_at, 1, 10) AS day, s.value, p.unit_price AS unit
       FROM asset_snapshots s LEFT JOIN valuation_prices p ON p.asset_snapshot_id = s.id
       WHERE s.asset_id IN (SELECT value FROM json_each(?1))`,
			[json([...new Set(days.map((e) => keyOf.get(e)!))].filter((k) => !k.startsWith('new:')))]
		))
			ours.set(`${row.asset_id}\u0000${row.day}`, row);
		const added = new Map<string, (HoldingEvent & { line: number })[]>();
		const candidates: { entry: CsvValuationEntry; asset: PlannedAsset }[] = [];
		for (const entry of days) {
			const asset = planned.get(keyOf.get(entry)!)!;
			if (asset.liability && isNegativeDecimal(entry.value)) {
				bad.push({
					line: entry.line,
					reason: m.csv_debt_negative({
						name: asset.name,
						value: decimalToInput(entry.value, locale)
					})
				});
				continue;
			}
			candidates.push({ entry, asset });
			if (asset.known?.traded) {
				const list = added.get(asset.key) ?? [];
				list.push({
					kind: 'valuation',
					id: `line:${entry.line}`,
					line: entry.line,
					value: entry.value,
					unitPrice: null,
					at: startOfDay(entry.day),
					createdAt: laterThanOurs(list.length)
				});
				added.set(asset.key, list);
			}
		}
		// A valuation replacing ours keeps its day: only the new days can break a rule.
		const broken = brokenLines(
			engine,
			new Map(
				[...added].map(([key, list]) => [
					key,
					list.filter((e) => !ours.has(`${key}\u0000${dayOf(e.at)}`))
				])
			),
			planned,
			locale
		);
		for (const { entry, asset } of candidates) {
			const reason = broken.get(entry.line);
			if (reason) {
				bad.push({ line: entry.line, reason });
				continue;
			}
			const count = countOf(asset);
			const existing = ours.get(`${asset.key}\u0000${entry.day}`);
			if (existing) {
				if (existing.unit === null && compareDecimals(existing.value, entry.value) === 0) {
					count.alreadyThere++;
					continue;
				}
				conflicts.push({
					line: entry.line,
					asset: asset.name,
					day: entry.day,
					ours: existing.unit ?? existing.value,
					theirs: entry.value,
					currency: asset.currency
				});
				if (choices.conflicts === 'keep') {
					count.valuationsKept++;
					continue;
				}
				plan.replaced.push({ id: existing.id, value: entry.value });
				count.valuationsReplaced++;
				spans(count, entry.day);
				continue;
			}
			plan.valuations.push({ key: asset.key, day: entry.day, value: entry.value });
			count.valuationsAdded++;
			spans(count, entry.day);
		}
	} else {
		const entries = inTimeOrder(read.entries as CsvTransactionEntry[]).flatMap((entry) => {
			const asset = placed(entry);
			return asset ? [{ entry, asset }] : [];
		});
		// What Strata already has, by day, type, quantity and price: the same file imported twice
		// adds nothing the second time.
		const theirs = new Map<string, number>();
		for (const row of engine.all<{ key: string }>(
			`SELECT asset_id || char(0) || substr(occurred_at, 1, 10) || char(0) || type || char(0) || quantity || char(0) || unit_price AS key
       FROM transactions WHERE asset_id IN (SELECT value FROM json_each(?1))`,
			// Only the file's assets that are ours.
			[json([...planned.keys()].filter((key) => !key.startsWith('new:')))]
		)) {
			const [asset, day, type, quantity, price] = row.key.split('\u0000');
			const key = [asset, day, type, normalDecimal(quantity!), normalDecimal(price!)].join(
				'\u0000'
			);
			theirs.set(key, (theirs.get(key) ?? 0) + 1);
		}
		const fresh: { entry: CsvTransactionEntry; asset: PlannedAsset }[] = [];
		for (const item of entries) {
			const { entry, asset } = item;
			const key = [
				asset.key,
				entry.day,
				entry.type,
				normalDecimal(entry.quantity),
				normalDecimal(entry.unitPrice)
			].join('\u0000');
			const left = theirs.get(key) ?? 0;
			if (asset.known && left > 0) {
				theirs.set(key, left - 1);
				countOf(asset).alreadyThere++;
				continue;
			}
			fresh.push(item);
		}
		const byAsset = new Map<string, (HoldingEvent & { line: number })[]>();
		for (const { entry, asset } of fresh) {
			const list = byAsset.get(asset.key) ?? [];
			list.push({
				kind: 'transaction',
				id: `line:${entry.line}`,
				line: entry.line,
				type: entry.type,
				quantity: entry.quantity,
				unitPrice: entry.unitPrice,
				at: startOfDay(entry.day),
				createdAt: laterThanOurs(list.length)
			});
			byAsset.set(asset.key, list);
		}
		const walked = [...byAsset.keys()].filter((key) => {
			const asset = planned.get(key)!;
			// An asset of ours without transactions gets an opening buy first (openHolding), which
			// the gate checks with the rest.
			return !asset.known || asset.known.traded;
		});
		const broken = brokenLines(
			engine,
			new Map(walked.map((key) => [key, byAsset.get(key)!])),
			planned,
			locale
		);
		for (const { entry, asset } of fresh) {
			const reason = broken.get(entry.line);
			if (reason) {
				bad.push({ line: entry.line, reason });
				continue;
			}
			const count = countOf(asset);
			if (asset.known && !asset.known.traded && !plan.opened.some((o) => o.id === asset.key))
				plan.opened.push({ id: asset.key, day: entry.day, currency: asset.currency });
			plan.transactions.push({
				key: asset.key,
				day: entry.day,
				type: entry.type,
				quantity: entry.quantity,
				unitPrice: entry.unitPrice,
				currency: asset.currency
			});
			count.transactionsAdded++;
			spans(count, entry.day);
		}
	}

	for (const asset of planned.values()) {
		const count = counts.get(asset.key);
		if (!count) continue;
		if (!asset.known && count.valuationsAdded + count.transactionsAdded > 0)
			plan.created.push({
				key: asset.key,
				name: asset.name,
				typeId: asset.typeId,
				currency: asset.currency
			});
		if (asset.known || count.valuationsAdded + count.transactionsAdded > 0)
			plan.preview.assets.push(count);
	}
	bad.sort((a, b) => a.line - b.line);
	conflicts.sort((a, b) => a.line - b.line);
	plan.preview.badRows = bad.slice(0, LISTED);
	plan.preview.badRowCount = bad.length;
	plan.preview.conflicts = conflicts.slice(0, LISTED);
	plan.preview.conflictCount = conflicts.length;
	return plan;
}

/**
 * Writes a plan: the new assets, then every valuation and transaction in one statement each
 * (json_each), inside the caller's transaction (the gate's).
 */
export function writeCsvPlan(
	engine: Engine,
	plan: CsvPlan,
	now = Date.now()
): { assets: number; valuations: number; replaced: number; transactions: number } {
	const ids = new Map<string, string>();
	for (const asset of plan.created) {
		const id = crypto.randomUUID();
		ids.set(asset.key, id);
		engine.run(
			`INSERT INTO assets (id, name, quantity, disposed, asset_type_id) VALUES (?1, ?2, ?3, 0, ?4)`,
			[id, asset.name, plan.preview.kind === 'valuations' ? '1' : null, asset.typeId]
		);
		engine.run('INSERT INTO asset_details (asset_id, currency) VALUES (?1, ?2)', [
			id,
			asset.currency
		]);
	}
	const idOf = (key: string) => ids.get(key) ?? key;
	// Rows of one moment are walked in the order they were entered: the file's order of time.
	const entered = (index: number) => new Date(now + index).toISOString();
	if (plan.valuations.length > 0)
		engine.run(
			`INSERT INTO asset_snapshots (id, asset_id, value, observed_at, created_at)
       SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4 FROM json_each(?1)`,
			[
				json(
					plan.valuations.map((v, i) => [
						crypto.randomUUID(),
						idOf(v.key),
						v.value,
						startOfDay(v.day),
						entered(i)
					])
				)
			]
		);
	if (plan.replaced.length > 0) {
		const replaced = json(plan.replaced.map((r) => [r.id, r.value]));
		engine.run(
			`UPDATE asset_snapshots SET value = j.value ->> 1
       FROM json_each(?1) AS j WHERE asset_snapshots.id = j.value ->> 0`,
			[replaced]
		);
		// The file's value is of the whole asset, not a price per unit.
		engine.run(
			`DELETE FROM valuation_prices WHERE asset_snapshot_id IN (SELECT value ->> 0 FROM json_each(?1))`,
			[replaced]
		);
	}
	if (plan.transactions.length > 0)
		engine.run(
			`INSERT INTO transactions (id, asset_id, type, unit_price, quantity, currency, occurred_at, created_at)
       SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4, value ->> 5, value ->> 6, value ->> 7
       FROM json_each(?1)`,
			[
				json(
					plan.transactions.map((t, i) => [
						crypto.randomUUID(),
						idOf(t.key),
						t.type,
						t.unitPrice,
						t.quantity,
						t.currency,
						startOfDay(t.day),
						entered(i)
					])
				)
			]
		);
	return {
		assets: plan.created.length,
		valuations: plan.valuations.length,
		replaced: plan.replaced.length,
		transactions: plan.transactions.length
	};
}
