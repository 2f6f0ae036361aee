/**
 * The holding rules against an independent, naive recomputation: random sequences of what a
 * user enters go through the real app (page client → worker → gate), and on every day the
 * numbers the app reads back — quantity, value, cost basis, realised gain, net worth — equal
 * what the rules say, computed here from the stored rows with plain decimal.js, day by day.
 */
import Decimal from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dumpOf, openTestApp, type TestApp } from '../../../tests/helpers/app';
import { DatabaseError } from '$lib/db/client';
import { assetValuesOn, netWorthOn } from './net-worth';
import { holdingWalk, type HoldingEvent } from './holdings';

const D = Decimal.clone({ precision: 200 });
const plain = (d: Decimal) => (d.isZero() ? '0' : d.toFixed());

// ---------------------------------------------------------------------------------------------
// The naive model: for a day, look at every stored row dated up to its end, from scratch.

interface Stored {
	transactions: {
		id: string;
		type: string;
		quantity: string;
		unit_price: string;
		occurred_at: string;
		created_at: string;
	}[];
	valuations: {
		id: string;
		value: string;
		unit_price: string | null;
		observed_at: string;
		created_at: string;
	}[];
	liability: boolean;
	quantity: string | null;
}

function stored(app: TestApp, assetId: string): Stored {
	const engine = app.engine();
	return {
		transactions: engine.all(
			'SELECT id, type, quantity, unit_price, occurred_at, created_at FROM transactions WHERE asset_id = ?',
			[assetId]
		),
		valuations: engine.all(
			`SELECT s.id, s.value, p.unit_price, s.observed_at, s.created_at FROM asset_snapshots s
       LEFT JOIN valuation_prices p ON p.asset_snapshot_id = s.id WHERE s.asset_id = ?`,
			[assetId]
		),
		quantity:
			engine.value<string | null>('SELECT quantity FROM assets WHERE id = ?', [assetId]) ?? null,
		liability:
			engine.value(
				`SELECT t."group" FROM assets a JOIN asset_types t ON t.id = a.asset_type_id WHERE a.id = ?`,
				[assetId]
			) === 'LIABILITIES'
	};
}

/** What the rules say about one asset at the end of `day`. */
function naive(rows: Stored, day: string) {
	const end = `${day}T23:59:59.999Z`;
	const order = (a: { at: string; created: string; rank: number }, b: typeof a) =>
		a.at < b.at
			? -1
			: a.at > b.at
				? 1
				: a.created < b.created
					? -1
					: a.created > b.created
						? 1
						: a.rank - b.rank;
	const events = [
		...rows.transactions.map((t) => ({ at: t.occurred_at, created: t.created_at, rank: 0, t })),
		...rows.valuations.map((v) => ({ at: v.observed_at, created: v.created_at, rank: 1, v }))
	]
		.filter((e) => e.at <= end)
		.sort(order);
	// Quantity: the sum of every transaction up to the day.
	let quantity = new D(0);
	for (const e of events)
		if ('t' in e)
			quantity = quantity.plus(e.t.type === 'DISPOSE' ? new D(e.t.quantity).neg() : e.t.quantity);
	// Value: the latest price point, whole or per unit.
	let value: Decimal | null = null;
	for (const e of events) {
		if ('v' in e)
			value = e.v.unit_price !== null ? new D(e.v.unit_price).times(quantity) : new D(e.v.value);
		else if (e.t.type !== 'ADJUST') value = new D(e.t.unit_price).times(quantity);
	}
	// Cost and realised: replay the buys and sells at average cost.
	let held = new D(0);
	let cost = new D(0);
	let realised = new D(0);
	for (const e of events) {
		if (!('t' in e)) continue;
		const q = new D(e.t.quantity);
		if (e.t.type === 'ACQUIRE') cost = cost.plus(new D(e.t.unit_price).times(q));
		if (e.t.type === 'DISPOSE') {
			const sold = q.gte(held)
				? cost
				: cost.times(q).div(held).toDecimalPlaces(2, Decimal.ROUND_HALF_EVEN);
			realised = realised.plus(new D(e.t.unit_price).times(q)).minus(sold);
			cost = cost.minus(sold);
		}
		held = held.plus(e.t.type === 'DISPOSE' ? q.neg() : q);
	}
	if (rows.transactions.length === 0) {
		// The original's assets without transactions: their own quantity, from their first value.
		const own = new D(rows.quantity ?? '1');
		const last = events.at(-1);
		const worth =
			last && 'v' in last
				? last.v.unit_price !== null
					? new D(last.v.unit_price).times(own)
					: new D(last.v.value)
				: null;
		return {
			// Before its first valuation it is not held at all.
			quantity: last ? plain(own) : '0',
			value: worth && plain(worth),
			cost: '0',
			realised: '0',
			signed: worth ? (rows.liability ? worth.neg() : worth) : new D(0)
		};
	}
	const counts = quantity.gt(0) && value !== null;
	return {
		quantity: plain(quantity),
		value: counts ? plain(value!) : null,
		cost: plain(cost),
		realised: plain(realised),
		signed: counts ? (rows.liability ? value!.neg() : value!) : new D(0)
	};
}

