/**
 * A problem of a backup file said in words a person understands: which row (the asset by its
 * name, the valuation by its asset and day), which of its fields, and what is wrong, with the
 * place in the file (`data.assetSnapshots[3].value`) at the end, for whoever edits the file.
 * Names are read from the file itself, which may be anything: every lookup is defensive.
 */
import { isDateText } from '$lib/domain/dates';
import { m } from '$lib/paraglide/messages';
import type { BackupTable } from '$lib/db/messages';

type Words = () => string;

/** The tables as plural nouns ("valuations"), for "Row 4 of the valuations". */
const TABLE_WORDS: Record<BackupTable, Words> = {
	assetTypes: m.backupfile_table_asset_types,
	assetTypeUnits: m.backupfile_table_asset_type_units,
	categories: m.backupfile_table_categories,
	tags: m.backupfile_table_tags,
	assets: m.backupfile_table_assets,
	assetDetails: m.backupfile_table_asset_details,
	assetSnapshots: m.backupfile_table_valuations,
	valuationPrices: m.backupfile_table_valuation_prices,
	portfolioSnapshots: m.backupfile_table_portfolio_snapshots,
	transactions: m.backupfile_table_transactions,
	categoriesOnAssets: m.backupfile_table_asset_categories,
	tagsOnAssets: m.backupfile_table_asset_tags,
	exchangeRates: m.backupfile_table_exchange_rates,
	settings: m.backupfile_table_settings
};

/** The fields of the rows, with their article ("the value"). */
const FIELD_WORDS: Record<string, Words> = {
	id: m.backupfile_field_id,
	code: m.backupfile_field_code,
	label: m.backupfile_field_label,
	group: m.backupfile_field_group,
	name: m.backupfile_field_name,
	parentId: m.backupfile_field_parent_id,
	quantity: m.backupfile_field_quantity,
	disposed: m.backupfile_field_disposed,
	assetTypeId: m.backupfile_field_asset_type_id,
	createdAt: m.backupfile_field_created_at,
	updatedAt: m.backupfile_field_updated_at,
	assetId: m.backupfile_field_asset_id,
	value: m.backupfile_field_value,
	observedAt: m.backupfile_field_observed_at,
	currency: m.backupfile_field_currency,
	notes: m.backupfile_field_notes,
	type: m.backupfile_field_type,
	unitPrice: m.backupfile_field_unit_price,
	occurredAt: m.backupfile_field_occurred_at,
	perUnit: m.backupfile_field_per_unit,
	assetSnapshotId: m.backupfile_field_asset_snapshot_id,
	categoryId: m.backupfile_field_category_id,
	tagId: m.backupfile_field_tag_id,
	day: m.backupfile_field_day,
	base: m.backupfile_field_base,
	quote: m.backupfile_field_quote,
	rate: m.backupfile_field_rate,
	key: m.backupfile_field_key
};

/** "any asset": what a reference to a missing row of that table points at. */
export const NONE_WORDS: Partial<Record<BackupTable, Words>> = {
	assets: m.backupfile_none_assets,
	assetTypes: m.backupfile_none_asset_types,
	categories: m.backupfile_none_categories,
	tags: m.backupfile_none_tags,
	assetSnapshots: m.backupfile_none_valuations
};

const isObject = (value: unknown): value is Record<string, unknown> =>
	typeof value === 'object' && value !== null && !Array.isArray(value);

/** The rows of a table of `data`, or none when it is not a list. */
function rowsOf(data: unknown, table: string): unknown[] {
	const rows = isObject(data) ? data[table] : undefined;
	return Array.isArray(rows) ? rows : [];
}

/** A field's text, when it is some; a long one is cut (it is only to recognise the row). */
function textOf(row: unknown, field: string): string | null {
	const value = isObject(row) ? row[field] : undefined;
	// A broken character would show as �: such a name cannot tell the row.
	if (typeof value !== 'string' || value === '' || /\p{Cs}/u.test(value)) return null;
	return value.length > 60 ? value.slice(0, 60) + '…' : value;
}

/** The day of a date or timestamp (YYYY-MM-DD), when it is a real one. */
function dayOf(row: unknown, field: string): string | null {
	const value = isObject(row) ? row[field] : undefined;
	if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}/.test(value)) return null;
	const day = value.slice(0, 10);
	return isDateText(day) ? day : null;
}

const indexes = new WeakMap<object, Map<string, Map<string, unknown>>>();

/** The row of `table` whose `id` is `id` (the first one), read from the file. */
function rowById(data: unknown, table: string, id: unknown): unknown {
	if (typeof id !== 'string' || !isObject(data)) return undefined;
	let tables = indexes.get(data);
	if (!tables) indexes.set(data, (tables = new Map()));
	let index = tables.get(table);
	if (!index) {
		index = new Map();
		for (const row of rowsOf(data, table)) {
			const key = isObject(row) ? row.id : undefined;
			if (typeof key === 'string' && !index.has(key)) index.set(key, row);
		}
		tables.set(table, index);
	}
	return index.get(id);
}

const field = (row: unknown, name: string): unknown => (isObject(row) ? row[name] : undefined);
const assetName = (data: unknown, row: unknown) =>
	textOf(rowById(data, 'assets', field(row, 'assetId')), 'name');

