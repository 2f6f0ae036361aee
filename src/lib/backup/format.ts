/**
 * The Strata v1 JSON backup format (shared with the original Strata 1.2.x), read strictly: every
 * problem is reported with its JSON path and what is wrong, at most the first 20, and nothing is
 * written unless the whole file is valid. Unknown fields are ignored; missing optional fields
 * and tables take their defaults; decimals are kept exactly as written (never rounded).
 */
import { z } from '$lib/domain/zod-setup';
import { ASSET_GROUPS, REFERENCE_ASSET_TYPES, type AssetGroup } from '$lib/db/reference-data';
import type { BackupTable, TransactionType } from '$lib/db/messages';
import { isDateText, normalizeTimestamp } from '$lib/domain/dates';
import { AppError } from '$lib/domain/errors';
import { nameKey } from '$lib/domain/names';
import { MAX_FRACTION_DIGITS, MAX_INTEGER_DIGITS, validatePlainDecimal } from '$lib/domain/money';
import { m } from '$lib/paraglide/messages';
import { NONE_WORDS, problemAt } from './problems';

export const SCHEMA_VERSION = '1';
export const MAX_PROBLEMS = 20;

export const TABLE_KEYS = [
	'assetTypes',
	'assetTypeUnits',
	'categories',
	'tags',
	'assets',
	'assetDetails',
	'assetSnapshots',
	'valuationPrices',
	'portfolioSnapshots',
	'transactions',
	'categoriesOnAssets',
	'tagsOnAssets',
	'exchangeRates',
	'settings'
] as const satisfies readonly BackupTable[];

/** Our tables, which Strata 1.2 ignores: new facts go here, never as new fields on its rows. */
export const OUR_TABLE_KEYS: readonly TableKey[] = [
	'assetTypeUnits',
	'valuationPrices',
	'assetDetails',
	'exchangeRates',
	'settings'
];

/** The original's nine tables: their rows keep exactly the original's fields. */
export const ORIGINAL_TABLE_KEYS = TABLE_KEYS.filter((key) => !OUR_TABLE_KEYS.includes(key));
export type TableKey = BackupTable;

/** Where each table of the backup lives in the database (parents before children). */
export const TABLE_NAMES: Record<TableKey, string> = {
	assetTypes: 'asset_types',
	assetTypeUnits: 'asset_type_units',
	valuationPrices: 'valuation_prices',
	categories: 'categories',
	tags: 'tags',
	assets: 'assets',
	assetDetails: 'asset_details',
	assetSnapshots: 'asset_snapshots',
	portfolioSnapshots: 'portfolio_snapshots',
	transactions: 'transactions',
	categoriesOnAssets: 'asset_categories',
	tagsOnAssets: 'asset_tags',
	exchangeRates: 'exchange_rates',
	settings: 'settings'
};

/**
 * A backup that cannot be imported; `problems` say which row and what is wrong, each with its
 * place in the file at the end ("… (data.assets[3].quantity)"), at most 20.
 */
export class BackupError extends AppError {
	override name = 'BackupError';
	constructor(
		message: string,
		readonly problems: string[] = []
	) {
		super('bad-file', message, { problems });
	}
}

/** What a value of the file is, in words ("the number 42"). */
function describe(value: unknown): string {
	if (value === undefined) return m.backupfile_found_nothing();
	if (value === null) return 'null'; // not shown as words: JSON's own null, as in the file
	if (Array.isArray(value)) return m.backupfile_found_array();
	if (typeof value === 'string')
		return m.backupfile_found_text({
			text: JSON.stringify(value.length > 40 ? value.slice(0, 40) + '…' : value)
		});
	if (typeof value === 'number') return m.backupfile_found_number({ number: String(value) });
	if (typeof value === 'boolean') return String(value);
	if (typeof value === 'object') return m.backupfile_found_object();
	return typeof value; // not shown: JSON.parse gives none of the other kinds
}

/** A field's problem, or that it is missing when there is nothing there. */
const unlessMissing = (input: unknown, problem: () => string): string =>
	input === undefined ? m.backupfile_is_missing() : problem();

