import { describe, expect, it } from 'vitest';
import { testDatabase } from '../../../tests/helpers/sqlite';
import { Ledger } from '../../../tests/factories/ledger';
import { ensureDerived } from '$lib/db/worker/derived';
import { rebuildAllSeries } from '$lib/db/worker/series';
import { seedDemo } from './demo-seed';
import { assetValuesOn, netWorthOn, sampleDays, totalsByDay } from './net-worth';
import { loadAllocation, loadHistory } from './history';

async function setup() {
	const { engine, db } = await testDatabase();
	return { engine, db, ledger: new Ledger(engine) };
}

describe('net worth on a date', () => {
	it('counts an asset from its acquisition, at its latest valuation', async () => {
		const { db, ledger } = await setup();
		const cash = ledger.asset({ type: 'CHECKING_ACCOUNT' });
		ledger.transaction(cash, 'ACQUIRE', '2025-01-15', { unitPrice: '1000' });
		ledger.valuation(cash, '2025-01-15', '1000');
		ledger.valuation(cash, '2025-03-01', '1200.50');

		expect((await netWorthOn(db, '2025-01-14')).netWorth).toBe('0');
		expect((await netWorthOn(db, '2025-01-15')).netWorth).toBe('1000');
		expect((await netWorthOn(db, '2025-02-28')).netWorth).toBe('1000');
		expect((await netWorthOn(db, '2025-03-01')).netWorth).toBe('1200.5');
	});

	it('counts from the first valuation when there is no transaction, and else from the ACQUIRE', async () => {
		const { db, ledger } = await setup();
		const car = ledger.asset({ type: 'VEHICLE' });
		ledger.valuation(car, '2024-05-01', '9000');
		const art = ledger.asset({ type: 'COLLECTIBLES' });
		ledger.valuation(art, '2024-01-01', '400');
		ledger.transaction(art, 'ACQUIRE', '2024-06-01', { unitPrice: '500' });

		expect((await netWorthOn(db, '2024-04-30')).netWorth).toBe('0');
		expect((await netWorthOn(db, '2024-05-01')).netWorth).toBe('9000');
		expect((await netWorthOn(db, '2024-06-01')).netWorth).toBe('9500');
	});

	it('keeps a disposed asset at every date before its disposal, and drops it from then on', async () => {
		const { db, ledger } = await setup();
		const car = ledger.asset({ type: 'VEHICLE', disposed: true });
		ledger.transaction(car, 'ACQUIRE', '2020-05-10', { unitPrice: '15000' });
		ledger.valuation(car, '2020-05-10', '15000');
		ledger.valuation(car, '2023-05-10', '9000.1');
		ledger.transaction(car, 'DISPOSE', '2024-02-29', { unitPrice: '3500.5', time: '10:00:00.000' });

		expect((await netWorthOn(db, '2023-05-09')).netWorth).toBe('15000');
		expect((await netWorthOn(db, '2024-02-28')).netWorth).toBe('9000.1');
		expect((await netWorthOn(db, '2024-02-29')).netWorth).toBe('0');
		expect((await netWorthOn(db, '2026-01-01')).held).toBe(0);
	});

	it('holds an asset marked disposed without a DISPOSE through the day of its last valuation', async () => {
		const { db, ledger } = await setup();
		const old = ledger.asset({ disposed: true });
		ledger.valuation(old, '2024-01-01', '100');
		ledger.valuation(old, '2024-03-01', '80');
		expect((await netWorthOn(db, '2024-03-01')).netWorth).toBe('80');
		expect((await netWorthOn(db, '2024-03-02')).netWorth).toBe('0');
	});

	it('subtracts liabilities, which are stored as positive values', async () => {
		const { db, ledger } = await setup();
		const flat = ledger.asset({ type: 'REAL_ESTATE' });
		ledger.valuation(flat, '2025-01-01', '385000');
		const loan = ledger.asset({ type: 'LOAN' });
		ledger.valuation(loan, '2025-01-01', '180000');
		expect(await netWorthOn(db, '2025-01-01')).toEqual({
			assets: '385000',
			liabilities: '180000',
			netWorth: '205000',
			held: 2,
			currency: 'EUR',
			missing: []
		});
	});

	it('sums exactly, with no float on the way', async () => {
		const { db, ledger } = await setup();
		for (const value of ['0.1', '0.2']) ledger.valuation(ledger.asset(), '2025-01-01', value);
		expect((await netWorthOn(db, '2025-01-01')).netWorth).toBe('0.3');

		ledger.valuation(ledger.asset(), '2025-01-02', '12345678901234567.89');
		ledger.valuation(ledger.asset({ type: 'LOAN' }), '2025-01-02', '0.09');
		const worth = await netWorthOn(db, '2025-01-02');
		expect(worth.assets).toBe('12345678901234568.19');
		expect(worth.netWorth).toBe('12345678901234568.1');
	});

	it('agrees with the per-asset values the asset list shows', async () => {
		const { db, ledger } = await setup();
		const a = ledger.asset();
		ledger.valuation(a, '2025-01-01', '10.01');
		const b = ledger.asset({ type: 'LOAN' });
		ledger.valuation(b, '2025-01-01', '3.02');
		const values = await assetValuesOn(db, '2025-06-01');
		expect(values.get(a)?.value).toBe('10.01');
		expect(values.get(b)?.value).toBe('3.02');
		expect((await netWorthOn(db, '2025-06-01')).netWorth).toBe('6.99');
	});
});

