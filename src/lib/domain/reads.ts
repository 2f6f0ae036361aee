/**
 * Which tables each read of the pages reads: a page re-reads a query only when a change touched
 * one of them (state/live.svelte.ts). Written next to nothing else on purpose: one small map to
 * keep right when a query changes.
 */
import { TABLES, type TableName } from '$lib/db/messages';

/**
 * Net worth, an asset's value, holdings: each asset's state per day, the assets and their types,
 * their currencies and the factors converting them into the base.
 */
const WORTH: TableName[] = [
	'assets',
	'asset_types',
	'asset_days',
	'asset_details',
	'currency_days',
	'settings'
];

export const READS = {
	netWorth: WORTH,
	assetCount: ['assets'],
	/** The chart and the allocation: the stored series, their labels, where assets start. */
	history: ['series_days', 'asset_days', 'assets', 'asset_types', 'categories'],
	/** The asset list and an asset's page, with categories and tags. */
	assets: [...WORTH, 'asset_type_units', 'categories', 'asset_categories', 'tags', 'asset_tags'],
	valuations: ['asset_snapshots', 'valuation_prices'],
	transactions: ['transactions', 'assets', 'asset_details', 'sale_results'],
	deletionImpact: ['asset_snapshots', 'transactions'],
	/** The lists a form chooses from, with their counts. */
	catalog: [
		'asset_types',
		'asset_type_units',
		'assets',
		'categories',
		'asset_categories',
		'tags',
		'asset_tags'
	],
	tags: ['tags', 'asset_tags'],
	categories: ['categories', 'asset_categories'],
	assetTypes: ['asset_types', 'asset_type_units', 'assets'],
	assetNames: ['assets', 'asset_details'],
	baseCurrency: ['settings'],
	/** The currencies in use with their rates, and the rates themselves. */
	currencies: [...WORTH, 'exchange_rates'],
	rates: ['exchange_rates'],
	/** The change history; destructive changes also add restore points. */
	changes: ['change_log'],
	/** Whatever the database holds (the Database and Storage panels). */
	everything: [...TABLES]
} satisfies Record<string, TableName[]>;