/** The reason for a value of the wrong kind: "is not text (it is the number 42)". */
const wrongKind =
	(words: (inputs: { found: string }) => string) =>
	(issue: { input?: unknown }): string =>
		unlessMissing(issue.input, () => words({ found: describe(issue.input) }));

/** Computed when validation fails (never at load), so in the language of that request. */
const nonEmpty = { error: () => m.backupfile_is_empty() };

/** Half of a UTF-16 pair on its own: not a character, and no UTF-8 text (SQLite's) can hold it. */
const LONE_SURROGATE = /\p{Cs}/u;

const text = z
	.string({ error: wrongKind(m.backupfile_not_text) })
	// Kept exactly or refused, never changed: stored, it would silently become "\ufffd".
	.refine((value) => !LONE_SURROGATE.test(value), {
		error: () => m.backupfile_broken_character({ example: '\\ud800' })
	});
const id = text.min(1, nonEmpty);

/**
 * A decimal is checked by one regular expression (fast: a backup can hold a million of them);
 * only a value that fails gets the detailed reason from the money module.
 */
const DECIMAL = new RegExp(`^-?\\d{1,${MAX_INTEGER_DIGITS}}(\\.\\d{1,${MAX_FRACTION_DIGITS}})?$`);
const decimal = z.string({ error: wrongKind(m.backupfile_not_decimal_text) }).regex(DECIMAL, {
	error: (issue) => {
		const value = String(issue.input);
		if (value === '') return m.backupfile_is_empty();
		const result = validatePlainDecimal(value);
		// Leading zeros beyond 20 digits pass the money module but not this check: still refused.
		return result.ok
			? m.backupfile_too_many_digits({
					value: JSON.stringify(value),
					digits: String(MAX_INTEGER_DIGITS)
				})
			: result.error;
	}
});

/** A timestamp in any ISO 8601 form, stored in the one canonical UTC form. */
const timestamp = z
	.string({ error: wrongKind(m.backupfile_not_timestamp_text) })
	.overwrite((value) => normalizeTimestamp(value) ?? value)
	.refine((value) => normalizeTimestamp(value) === value, {
		error: (issue) => m.backupfile_bad_timestamp({ value: JSON.stringify(issue.input) })
	});

/** A row that is not an object: "Row 4 of the assets is not a row of fields (it is null)". */
const asRow = {
	error: (issue: { input?: unknown }) => m.backupfile_not_row({ found: describe(issue.input) })
};

const TRANSACTION_TYPES = ['ACQUIRE', 'DISPOSE', 'ADJUST'] as const satisfies TransactionType[];

/** Rows that leave out createdAt/updatedAt get the time of the import (filled in by SQL). */
const createdAt = timestamp.optional().transform((v) => v ?? null);

const referenceGroups = new Map(REFERENCE_ASSET_TYPES.map((t) => [t.code, t.group]));

const assetTypeRow = z
	.object(
		{
			id,
			code: text.min(1, nonEmpty),
			label: text.min(1, nonEmpty),
			group: z
				.enum(ASSET_GROUPS, {
					error: (issue) =>
						m.backupfile_not_one_of({
							choices: ASSET_GROUPS.join(', '),
							found: describe(issue.input)
						})
				})
				.optional()
		},
		asRow
	)
	.transform((row) => ({
		id: row.id,
		code: row.code,
		label: row.label,
		group: (row.group ?? referenceGroups.get(row.code) ?? 'OTHER') as AssetGroup
	}));

const categoryRow = z
	.object({ id, name: text.min(1, nonEmpty), parentId: id.nullable().optional() }, asRow)
	.transform((row) => ({ id: row.id, name: row.name, parentId: row.parentId ?? null }));

const tagRow = z
	.object({ id, name: text.min(1, nonEmpty) }, asRow)
	.transform((row) => ({ id: row.id, name: row.name }));

const assetRow = z
	.object(
		{
			id,
			name: text.min(1, nonEmpty),
			quantity: decimal.nullable().optional(),
			disposed: z.boolean({ error: wrongKind(m.backupfile_not_boolean) }).optional(),
			assetTypeId: id,
			createdAt,
			updatedAt: createdAt
		},
		asRow
	)
	.transform((row) => ({
		id: row.id,
		name: row.name,
		quantity: row.quantity ?? null,
		disposed: row.disposed ?? false,
		assetTypeId: row.assetTypeId,
		createdAt: row.createdAt,
		updatedAt: row.updatedAt
	}));

