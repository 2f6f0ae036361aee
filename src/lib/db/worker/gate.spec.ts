/**
 * The write gate against the real engine: whatever the handlers do, the derived rows equal a
 * full recomputation after every change, every change undoes to exactly the database it started
 * from and redoes to exactly the one it made, a conflicting undo changes nothing, and every error
 * reaches the page with its code.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CONTEXT, dumpOf, openTestApp, type TestApp } from '../../../../tests/helpers/app';
import { loadSqlite, migratedEngine } from '../../../../tests/helpers/sqlite';
import { DatabaseError } from '../client';
import { netWorthOn } from '$lib/domain/net-worth';
import type { WriteName } from '../messages';
import { Engine } from './engine';
import { rebuildConversions } from './conversions';
import { rebuildHoldings } from './derived';
import { rebuildAllSeries } from './series';
import { WriteGate } from './gate';
import { undoChange } from './handlers/history';
import { getEntry } from './history';

/** Every derived row as a full recomputation from nothing, on a copy, gives them. */
async function recomputedPoints(engine: Engine): Promise<unknown[]> {
	const copy = Engine.memory(await loadSqlite(), engine.serialize());
	try {
		copy.run('DELETE FROM portfolio_snapshots WHERE notes IS NULL');
		rebuildHoldings(copy, 'all');
		rebuildConversions(copy, null);
		rebuildAllSeries(copy);
		return points(copy);
	} finally {
		copy.close();
	}
}

/**
 * The derived rows: net-worth points, the chart's series, each asset's state per day, each
 * sale's result.
 */
const points = (engine: Engine) => [
	engine.all('SELECT * FROM portfolio_snapshots ORDER BY observed_at'),
	engine.all('SELECT * FROM series_days ORDER BY breakdown, day, key'),
	engine.all('SELECT * FROM asset_days ORDER BY asset_id, day'),
	engine.all('SELECT * FROM sale_results ORDER BY transaction_id')
];

const errorOf = (promise: Promise<unknown>) =>
	promise.then(
		() => null,
		(e: unknown) => e as DatabaseError
	);

// ---------------------------------------------------------------------------------------------
// Random sequences of everything a user can do

const day = fc.integer({ min: 0, max: 90 }).map((n) => {
	const d = new Date(Date.UTC(2025, 0, 1 + n));
	return d.toISOString().slice(0, 10);
});
const amount = fc.integer({ min: 0, max: 500_000 }).map((n) => (n / 100).toString());
const signed = fc.integer({ min: -50_000, max: 500_000 }).map((n) => (n / 100).toString());
const pick = fc.nat({ max: 20 });
const typeCode = fc.constantFrom('CASH', 'LOAN', 'REAL_ESTATE', 'STOCKS', 'VEHICLE');
const quantity = fc.constantFrom('1', '2', '0.5');

