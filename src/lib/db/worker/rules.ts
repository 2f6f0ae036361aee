/**
 * Rules every state of the data keeps, checked by the gate on the rows each change touched —
 * whatever made the change: a handler, or an undo (which replays rows as they were, and could
 * otherwise bring back a state the app forbids). A handler needs no checks of its own for these:
 * the gate refuses its change, with the message under the field of its form.
 *
 * - nothing is dated after the user's today;
 * - at most one valuation per asset per day;
 * - a liability's value is what is owed: never negative (also once an asset becomes one);
 * - names are unique the app's way (trimmed, any case); categories never contain themselves;
 * - the holding rules (holdings.ts): nothing before the acquisition or after a sale in full,
 *   never more sold than held.
 */
import { formatDay } from '$lib/domain/dates';
import type { HoldingProblem } from '$lib/domain/holdings';
import { decimalToInput, negateDecimal } from '$lib/domain/money';
import { nameKey } from '$lib/domain/names';
import { m } from '$lib/paraglide/messages';
import type { ChangedRow } from './changesets';
import type { Engine } from './engine';

/** The form field a rule concerns, for the message to show under it. */
export type RuleField = 'date' | 'value' | 'quantity' | 'name' | 'parentId' | 'type' | 'group';

/** A change would break one of the rules; nothing of it is kept. */
export class RuleViolation extends Error {
	override name = 'RuleViolation';
	constructor(
		message: string,
		readonly field: RuleField,
		readonly details: Record<string, string> = {},
		/** Why an undo cannot be made, when the form's words do not fit: "it would leave …". */
		readonly because?: string
	) {
		super(message);
	}
}

const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);
const json = JSON.stringify;

/** The keys of the rows of `table` that the change inserted or updated (they exist now). */
function touched(rows: readonly ChangedRow[], table: string, key = 'id'): string[] {
	return [
		...new Set(
			rows
				.filter((row) => row.table === table && row.op !== 'delete')
				.map((row) => text(row.new[key]) ?? text(row.old[key]))
				.filter((id): id is string => id !== null)
		)
	];
}

/**
 * The rows of `table` the change inserted, when what `keep` needs is in the changeset itself,
 * apart from the others (updated rows), which only the database can tell about: an import of
 * thousands of rows is checked in memory rather than looked up row by row.
 */
function insertedApart(
	rows: readonly ChangedRow[],
	table: string,
	keep: (values: Record<string, unknown>) => boolean
): { kept: string[]; others: string[] } {
	const kept: string[] = [];
	const inserted = new Set<string>();
	for (const row of rows) {
		if (row.table !== table || row.op !== 'insert') continue;
		const id = text(row.new.id);
		if (id === null) continue;
		inserted.add(id);
		if (keep(row.new)) kept.push(id);
	}
	const others = touched(rows, table).filter((id) => !inserted.has(id));
	return { kept, others };
}

function notInTheFuture(
	engine: Engine,
	rows: readonly ChangedRow[],
	today: string,
	locale: string
) {
	// Only rows inserted with a later day, and the updated ones, need a look in the database.
	const later = (column: string) => (values: Record<string, unknown>) =>
		String(values[column] ?? '').slice(0, 10) > today;
	const valuations = insertedApart(rows, 'asset_snapshots', later('observed_at'));
	const transactions = insertedApart(rows, 'transactions', later('occurred_at'));
	const valuationIds = [...valuations.kept, ...valuations.others];
	const transactionIds = [...transactions.kept, ...transactions.others];
	if (valuationIds.length + transactionIds.length === 0) return;
	const [found] = engine.all<{ name: string; day: string }>(
		`SELECT a.name, substr(x.at, 1, 10) AS day FROM (
       SELECT asset_id, observed_at AS at FROM asset_snapshots WHERE id IN (SELECT value FROM json_each(?1))
       UNION ALL
       SELECT asset_id, occurred_at FROM transactions WHERE id IN (SELECT value FROM json_each(?2))
     ) x JOIN assets a ON a.id = x.asset_id
     WHERE substr(x.at, 1, 10) > ?3 LIMIT 1`,
		[json(valuationIds), json(transactionIds), today]
	);
	if (found)
		throw new RuleViolation(
			m.transactions_rule_future({
				day: formatDay(found.day, locale),
				today: formatDay(today, locale)
			}),
			'date'
		);
}