const assetSnapshotRow = z
	.object({ id, assetId: id, value: decimal, observedAt: timestamp, createdAt }, asRow)
	.transform((row) => ({
		id: row.id,
		assetId: row.assetId,
		value: row.value,
		observedAt: row.observedAt,
		createdAt: row.createdAt
	}));

const portfolioSnapshotRow = z
	.object(
		{
			id,
			value: decimal,
			currency: text.optional(),
			notes: text.nullable().optional(),
			observedAt: timestamp,
			createdAt
		},
		asRow
	)
	.transform((row) => ({
		id: row.id,
		value: row.value,
		currency: row.currency ?? 'EUR',
		notes: row.notes ?? null,
		observedAt: row.observedAt,
		createdAt: row.createdAt
	}));

const transactionRow = z
	.object(
		{
			id,
			assetId: id,
			type: z.enum(TRANSACTION_TYPES, {
				error: (issue) =>
					unlessMissing(issue.input, () =>
						m.backupfile_not_one_of({
							choices: TRANSACTION_TYPES.join(', '),
							found: describe(issue.input)
						})
					)
			}),
			unitPrice: decimal,
			quantity: decimal,
			currency: text.optional(),
			occurredAt: timestamp,
			createdAt
		},
		asRow
	)
	.transform((row) => ({
		id: row.id,
		assetId: row.assetId,
		type: row.type as TransactionType,
		unitPrice: row.unitPrice,
		quantity: row.quantity,
		currency: row.currency ?? 'EUR',
		occurredAt: row.occurredAt,
		createdAt: row.createdAt
	}));

/** Ours: an asset type valued per unit (or not, against its default). */
const assetTypeUnitsRow = z
	.object(
		{
			assetTypeId: id,
			perUnit: z.boolean({ error: wrongKind(m.backupfile_not_boolean) })
		},
		asRow
	)
	.transform((r) => ({ assetTypeId: r.assetTypeId, perUnit: r.perUnit }));

/** Ours: a valuation entered as a price per unit. */
const valuationPriceRow = z
	.object({ assetSnapshotId: id, unitPrice: decimal }, asRow)
	.transform((r) => ({ assetSnapshotId: r.assetSnapshotId, unitPrice: r.unitPrice }));

/** An ISO 4217 code as stored: three capital letters. */
const currency = z
	.string({ error: wrongKind(m.backupfile_not_currency_text) })
	.regex(/^[A-Z]{3}$/, {
		error: (issue) => m.backupfile_bad_currency({ value: JSON.stringify(issue.input) })
	});

/** Ours: the currency an asset's values are in. */
const assetDetailsRow = z
	.object({ assetId: id, currency }, asRow)
	.transform((r) => ({ assetId: r.assetId, currency: r.currency }));

/** A rate is a decimal above zero: 1 base = rate quote. */
const RATE = /^\d{1,20}(\.\d{1,30})?$/;
const rate = z
	.string({ error: wrongKind(m.backupfile_not_rate_text) })
	.refine((value) => RATE.test(value) && /[1-9]/.test(value), {
		error: (issue) => m.backupfile_bad_rate({ value: JSON.stringify(issue.input) })
	});

/** Ours: an exchange rate of a day. */
const exchangeRateRow = z
	.object(
		{
			day: z.string({ error: wrongKind(m.backupfile_not_day_text) }).refine(isDateText, {
				error: (issue) => m.backupfile_bad_day({ value: JSON.stringify(issue.input) })
			}),
			base: currency,
			quote: currency,
			rate
		},
		asRow
	)
	.refine((r) => r.base !== r.quote, {
		error: () => m.backupfile_same_currencies(),
		path: ['quote']
	})
	.transform((r) => ({ day: r.day, base: r.base, quote: r.quote, rate: r.rate }));

/** Ours: a setting of the database (the base currency). */
const settingRow = z
	.discriminatedUnion('key', [z.object({ key: z.literal('base_currency'), value: currency })], {
		error: (issue) =>
			issue.input !== null && typeof issue.input === 'object' && !Array.isArray(issue.input)
				? m.backupfile_unknown_setting()
				: m.backupfile_not_row({ found: describe(issue.input) })
	})
	.transform((r) => ({ key: r.key, value: r.value }));