const addAsset = fc.record({
	kind: fc.constant('add asset'),
	type: typeCode,
	day,
	price: amount,
	quantity,
	currency: fc.constantFrom('EUR', 'EUR', 'USD')
});
const categoryName = fc.constantFrom('Banking', 'Home', 'Alpha', 'Zeta');
const rate = fc.integer({ min: 50, max: 200 }).map((n) => (n / 100).toString());
const operation = fc.oneof(
	{ arbitrary: addAsset, weight: 2 },
	{
		arbitrary: fc.record({ kind: fc.constant('add valuation'), asset: pick, day, value: signed }),
		weight: 4
	},
	fc.record({ kind: fc.constant('edit valuation'), valuation: pick, day, value: signed }),
	fc.record({ kind: fc.constant('delete valuation'), valuation: pick }),
	{
		arbitrary: fc.record({
			kind: fc.constant('add transaction'),
			asset: pick,
			type: fc.constantFrom('ACQUIRE', 'ADJUST', 'DISPOSE'),
			day,
			price: amount,
			quantity
		}),
		weight: 2
	},
	fc.record({ kind: fc.constant('move transaction'), transaction: pick, asset: pick, day }),
	fc.record({ kind: fc.constant('delete transaction'), transaction: pick }),
	fc.record({ kind: fc.constant('dispose'), asset: pick, day, price: amount }),
	fc.record({ kind: fc.constant('retype asset'), asset: pick, type: typeCode }),
	fc.record({ kind: fc.constant('delete asset'), asset: pick }),
	fc.record({
		kind: fc.constant('regroup type'),
		type: typeCode,
		group: fc.constantFrom('FINANCIAL', 'LIABILITIES', 'OTHER')
	}),
	fc.record({ kind: fc.constant('tag'), name: fc.constantFrom('liquid', 'Liquid', 'insured') }),
	fc.record({
		kind: fc.constant('add category'),
		name: categoryName,
		parent: fc.option(pick, { nil: undefined })
	}),
	fc.record({ kind: fc.constant('rename category'), category: pick, name: categoryName }),
	{
		arbitrary: fc.record({ kind: fc.constant('categorize'), asset: pick, category: pick }),
		weight: 2
	},
	{ arbitrary: fc.record({ kind: fc.constant('set rate'), day, rate }), weight: 2 },
	fc.record({ kind: fc.constant('delete rate'), rate: pick }),
	fc.record({ kind: fc.constant('base currency'), currency: fc.constantFrom('EUR', 'USD') }),
	{ arbitrary: fc.record({ kind: fc.constant('undo an earlier change'), entry: pick }), weight: 2 }
);
/** A few assets to start with, then anything. */
const session = fc
	.tuple(addAsset, addAsset, fc.array(operation, { minLength: 1, maxLength: 16 }))
	.map(([a, b, rest]) => [a, b, ...rest]);
type Operation = typeof operation extends fc.Arbitrary<infer T> ? T : never;

function nth(engine: Engine, table: string, n: number): string | undefined {
	const ids = engine.all<{ id: string }>(`SELECT id FROM ${table} ORDER BY rowid`);
	return ids.length ? ids[n % ids.length]!.id : undefined;
}

