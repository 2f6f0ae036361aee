/**
 * Currencies through the app's own write gate: assets in their own currency, totals converted
 * into the base by the latest rate (never relabelled, never 1:1), the base changed and changed
 * back, rates typed and imported all or nothing — and, for any rates and valuations in three
 * currencies, the net worth of every day equal to a naive recomputation written here.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dumpOf, openTestApp, type TestApp } from '../../../../../tests/helpers/app';
import { Dec } from '$lib/domain/decimal';
import { convertAmount } from '$lib/domain/currencies';
import { addDays } from '$lib/domain/dates';
import { assetValuesOn, netWorthOn } from '$lib/domain/net-worth';
import { DatabaseError } from '$lib/db/client';

const refusal = (promise: Promise<unknown>) =>
	promise.then(
		() => {
			throw new Error('expected a refusal');
		},
		(e: unknown) => e as DatabaseError
	);

const typeId = (app: TestApp, code: string) =>
	app.engine().value<string>('SELECT id FROM asset_types WHERE code = ?', [code])!;

async function asset(
	app: TestApp,
	name: string,
	currency: string,
	{ value = '100', date = '2026-01-01', type = 'CASH' } = {}
): Promise<string> {
	const reply = await app.write('assets/create', {
		input: {
			name,
			assetTypeId: typeId(app, type),
			currency,
			quantity: '1',
			acquisitionDate: date,
			acquisitionPrice: value
		}
	});
	return reply.value.id;
}

const setRate = (app: TestApp, day: string, base: string, quote: string, rate: string) =>
	app.write('rates/set', { input: { day, base, quote, rate } });

/** The user's own rows (what a backup holds), derived rows and history aside. */
const sourceRows = (app: TestApp) =>
	dumpOf(app.engine(), {
		skip: [
			'change_log',
			'asset_days',
			'sale_results',
			'currency_days',
			'series_days',
			'portfolio_snapshots',
			'settings'
		]
	});

describe('an asset in another currency', () => {
	it('counts in the base at the latest rate on or before each day, exactly', async () => {
		const app = await openTestApp();
		await asset(app, 'Brokerage', 'USD', { value: '5400' });
		await asset(app, 'Current account', 'EUR', { value: '1000' });
		await setRate(app, '2026-01-01', 'EUR', 'USD', '1.08');
		await setRate(app, '2026-02-01', 'EUR', 'USD', '1.2');
		expect(await netWorthOn(app.db, '2026-01-15')).toMatchObject({
			netWorth: '6000',
			currency: 'EUR',
			missing: []
		});
		expect((await netWorthOn(app.db, '2026-02-01')).netWorth).toBe('5500');
		const brokerage = [...(await assetValuesOn(app.db, '2026-02-01')).values()].find(
			(v) => v.currency === 'USD'
		);
		expect(brokerage).toMatchObject({
			value: '5400',
			baseValue: '4500',
			base: 'EUR',
			rate: { num: '1', den: '1.2', day: '2026-02-01', via: 'direct' }
		});
	});

	it('without a rate is left out and listed, never counted at 1:1, and gets no stored point', async () => {
		const app = await openTestApp();
		await asset(app, 'Brokerage', 'USD', { value: '5400' });
		await asset(app, 'Current account', 'EUR', { value: '1000' });
		const worth = await netWorthOn(app.db, '2026-01-15');
		expect(worth.netWorth).toBe('1000');
		expect(worth.missing).toEqual([
			{ assetId: expect.any(String), name: 'Brokerage', currency: 'USD' }
		]);
		const points = () =>
			app.engine().all('SELECT substr(observed_at, 1, 10) AS day, value FROM portfolio_snapshots');
		expect(points()).toEqual([]);
		await setRate(app, '2026-01-10', 'EUR', 'USD', '1.08');
		expect((await netWorthOn(app.db, '2026-01-09')).missing).toHaveLength(1);
		expect(await netWorthOn(app.db, '2026-01-10')).toMatchObject({ netWorth: '6000', missing: [] });
		expect(points()).toEqual([{ day: '2026-01-10', value: '6000' }]);
	});
});