const categoryLinkRow = z
	.object({ assetId: id, categoryId: id }, asRow)
	.transform((r) => ({ assetId: r.assetId, categoryId: r.categoryId }));
const tagLinkRow = z
	.object({ assetId: id, tagId: id }, asRow)
	.transform((r) => ({ assetId: r.assetId, tagId: r.tagId }));

const table = <T extends z.ZodType>(row: T) =>
	z
		.array(row, { error: (issue) => m.backupfile_not_rows({ found: describe(issue.input) }) })
		.optional()
		.transform((rows) => rows ?? []);

const dataSchema = z.object(
	{
		assetTypes: table(assetTypeRow),
		assetTypeUnits: table(assetTypeUnitsRow),
		valuationPrices: table(valuationPriceRow),
		categories: table(categoryRow),
		tags: table(tagRow),
		assets: table(assetRow),
		assetDetails: table(assetDetailsRow),
		assetSnapshots: table(assetSnapshotRow),
		portfolioSnapshots: table(portfolioSnapshotRow),
		transactions: table(transactionRow),
		categoriesOnAssets: table(categoryLinkRow),
		tagsOnAssets: table(tagLinkRow),
		exchangeRates: table(exchangeRateRow),
		settings: table(settingRow)
	},
	{ error: (issue) => m.backupfile_not_tables({ found: describe(issue.input) }) }
);

export type BackupData = z.output<typeof dataSchema>;
export type BackupRows<K extends TableKey> = BackupData[K][number];

/** How many rows of each table the backup holds. */
export function countsOf(data: BackupData): Record<TableKey, number> {
	return Object.fromEntries(TABLE_KEYS.map((key) => [key, data[key].length])) as Record<
		TableKey,
		number
	>;
}

/**
 * Reads the text of a backup file into validated, normalised rows. Throws a BackupError that
 * says exactly what is wrong, and where.
 *
 * @example parseBackup('{"schemaVersion":"2","data":{}}') // throws "Unsupported backup schemaVersion '2', expected '1'"
 */
export function parseBackup(text: string): { exportedAt: string | null; data: BackupData } {
	if (text.trim() === '') throw new BackupError(m.backupfile_empty_file());
	let json: unknown;
	try {
		json = JSON.parse(text);
	} catch (error) {
		throw new BackupError(m.backupfile_not_json({ error: (error as Error).message }));
	}
	if (Array.isArray(json)) {
		throw new BackupError(m.backupfile_json_array());
	}
	if (json === null || typeof json !== 'object') {
		throw new BackupError(m.backupfile_json_other({ found: describe(json) }));
	}
	const file = json as Record<string, unknown>;
	if (!('schemaVersion' in file)) {
		const inner = Object.values(file).find(
			(v) => v !== null && typeof v === 'object' && !Array.isArray(v) && 'schemaVersion' in v
		);
		if (inner) {
			const key = Object.keys(file).find((k) => file[k] === inner);
			throw new BackupError(m.backupfile_wrapped({ key: String(key) }));
		}
		throw new BackupError(m.backupfile_no_schema_version());
	}
	if (typeof file.schemaVersion !== 'string') {
		throw new BackupError(
			m.backupfile_schema_version_type({ found: describe(file.schemaVersion) })
		);
	}
	if (file.schemaVersion !== SCHEMA_VERSION) {
		throw new BackupError(
			m.backupfile_unsupported_version({ version: file.schemaVersion, expected: SCHEMA_VERSION })
		);
	}
	if (!('data' in file)) throw new BackupError(m.backupfile_no_data());
	const data = validateBackupData(file.data);
	const exportedAt =
		typeof file.exportedAt === 'string' ? normalizeTimestamp(file.exportedAt) : null;
	return { exportedAt, data };
}

/** Canonical timestamps pass zod's rule unchanged; this says so without running it. */
const isCanonical = (value: unknown): value is string =>
	typeof value === 'string' && normalizeTimestamp(value) === value;