/** Sends one operation; undefined when there is nothing to send it to. */
async function perform(app: TestApp, op: Operation) {
	const engine = app.engine();
	const typeId = (code: string) =>
		engine.value<string>('SELECT id FROM asset_types WHERE code = ?', [code])!;
	const asset = 'asset' in op ? nth(engine, 'assets', op.asset) : undefined;
	switch (op.kind) {
		case 'add asset':
			return app.write('assets/create', {
				input: {
					name: `Asset ${engine.value<number>('SELECT count(*) FROM assets')}`,
					assetTypeId: typeId(op.type),
					currency: op.currency,
					quantity: op.quantity,
					acquisitionDate: op.day,
					acquisitionPrice: op.price
				}
			});
		case 'add valuation':
			return (
				asset &&
				app.write('valuations/add', { assetId: asset, input: { value: op.value, date: op.day } })
			);
		case 'edit valuation': {
			const id = nth(engine, 'asset_snapshots', op.valuation);
			return id && app.write('valuations/update', { id, input: { value: op.value, date: op.day } });
		}
		case 'delete valuation': {
			const id = nth(engine, 'asset_snapshots', op.valuation);
			return id && app.write('valuations/delete', { id });
		}
		case 'add transaction':
			return (
				asset &&
				app.write('transactions/add', {
					input: {
						assetId: asset,
						type: op.type as 'ACQUIRE',
						date: op.day,
						unitPrice: op.price,
						quantity: op.quantity
					}
				})
			);
		case 'move transaction': {
			const id = nth(engine, 'transactions', op.transaction);
			const row = engine.get<{ type: 'ACQUIRE'; unit_price: string; quantity: string }>(
				'SELECT type, unit_price, quantity FROM transactions WHERE id = ?',
				[id ?? null]
			);
			return (
				id &&
				row &&
				asset &&
				app.write('transactions/update', {
					id,
					input: {
						assetId: asset,
						type: row.type,
						date: op.day,
						unitPrice: row.unit_price,
						quantity: row.quantity
					}
				})
			);
		}
		case 'delete transaction': {
			const id = nth(engine, 'transactions', op.transaction);
			return id && app.write('transactions/delete', { id });
		}
		case 'dispose':
			return (
				asset &&
				app.write('assets/dispose', {
					id: asset,
					input: { disposalDate: op.day, disposalPrice: op.price }
				})
			);
		case 'retype asset': {
			const row = engine.get<{ name: string; quantity: string | null }>(
				'SELECT name, quantity FROM assets WHERE id = ?',
				[asset ?? null]
			);
			return (
				asset &&
				row &&
				app.write('assets/update', {
					id: asset,
					input: { name: row.name, assetTypeId: typeId(op.type), quantity: row.quantity ?? '1' }
				})
			);
		}
		case 'delete asset':
			return asset && app.write('assets/delete', { id: asset });
		case 'regroup type': {
			const label = engine.value<string>('SELECT label FROM asset_types WHERE code = ?', [
				op.type
			])!;
			return app.write('asset-types/update', {
				id: typeId(op.type),
				input: { label, group: op.group as 'OTHER' }
			});
		}
		case 'tag':
			return app.write('tags/create', { input: { name: op.name } });
		case 'add category': {
			const parent =
				op.parent === undefined ? null : (nth(engine, 'categories', op.parent) ?? null);
			return app.write('categories/create', { input: { name: op.name, parentId: parent } });
		}
		case 'rename category': {
			const id = nth(engine, 'categories', op.category);
			const parent = engine.value<string | null>('SELECT parent_id FROM categories WHERE id = ?', [
				id ?? null
			]);
			return (
				id &&
				app.write('categories/update', {
					id,
					input: { name: op.name, parentId: parent ?? null }
				})
			);
		}
		case 'categorize': {
			const category = nth(engine, 'categories', op.category);
			const row = engine.get<{ name: string; quantity: string | null; type: string }>(
				'SELECT name, quantity, asset_type_id AS type FROM assets WHERE id = ?',
				[asset ?? null]
			);
			return (
				asset &&
				category &&
				row &&
				app.write('assets/update', {
					id: asset,
					input: {
						name: row.name,
						assetTypeId: row.type,
						quantity: row.quantity ?? '1',
						categoryIds: [category]
					}
				})
			);
		}
		case 'set rate':
			return app.write('rates/set', {
				input: { day: op.day, base: 'EUR', quote: 'USD', rate: op.rate }
			});
		case 'delete rate': {
			const rows = engine.all<{ day: string; base: string; quote: string }>(
				'SELECT day, base, quote FROM exchange_rates ORDER BY day'
			);
			const row = rows.length ? rows[op.rate % rows.length] : undefined;
			return row && app.write('rates/delete', row);
		}
		case 'base currency':
			return app.write('settings/base-currency', { currency: op.currency });
		case 'undo an earlier change': {
			const entries = engine.all<{ id: number; at: string }>(
				'SELECT id, made_at AS at FROM change_log WHERE undone_by IS NULL ORDER BY id'
			);
			const entry = entries.length ? entries[op.entry % entries.length]! : undefined;
			return entry && app.write('history/undo', { id: entry.id, at: entry.at });
		}
	}
}