// ---------------------------------------------------------------------------------------------

const dayArb = fc
	.integer({ min: 0, max: 40 })
	.map((n) => new Date(Date.UTC(2025, 0, 1 + n)).toISOString().slice(0, 10));
/** Money with exactness traps: 0.1, 0.2, values of 20 digits, three-decimal values. */
const money = fc.oneof(
	fc.constantFrom('0.1', '0.2', '0.3', '99999999999999999999', '12345678901234567.89', '6172.83'),
	fc.integer({ min: 0, max: 1_000_000 }).map((n) => (n / 100).toString())
);
/** Quantities with up to 8 decimals. */
const units = fc.oneof(
	fc.constantFrom('0.12345678', '0.00000001', '1', '3'),
	fc.integer({ min: 1, max: 50 }).map(String)
);
const pick = fc.nat({ max: 9 });

const entry = fc.oneof(
	fc.record({
		kind: fc.constant('buy' as const),
		asset: pick,
		day: dayArb,
		price: money,
		quantity: units
	}),
	fc.record({
		kind: fc.constant('sell' as const),
		asset: pick,
		day: dayArb,
		price: money,
		quantity: fc.option(units)
	}),
	fc.record({
		kind: fc.constant('adjust' as const),
		asset: pick,
		day: dayArb,
		quantity: fc.tuple(units, fc.boolean()).map(([q, down]) => (down ? `-${q}` : q))
	}),
	fc.record({
		kind: fc.constant('value' as const),
		asset: pick,
		day: dayArb,
		value: fc.oneof(
			money,
			money.map((m) => `-${m}`)
		),
		perUnit: fc.boolean()
	}),
	fc.record({ kind: fc.constant('move' as const), row: pick, day: dayArb }),
	fc.record({ kind: fc.constant('delete' as const), row: pick }),
	fc.record({ kind: fc.constant('undo' as const), entry: pick })
);
type Entry = typeof entry extends fc.Arbitrary<infer T> ? T : never;

const ASSETS = [
	{ name: 'Shares', type: 'STOCKS', price: '10', quantity: '5' },
	{ name: 'Flat', type: 'REAL_ESTATE', price: '250000', quantity: '1' },
	{ name: 'Loan', type: 'LOAN', price: '100000', quantity: '1' }
];

async function setup(): Promise<{ app: TestApp; assets: string[] }> {
	const app = await openTestApp();
	const assets: string[] = [];
	for (const a of ASSETS) {
		const typeId = app
			.engine()
			.value<string>('SELECT id FROM asset_types WHERE code = ?', [a.type])!;
		const { value } = await app.write('assets/create', {
			input: {
				name: a.name,
				assetTypeId: typeId,
				quantity: a.quantity,
				acquisitionDate: '2025-01-05',
				acquisitionPrice: a.price
			}
		});
		assets.push(value.id);
	}
	return { app, assets };
}

function send(app: TestApp, assets: string[], e: Entry) {
	const engine = app.engine();
	const nth = (table: string, n: number) => {
		const ids = engine.all<{ id: string }>(`SELECT id FROM ${table} ORDER BY rowid`);
		return ids[n % ids.length]!.id;
	};
	const asset = 'asset' in e ? assets[e.asset % assets.length]! : '';
	switch (e.kind) {
		case 'buy':
		case 'adjust':
			return app.write('transactions/add', {
				input: {
					assetId: asset,
					type: e.kind === 'buy' ? 'ACQUIRE' : 'ADJUST',
					date: e.day,
					unitPrice: e.kind === 'buy' ? e.price : '0',
					quantity: e.quantity
				}
			});
		case 'sell':
			return app.write('assets/dispose', {
				id: asset,
				input: { disposalDate: e.day, disposalPrice: e.price, disposalQuantity: e.quantity ?? '' }
			});
		case 'value':
			return app.write('valuations/add', {
				assetId: asset,
				input: { value: e.value, date: e.day, perUnit: e.perUnit }
			});
		case 'move': {
			const id = nth('asset_snapshots', e.row);
			const row = engine.get<{ value: string; unit_price: string | null }>(
				'SELECT s.value, p.unit_price FROM asset_snapshots s LEFT JOIN valuation_prices p ON p.asset_snapshot_id = s.id WHERE s.id = ?',
				[id]
			)!;
			return app.write('valuations/update', {
				id,
				input: {
					value: row.unit_price ?? row.value,
					date: e.day,
					perUnit: row.unit_price !== null
				}
			});
		}
		case 'delete':
			return e.row % 2
				? app.write('transactions/delete', { id: nth('transactions', e.row) })
				: app.write('valuations/delete', { id: nth('asset_snapshots', e.row) });
		case 'undo': {
			const entries = engine.all<{ id: number; at: string }>(
				'SELECT id, made_at AS at FROM change_log WHERE undone_by IS NULL ORDER BY id'
			);
			const chosen = entries[e.entry % entries.length]!;
			return app.write('history/undo', { id: chosen.id, at: chosen.at });
		}
	}
}