/**
 * The fast lane for valuations, the one table that grows to a million rows: a row already in
 * the exact form Strata writes passes with a few string checks and comes out as the schema
 * would give it. Any other row returns null and the whole table goes through the schema, which
 * stays the rule and says what is wrong, and where.
 */
function valuationAsWritten(row: unknown): BackupRows<'assetSnapshots'> | null {
	if (typeof row !== 'object' || row === null) return null;
	const { id, assetId, value, observedAt, createdAt } = row as Record<string, unknown>;
	if (typeof id !== 'string' || id === '' || typeof assetId !== 'string' || assetId === '')
		return null;
	if (LONE_SURROGATE.test(id) || LONE_SURROGATE.test(assetId)) return null;
	if (typeof value !== 'string' || !DECIMAL.test(value) || !isCanonical(observedAt)) return null;
	if (createdAt !== undefined && !isCanonical(createdAt)) return null;
	return { id, assetId, value, observedAt, createdAt: createdAt ?? null };
}

/** The valuations of `raw` when every one of them is as written (else null: the schema decides). */
function valuationsAsWritten(raw: unknown): BackupRows<'assetSnapshots'>[] | null {
	if (typeof raw !== 'object' || raw === null) return null;
	const rows = (raw as Record<string, unknown>).assetSnapshots;
	if (!Array.isArray(rows)) return null;
	const out: BackupRows<'assetSnapshots'>[] = new Array(rows.length);
	for (let i = 0; i < rows.length; i++) {
		const row = valuationAsWritten(rows[i]);
		if (!row) return null;
		out[i] = row;
	}
	return out;
}

/** Validates the `data` part of a backup (also rows read from a database file). */
export function validateBackupData(raw: unknown): BackupData {
	const valuations = valuationsAsWritten(raw);
	const result = dataSchema.safeParse(
		valuations ? { ...(raw as object), assetSnapshots: [] } : raw,
		{ reportInput: true }
	);
	if (result.success && valuations) result.data.assetSnapshots = valuations;
	if (!result.success) {
		const { issues } = result.error;
		const problems = issues
			.slice(0, MAX_PROBLEMS)
			.map((issue) => problemAt(raw, issue.path, issue.message));
		const listed =
			issues.length > MAX_PROBLEMS
				? m.backupfile_problems_listed({ max: String(MAX_PROBLEMS) })
				: '';
		throw new BackupError(
			m.backupfile_problems({ count: issues.length, shown: String(issues.length), listed }),
			problems
		);
	}
	const problems = checkIntegrity(result.data);
	if (problems.length) {
		const shown =
			problems.length >= MAX_PROBLEMS
				? m.backupfile_at_least({ count: String(MAX_PROBLEMS) })
				: String(problems.length);
		throw new BackupError(
			m.backupfile_problems_between({ count: problems.length, shown }),
			problems
		);
	}
	return result.data;
}

/**
 * What zod cannot see: ids used twice, unique values repeated, references to rows that are not
 * in the file, and categories that are their own ancestors.
 */