function oneValuationPerDay(engine: Engine, rows: readonly ChangedRow[], locale: string) {
	const ids = touched(rows, 'asset_snapshots');
	// The others of that day by a range of the (asset, time) index, not by comparing every
	// valuation's day: an import of thousands of valuations checks each in a few steps.
	if (ids.length === 0) return;
	const [twice] = engine.all<{ name: string; day: string; other: string }>(
		`SELECT a.name, substr(s.observed_at, 1, 10) AS day, o.id AS other
     FROM asset_snapshots s JOIN assets a ON a.id = s.asset_id
     JOIN asset_snapshots o ON o.asset_id = s.asset_id AND o.id <> s.id
       AND o.observed_at >= substr(s.observed_at, 1, 10)
       AND o.observed_at < substr(s.observed_at, 1, 10) || '~'
     WHERE s.id IN (SELECT value FROM json_each(?1))
     LIMIT 1`,
		[json(ids)]
	);
	if (twice)
		throw new RuleViolation(
			m.transactions_rule_valuation_twice({ day: formatDay(twice.day, locale) }),
			'date',
			{ existingId: twice.other },
			m.transactions_rule_valuation_twice_because({
				name: twice.name,
				day: formatDay(twice.day, locale)
			})
		);
}

function liabilitiesOwed(engine: Engine, rows: readonly ChangedRow[], locale: string) {
	// A valuation inserted with a value of 0 or more can only be negative by a price per unit,
	// which the prices touched bring in.
	const inserted = insertedApart(rows, 'asset_snapshots', (values) =>
		String(values.value ?? '').startsWith('-')
	);
	const ids = [...inserted.kept, ...inserted.others];
	const prices = touched(rows, 'valuation_prices', 'asset_snapshot_id');
	if (ids.length + prices.length === 0) return;
	const [negative] = engine.all<{ value: string }>(
		`SELECT coalesce(p.unit_price, s.value) AS value
     FROM asset_snapshots s JOIN assets a ON a.id = s.asset_id
     JOIN asset_types t ON t.id = a.asset_type_id AND t."group" = 'LIABILITIES'
     LEFT JOIN valuation_prices p ON p.asset_snapshot_id = s.id
     WHERE (s.id IN (SELECT value FROM json_each(?1)) OR s.id IN (SELECT value FROM json_each(?2)))
       AND decimal_cmp(coalesce(p.unit_price, s.value), '0') < 0
     LIMIT 1`,
		[json(ids), json(prices)]
	);
	if (negative) {
		const owed = negateDecimal(negative.value);
		throw new RuleViolation(
			m.transactions_rule_debt_positive({
				owed: decimalToInput(owed, locale),
				negative: decimalToInput(negative.value, locale)
			}),
			'value',
			{ suggested: decimalToInput(owed, locale) }
		);
	}
}

/**
 * An asset that becomes a liability (its type changed, or its type's group did) brings its
 * valuations along: any negative one would now be a negative debt.
 */
function regroupedOwed(engine: Engine, rows: readonly ChangedRow[], locale: string) {
	const assets = rows
		.filter((r) => r.table === 'assets' && r.op === 'update' && 'asset_type_id' in r.new)
		.map((r) => text(r.old.id) ?? text(r.new.id));
	const types = rows
		.filter((r) => r.table === 'asset_types' && r.op !== 'delete' && 'group' in r.new)
		.map((r) => text(r.old.id) ?? text(r.new.id));
	if (assets.length + types.length === 0) return;
	const [negative] = engine.all<{ name: string; type: string; value: string; day: string }>(
		`SELECT a.name, t.label AS type, coalesce(p.unit_price, s.value) AS value,
       substr(s.observed_at, 1, 10) AS day
     FROM asset_snapshots s JOIN assets a ON a.id = s.asset_id
     JOIN asset_types t ON t.id = a.asset_type_id AND t."group" = 'LIABILITIES'
     LEFT JOIN valuation_prices p ON p.asset_snapshot_id = s.id
     WHERE (a.id IN (SELECT value FROM json_each(?1)) OR t.id IN (SELECT value FROM json_each(?2)))
       AND decimal_cmp(coalesce(p.unit_price, s.value), '0') < 0
     ORDER BY s.observed_at LIMIT 1`,
		[json(assets), json(types)]
	);
	if (!negative) return;
	const valuation = m.transactions_rule_valuation_on({
		value: decimalToInput(negative.value, locale),
		day: formatDay(negative.day, locale)
	});
	const regrouped = types.length > 0;
	throw new RuleViolation(
		regrouped
			? m.transactions_rule_regrouped_group({ name: negative.name, type: negative.type, valuation })
			: m.transactions_rule_regrouped_type({ name: negative.name, valuation }),
		regrouped ? 'group' : 'type',
		{},
		m.transactions_rule_regrouped_because({ name: negative.name, valuation })
	);
}

