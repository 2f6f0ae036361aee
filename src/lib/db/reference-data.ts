/**
 * Rows every Strata database holds: the 13 reference asset types of the original, matched by
 * `code`. They are inserted where missing (never overwritten: a user may rename one) after every
 * migration run and every import, so no database is ever without them.
 */
import type { SyncSql } from './sync-sql';

export const ASSET_GROUPS = [
	'FINANCIAL',
	'REAL_ESTATE',
	'PERSONAL_PROPERTY',
	'PHYSICAL_COLLECTIONS',
	'LIABILITIES',
	'OTHER'
] as const;
export type AssetGroup = (typeof ASSET_GROUPS)[number];

export const GROUP_LABELS: Record<AssetGroup, string> = {
	FINANCIAL: 'Financial',
	REAL_ESTATE: 'Real estate',
	PERSONAL_PROPERTY: 'Personal property',
	PHYSICAL_COLLECTIONS: 'Collections',
	LIABILITIES: 'Liabilities',
	OTHER: 'Other'
};

export interface ReferenceAssetType {
	code: string;
	label: string;
	group: AssetGroup;
}

export const REFERENCE_ASSET_TYPES: readonly ReferenceAssetType[] = [
	{ code: 'CHECKING_ACCOUNT', label: 'Checking Account', group: 'FINANCIAL' },
	{ code: 'SAVINGS_ACCOUNT', label: 'Savings Account', group: 'FINANCIAL' },
	{ code: 'CASH', label: 'Cash', group: 'FINANCIAL' },
	{ code: 'REAL_ESTATE', label: 'Real Estate', group: 'REAL_ESTATE' },
	{ code: 'STOCKS', label: 'Stocks', group: 'FINANCIAL' },
	{ code: 'CRYPTO', label: 'Crypto', group: 'FINANCIAL' },
	{ code: 'BONDS', label: 'Bonds', group: 'FINANCIAL' },
	{ code: 'PERSONAL_PROPERTY', label: 'Personal Property', group: 'PERSONAL_PROPERTY' },
	{ code: 'VEHICLE', label: 'Vehicle', group: 'PERSONAL_PROPERTY' },
	{ code: 'LOAN', label: 'Loan', group: 'LIABILITIES' },
	{ code: 'COLLECTIBLES', label: 'Collectibles', group: 'PHYSICAL_COLLECTIONS' },
	{ code: 'BUSINESS', label: 'Business', group: 'OTHER' },
	{ code: 'OTHER', label: 'Other', group: 'OTHER' }
];

/** The reference types valued per unit unless the user says otherwise. */
export const PER_UNIT_CODES: readonly string[] = ['STOCKS', 'CRYPTO', 'BONDS'];

export function isPerUnitByDefault(code: string): boolean {
	return PER_UNIT_CODES.includes(code);
}

/** SQL: whether the type t (joined with its asset_type_units row u) is valued per unit. */
export const PER_UNIT_SQL = `coalesce(u.per_unit, CASE WHEN t.code IN (${PER_UNIT_CODES.map((c) => `'${c}'`).join(', ')}) THEN 1 ELSE 0 END)`;

export function isReferenceTypeCode(code: string): boolean {
	return REFERENCE_ASSET_TYPES.some((type) => type.code === code);
}

/** Inserts the reference asset types that are missing (by code); returns how many were added. */
export function ensureReferenceAssetTypes(sql: SyncSql): number {
	const [table] = sql.all<{ n: number }>(
		"SELECT count(*) AS n FROM sqlite_schema WHERE type = 'table' AND name = 'asset_types'"
	);
	if (!table?.n) return 0;
	// Read first: on nearly every start all of them are there, and a write transaction would
	// cost a journal and a flush to OPFS for nothing.
	const codes = JSON.stringify(REFERENCE_ASSET_TYPES.map((type) => type.code));
	const [present] = sql.all<{ n: number }>(
		'SELECT count(*) AS n FROM asset_types WHERE code IN (SELECT value FROM json_each(?))',
		[codes]
	);
	if (present?.n === REFERENCE_ASSET_TYPES.length) return 0;
	// "WHERE true" lets SQLite tell the upsert clause from a join constraint.
	return sql.run(
		`INSERT INTO asset_types (id, code, label, "group")
		 SELECT uuid(), value ->> 'code', value ->> 'label', value ->> 'group'
		 FROM json_each(?) WHERE true
		 ON CONFLICT (code) DO NOTHING`,
		[JSON.stringify(REFERENCE_ASSET_TYPES)]
	);
}
