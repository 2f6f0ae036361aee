/**
 * The demo database's content: the reference demo data of the original Strata (6 assets, 15
 * monthly valuations each ending today, €239,200 net worth today), and what it teaches beyond
 * it (a fund bought in lots, assets in USD and CHF with a year of rates), net worth unchanged. Seeding matches rows by their
 * natural keys (names, asset + day), so running it twice adds nothing. It only ever runs on the
 * demo database.
 */
import { addDays, addMonths, type DateText } from './dates';
import { addDecimals, multiplyDecimals } from './money';
import type { SyncSql } from '$lib/db/sync-sql';
import { rebuildAllDerived } from '$lib/db/worker/derived';

export const DEMO_CATEGORIES: Record<string, string[]> = {
	'Real Estate': ['Residential', 'Commercial', 'Land'],
	Financial: ['Banking', 'Investments', 'Retirement'],
	Personal: ['Vehicles', 'Electronics', 'Furniture'],
	Collections: ['Art', 'Wine', 'LEGO', 'Books'],
	Liabilities: ['Mortgages', 'Student Loans', 'Credit Cards']
};

export const DEMO_TAGS = [
	'primary-residence',
	'rental',
	'paris',
	'lyon',
	'vintage',
	'high-value',
	'income-generating',
	'depreciating',
	'appreciating',
	'insured',
	'tax-deductible',
	'liquid',
	'illiquid'
];

interface DemoAsset {
	name: string;
	type: string;
	today: string;
	first: string;
	step: string;
	tags: string[];
	category: string;
}

export const DEMO_ASSETS: readonly DemoAsset[] = [
	{
		name: 'BNP Checking Account',
		type: 'CHECKING_ACCOUNT',
		today: '4250',
		first: '3830',
		step: '30',
		tags: ['liquid'],
		category: 'Banking'
	},
	{
		name: 'Livret A Savings',
		type: 'SAVINGS_ACCOUNT',
		today: '22950',
		first: '21900',
		step: '75',
		tags: ['liquid', 'tax-deductible'],
		category: 'Banking'
	},
	{
		name: 'Apartment Paris 11e',
		type: 'REAL_ESTATE',
		today: '385000',
		first: '368200',
		step: '1200',
		tags: ['primary-residence', 'paris', 'high-value', 'insured'],
		category: 'Residential'
	},
	{
		name: 'Home Loan — BNP',
		type: 'LOAN',
		today: '180000',
		first: '186020',
		step: '-430',
		tags: ['illiquid'],
		category: 'Mortgages'
	},
	{
		name: 'Toyota Yaris 2022',
		type: 'VEHICLE',
		today: '5000',
		first: '6400',
		step: '-100',
		tags: ['depreciating', 'insured'],
		category: 'Vehicles'
	},
	{
		name: 'Renault Kangoo 2019',
		type: 'VEHICLE',
		today: '2000',
		first: '2560',
		step: '-40',
		tags: ['depreciating'],
		category: 'Vehicles'
	}
];

export const DEMO_ACQUIRED_ON = '2025-01-15';
const MONTHS = 15;

/** The 15 monthly valuations of an asset, oldest first, the last one on `today`. */
export function demoValuations(
	asset: DemoAsset,
	today: DateText
): { day: DateText; value: string }[] {
	const values: { day: DateText; value: string }[] = [];
	let value = asset.first;
	for (let i = MONTHS - 1; i >= 0; i--) {
		values.push({ day: addMonths(today, -i), value });
		value = addDecimals(value, asset.step);
	}
	return values;
}

/**
 * What the demo teaches beyond the original's: a fund bought in two lots and partly sold, valued
 * by a price per unit each month (so its cost basis, its realised gain and its gain show), and
 * a credit card whose balance today is what the fund is worth today, so the demo's net worth
 * today stays the original's €239,200.
 */
export const DEMO_FUND = {
	name: 'ETF MSCI World',
	type: 'STOCKS',
	category: 'Investments',
	tags: ['liquid', 'appreciating'],
	/** Months before today, units, price per unit. */
	buys: [
		{ monthsAgo: 12, quantity: '6', price: '80' },
		{ monthsAgo: 8, quantity: '4', price: '90' }
	],
	sale: { monthsAgo: 3, quantity: '4', price: '105' },
	/** The price per unit at the end of each month, from 12 months ago to today. */
	prices: ['80', '82', '85', '84', '90', '92', '95', '97', '100', '105', '104', '107', '110']
} as const;

