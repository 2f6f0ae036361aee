/**
 * The demo database's content: the reference demo data of the original Strata (6 assets, 15
 * monthly valuations each ending today, €239,200 net worth today). Seeding matches rows by their
 * natural keys (names, asset + day), so running it twice adds nothing. It only ever runs on the
 * demo database.
 */
import { addMonths, type DateText } from './dates';
import { refreshSnapshotsStatements } from './net-worth';
import { addDecimals } from './money';
import type { SyncSql } from '$lib/db/sync-sql';
import { rebuildAllHoldings } from '$lib/db/worker/derived';

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
 * Seeds the demo data for `today`; returns how many rows it added. Inside one transaction.
 *
 * @example seedDemo(engine, '2026-11-21') // then net worth today is 239200
 */
export function seedDemo(sql: SyncSql, today: DateText, currency = 'EUR'): number {
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
			[json(DEMO_ASSETS)]
		);
		const valuations = DEMO_ASSETS.flatMap((asset) =>
			demoValuations(asset, today).map((v) => ({ asset: asset.name, ...v }))
		);
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
       SELECT uuid(), a.id, 'ACQUIRE', j.value ->> 'today', '1', ?2, ?3
       FROM json_each(?1) j JOIN assets a ON a.name = j.value ->> 'name'
       WHERE NOT EXISTS (SELECT 1 FROM transactions x WHERE x.asset_id = a.id AND x.type = 'ACQUIRE')`,
			[json(DEMO_ASSETS), currency, `${DEMO_ACQUIRED_ON}T00:00:00.000Z`]
		);
		const links = (pick: (a: DemoAsset) => string[]) =>
			json(DEMO_ASSETS.flatMap((a) => pick(a).map((name) => ({ asset: a.name, name }))));
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
		if (added > 0) {
			rebuildAllHoldings(sql);
			for (const statement of refreshSnapshotsStatements(DEMO_ACQUIRED_ON, currency)) {
				sql.run(statement.sql, statement.params);
			}
		}
		return added;
	});
}