function checkIntegrity(data: BackupData): string[] {
	const problems: string[] = [];
	const add = (path: readonly PropertyKey[], problem: () => string, alsoAt?: PropertyKey[]) => {
		if (problems.length < MAX_PROBLEMS) problems.push(problemAt(data, path, problem(), alsoAt));
	};
	const unique = <T>(
		key: TableKey,
		rows: readonly T[],
		pick: (row: T) => string,
		what: string,
		problem = (shown: string) => m.backupfile_used_twice({ value: shown })
	) => {
		const seen = new Map<string, number>();
		rows.forEach((row, index) => {
			const value = pick(row);
			const first = seen.get(value);
			if (first === undefined) seen.set(value, index);
			else {
				const shown = JSON.stringify((row as Record<string, unknown>)[what]);
				add([key, index, what], () => problem(shown), [key, first]);
			}
		});
		return seen;
	};
	const typeIds = unique('assetTypes', data.assetTypes, (r) => r.id, 'id');
	unique('assetTypes', data.assetTypes, (r) => r.code, 'code');
	const categoryIds = unique('categories', data.categories, (r) => r.id, 'id');
	// Names are unique regardless of case, as everywhere in Strata (merge matches them that way).
	unique('categories', data.categories, (r) => nameKey(r.name), 'name');
	const tagIds = unique('tags', data.tags, (r) => r.id, 'id');
	unique('tags', data.tags, (r) => nameKey(r.name), 'name');
	const assetIds = unique('assets', data.assets, (r) => r.id, 'id');
	unique('assetSnapshots', data.assetSnapshots, (r) => r.id, 'id');
	// At most one valuation per asset per day (the rule the app keeps when it writes).
	unique(
		'assetSnapshots',
		data.assetSnapshots,
		(r) => `${r.assetId} ${r.observedAt.slice(0, 10)}`,
		'observedAt',
		() => m.backupfile_same_day()
	);
	unique('portfolioSnapshots', data.portfolioSnapshots, (r) => r.id, 'id');
	unique('portfolioSnapshots', data.portfolioSnapshots, (r) => r.observedAt, 'observedAt');
	unique('transactions', data.transactions, (r) => r.id, 'id');
	unique(
		'categoriesOnAssets',
		data.categoriesOnAssets,
		(r) => `${r.assetId} ${r.categoryId}`,
		'assetId'
	);
	unique('tagsOnAssets', data.tagsOnAssets, (r) => `${r.assetId} ${r.tagId}`, 'assetId');
	unique('assetTypeUnits', data.assetTypeUnits, (r) => r.assetTypeId, 'assetTypeId');
	unique('assetDetails', data.assetDetails, (r) => r.assetId, 'assetId');
	unique('exchangeRates', data.exchangeRates, (r) => `${r.day} ${r.base} ${r.quote}`, 'day');
	unique('settings', data.settings, (r) => r.key, 'key');
	const snapshotIds = new Map(data.assetSnapshots.map((r, index) => [r.id, index]));
	unique('valuationPrices', data.valuationPrices, (r) => r.assetSnapshotId, 'assetSnapshotId');

	const refs = <T>(
		key: TableKey,
		rows: readonly T[],
		field: keyof T & string,
		target: ReadonlyMap<string, number>,
		targetKey: TableKey
	) => {
		rows.forEach((row, index) => {
			const value = row[field] as unknown as string | null;
			if (value !== null && !target.has(value)) {
				add([key, index, field], () =>
					m.backupfile_not_an_id({ value: JSON.stringify(value), none: NONE_WORDS[targetKey]!() })
				);
			}
		});
	};
	refs('categories', data.categories, 'parentId', categoryIds, 'categories');
	refs('assets', data.assets, 'assetTypeId', typeIds, 'assetTypes');
	refs('assetSnapshots', data.assetSnapshots, 'assetId', assetIds, 'assets');
	refs('transactions', data.transactions, 'assetId', assetIds, 'assets');
	refs('categoriesOnAssets', data.categoriesOnAssets, 'assetId', assetIds, 'assets');
	refs('categoriesOnAssets', data.categoriesOnAssets, 'categoryId', categoryIds, 'categories');
	refs('tagsOnAssets', data.tagsOnAssets, 'assetId', assetIds, 'assets');
	refs('tagsOnAssets', data.tagsOnAssets, 'tagId', tagIds, 'tags');
	refs('assetTypeUnits', data.assetTypeUnits, 'assetTypeId', typeIds, 'assetTypes');
	refs('valuationPrices', data.valuationPrices, 'assetSnapshotId', snapshotIds, 'assetSnapshots');
	refs('assetDetails', data.assetDetails, 'assetId', assetIds, 'assets');

	// Cycles: follow each category's parents; coming back to a category seen on the way is one.
	const parentOf = new Map(data.categories.map((c) => [c.id, c.parentId]));
	const nameOf = new Map(data.categories.map((c) => [c.id, c.name]));
	const reported = new Set<string>();
	data.categories.forEach((category, index) => {
		const path: string[] = [];
		let current: string | null | undefined = category.id;
		while (current && !path.includes(current)) {
			path.push(current);
			current = parentOf.get(current);
		}
		if (current && current === category.id && !reported.has(current)) {
			path.forEach((p) => reported.add(p));
			const names = [...path, current].map((p) => nameOf.get(p) ?? p).join(' › ');
			add(['categories', index, 'parentId'], () => m.backupfile_cycle({ names }));
		}
	});
	return problems;
}