export const DEMO_CARD = {
	name: 'Credit card — Visa',
	type: 'LOAN',
	category: 'Credit Cards',
	tags: ['liquid'],
	/** The balance 12 months ago, then +10 each month: 660 today, what the fund is worth. */
	first: '540',
	step: '10'
} as const;

/**
 * Assets in other currencies, and the debt that balances them: a USD brokerage account worth
 * $5,400 and a CHF pension of CHF 9,300 today, at today's 1 EUR = 1.08 USD and 0.93 CHF, count
 * €5,000 + €10,000, which a family loan of €15,000 takes back: net worth today stays €239,200.
 */
export const DEMO_CURRENCY_ASSETS: readonly (DemoAsset & { currency: string })[] = [
	{
		name: 'Brokerage account (USD)',
		type: 'STOCKS',
		currency: 'USD',
		today: '5400',
		first: '4700',
		step: '50',
		tags: ['liquid'],
		category: 'Investments'
	},
	{
		name: 'Swiss pension (CHF)',
		type: 'SAVINGS_ACCOUNT',
		currency: 'CHF',
		today: '9300',
		first: '8600',
		step: '50',
		tags: ['illiquid'],
		category: 'Retirement'
	},
	{
		name: 'Loan from family',
		type: 'LOAN',
		currency: 'EUR',
		today: '15000',
		first: '15000',
		step: '0',
		tags: [],
		category: 'Liabilities'
	}
];

/** Today's rates (1 EUR = …) of the demo's currencies; each working day before moves a little. */
export const DEMO_RATES = { USD: '1.08', CHF: '0.93' } as const;
/** The same in ten-thousandths. */
const RATE_UNITS = { USD: 10800, CHF: 9300 };

/**
 * A rate for every working day of the last 15 months and for today (whatever day it is): a
 * gentle zigzag of ±0.3% around today's rate, in whole ten-thousandths (no float involved).
 */
export function demoRates(today: DateText): { day: string; quote: string; rate: string }[] {
	const rows: { day: string; quote: string; rate: string }[] = [];
	const from = addMonths(today, -MONTHS);
	for (let k = 0; ; k++) {
		const day = addDays(today, -k);
		if (day < from) break;
		const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
		if (k > 0 && (weekday === 0 || weekday === 6)) continue;
		// 0 today, then up to +30 and down to −30 ten-thousandths and back, over 120 days.
		const zigzag = 30 - Math.abs(((k + 30) % 120) - 60);
		for (const [quote, units] of Object.entries(RATE_UNITS)) {
			const rate = String(units + zigzag).padStart(5, '0');
			rows.push({ day, quote, rate: `${rate.slice(0, -4)}.${rate.slice(-4)}` });
		}
	}
	return rows;
}

/** The fund's quantity held `monthsAgo` months before today (after that day's buy or sale). */
function fundHeld(monthsAgo: number): string {
	let held = '0';
	for (const buy of DEMO_FUND.buys)
		if (buy.monthsAgo >= monthsAgo) held = addDecimals(held, buy.quantity);
	if (DEMO_FUND.sale.monthsAgo >= monthsAgo)
		held = addDecimals(held, `-${DEMO_FUND.sale.quantity}`);
	return held;
}

/** The fund's transactions and unit-price valuations, and the card's, for `today`. */
function extraRows(today: DateText) {
	const at = (monthsAgo: number) => `${addMonths(today, -monthsAgo)}T00:00:00.000Z`;
	const transactions = [
		...DEMO_FUND.buys.map((buy) => ({
			asset: DEMO_FUND.name,
			type: 'ACQUIRE',
			quantity: buy.quantity,
			price: buy.price,
			at: at(buy.monthsAgo)
		})),
		{
			asset: DEMO_FUND.name,
			type: 'DISPOSE',
			quantity: DEMO_FUND.sale.quantity,
			price: DEMO_FUND.sale.price,
			at: at(DEMO_FUND.sale.monthsAgo)
		},
		{ asset: DEMO_CARD.name, type: 'ACQUIRE', quantity: '1', price: DEMO_CARD.first, at: at(12) }
	];
	const valuations = DEMO_FUND.prices.map((price, i) => {
		const monthsAgo = DEMO_FUND.prices.length - 1 - i;
		return {
			asset: DEMO_FUND.name as string,
			at: at(monthsAgo),
			value: multiplyDecimals(price, fundHeld(monthsAgo)),
			unitPrice: price as string | null
		};
	});
	let balance: string = DEMO_CARD.first;
	for (let monthsAgo = 12; monthsAgo >= 0; monthsAgo--) {
		valuations.push({ asset: DEMO_CARD.name, at: at(monthsAgo), value: balance, unitPrice: null });
		balance = addDecimals(balance, DEMO_CARD.step);
	}
	return { transactions, valuations };
}