describe('holdings, values, cost and gains', () => {
	it('follow the rules on every day, through any sequence of entries and undos', async () => {
		await fc.assert(
			fc.asyncProperty(fc.array(entry, { minLength: 1, maxLength: 12 }), async (entries) => {
				const { app, assets } = await setup();
				const engine = app.engine();
				for (const e of entries) {
					const before = dumpOf(engine, { skip: [] });
					const refused = await send(app, assets, e).then(
						() => false,
						(error: unknown) => {
							expect(error).toBeInstanceOf(DatabaseError);
							expect(['validation', 'conflict', 'not-found']).toContain(
								(error as DatabaseError).code
							);
							return true;
						}
					);
					// A refusal leaves the database exactly as it was.
					if (refused) expect(dumpOf(engine, { skip: [] })).toBe(before);
				}
				// Every day of the span, and the days either side of it.
				for (let n = 0; n <= 42; n += 1) {
					const day = new Date(Date.UTC(2025, 0, 3 + n)).toISOString().slice(0, 10);
					const values = await assetValuesOn(app.db, day);
					let net = new D(0);
					for (const id of assets) {
						const rows = stored(app, id);
						const expected = naive(rows, day);
						const got = values.get(id);
						// Undone all the way back: the asset is gone, with everything of it.
						if (!got) {
							expect(rows.transactions.length + rows.valuations.length).toBe(0);
							continue;
						}
						expect({ day, id, ...pickState(got) }).toEqual({
							day,
							id,
							quantity: expected.quantity,
							value: expected.value,
							cost: expected.cost,
							realised: expected.realised
						});
						net = net.plus(expected.signed);
					}
					expect((await netWorthOn(app.db, day)).netWorth).toBe(plain(net));
				}
			}),
			{ numRuns: 40, seed: 11 }
		);
	}, 180_000);
});

function pickState(v: {
	quantity: string | null;
	value: string | null;
	cost: string | null;
	realised: string | null;
}) {
	return {
		quantity: v.quantity ?? '0',
		value: v.value,
		cost: v.cost ?? '0',
		realised: v.realised ?? '0'
	};
}

describe('the walk itself', () => {
	const buy = (id: string, at: string, quantity: string, unitPrice: string): HoldingEvent => ({
		kind: 'transaction',
		id,
		type: 'ACQUIRE',
		quantity,
		unitPrice,
		at: `${at}T00:00:00.000Z`,
		createdAt: `${at}T00:00:00.000Z`
	});
	const sell = (id: string, at: string, quantity: string, unitPrice: string): HoldingEvent =>
		({
			...buy(id, at, quantity, unitPrice),
			type: 'DISPOSE'
		}) as HoldingEvent;

	it('stays exact: 0.1 + 0.2, eight-decimal quantities, twenty-digit values', () => {
		const walk = holdingWalk(
			[
				buy('a', '2025-01-01', '0.1', '0.1'),
				buy('b', '2025-01-02', '0.2', '0.2'),
				buy('c', '2025-01-03', '0.00000001', '99999999999999999999')
			],
			{ quantity: null, disposed: false }
		);
		expect(walk.days.map((d) => [d.quantity, d.cost])).toEqual([
			['0.1', '0.01'],
			['0.3', '0.05'],
			['0.30000001', '1000000000000.04999999']
		]);
		expect(walk.days[2]!.value).toBe('30000000999999999999.69999999');
	});

	it('sells at average cost, and all of it when everything goes', () => {
		const walk = holdingWalk(
			[
				buy('a', '2025-01-01', '6', '80'),
				buy('b', '2025-02-01', '4', '90'),
				sell('c', '2025-03-01', '4', '105'),
				sell('d', '2025-04-01', '6', '100')
			],
			{ quantity: null, disposed: false }
		);
		expect(walk.sales).toEqual([
			{ transactionId: 'c', proceeds: '420', cost: '336', gain: '84' },
			{ transactionId: 'd', proceeds: '600', cost: '504', gain: '96' }
		]);
		expect(walk.days.at(-1)).toMatchObject({
			quantity: '0',
			value: null,
			cost: '0',
			realised: '180'
		});
	});
});