describe('every change through the gate', () => {
	it('keeps the derived rows equal to a full recomputation, and undoes and redoes exactly', async () => {
		await fc.assert(
			fc.asyncProperty(session, async (ops) => {
				const app = await openTestApp();
				const engine = app.engine();
				for (const op of ops) {
					const before = dumpOf(engine);
					const beforeWithHistory = dumpOf(engine, { skip: [] });
					const reply = await Promise.resolve(perform(app, op)).catch((e: unknown) => {
						// A refusal carries its code and changes nothing at all.
						expect(e).toBeInstanceOf(DatabaseError);
						expect(['validation', 'not-found', 'refused', 'conflict']).toContain(
							(e as DatabaseError).code
						);
						expect(dumpOf(engine, { skip: [] })).toBe(beforeWithHistory);
						return undefined;
					});
					expect(points(engine)).toEqual(await recomputedPoints(engine));
					const entry = reply ? reply.change.entry : null;
					if (!entry) continue;
					const after = dumpOf(engine);
					// Undo gives back exactly the database before the change...
					const undone = await app.write('history/undo', { id: entry.id, at: entry.at });
					expect(dumpOf(engine)).toBe(before);
					expect(points(engine)).toEqual(await recomputedPoints(engine));
					// ...and undoing the undo (redo) exactly the one after it.
					await app.write('history/undo', {
						id: undone.change.entry!.id,
						at: undone.change.entry!.at
					});
					expect(dumpOf(engine)).toBe(after);
				}
				// And the stored chart agrees with net worth computed naively, asset by asset, on
				// every day it holds (the rule the dashboard shows).
				const stored = engine.all<{ day: string; total: string; missing: number }>(
					"SELECT day, total, missing FROM series_days WHERE breakdown = 'total' ORDER BY day"
				);
				for (const row of stored) {
					const naive = await netWorthOn(app.db, row.day);
					expect(row.missing).toBe(naive.missing.length);
					if (row.missing === 0) expect(row.total).toBe(naive.netWorth);
				}
			}),
			{ numRuns: 60, seed: 20261201 }
		);
	}, 120_000);

	it('keeps the derived rows right for a handler written here, which does nothing about them', async () => {
		const engine = await migratedEngine();
		const gate = new WriteGate(engine, {
			keep: () => Promise.reject(new Error('not destructive')),
			prune: async () => {},
			assertRoom: async () => {},
			nearlyFull: async () => false
		});
		const cash = engine.value<string>("SELECT id FROM asset_types WHERE code = 'CASH'")!;
		const loan = engine.value<string>("SELECT id FROM asset_types WHERE code = 'LOAN'")!;
		// A new write, as someone might add one: plain SQL, no thought of net-worth points.
		const addHolding = {
			run: ({ engine }: { engine: Engine }, args: { id: string; type: string; day: string }) => {
				engine.run("INSERT INTO assets (id, name, quantity, asset_type_id) VALUES (?, ?, '1', ?)", [
					args.id,
					args.id,
					args.type
				]);
				engine.run(
					"INSERT INTO asset_snapshots (id, asset_id, value, observed_at) VALUES (?, ?, '100', ?)",
					[`${args.id}-v`, args.id, `${args.day}T00:00:00.000Z`]
				);
				return { value: null, summary: { what: 'asset', verb: 'added', name: args.id } as const };
			}
		};
		const moveEarlier = {
			run: ({ engine }: { engine: Engine }, id: string) => {
				engine.run(
					"UPDATE asset_snapshots SET observed_at = '2024-06-01T00:00:00.000Z' WHERE id = ?",
					[id]
				);
				return { value: null, summary: { what: 'asset', verb: 'edited', name: id } as const };
			}
		};
		await gate.change(addHolding, { id: 'flat', type: cash, day: '2025-03-01' }, CONTEXT);
		await gate.change(addHolding, { id: 'debt', type: loan, day: '2025-01-01' }, CONTEXT);
		expect(points(engine)).toEqual(await recomputedPoints(engine));
		const moved = await gate.change(moveEarlier, 'flat-v', CONTEXT);
		expect(points(engine)).toEqual(await recomputedPoints(engine));
		expect(
			engine.all(
				'SELECT substr(observed_at, 1, 10) AS day, value FROM portfolio_snapshots ORDER BY 1'
			)
		).toEqual([
			{ day: '2024-06-01', value: '100' },
			{ day: '2025-01-01', value: '0' }
		]);
		expect(moved.change.tables).toEqual([
			'asset_snapshots',
			'asset_days',
			'sale_results',
			'currency_days',
			'series_days',
			'portfolio_snapshots',
			'change_log'
		]);
	});
});