describe('history', () => {
	it('gives one total per day and series, liabilities negative', async () => {
		const { db, ledger } = await setup();
		const flat = ledger.asset({ type: 'REAL_ESTATE' });
		ledger.valuation(flat, '2025-01-01', '100');
		ledger.valuation(flat, '2025-01-03', '110');
		const loan = ledger.asset({ type: 'LOAN' });
		ledger.valuation(loan, '2025-01-02', '40');
		const days = ['2025-01-01', '2025-01-02', '2025-01-03'];
		expect(await totalsByDay(db, days, 'total')).toEqual([
			{ day: '2025-01-01', key: 'total', total: '100', missing: 0 },
			{ day: '2025-01-02', key: 'total', total: '60', missing: 0 },
			{ day: '2025-01-03', key: 'total', total: '70', missing: 0 }
		]);
		const byGroup = await totalsByDay(db, days, 'group');
		expect(byGroup.filter((r) => r.day === '2025-01-03')).toEqual([
			{ day: '2025-01-03', key: 'LIABILITIES', total: '-40', missing: 0 },
			{ day: '2025-01-03', key: 'REAL_ESTATE', total: '110', missing: 0 }
		]);
	});

	it('counts each asset once by category, under its top-level category', async () => {
		const { db, ledger } = await setup();
		const financial = ledger.category('Financial');
		const banking = ledger.category('Banking', financial);
		const other = ledger.category('Other things');
		const a = ledger.asset();
		ledger.valuation(a, '2025-01-01', '5');
		ledger.categorize(a, banking);
		ledger.categorize(a, other);
		const b = ledger.asset();
		ledger.valuation(b, '2025-01-01', '7');
		const rows = await totalsByDay(db, ['2025-01-01'], 'category');
		expect(rows).toEqual([
			{ day: '2025-01-01', key: '', total: '7', missing: 0 },
			{ day: '2025-01-01', key: financial, total: '5', missing: 0 }
		]);
	});

	it('gives a type the same colour in every chart view and in the allocation', async () => {
		const { db, ledger } = await setup();
		const cash = ledger.asset({ type: 'CASH' });
		ledger.valuation(cash, '2025-01-01', '10');
		const car = ledger.asset({ type: 'VEHICLE' });
		ledger.valuation(car, '2025-06-01', '20');
		const colors = (list: { key: string; color: number }[]) =>
			Object.fromEntries(list.map((s) => [s.key, s.color]));
		const cashType = ledger.typeId('CASH');
		const alone = await loadHistory(db, { range: '1M', by: 'type', today: '2025-02-01' });
		expect(alone.series.map((s) => s.key)).toEqual([cashType]);
		const both = colors(await loadAllocation(db, { by: 'type', today: '2025-06-15' }));
		expect(Object.keys(both)).toHaveLength(2);
		expect(both[cashType]).not.toBe(both[ledger.typeId('VEHICLE')]);
		expect(colors(alone.series)[cashType]).toBe(both[cashType]);
		const all = await loadHistory(db, { range: 'ALL', by: 'type', today: '2025-06-15' });
		expect(colors(all.series)).toEqual(both);
	});

	it('keeps the debts of a category apart from what is owned in it', async () => {
		const { db, ledger } = await setup();
		const housing = ledger.category('Housing');
		const flat = ledger.asset({ type: 'REAL_ESTATE' });
		ledger.valuation(flat, '2025-01-01', '300');
		ledger.categorize(flat, housing);
		const loan = ledger.asset({ type: 'LOAN' });
		ledger.valuation(loan, '2025-01-01', '200');
		ledger.categorize(loan, housing);
		const card = ledger.asset({ type: 'LOAN' });
		ledger.valuation(card, '2025-01-01', '5');
		expect(await totalsByDay(db, ['2025-01-01'], 'category')).toEqual([
			{ day: '2025-01-01', key: ':owed', total: '-5', missing: 0 },
			{ day: '2025-01-01', key: housing, total: '300', missing: 0 },
			{ day: '2025-01-01', key: `${housing}:owed`, total: '-200', missing: 0 }
		]);
		expect(await loadAllocation(db, { by: 'category', today: '2025-01-01' })).toEqual(
			expect.arrayContaining([
				expect.objectContaining({ key: housing, label: 'Housing', total: '300' }),
				expect.objectContaining({ key: `${housing}:owed`, label: 'Housing (owed)', total: '-200' }),
				expect.objectContaining({ key: ':owed', label: 'No category (owed)', total: '-5' })
			])
		);
	});

	it('samples long ranges down to a bounded number of days, ends included', () => {
		const days = sampleDays('2016-01-01', '2026-01-01', 100);
		expect(days.length).toBeLessThanOrEqual(101);
		expect(days[0]).toBe('2016-01-01');
		expect(days.at(-1)).toBe('2026-01-01');
		expect(sampleDays('2025-01-01', '2025-01-31')).toHaveLength(31);
	});
});