describe('the base currency', () => {
	it('converts every total when changed, changes no stored value, and comes back exactly', async () => {
		const app = await openTestApp();
		await asset(app, 'Brokerage', 'USD', { value: '5400' });
		await asset(app, 'Pension', 'CHF', { value: '9300' });
		await asset(app, 'Loan', 'EUR', { value: '15000', type: 'LOAN' });
		await setRate(app, '2026-01-01', 'EUR', 'USD', '1.08');
		await setRate(app, '2026-01-01', 'EUR', 'CHF', '0.93');
		const inEuro = await netWorthOn(app.db, '2026-01-01');
		expect(inEuro).toMatchObject({ assets: '15000', liabilities: '15000', netWorth: '0' });
		const before = sourceRows(app);

		const changed = await app.write('settings/base-currency', { currency: 'USD' });
		// $5,400, CHF 9,300 × 1.08 / 0.93 = $10,800, €15,000 × 1.08 = $16,200.
		expect(await netWorthOn(app.db, '2026-01-01')).toMatchObject({
			assets: '16200',
			liabilities: '16200',
			netWorth: '0',
			currency: 'USD'
		});
		expect(
			app.engine().all('SELECT DISTINCT currency FROM portfolio_snapshots WHERE notes IS NULL')
		).toEqual([{ currency: 'USD' }]);
		expect(sourceRows(app)).toBe(before);

		await app.write('history/undo', { id: changed.change.entry!.id, at: changed.change.entry!.at });
		expect(await netWorthOn(app.db, '2026-01-01')).toEqual(inEuro);
		await app.write('settings/base-currency', { currency: 'EUR' });
		expect(await netWorthOn(app.db, '2026-01-01')).toEqual(inEuro);
	});

	it('refuses a code that is not a currency, changing nothing', async () => {
		const app = await openTestApp();
		const before = dumpOf(app.engine(), { skip: [] });
		const error = await app
			.write('settings/base-currency', { currency: 'XYZ' })
			.catch((e: unknown) => e as DatabaseError);
		expect(error).toMatchObject({
			code: 'validation',
			fields: { currency: 'Choose a currency from the list.' }
		});
		expect(dumpOf(app.engine(), { skip: [] })).toBe(before);
	});
});

describe('rates', () => {
	it('typed: one per day and pair, in the user’s way of writing numbers, above zero', async () => {
		const app = await openTestApp();
		await app.write(
			'rates/set',
			{ input: { day: '2026-01-01', base: 'EUR', quote: 'USD', rate: '1,0842' } },
			{ locale: 'fr-FR' }
		);
		const edited = await setRate(app, '2026-01-01', 'EUR', 'USD', '1.09');
		expect(edited.change.entry?.summary).toEqual({
			what: 'rate',
			verb: 'edited',
			base: 'EUR',
			quote: 'USD',
			day: '2026-01-01'
		});
		expect(app.engine().all('SELECT day, base, quote, rate FROM exchange_rates')).toEqual([
			{ day: '2026-01-01', base: 'EUR', quote: 'USD', rate: '1.09' }
		]);
		const refused = await setRate(app, '2026-01-02', 'EUR', 'EUR', '0').catch(
			(e: unknown) => e as DatabaseError
		);
		expect(refused).toMatchObject({
			code: 'validation',
			fields: { rate: 'Enter a rate greater than zero.', quote: 'Choose two different currencies.' }
		});
	});

	it('imported: all in one change, replacing those of the same day and pair, undone whole', async () => {
		const app = await openTestApp();
		await setRate(app, '2026-01-01', 'EUR', 'USD', '1.5');
		const before = dumpOf(app.engine());
		const imported = await app.write('rates/import', {
			file: 'rates.csv',
			rates: [
				{ day: '2026-01-01', base: 'EUR', quote: 'USD', rate: '1.08' },
				{ day: '2026-01-01', base: 'EUR', quote: 'CHF', rate: '0.93' }
			]
		});
		expect(imported.value).toEqual({ count: 2 });
		expect(app.engine().all('SELECT quote, rate FROM exchange_rates ORDER BY quote')).toEqual([
			{ quote: 'CHF', rate: '0.93' },
			{ quote: 'USD', rate: '1.08' }
		]);
		const good = dumpOf(app.engine(), { skip: [] });
		const bad = await refusal(
			app.write('rates/import', {
				file: 'bad.csv',
				rates: [
					{ day: '2026-01-02', base: 'EUR', quote: 'USD', rate: '1.1' },
					{ day: '2026-01-02', base: 'EUR', quote: 'USD', rate: '-1' }
				]
			})
		);
		expect(bad.code).toBe('validation');
		expect(dumpOf(app.engine(), { skip: [] })).toBe(good);
		await app.write('history/undo', {
			id: imported.change.entry!.id,
			at: imported.change.entry!.at
		});
		expect(dumpOf(app.engine())).toBe(before);
	});
});

// ---------------------------------------------------------------------------------------------
// The property: every day, the app's net worth is the naive one.

const CURRENCIES = ['EUR', 'USD', 'CHF'] as const;
const START = '2026-01-01';
const day = fc.integer({ min: 0, max: 9 }).map((n) => addDays(START, n));
const amount = fc.integer({ min: 1, max: 99999 }).map((n) => `${Math.floor(n / 100)}.${n % 100}`);
const rateText = fc.integer({ min: 1, max: 30000 }).map((n) => (n / 10000).toFixed(4));
const step = fc.oneof(
	fc.record({
		kind: fc.constant('asset' as const),
		currency: fc.constantFrom(...CURRENCIES),
		liability: fc.boolean(),
		day,
		value: amount
	}),
	fc.record({ kind: fc.constant('valuation' as const), asset: fc.nat(), day, value: amount }),
	fc.record({
		kind: fc.constant('rate' as const),
		pair: fc.constantFrom(
			['EUR', 'USD'],
			['EUR', 'CHF'],
			['USD', 'CHF'],
			['USD', 'EUR'],
			['CHF', 'EUR'],
			['CHF', 'USD']
		),
		// Few days for rates: pairs and euro legs of the same day, where the rule decides.
		day: fc.integer({ min: 0, max: 4 }).map((n) => addDays(START, n)),
		rate: rateText
	}),
	fc.record({ kind: fc.constant('base' as const), currency: fc.constantFrom(...CURRENCIES) })
);