describe('a change of many rows that asks for a restore point', () => {
	it('keeps one before it, gives it to the handler, trims old ones only once it succeeded, and is undone by its changeset', async () => {
		const engine = await migratedEngine();
		const kept: string[] = [];
		let pruned = 0;
		const gate = new WriteGate(engine, {
			keep: async (reason) => {
				kept.push(reason);
				return {
					id: `p${kept.length}`,
					database: 'real',
					createdAt: '2026-11-21T10:00:00.000Z',
					reason,
					size: engine.byteSize,
					schemaVersion: 1
				};
			},
			prune: async () => {
				pruned++;
			},
			assertRoom: async () => {},
			nearlyFull: async () => false
		});
		const cash = engine.value<string>("SELECT id FROM asset_types WHERE code = 'CASH'")!;
		const before = dumpOf(engine);
		const addMany = {
			restorePoint: (_tools: unknown, args: { day: string }) => `Before importing ${args.day}.csv`,
			run: (
				{ engine, restorePoint }: { engine: Engine; restorePoint?: { id: string } },
				args: { day: string }
			) => {
				engine.run(
					"INSERT INTO assets (id, name, quantity, asset_type_id) VALUES ('a', 'A', '1', ?)",
					[cash]
				);
				engine.run(
					"INSERT INTO asset_snapshots (id, asset_id, value, observed_at) VALUES ('v', 'a', '5', ?)",
					[`${args.day}T00:00:00.000Z`]
				);
				return {
					value: restorePoint?.id ?? null,
					summary: { what: 'asset', verb: 'added', name: 'A' } as const
				};
			}
		};
		const refused = await errorOf(gate.change(addMany, { day: '2099-01-01' }, CONTEXT));
		expect(refused?.code).toBe('validation');
		expect(dumpOf(engine)).toBe(before);
		expect(pruned).toBe(0);

		const reply = await gate.change(addMany, { day: '2025-01-01' }, CONTEXT);
		expect(kept).toEqual(['Before importing 2099-01-01.csv', 'Before importing 2025-01-01.csv']);
		expect(reply.value).toBe('p2');
		expect(pruned).toBe(1);
		expect(reply.change.entry?.undo).toBe('changeset');
		await gate.change(undoChange, { entry: getEntry(engine, reply.change.entry!.id)! }, CONTEXT);
		expect(dumpOf(engine)).toBe(before);
	});
});

describe('the rules, on rows inserted in bulk and rows updated', () => {
	it('refuse a day in the future and a debt entered negative, whichever way the row came', async () => {
		const app = await openTestApp();
		const engine = app.engine();
		const loan = engine.value<string>("SELECT id FROM asset_types WHERE code = 'LOAN'")!;
		const gate = app.processor.requireGate();
		const sql = (statements: [string, unknown[]][]) => ({
			run: ({ engine }: { engine: Engine }) => {
				for (const [text, params] of statements) engine.run(text, params as never[]);
				return { value: null, summary: { what: 'asset', verb: 'edited', name: 'L' } as const };
			}
		});
		await gate.change(
			sql([
				[
					"INSERT INTO assets (id, name, quantity, asset_type_id) VALUES ('l', 'L', '1', ?)",
					[loan]
				],
				[
					"INSERT INTO asset_snapshots (id, asset_id, value, observed_at) VALUES ('v1', 'l', '100', '2025-01-01T00:00:00.000Z')",
					[]
				]
			]),
			null,
			CONTEXT
		);
		const before = dumpOf(engine);
		const refusals = [
			"INSERT INTO asset_snapshots (id, asset_id, value, observed_at) VALUES ('v2', 'l', '5', '2099-01-01T00:00:00.000Z')",
			"UPDATE asset_snapshots SET observed_at = '2099-01-01T00:00:00.000Z' WHERE id = 'v1'",
			"INSERT INTO asset_snapshots (id, asset_id, value, observed_at) VALUES ('v3', 'l', '-5', '2025-02-01T00:00:00.000Z')",
			"UPDATE asset_snapshots SET value = '-100' WHERE id = 'v1'"
		];
		for (const statement of refusals) {
			const error = await errorOf(gate.change(sql([[statement, []]]), null, CONTEXT));
			expect(error?.code, statement).toBe('validation');
			expect(dumpOf(engine), statement).toBe(before);
		}
	});
});