describe('stored net-worth points', () => {
	it('are one per day with a change, worth the net worth of that day', async () => {
		const { engine, ledger } = await setup();
		const a = ledger.asset();
		ledger.transaction(a, 'ACQUIRE', '2025-01-01');
		ledger.valuation(a, '2025-01-01', '100');
		ledger.valuation(a, '2025-02-01', '150');
		const loan = ledger.asset({ type: 'LOAN' });
		ledger.valuation(loan, '2025-01-15', '30');
		engine.run(
			"INSERT INTO portfolio_snapshots (id, value, notes, observed_at) VALUES ('mine', '1', 'my note', '2025-01-20T00:00:00.000Z')"
		);
		rebuildAllSeries(engine);
		expect(
			engine.all(
				'SELECT value, currency, notes, observed_at FROM portfolio_snapshots ORDER BY observed_at'
			)
		).toEqual([
			{ value: '100', currency: 'EUR', notes: null, observed_at: '2025-01-01T00:00:00.000Z' },
			{ value: '70', currency: 'EUR', notes: null, observed_at: '2025-01-15T00:00:00.000Z' },
			{ value: '1', currency: 'EUR', notes: 'my note', observed_at: '2025-01-20T00:00:00.000Z' },
			{ value: '120', currency: 'EUR', notes: null, observed_at: '2025-02-01T00:00:00.000Z' }
		]);
	});
});

