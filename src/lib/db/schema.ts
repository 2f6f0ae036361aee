/**
 * The typed shape of the database (migrations/*.up.sql) for Kysely. Decimals
 * are plain text ("1234.56"); timestamps are ISO 8601 UTC text ("2025-01-15T00:00:00.000Z").
 */
import type { ColumnType, Generated } from 'kysely';
import type { TableName, TransactionType } from './messages';
import type { AssetGroup } from './reference-data';

export type { TableName, TransactionType };

/** Plain decimal text, e.g. "-250.75". Only the money module makes or reads these. */
export type DecimalText = string;
/** ISO 8601 UTC with milliseconds, e.g. "2025-01-15T00:00:00.000Z". */
export type Timestamp = string;
/** A column the database fills in when an insert leaves it out. */
type Defaulted<T> = ColumnType<T, T | undefined, T>;

export interface AssetTypeTable {
	id: string;
	code: string;
	label: string;
	group: Defaulted<AssetGroup>;
}

export interface CategoryTable {
	id: string;
	name: string;
	parent_id: string | null;
}

export interface TagTable {
	id: string;
	name: string;
}

export interface AssetTable {
	id: string;
	name: string;
	quantity: DecimalText | null;
	/** 0 or 1. */
	disposed: Defaulted<number>;
	asset_type_id: string;
	created_at: Defaulted<Timestamp>;
	updated_at: Defaulted<Timestamp>;
}

export interface AssetSnapshotTable {
	id: string;
	asset_id: string;
	value: DecimalText;
	observed_at: Timestamp;
	created_at: Defaulted<Timestamp>;
}

export interface PortfolioSnapshotTable {
	id: string;
	value: DecimalText;
	currency: Defaulted<string>;
	notes: string | null;
	observed_at: Timestamp;
	created_at: Defaulted<Timestamp>;
}

export interface TransactionTable {
	id: string;
	asset_id: string;
	type: TransactionType;
	unit_price: DecimalText;
	quantity: DecimalText;
	currency: Defaulted<string>;
	occurred_at: Timestamp;
	created_at: Defaulted<Timestamp>;
}

export interface AssetCategoryTable {
	asset_id: string;
	category_id: string;
}

export interface AssetTagTable {
	asset_id: string;
	tag_id: string;
}

export interface SchemaMigrationTable {
	version: number;
	name: string;
	checksum: string;
	applied_at: Timestamp;
}

/** The change history behind Undo (migrations/0002_change_log.up.sql). */
export interface ChangeLogTable {
	id: Generated<number>;
	made_at: Timestamp;
	kind: 'change' | 'undo' | 'redo';
	/** JSON of a ChangeSummary. */
	summary: string;
	changeset: Uint8Array | null;
	restore_point_id: string | null;
	reverts: number | null;
	undone_by: number | null;
}

/** Asset types valued per unit (migrations/0003_holdings.up.sql). */
export interface AssetTypeUnitsTable {
	asset_type_id: string;
	per_unit: number;
}

/** Valuations entered as a price per unit. */
export interface ValuationPriceTable {
	asset_snapshot_id: string;
	unit_price: DecimalText;
}

/** Derived: each asset's state at the end of each day something happened to it. */
export interface AssetDayTable {
	asset_id: string;
	/** YYYY-MM-DD */
	day: string;
	quantity: DecimalText;
	value: DecimalText | null;
	price: DecimalText | null;
	cost: DecimalText | null;
	invested: DecimalText | null;
	realised: DecimalText | null;
}

/** Derived: each sale's proceeds, cost and realised gain. */
export interface SaleResultTable {
	transaction_id: string;
	asset_id: string;
	proceeds: DecimalText;
	cost: DecimalText;
	gain: DecimalText;
}

/** An asset's currency (migrations/0004_currencies.up.sql); without a row, EUR. */
export interface AssetDetailsTable {
	asset_id: string;
	currency: string;
}

/** 1 `base` = `rate` `quote` on `day`. */
export interface ExchangeRateTable {
	day: string;
	base: string;
	quote: string;
	rate: DecimalText;
}

/** This database's settings: base_currency. */
export interface SettingTable {
	key: string;
	value: string;
}

/** Derived: the factor (num ÷ den) converting a currency into the base from a day on. */
export interface CurrencyDayTable {
	currency: string;
	day: string;
	num: DecimalText;
	den: DecimalText;
	rate_day: string;
	via: 'direct' | 'EUR';
}

/** Derived: each series' total on each day something happened (migrations/0005). */
export interface SeriesDayTable {
	breakdown: 'total' | 'group' | 'type' | 'category';
	day: string;
	key: string;
	total: DecimalText;
	held: number;
	missing: number;
}

export interface DerivedVersionTable {
	name: string;
	version: number;
}

export interface Database {
	asset_types: AssetTypeTable;
	categories: CategoryTable;
	tags: TagTable;
	assets: AssetTable;
	asset_snapshots: AssetSnapshotTable;
	portfolio_snapshots: PortfolioSnapshotTable;
	transactions: TransactionTable;
	asset_categories: AssetCategoryTable;
	asset_tags: AssetTagTable;
	asset_type_units: AssetTypeUnitsTable;
	valuation_prices: ValuationPriceTable;
	asset_details: AssetDetailsTable;
	exchange_rates: ExchangeRateTable;
	settings: SettingTable;
	asset_days: AssetDayTable;
	sale_results: SaleResultTable;
	currency_days: CurrencyDayTable;
	series_days: SeriesDayTable;
	derived_versions: DerivedVersionTable;
	change_log: ChangeLogTable;
	schema_migrations: SchemaMigrationTable;
}