/** One row of the file in words: "The valuation of “Flat in Lyon” on 2021-01-04". */
export function rowWords(data: unknown, table: BackupTable, index: number): string {
	const row = rowsOf(data, table)[index];
	const n = String(index + 1);
	const fallback = () => m.backupfile_row_of({ n, table: TABLE_WORDS[table]() });
	const named = (name: string | null, words: (name: string) => string) =>
		name === null ? fallback() : words(name);
	/** A row of an asset on a day (a valuation, a transaction), said with what is known. */
	const dated = (
		asset: string | null,
		date: string | null,
		both: (a: { asset: string; date: string }) => string,
		of: (a: { asset: string; n: string }) => string,
		on: (a: { date: string; n: string }) => string
	) => {
		if (asset !== null && date !== null) return both({ asset, date });
		if (asset !== null) return of({ asset, n });
		if (date !== null) return on({ date, n });
		return fallback();
	};
	switch (table) {
		case 'assetTypes':
			return named(textOf(row, 'label') ?? textOf(row, 'code'), (name) =>
				m.backupfile_row_asset_type({ name })
			);
		case 'assetTypeUnits': {
			const type = rowById(data, 'assetTypes', field(row, 'assetTypeId'));
			return named(textOf(type, 'label') ?? textOf(type, 'code'), (name) =>
				m.backupfile_row_asset_type_unit({ name })
			);
		}
		case 'categories':
			return named(textOf(row, 'name'), (name) => m.backupfile_row_category({ name }));
		case 'tags':
			return named(textOf(row, 'name'), (name) => m.backupfile_row_tag({ name }));
		case 'assets':
			return named(textOf(row, 'name'), (name) => m.backupfile_row_asset({ name }));
		case 'assetDetails':
			return named(assetName(data, row), (asset) => m.backupfile_row_asset_details({ asset }));
		case 'assetSnapshots':
			return dated(
				assetName(data, row),
				dayOf(row, 'observedAt'),
				m.backupfile_row_valuation,
				m.backupfile_row_valuation_of,
				m.backupfile_row_valuation_on
			);
		case 'valuationPrices': {
			const valuation = rowById(data, 'assetSnapshots', field(row, 'assetSnapshotId'));
			const asset = assetName(data, valuation);
			const date = dayOf(valuation, 'observedAt');
			return asset !== null && date !== null
				? m.backupfile_row_valuation_price({ asset, date })
				: fallback();
		}
		case 'portfolioSnapshots':
			return named(dayOf(row, 'observedAt'), (date) =>
				m.backupfile_row_portfolio_snapshot({ date })
			);
		case 'transactions':
			return dated(
				assetName(data, row),
				dayOf(row, 'occurredAt'),
				m.backupfile_row_transaction,
				m.backupfile_row_transaction_of,
				m.backupfile_row_transaction_on
			);
		case 'categoriesOnAssets': {
			const asset = assetName(data, row);
			const category = textOf(rowById(data, 'categories', field(row, 'categoryId')), 'name');
			return asset !== null && category !== null
				? m.backupfile_row_asset_category({ asset, category })
				: fallback();
		}
		case 'tagsOnAssets': {
			const asset = assetName(data, row);
			const tag = textOf(rowById(data, 'tags', field(row, 'tagId')), 'name');
			return asset !== null && tag !== null
				? m.backupfile_row_asset_tag({ asset, tag })
				: fallback();
		}
		case 'exchangeRates': {
			const base = textOf(row, 'base');
			const quote = textOf(row, 'quote');
			const date = dayOf(row, 'day');
			return base !== null && quote !== null && date !== null
				? m.backupfile_row_exchange_rate({ base, quote, date })
				: fallback();
		}
		case 'settings':
			return named(textOf(row, 'key'), (key) => m.backupfile_row_setting({ key }));
	}
}

/** "data.assets[3].quantity" from a path in the file's `data`. */
export function formatPath(path: readonly PropertyKey[]): string {
	let out = 'data'; // not shown as words: the technical place, after the plain words
	for (const part of path) out += typeof part === 'number' ? `[${part}]` : `.${String(part)}`;
	return out;
}

/**
 * One problem line: where it is in words, what is wrong, and where it is in the file.
 *
 * @example problemAt(data, ['assetSnapshots', 3, 'value'], 'is not text (it is the number 4)')
 * // 'The valuation of “Flat in Lyon” on 2021-01-04: the value is not text (it is the number 4)
 * //  (data.assetSnapshots[3].value)'
 */
export function problemAt(
	data: unknown,
	path: readonly PropertyKey[],
	problem: string,
	alsoAt?: readonly PropertyKey[]
): string {
	let where = formatPath(path);
	if (alsoAt) where = m.backupfile_path_also({ path: where, other: formatPath(alsoAt) });
	const [table, index, name] = path;
	if (table === undefined)
		return m.backupfile_problem_row({ row: m.backupfile_data_part(), problem, path: where });
	const known = typeof table === 'string' && Object.hasOwn(TABLE_WORDS, table);
	if (!known) return m.backupfile_problem_row({ row: where, problem, path: where });
	const key = table as BackupTable;
	if (typeof index !== 'number') {
		const row = m.backupfile_table_of({ table: TABLE_WORDS[key]() });
		return m.backupfile_problem_row({ row, problem, path: where });
	}
	const row = rowWords(data, key, index);
	if (name === undefined) return m.backupfile_problem_row({ row, problem, path: where });
	const words = typeof name === 'string' && Object.hasOwn(FIELD_WORDS, name) && FIELD_WORDS[name];
	const fieldWords = words ? words() : m.backupfile_field_other({ name: String(name) });
	return m.backupfile_problem_field({ row, field: fieldWords, problem, path: where });
}