describe('an undo that a later change stands in the way of', () => {
	async function setup() {
		const app = await openTestApp();
		const cash = app.engine().value<string>("SELECT id FROM asset_types WHERE code = 'CASH'")!;
		const asset = await app.write('assets/create', {
			input: {
				name: 'Wallet',
				assetTypeId: cash,
				quantity: '1',
				acquisitionDate: '2025-01-01',
				acquisitionPrice: '10'
			}
		});
		const valuation = await app.write('valuations/add', {
			assetId: asset.value.id,
			input: { value: '20', date: '2025-02-01' }
		});
		return { app, asset, valuation };
	}

	it('is refused when a later change edited the same row, and changes nothing', async () => {
		const { app, valuation } = await setup();
		await app.write('valuations/update', {
			id: valuation.value.id,
			input: { value: '30', date: '2025-02-01' }
		});
		const before = dumpOf(app.engine(), { skip: [] });
		const error = await errorOf(
			app.write('history/undo', { id: valuation.change.entry!.id, at: valuation.change.entry!.at })
		);
		expect(error).toMatchObject({
			code: 'conflict',
			message:
				"“Valuation of “Wallet” on Feb 1, 2025 added” can't be undone: “Valuation of “Wallet” on Feb 1, 2025 edited” changed the same data afterwards. Undo that first. Nothing was changed."
		});
		expect(dumpOf(app.engine(), { skip: [] })).toBe(before);
	});

	it('is refused when later rows depend on what it would remove, and changes nothing', async () => {
		const { app, asset } = await setup();
		const before = dumpOf(app.engine(), { skip: [] });
		const error = await errorOf(
			app.write('history/undo', { id: asset.change.entry!.id, at: asset.change.entry!.at })
		);
		expect(error?.code).toBe('conflict');
		expect(error?.message).toContain('later changes depend on it');
		expect(dumpOf(app.engine(), { skip: [] })).toBe(before);
		expect(app.engine().value('SELECT count(*) FROM asset_snapshots')).toBe(2);
	});

	it('goes through once the later change is undone first', async () => {
		const { app, asset, valuation } = await setup();
		await app.write('history/undo', {
			id: valuation.change.entry!.id,
			at: valuation.change.entry!.at
		});
		await app.write('history/undo', { id: asset.change.entry!.id, at: asset.change.entry!.at });
		expect(app.engine().value('SELECT count(*) FROM assets')).toBe(0);
		const next = await app.client.call('history/next', { direction: 'redo' });
		expect(next?.summary).toEqual({
			what: 'undo',
			of: { what: 'asset', verb: 'added', name: 'Wallet' }
		});
	});
});

describe('an undo that would bring back a state the app forbids', () => {
	const undo = (app: TestApp, entry: { id: number; at: string } | null | undefined) =>
		app.write('history/undo', { id: entry!.id, at: entry!.at });

	it('is refused for a second valuation on the same day', async () => {
		const app = await openTestApp();
		const cash = app.engine().value<string>("SELECT id FROM asset_types WHERE code = 'CASH'")!;
		const asset = (
			await app.write('assets/create', {
				input: {
					name: 'Wallet',
					assetTypeId: cash,
					quantity: '1',
					acquisitionDate: '2025-01-01',
					acquisitionPrice: '10'
				}
			})
		).value.id;
		const add = (value: string) =>
			app.write('valuations/add', { assetId: asset, input: { value, date: '2025-02-01' } });
		const first = await add('20');
		const deleted = await app.write('valuations/delete', { id: first.value.id });
		await add('30');
		const before = dumpOf(app.engine(), { skip: [] });
		const error = await errorOf(undo(app, deleted.change.entry));
		expect(error).toMatchObject({
			code: 'conflict',
			message:
				"“Valuation of “Wallet” on Feb 1, 2025 deleted” can't be undone: it would leave two valuations of “Wallet” on Feb 1, 2025. Nothing was changed."
		});
		expect(dumpOf(app.engine(), { skip: [] })).toBe(before);
	});

	it('is refused for two tags that differ only by case', async () => {
		const app = await openTestApp();
		const tag = (await app.write('tags/create', { input: { name: 'Liquid' } })).value.id;
		const renamed = await app.write('tags/rename', { id: tag, input: { name: 'Cash-like' } });
		await app.write('tags/create', { input: { name: 'liquid' } });
		const error = await errorOf(undo(app, renamed.change.entry));
		expect(error?.code).toBe('conflict');
		expect(error?.message).toContain('it would leave two tags named “Liquid”');
	});

	it('is refused for a category cycle', async () => {
		const app = await openTestApp();
		const create = async (name: string) =>
			(await app.write('categories/create', { input: { name, parentId: null } })).value.id;
		const a = await create('A');
		const b = await create('B');
		const move = (id: string, name: string, parentId: string | null) =>
			app.write('categories/update', { id, input: { name, parentId } });
		await move(a, 'A', b);
		const backOut = await move(a, 'A', null);
		await move(b, 'B', a);
		const error = await errorOf(undo(app, backOut.change.entry));
		expect(error?.code).toBe('conflict');
		expect(error?.message).toContain('inside itself');
		expect(
			app.engine().all('SELECT name, parent_id IS NULL AS top FROM categories ORDER BY name')
		).toEqual([
			{ name: 'A', top: 1 },
			{ name: 'B', top: 0 }
		]);
	});

	it('is refused for an entry the page no longer means (a new history reused its id)', async () => {
		const app = await openTestApp();
		const added = await app.write('tags/create', { input: { name: 'x' } });
		const error = await errorOf(
			app.write('history/undo', { id: added.change.entry!.id, at: '2000-01-01T00:00:00.000Z' })
		);
		expect(error?.code).toBe('not-found');
		expect(app.engine().value('SELECT count(*) FROM tags')).toBe(1);
	});
});

