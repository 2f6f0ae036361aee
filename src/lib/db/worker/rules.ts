/**
 * Rules every state of the data keeps, checked by the gate on the rows each change touched —
 * whatever made the change: a handler (which checks its own input first, with messages for its
 * form) or an undo (which replays rows as they were, and could otherwise bring back a state the
 * app forbids: two valuations on one day, two tags that differ only by case, a category cycle).
 */
import { formatDay } from '$lib/domain/dates';
import { nameKey } from '$lib/domain/names';
import type { ChangedRow } from './changesets';
import type { Engine } from './engine';

/** A change would break one of the rules; nothing of it is kept. */
export class RuleViolation extends Error {
	override name = 'RuleViolation';
}

const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);

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

function oneValuationPerDay(engine: Engine, rows: readonly ChangedRow[], locale: string) {
	const ids = touched(rows, 'asset_snapshots');
	if (ids.length === 0) return;
	const [twice] = engine.all<{ name: string; day: string }>(
		`SELECT a.name, substr(s.observed_at, 1, 10) AS day
     FROM asset_snapshots s JOIN assets a ON a.id = s.asset_id
     WHERE s.id IN (SELECT value FROM json_each(?1))
       AND EXISTS (SELECT 1 FROM asset_snapshots o WHERE o.asset_id = s.asset_id AND o.id <> s.id
                   AND substr(o.observed_at, 1, 10) = substr(s.observed_at, 1, 10))
     LIMIT 1`,
		[JSON.stringify(ids)]
	);
	if (twice)
		throw new RuleViolation(
			`it would leave two valuations of “${twice.name}” on ${formatDay(twice.day, locale)}`
		);
}

const NAMED: { table: string; column: string; what: string }[] = [
	{ table: 'tags', column: 'name', what: 'tags' },
	{ table: 'categories', column: 'name', what: 'categories' },
	{ table: 'asset_types', column: 'label', what: 'asset types' }
];

/** Names are unique the app's way (trimmed, any case), which the database's index cannot see. */
function uniqueNames(engine: Engine, rows: readonly ChangedRow[]) {
	for (const { table, column, what } of NAMED) {
		const ids = new Set(touched(rows, table));
		if (ids.size === 0) continue;
		const all = engine.all<{ id: string; name: string }>(
			`SELECT id, ${column} AS name FROM ${table}`
		);
		const byKey = new Map<string, string[]>();
		for (const row of all)
			byKey.set(nameKey(row.name), [...(byKey.get(nameKey(row.name)) ?? []), row.id]);
		for (const row of all) {
			if (ids.has(row.id) && byKey.get(nameKey(row.name))!.length > 1)
				throw new RuleViolation(`it would leave two ${what} named “${row.name}”`);
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
	if (cycle) throw new RuleViolation(`it would put the category “${cycle.name}” inside itself`);
}

/** A disposal ends the whole holding: at most one per asset. */
function oneDisposal(engine: Engine, rows: readonly ChangedRow[]) {
	const ids = touched(rows, 'transactions');
	if (ids.length === 0) return;
	const [twice] = engine.all<{ name: string }>(
		`SELECT a.name FROM transactions x JOIN assets a ON a.id = x.asset_id
     WHERE x.id IN (SELECT value FROM json_each(?1)) AND x.type = 'DISPOSE'
       AND (SELECT count(*) FROM transactions o WHERE o.asset_id = x.asset_id AND o.type = 'DISPOSE') > 1
     LIMIT 1`,
		[JSON.stringify(ids)]
	);
	if (twice) throw new RuleViolation(`it would dispose of “${twice.name}” twice`);
}

/** Throws a RuleViolation when the data, as the change left it, breaks a rule. */
export function assertRules(engine: Engine, rows: readonly ChangedRow[], locale: string): void {
	oneValuationPerDay(engine, rows, locale);
	uniqueNames(engine, rows);
	noCategoryCycle(engine, rows);
	oneDisposal(engine, rows);
}