/**
 * Seeds the demo data for `today`; returns how many rows it added. Inside one transaction.
 *
 * @example seedDemo(engine, '2026-11-21') // then net worth today is 239200
 */
export function seedDemo(sql: SyncSql, today: DateText): number {
	const currency = 'EUR';
	const json = JSON.stringify;
	return sql.transaction(() => {
		let added = 0;
		const roots = Object.keys(DEMO_CATEGORIES);
		const children = Object.entries(DEMO_CATEGORIES).flatMap(([parent, names]) =>
			names.map((name) => ({ name, parent }))
		);
		added += sql.run(
			`INSERT INTO categories (id, name, parent_id)
       SELECT uuid(), j.value, NULL FROM json_each(?1) j
       WHERE NOT EXISTS (SELECT 1 FROM categories c WHERE c.name = j.value)`,
			[json(roots)]
		);
		added += sql.run(
			`INSERT INTO categories (id, name, parent_id)
       SELECT uuid(), j.value ->> 'name', (SELECT id FROM categories p WHERE p.name = j.value ->> 'parent')
       FROM json_each(?1) j
       WHERE NOT EXISTS (SELECT 1 FROM categories c WHERE c.name = j.value ->> 'name')`,
			[json(children)]
		);
		added += sql.run(
			`INSERT INTO tags (id, name) SELECT uuid(), j.value FROM json_each(?1) j
       WHERE NOT EXISTS (SELECT 1 FROM tags t WHERE t.name = j.value)`,
			[json(DEMO_TAGS)]
		);
		added += sql.run(
			`INSERT INTO assets (id, name, quantity, disposed, asset_type_id)
       SELECT uuid(), j.value ->> 'name', '1', 0, (SELECT id FROM asset_types WHERE code = j.value ->> 'type')
       FROM json_each(?1) j
       WHERE NOT EXISTS (SELECT 1 FROM assets a WHERE a.name = j.value ->> 'name')`,
			[json([...DEMO_ASSETS, ...DEMO_CURRENCY_ASSETS])]
		);
		const foreign = DEMO_CURRENCY_ASSETS.map((asset) => ({
			asset,
			valuations: demoValuations(asset, today)
		}));
		const valuations = [
			...DEMO_ASSETS.map((asset) => ({ asset, valuations: demoValuations(asset, today) })),
			...foreign
		].flatMap(({ asset, valuations }) => valuations.map((v) => ({ asset: asset.name, ...v })));
		added += sql.run(
			`INSERT INTO asset_snapshots (id, asset_id, value, observed_at)
       SELECT uuid(), a.id, j.value ->> 'value', (j.value ->> 'day') || 'T00:00:00.000Z'
       FROM json_each(?1) j JOIN assets a ON a.name = j.value ->> 'asset'
       WHERE NOT EXISTS (SELECT 1 FROM asset_snapshots s
         WHERE s.asset_id = a.id AND substr(s.observed_at, 1, 10) = j.value ->> 'day')`,
			[json(valuations)]
		);
		added += sql.run(
			`INSERT INTO transactions (id, asset_id, type, unit_price, quantity, currency, occurred_at)
       SELECT uuid(), a.id, 'ACQUIRE', j.value ->> 'first', '1', ?2, ?3
       FROM json_each(?1) j JOIN assets a ON a.name = j.value ->> 'name'
       WHERE NOT EXISTS (SELECT 1 FROM transactions x WHERE x.asset_id = a.id AND x.type = 'ACQUIRE')`,
			[json(DEMO_ASSETS), currency, `${DEMO_ACQUIRED_ON}T00:00:00.000Z`]
		);
		// The fund and the card: their own transactions and valuations, matched by asset and day.
		added += sql.run(
			`INSERT INTO assets (id, name, quantity, disposed, asset_type_id)
       SELECT uuid(), j.value ->> 'name', ?2, 0, (SELECT id FROM asset_types WHERE code = j.value ->> 'type')
       FROM json_each(?1) j
       WHERE NOT EXISTS (SELECT 1 FROM assets a WHERE a.name = j.value ->> 'name')`,
			[json([DEMO_FUND, DEMO_CARD]), fundHeld(0)]
		);
		sql.run(`UPDATE assets SET quantity = '1' WHERE name = ?1 AND quantity <> '1'`, [
			DEMO_CARD.name
		]);
		const extra = extraRows(today);
		added += sql.run(
			`INSERT INTO transactions (id, asset_id, type, unit_price, quantity, currency, occurred_at)
       SELECT uuid(), a.id, j.value ->> 'type', j.value ->> 'price', j.value ->> 'quantity', ?2, j.value ->> 'at'
       FROM json_each(?1) j JOIN assets a ON a.name = j.value ->> 'asset'
       WHERE NOT EXISTS (SELECT 1 FROM transactions x WHERE x.asset_id = a.id
         AND x.type = j.value ->> 'type' AND x.occurred_at = j.value ->> 'at')`,
			[json(extra.transactions), currency]
		);
		added += sql.run(
			`INSERT INTO asset_snapshots (id, asset_id, value, observed_at)
       SELECT uuid(), a.id, j.value ->> 'value', j.value ->> 'at'
       FROM json_each(?1) j JOIN assets a ON a.name = j.value ->> 'asset'
       WHERE NOT EXISTS (SELECT 1 FROM asset_snapshots s
         WHERE s.asset_id = a.id AND substr(s.observed_at, 1, 10) = substr(j.value ->> 'at', 1, 10))`,
			[json(extra.valuations)]
		);
		sql.run(
			`INSERT OR IGNORE INTO valuation_prices (asset_snapshot_id, unit_price)
       SELECT s.id, j.value ->> 'unitPrice'
       FROM json_each(?1) j JOIN assets a ON a.name = j.value ->> 'asset'
       JOIN asset_snapshots s ON s.asset_id = a.id AND s.observed_at = j.value ->> 'at'
       WHERE j.value ->> 'unitPrice' IS NOT NULL`,
			[json(extra.valuations)]
		);

		// The assets in other currencies: their currencies, acquisitions (at the first value) and
		// the rates.
		sql.run(
			`INSERT OR IGNORE INTO asset_details (asset_id, currency)
       SELECT a.id, j.value ->> 'currency' FROM json_each(?1) j JOIN assets a ON a.name = j.value ->> 'name'`,
			[json(DEMO_CURRENCY_ASSETS)]
		);
		added += sql.run(
			`INSERT INTO transactions (id, asset_id, type, unit_price, quantity, currency, occurred_at)
       SELECT uuid(), a.id, 'ACQUIRE', j.value ->> 'price', '1', j.value ->> 'currency', j.value ->> 'at'
       FROM json_each(?1) j JOIN assets a ON a.name = j.value ->> 'asset'
       WHERE NOT EXISTS (SELECT 1 FROM transactions x WHERE x.asset_id = a.id AND x.type = 'ACQUIRE')`,
			[
				json(
					foreign.map(({ asset, valuations }) => ({
						asset: asset.name,
						price: asset.first,
						currency: asset.currency,
						at: `${valuations[0]!.day}T00:00:00.000Z`
					}))
				)
			]
		);
		added += sql.run(
			`INSERT OR IGNORE INTO exchange_rates (day, base, quote, rate)
       SELECT value ->> 'day', 'EUR', value ->> 'quote', value ->> 'rate' FROM json_each(?1)`,
			[json(demoRates(today))]
		);

		const everyAsset = [...DEMO_ASSETS, DEMO_FUND, DEMO_CARD, ...DEMO_CURRENCY_ASSETS];
		const links = (pick: (a: (typeof everyAsset)[number]) => readonly string[]) =>
			json(everyAsset.flatMap((a) => pick(a).map((name) => ({ asset: a.name, name }))));
		added += sql.run(
			`INSERT OR IGNORE INTO asset_categories (asset_id, category_id)
       SELECT a.id, c.id FROM json_each(?1) j
       JOIN assets a ON a.name = j.value ->> 'asset' JOIN categories c ON c.name = j.value ->> 'name'`,
			[links((a) => [a.category])]
		);
		added += sql.run(
			`INSERT OR IGNORE INTO asset_tags (asset_id, tag_id)
       SELECT a.id, t.id FROM json_each(?1) j
       JOIN assets a ON a.name = j.value ->> 'asset' JOIN tags t ON t.name = j.value ->> 'name'`,
			[links((a) => a.tags)]
		);
		if (added > 0) rebuildAllDerived(sql);
		return added;
	});
}