describe('the page reads, and only reads', () => {
	it.each([
		'BEGIN',
		'PRAGMA foreign_keys = OFF',
		"INSERT INTO tags (id, name) VALUES ('t', 't')",
		"ATTACH DATABASE ':memory:' AS other"
	])('%s is refused and changes nothing', async (sql) => {
		const app = await openTestApp();
		const error = await errorOf(app.client.call('db/execute', { sql, params: [] }));
		expect(error?.code).toBe('refused');
		expect(app.engine().inTransaction).toBe(false);
		expect(app.engine().value('PRAGMA foreign_keys')).toBe(1);
		await app.write('tags/create', { input: { name: 'still writable' } });
	});

	it('a query with a recursive CTE and functions reads fine', async () => {
		const app = await openTestApp();
		const { rows } = await app.client.call('db/execute', {
			sql: "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3) SELECT decimal_sum('1.5') AS s, count(*) AS c FROM n",
			params: []
		});
		expect(rows).toEqual([{ s: '4.5', c: 3 }]);
	});
});

describe('errors reach the page with their code', () => {
	it.each<[string, (app: TestApp) => Promise<unknown>, string]>([
		[
			'validation',
			(app) => app.write('tags/create', { input: { name: '  ' } }),
			'Enter a tag name.'
		],
		[
			'not-found',
			(app) => app.write('tags/delete', { id: 'no-such-tag' }),
			'This tag no longer exists.'
		],
		[
			'refused',
			(app) =>
				app.write('asset-types/delete', {
					id: app.engine().value<string>("SELECT id FROM asset_types WHERE code = 'CASH'")!
				}),
			"“Cash” is one of Strata's built-in types and can't be deleted. You can rename it instead."
		],
		[
			'refused',
			(app) => app.client.call('db/execute', { sql: 'DELETE FROM tags', params: [] }),
			'This statement would change the data: changes go through the worker’s operations.'
		],
		[
			'bad-file',
			(app) =>
				app.client.call('backup/inspect', {
					fileName: 'x.json',
					bytes: new TextEncoder().encode('{"schemaVersion": "7"}').buffer,
					today: CONTEXT.today
				}),
			"Unsupported backup schemaVersion '7', expected '1'"
		],
		[
			'quota',
			async (app) => {
				// The storage is full: SQLite may not grow the file by a single page.
				const engine = app.engine();
				engine.run(`PRAGMA max_page_count = ${engine.value<number>('PRAGMA page_count')}`);
				const big = 'x'.repeat(100);
				for (let i = 0; i < 200; i++)
					await app.write('tags/create', { input: { name: `${big}${i}` } });
			},
			'The browser ran out of storage space while trying to save this change, so it was undone: nothing was changed.'
		],
		[
			'unavailable',
			async (app) => {
				await app.client.call('db/rollback', { count: 1 });
				await app.write('tags/create', { input: { name: 'liquid' } });
			},
			'This database can only be exported until it is fixed.'
		],
		[
			'moved',
			async (app) => {
				app.processor.state = { kind: 'moved' };
				await app.client.call('history/list', { limit: 1 });
			},
			'Strata is open in another tab now.'
		]
	])('%s', async (code, make, message) => {
		const app = await openTestApp();
		const error = await errorOf(make(app));
		expect(error).toBeInstanceOf(DatabaseError);
		expect(error!.code).toBe(code);
		expect(error!.message).toContain(message);
	});

	it('a write without its context is a programming error, said as such', async () => {
		const app = await openTestApp();
		const error = await errorOf(
			app.client.call('tags/create' as WriteName, { input: { name: 'x' } } as never)
		);
		expect(error).toMatchObject({ code: 'internal' });
	});
});