type NameMessage = (inputs: { name: string }) => string;
const NAMED: { table: string; column: string; twice: NameMessage; because: NameMessage }[] = [
	{
		table: 'tags',
		column: 'name',
		twice: m.transactions_rule_two_tags,
		because: m.transactions_rule_two_tags_because
	},
	{
		table: 'categories',
		column: 'name',
		twice: m.transactions_rule_two_categories,
		because: m.transactions_rule_two_categories_because
	},
	{
		table: 'asset_types',
		column: 'label',
		twice: m.transactions_rule_two_types,
		because: m.transactions_rule_two_types_because
	}
];

/** Names are unique the app's way (trimmed, any case), which the database's index cannot see. */
function uniqueNames(engine: Engine, rows: readonly ChangedRow[]) {
	for (const { table, column, twice, because } of NAMED) {
		const ids = new Set(touched(rows, table));
		if (ids.size === 0) continue;
		const all = engine.all<{ id: string; name: string }>(
			`SELECT id, ${column} AS name FROM ${table}`
		);
		const count = new Map<string, number>();
		for (const row of all) count.set(nameKey(row.name), (count.get(nameKey(row.name)) ?? 0) + 1);
		for (const row of all) {
			if (ids.has(row.id) && count.get(nameKey(row.name))! > 1)
				throw new RuleViolation(twice({ name: row.name }), 'name', {}, because({ name: row.name }));
		}
	}
}

function noCategoryCycle(engine: Engine, rows: readonly ChangedRow[]) {
	if (touched(rows, 'categories').length === 0) return;
	const [cycle] = engine.all<{ name: string }>(
		`WITH RECURSIVE walk(start, id) AS (
       SELECT id, parent_id FROM categories WHERE parent_id IS NOT NULL
       UNION
       SELECT w.start, c.parent_id FROM walk w JOIN categories c ON c.id = w.id WHERE c.parent_id IS NOT NULL
     )
     SELECT c.name FROM walk w JOIN categories c ON c.id = w.start WHERE w.id = w.start LIMIT 1`
	);
	if (cycle)
		throw new RuleViolation(
			m.transactions_rule_category_cycle({ name: cycle.name }),
			'parentId',
			{},
			m.transactions_rule_category_cycle_because({ name: cycle.name })
		);
}

/** Throws a RuleViolation when the data, as the change left it, breaks a rule. */
export function assertRules(
	engine: Engine,
	rows: readonly ChangedRow[],
	{ today, locale }: { today: string; locale: string }
): void {
	notInTheFuture(engine, rows, today, locale);
	oneValuationPerDay(engine, rows, locale);
	liabilitiesOwed(engine, rows, locale);
	regroupedOwed(engine, rows, locale);
	uniqueNames(engine, rows);
	noCategoryCycle(engine, rows);
}

/** The first broken holding rule, in words, under the field it concerns. */
export function holdingViolation(
	engine: Engine,
	problems: readonly (HoldingProblem & { assetId: string })[],
	locale: string
): RuleViolation | null {
	const problem = problems[0];
	if (!problem) return null;
	const name =
		engine.value<string>('SELECT name FROM assets WHERE id = ?', [problem.assetId]) ??
		m.transactions_rule_this_asset();
	const day = (value: string) => formatDay(value, locale);
	switch (problem.kind) {
		case 'before-acquisition':
			return new RuleViolation(
				m.transactions_rule_before_acquisition({
					name,
					since: day(problem.since!),
					day: day(problem.day)
				}),
				'date',
				{ moveAcquisitionTo: problem.day, acquiredOn: problem.since! }
			);
		case 'after-sale':
			return new RuleViolation(
				m.transactions_rule_after_sale({ name, since: day(problem.since!) }),
				'date'
			);
		case 'below-zero':
			return new RuleViolation(
				m.transactions_rule_below_zero({
					quantity: decimalToInput(problem.quantity!, locale),
					name,
					day: day(problem.day)
				}),
				'quantity'
			);
	}
}