interface NaiveRate {
	day: string;
	base: string;
	quote: string;
	rate: string;
}

/** The latest way from `from` to `to` on or before `on` by one rate (either way round). */
function latestPair(rates: NaiveRate[], from: string, to: string, on: string) {
	let best: { day: string; num: string; den: string; direct: boolean } | null = null;
	for (const r of rates) {
		if (r.day > on) continue;
		const direct = r.base === from && r.quote === to;
		const inverse = r.base === to && r.quote === from;
		if (!direct && !inverse) continue;
		const better = !best || r.day > best.day || (r.day === best.day && direct && !best.direct);
		if (better)
			best = { day: r.day, num: direct ? r.rate : '1', den: direct ? '1' : r.rate, direct };
	}
	return best;
}

/** Written out plainly: the rule of README "Currencies", with no shared code but the rounding. */
function naiveNetWorth(app: TestApp, on: string) {
	const engine = app.engine();
	const base =
		engine.value<string>("SELECT value FROM settings WHERE key = 'base_currency'") ?? 'EUR';
	const rates = engine.all<NaiveRate>('SELECT day, base, quote, rate FROM exchange_rates');
	const assets = engine.all<{ id: string; name: string; grp: string; currency: string }>(
		`SELECT a.id, a.name, t."group" AS grp, coalesce(d.currency, 'EUR') AS currency
     FROM assets a JOIN asset_types t ON t.id = a.asset_type_id
     LEFT JOIN asset_details d ON d.asset_id = a.id`
	);
	let total = new Dec(0);
	const missing: string[] = [];
	for (const a of assets) {
		const values = engine.all<{ value: string; at: string }>(
			'SELECT value, observed_at AS at FROM asset_snapshots WHERE asset_id = ? ORDER BY observed_at',
			[a.id]
		);
		const latest = values.filter((v) => v.at.slice(0, 10) <= on).at(-1);
		if (!latest) continue;
		let converted: string | null = latest.value;
		if (a.currency !== base) {
			const pair = latestPair(rates, a.currency, base, on);
			const first =
				a.currency === 'EUR' || base === 'EUR' ? null : latestPair(rates, a.currency, 'EUR', on);
			const second =
				a.currency === 'EUR' || base === 'EUR' ? null : latestPair(rates, 'EUR', base, on);
			const crossDay = first && second ? [first.day, second.day].sort()[0]! : null;
			if (pair && (crossDay === null || pair.day >= crossDay))
				converted = convertAmount(latest.value, pair.num, pair.den);
			else if (first && second)
				converted = convertAmount(
					latest.value,
					new Dec(first.num).times(second.num).toFixed(),
					new Dec(first.den).times(second.den).toFixed()
				);
			else converted = null;
		}
		if (converted === null) {
			missing.push(a.name);
			continue;
		}
		total = a.grp === 'LIABILITIES' ? total.minus(converted) : total.plus(converted);
	}
	return { netWorth: total.isZero() ? '0' : total.toFixed(), missing: missing.sort() };
}

describe('net worth in several currencies', () => {
	it('is on every day the naive sum of each value × the latest rate, or says what is missing', async () => {
		await fc.assert(
			fc.asyncProperty(
				fc.constantFrom(...CURRENCIES),
				fc.array(step, { minLength: 1, maxLength: 20 }),
				async (first, steps) => {
					const app = await openTestApp();
					await app.write('settings/base-currency', { currency: first });
					let n = 0;
					for (const s of steps) {
						const ids = app.engine().all<{ id: string }>('SELECT id FROM assets ORDER BY rowid');
						switch (s.kind) {
							case 'asset':
								await asset(app, `Asset ${n++}`, s.currency, {
									value: s.value,
									date: s.day,
									type: s.liability ? 'LOAN' : 'CASH'
								});
								break;
							case 'valuation':
								if (ids.length === 0) break;
								await app
									.write('valuations/add', {
										assetId: ids[s.asset % ids.length]!.id,
										input: { value: s.value, date: s.day }
									})
									// Before the acquisition, or a second on that day: refused, and that is fine.
									.catch((e: unknown) => expect((e as DatabaseError).code).toBe('validation'));
								break;
							case 'rate':
								await setRate(app, s.day, s.pair[0], s.pair[1], s.rate);
								break;
							case 'base':
								await app.write('settings/base-currency', { currency: s.currency });
								break;
						}
					}
					for (let i = 0; i <= 10; i++) {
						const on = addDays(START, i);
						const worth = await netWorthOn(app.db, on);
						const naive = naiveNetWorth(app, on);
						expect({
							netWorth: worth.netWorth,
							missing: worth.missing.map((m) => m.name).sort()
						}).toEqual(naive);
					}
				}
			),
			{ numRuns: 80, seed: 20261202 }
		);
	}, 120_000);
});