describe('holdings computed by older rules', () => {
	it('are computed again on open, and the net-worth points with them', async () => {
		const { engine, db, ledger } = await setup();
		const a = ledger.asset();
		ledger.transaction(a, 'ACQUIRE', '2025-01-01');
		ledger.valuation(a, '2025-01-01', '100');
		ledger.valuation(a, '2025-02-01', '150');
		rebuildAllSeries(engine);
		const points = () =>
			engine.all('SELECT value, observed_at FROM portfolio_snapshots ORDER BY observed_at');
		const expected = points();
		// As a copy kept by an older build leaves them: other rows, other points.
		engine.run("UPDATE asset_days SET value = '1'");
		engine.run("UPDATE portfolio_snapshots SET value = '1'");
		engine.run("UPDATE derived_versions SET version = 0 WHERE name = 'holdings'");
		expect(ensureDerived(engine)).toBe(true);
		expect(points()).toEqual(expected);
		expect((await netWorthOn(db, '2025-02-01')).netWorth).toBe('150');
		expect(ensureDerived(engine)).toBe(false);
	});
});

describe('the demo data', () => {
	it('is worth €239,200 today, and seeding twice adds nothing', async () => {
		const { engine, db } = await setup();
		const today = '2026-11-21';
		expect(seedDemo(engine, today)).toBeGreaterThan(0);
		const counts = () =>
			engine.all(
				`SELECT (SELECT count(*) FROM assets) a, (SELECT count(*) FROM asset_snapshots) s,
				 (SELECT count(*) FROM transactions) t, (SELECT count(*) FROM categories) c,
				 (SELECT count(*) FROM tags) g, (SELECT count(*) FROM asset_tags) l,
				 (SELECT count(*) FROM exchange_rates) r`
			)[0];
		// The original's 6 assets and 90 valuations, the fund (13 monthly unit prices, two buys
		// and a sale) and the card (13 balances, its opening) that teach holdings and gains, and
		// the USD and CHF accounts with the family loan (15 valuations and an opening each) with
		// a rate per currency for each working day of 15 months and today.
		const expected = { a: 11, s: 161, t: 13, c: 21, g: 13, l: 16, r: 656 };
		expect(counts()).toEqual(expected);
		expect(seedDemo(engine, today)).toBe(0);
		expect(counts()).toEqual(expected);

		expect(await netWorthOn(db, today)).toEqual({
			assets: '434860',
			liabilities: '195660',
			netWorth: '239200',
			held: 11,
			currency: 'EUR',
			missing: []
		});
		// The fund: 6 of its 10 units left, worth 6 × 110; cost 6 × 84 at average cost; the sale
		// of 4 at 105 realised 4 × (105 − 84).
		const fund = [...(await assetValuesOn(db, today)).values()].find((v) => v.quantity === '6');
		expect(fund).toMatchObject({
			value: '660',
			price: '110',
			cost: '504',
			invested: '840',
			realised: '84'
		});
	});
});

describe('the history query', () => {
	it('reads the stored series with seeks in their key, never valuing an asset', async () => {
		const { engine } = await setup();
		const { historySqlForTests } = await import('./net-worth');
		const plan = engine
			.all<{ detail: string }>(`EXPLAIN QUERY PLAN ${historySqlForTests}`, [
				'["2025-01-01"]',
				'type'
			])
			.map((row) => row.detail);
		const touchingSeries = plan.filter((d) => /^SEARCH s\b|series_days/.test(d));
		expect(touchingSeries).toHaveLength(2);
		// The latest stored day at or before each point, then that day's rows of the breakdown.
		expect(touchingSeries).toEqual([
			expect.stringMatching(/USING PRIMARY KEY \(breakdown=\? AND day<\?\)/),
			expect.stringMatching(/USING PRIMARY KEY \(breakdown=\? AND day=\?\)/)
		]);
		expect(plan.some((d) => /asset_days|asset_snapshots/.test(d))).toBe(false);
	});
});