describe('the history', () => {
	it('is bounded, newest first, and says what each change was', async () => {
		const app = await openTestApp();
		for (let i = 0; i < 55; i++) await app.write('tags/create', { input: { name: `tag ${i}` } });
		const entries = await app.client.call('history/list', { limit: 100 });
		expect(entries).toHaveLength(50);
		expect(entries[0]!.summary).toEqual({ what: 'tag', verb: 'added', name: 'tag 54' });
		expect(entries.every((e) => e.undo === 'changeset')).toBe(true);
	});

	it('undoes an import by restoring the copy kept before it, and that undo redoes', async () => {
		const app = await openTestApp();
		await app.write('tags/create', { input: { name: 'mine' } });
		const before = dumpOf(app.engine());
		const file = readFileSync('tests/fixtures/strata-1.2.12/strata-demo-backup.json');
		await app.client.call('backup/inspect', {
			fileName: 'strata-demo-backup.json',
			bytes: file.buffer.slice(file.byteOffset, file.byteOffset + file.byteLength),
			today: CONTEXT.today
		});
		const imported = await app.write('backup/import', { mode: 'replace' });
		const after = dumpOf(app.engine());
		expect(imported.change.entry).toMatchObject({
			undo: 'restore-point',
			summary: { what: 'data', verb: 'imported', file: 'strata-demo-backup.json', mode: 'replace' }
		});
		// A new history starts with the import: what came before described data now gone.
		expect(await app.client.call('history/list', { limit: 10 })).toHaveLength(1);
		const undone = await app.write('history/undo', {
			id: imported.change.entry!.id,
			at: imported.change.entry!.at
		});
		expect(dumpOf(app.engine())).toBe(before);
		expect(undone.change.entry).toMatchObject({ kind: 'undo', undo: 'restore-point' });
		// The restored copy keeps its own history, with this undo added to it.
		expect((await app.client.call('history/list', { limit: 10 })).map((e) => e.kind)).toEqual([
			'undo',
			'change'
		]);
		await app.write('history/undo', { id: undone.change.entry!.id, at: undone.change.entry!.at });
		expect(dumpOf(app.engine())).toBe(after);
	});

	it('undoes an import only while nothing after it is in effect, and skips a copy that is gone', async () => {
		const app = await openTestApp();
		const file = readFileSync('tests/fixtures/strata-1.2.12/strata-demo-backup.json');
		await app.client.call('backup/inspect', {
			fileName: 'strata-demo-backup.json',
			bytes: file.buffer.slice(file.byteOffset, file.byteOffset + file.byteLength),
			today: CONTEXT.today
		});
		const imported = (await app.write('backup/import', { mode: 'replace' })).change.entry!;
		const later = (await app.write('tags/create', { input: { name: 'after the import' } })).change
			.entry!;
		const [, importEntry] = await app.client.call('history/list', { limit: 10 });
		expect(importEntry).toMatchObject({ id: imported.id, undo: null });
		const error = await errorOf(app.write('history/undo', { id: imported.id, at: imported.at }));
		expect(error?.code).toBe('conflict');
		// Once the later change is undone, the import can be.
		await app.write('history/undo', { id: later.id, at: later.at });
		expect((await app.client.call('history/next', { direction: 'undo' }))?.id).toBe(imported.id);
		// Its copy deleted, Ctrl+Z passes it over.
		const [point] = await app.client.call('restore-points/list', null);
		await app.client.call('restore-points/delete', { id: point!.id });
		expect(await app.client.call('history/next', { direction: 'undo' })).toBeNull();
	});
});
