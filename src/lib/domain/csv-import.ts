/**
 * CSV import, the part that needs no database: which column is which field (guessed from the
 * header's words, in English and French), which question the user must answer (a number style
 * or a date order the cells leave open), what a broker's words mean in our transaction types,
 * and each row read into an entry or refused with its line and reason. Reading the file itself
 * (encoding, delimiter, quotes, number and date styles) is csv-read.ts; what the entries do to
 * the data is the worker's (db/worker/csv-plan.ts).
 */
import type {
	CsvBadRow,
	CsvColumnLook,
	CsvDateOrder,
	CsvField,
	CsvKind,
	CsvMapping,
	CsvNumberStyle,
	TransactionType
} from '$lib/db/messages';
import { describeDateOrder, describeNumberStyle, parseAmount, parseDay } from './csv-read';
import { compareDecimals, isNegativeDecimal, negateDecimal, validatePlainDecimal } from './money';
import { m } from '$lib/paraglide/messages';

/** A header as compared: lower case, without accents, punctuation or repeated spaces. */
export function headerKey(header: string): string {
	return header
		.normalize('NFD')
		.replace(/\p{M}/gu, '')
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, ' ')
		.trim();
}

/**
 * The words of a header for each field, best first (a bank statement's "Solde" is the balance,
 * rather than its "Montant" of each line). Whole headers only: "Date valeur" is a date, not a
 * value.
 */
const HEADER_WORDS: Record<CsvField, string[]> = {
	date: [
		'date',
		'date operation',
		'date d operation', // not shown: a header word matched
		'date de l operation', // not shown: a header word matched
		'trade date',
		'transaction date',
		'day',
		'jour',
		'date comptable',
		'date valeur',
		'date de valeur', // not shown: a header word matched
		'value date',
		'settlement date'
	],
	asset: [
		'asset',
		'asset name',
		'name',
		'account',
		'account name',
		'actif',
		'nom',
		'compte',
		'security',
		'instrument',
		'titre',
		'valeur mobiliere',
		'symbol',
		'ticker',
		'produit',
		'product'
	],
	value: [
		'solde',
		'balance',
		'value',
		'valeur',
		'valuation',
		'valorisation',
		'montant',
		'amount',
		'total'
	],
	currency: ['currency', 'devise', 'ccy', 'monnaie'],
	// not shown: header words matched
	type: ['type', 'action', 'transaction type', 'type d operation', 'operation', 'sens', 'side'],
	quantity: ['quantity', 'qty', 'quantite', 'shares', 'units', 'nombre', 'parts', 'nb'],
	price: [
		'price',
		'unit price',
		'price per share', // not shown: a header word matched
		'price per unit', // not shown: a header word matched
		'cours',
		'prix',
		'prix unitaire',
		'cours unitaire'
	]
};

/** The fields of each kind, in the order the mapping step shows them. */
export const KIND_FIELDS: Record<CsvKind, CsvField[]> = {
	valuations: ['date', 'asset', 'value', 'currency'],
	transactions: ['date', 'asset', 'type', 'quantity', 'price', 'currency']
};

/** The fields a kind cannot do without (the asset's column only when the file has many). */
export function requiredFields(kind: CsvKind, singleAsset: boolean): CsvField[] {
	const fields: CsvField[] =
		kind === 'valuations' ? ['date', 'value'] : ['date', 'type', 'quantity', 'price'];
	return singleAsset ? fields : [...fields.slice(0, 1), 'asset', ...fields.slice(1)];
}

/** Each field's label in the interface language, read when used (a getter per field). */
export const FIELD_LABELS: Readonly<Record<CsvField, string>> = {
	get date() {
		return m.csv_field_date();
	},
	get asset() {
		return m.csv_field_asset();
	},
	get value() {
		return m.csv_field_value();
	},
	get currency() {
		return m.csv_field_currency();
	},
	get type() {
		return m.csv_field_type();
	},
	get quantity() {
		return m.csv_field_quantity();
	},
	get price() {
		return m.csv_field_price();
	}
};

/**
 * The mapping a file's header suggests: each field the column whose whole header is one of its
 * words (the best word first), each column used once. A file with a type or quantity column is
 * a broker's activity (transactions); otherwise a history of balances (valuations).
 *
 * @example guessMapping(['Date', 'Libellé', 'Débit', 'Crédit', 'Solde'], true)
 *   // { kind: 'valuations', columns: { date: 0, value: 4 } }
 */
export function guessMapping(columns: readonly string[], singleAsset: boolean): CsvMapping {
	const keys = columns.map(headerKey);
	const taken = new Set<number>();
	const found: Partial<Record<CsvField, number>> = {};
	// The fields whose words are the most telling first: "Action" is a type before anything else.
	const order: CsvField[] = ['date', 'type', 'quantity', 'price', 'currency', 'value', 'asset'];
	for (const field of order) {
		for (const word of HEADER_WORDS[field]) {
			const index = keys.findIndex((key, i) => key === word && !taken.has(i));
			if (index >= 0) {
				found[field] = index;
				taken.add(index);
				break;
			}
		}
	}
	const kind: CsvKind =
		found.type !== undefined || found.quantity !== undefined ? 'transactions' : 'valuations';
	const mapping: Partial<Record<CsvField, number>> = {};
	for (const field of KIND_FIELDS[kind]) {
		if (field === 'asset' && singleAsset) continue;
		if (found[field] !== undefined) mapping[field] = found[field];
	}
	return { kind, columns: mapping };
}

/** The mapping, kept to the fields of its kind (and without the asset's column for one asset). */
export function cleanMapping(mapping: CsvMapping, singleAsset: boolean): CsvMapping {
	const columns: Partial<Record<CsvField, number>> = {};
	for (const field of KIND_FIELDS[mapping.kind]) {
		const index = mapping.columns[field];
		if (index !== undefined && index !== null && !(field === 'asset' && singleAsset))
			columns[field] = index;
	}
	return { kind: mapping.kind, columns };
}

/** What is missing from a mapping before it can be previewed, in words; null when nothing. */
export function mappingProblem(mapping: CsvMapping, singleAsset: boolean): string | null {
	const missing = requiredFields(mapping.kind, singleAsset).filter(
		(field) => mapping.columns[field] === undefined
	);
	if (missing.length > 0)
		return m.csv_choose_columns_of({
			fields: missing.map((f) => m.csv_quoted({ text: FIELD_LABELS[f] })).join(', ')
		});
	const used = Object.values(mapping.columns);
	if (new Set(used).size !== used.length) return m.csv_one_field_per_column();
	return null;
}

const sameStyle = (a: CsvNumberStyle, b: CsvNumberStyle) =>
	a.decimal === b.decimal && a.grouping === b.grouping;

/**
 * The questions a mapping leaves open: the number style of its amount columns, the date order of
 * its date column. A question is settled when the cells allow one answer (or several that read
 * every cell alike); otherwise the user picks among the candidates: never a silent guess.
 */
export function openQuestions(
	mapping: CsvMapping,
	looks: readonly CsvColumnLook[]
): {
	numberStyle: { settled: CsvNumberStyle | null; candidates: CsvNumberStyle[] };
	dateOrder: { settled: CsvDateOrder | null; candidates: CsvDateOrder[] };
} {
	const amountFields: CsvField[] = ['value', 'quantity', 'price'];
	const amountLooks = amountFields
		.map((field) => mapping.columns[field])
		.filter((index): index is number => index !== undefined)
		.map((index) => looks[index])
		.filter((look): look is CsvColumnLook => look !== undefined);
	let candidates: CsvNumberStyle[] | null = null;
	for (const look of amountLooks) {
		const fits = look.numberStyle ? [look.numberStyle] : look.numberCandidates;
		candidates =
			candidates === null ? fits : candidates.filter((c) => fits.some((f) => sameStyle(c, f)));
	}
	candidates ??= [];
	const settledStyles = amountLooks
		.map((look) => look.numberStyle)
		.filter((style): style is CsvNumberStyle => style !== null);
	// Every amount column settled on one style, and they agree.
	const settled =
		settledStyles.length === amountLooks.length &&
		settledStyles.length > 0 &&
		settledStyles.every((style) => sameStyle(style, settledStyles[0]!))
			? settledStyles[0]!
			: candidates.length === 1
				? candidates[0]!
				: null;
	const dateIndex = mapping.columns.date;
	const dateLook = dateIndex === undefined ? undefined : looks[dateIndex];
	const dateCandidates = dateLook ? dateLook.dateCandidates : [];
	return {
		numberStyle: { settled, candidates: settled ? [settled] : candidates },
		dateOrder: {
			settled: dateLook?.dateOrder ?? (dateCandidates.length === 1 ? dateCandidates[0]! : null),
			candidates: dateCandidates
		}
	};
}

// ---------------------------------------------------------------------------------------------
// A broker's words

const BUYS = [
	'buy',
	'bought',
	'purchase',
	'acquire',
	'acquisition',
	'achat',
	'achat comptant',
	'souscription',
	'subscription',
	'b'
];
const SELLS = [
	'sell',
	'sold',
	'sale',
	'dispose',
	'disposal',
	'vente',
	'vente comptant',
	'cession',
	's'
];
const ADJUSTS = ['adjust', 'adjustment', 'ajustement'];
/** What brokers record that Strata does not (cash movements, income, costs, corporate actions). */
const NOT_MODELLED = [
	'dividend',
	'dividends',
	'dividende',
	'dividendes',
	'interest',
	'interets',
	'coupon',
	'deposit',
	'depot',
	'versement',
	'withdrawal',
	'retrait',
	'fee',
	'fees',
	'frais',
	'tax',
	'taxes',
	'impot',
	'split',
	'transfer',
	'virement',
	'reinvestment'
];

/**
 * Our transaction type for a broker's word, or why the row cannot be one.
 *
 * @example transactionTypeOf('Achat') // { type: 'ACQUIRE' }
 * @example transactionTypeOf('Dividend') // { reason: '“Dividend” is not something Strata records …' }
 */
export function transactionTypeOf(word: string): { type: TransactionType } | { reason: string } {
	const key = headerKey(word);
	if (BUYS.includes(key)) return { type: 'ACQUIRE' };
	if (SELLS.includes(key)) return { type: 'DISPOSE' };
	if (ADJUSTS.includes(key)) return { type: 'ADJUST' };
	if (key === '') return { reason: m.csv_no_type() };
	if (NOT_MODELLED.includes(key)) return { reason: m.csv_not_recorded({ word: word.trim() }) };
	return { reason: m.csv_unknown_type({ word: word.trim() }) };
}

// ---------------------------------------------------------------------------------------------
// Rows into entries

export interface CsvValuationEntry {
	line: number;
	asset: string;
	day: string;
	value: string;
	currency: string | null;
}

export interface CsvTransactionEntry {
	line: number;
	asset: string;
	day: string;
	type: TransactionType;
	quantity: string;
	unitPrice: string;
	currency: string | null;
}

export interface ReadRows<E> {
	entries: E[];
	bad: CsvBadRow[];
}

interface ReadOptions {
	mapping: CsvMapping;
	numberStyle: CsvNumberStyle;
	dateOrder: CsvDateOrder;
	/** The one asset's name, when every row is its. */
	asset: string | null;
	today: string;
}

type Cells = readonly string[];

/** The common part of a row: its asset, day and currency, or why it is bad. */
function rowBasics(
	cells: Cells,
	{ mapping, dateOrder, asset, today }: ReadOptions
): { asset: string; day: string; currency: string | null } | { reason: string } {
	const cell = (field: CsvField) => {
		const index = mapping.columns[field];
		return index === undefined ? '' : (cells[index] ?? '').trim();
	};
	const dateText = cell('date');
	if (dateText === '') return { reason: m.csv_no_date() };
	const day = parseDay(dateText, dateOrder);
	if (day === null)
		return { reason: m.csv_bad_date({ text: dateText, example: describeDateOrder(dateOrder) }) };
	if (day > today) return { reason: m.csv_future_date({ text: dateText }) };
	const name = asset ?? cell('asset');
	if (name === '') return { reason: m.csv_no_asset_name() };
	const currencyText = cell('currency').toUpperCase();
	if (currencyText !== '' && !/^[A-Z]{3}$/.test(currencyText))
		return { reason: m.csv_bad_currency({ text: cell('currency') }) };
	return { asset: name, day, currency: currencyText === '' ? null : currencyText };
}

type Amount = 'value' | 'quantity' | 'price';

/** Why an amount cell is refused, in words: each field's own (French nouns have genders). */
const AMOUNT_REASONS: Record<
	Amount,
	{
		empty: () => string;
		bad: (inputs: { text: string; example: string }) => string;
		long: (inputs: { text: string }) => string;
	}
> = {
	value: { empty: m.csv_no_value, bad: m.csv_bad_value, long: m.csv_long_value },
	quantity: { empty: m.csv_no_quantity, bad: m.csv_bad_quantity, long: m.csv_long_quantity },
	price: { empty: m.csv_no_price, bad: m.csv_bad_price, long: m.csv_long_price }
};

/** An amount of a cell, or why not (empty, another style, too many digits). */
function amountOf(
	text: string,
	what: Amount,
	style: CsvNumberStyle
): { value: string } | { reason: string } {
	const reasons = AMOUNT_REASONS[what];
	const trimmed = text.trim();
	if (trimmed === '') return { reason: reasons.empty() };
	const value = parseAmount(trimmed, style);
	if (value === null)
		return { reason: reasons.bad({ text: trimmed, example: describeNumberStyle(style) }) };
	if (!validatePlainDecimal(value).ok) return { reason: reasons.long({ text: trimmed }) };
	return { value };
}

/**
 * The valuation rows of the file: each an entry or a bad row with its reason.
 *
 * @example readValuationRows([{ line: 2, cells: ['02/12/2026', '1 234,56'] }], options)
 *   // { entries: [{ line: 2, day: '2026-12-02', value: '1234.56', … }], bad: [] }
 */
export function readValuationRows(
	rows: readonly { line: number; cells: Cells }[],
	options: ReadOptions
): ReadRows<CsvValuationEntry> {
	const entries: CsvValuationEntry[] = [];
	const bad: CsvBadRow[] = [];
	const valueIndex = options.mapping.columns.value!;
	for (const { line, cells } of rows) {
		const basics = rowBasics(cells, options);
		if ('reason' in basics) {
			bad.push({ line, reason: basics.reason });
			continue;
		}
		const value = amountOf(cells[valueIndex] ?? '', 'value', options.numberStyle);
		if ('reason' in value) {
			bad.push({ line, reason: value.reason });
			continue;
		}
		entries.push({ line, ...basics, value: value.value });
	}
	return { entries, bad };
}

/** The transaction rows of the file: each an entry or a bad row with its reason. */
export function readTransactionRows(
	rows: readonly { line: number; cells: Cells }[],
	options: ReadOptions
): ReadRows<CsvTransactionEntry> {
	const entries: CsvTransactionEntry[] = [];
	const bad: CsvBadRow[] = [];
	const { columns } = options.mapping;
	for (const { line, cells } of rows) {
		const basics = rowBasics(cells, options);
		if ('reason' in basics) {
			bad.push({ line, reason: basics.reason });
			continue;
		}
		const kind = transactionTypeOf(cells[columns.type!] ?? '');
		if ('reason' in kind) {
			bad.push({ line, reason: kind.reason });
			continue;
		}
		const quantity = amountOf(cells[columns.quantity!] ?? '', 'quantity', options.numberStyle);
		if ('reason' in quantity) {
			bad.push({ line, reason: quantity.reason });
			continue;
		}
		const price = amountOf(cells[columns.price!] ?? '', 'price', options.numberStyle);
		if ('reason' in price) {
			bad.push({ line, reason: price.reason });
			continue;
		}
		if (isNegativeDecimal(price.value)) {
			bad.push({ line, reason: m.csv_negative_price({ text: cells[columns.price!]!.trim() }) });
			continue;
		}
		// Brokers often write a sale's quantity negative: it is a sale of that many units.
		let units = quantity.value;
		if (kind.type !== 'ADJUST' && isNegativeDecimal(units)) {
			if (kind.type === 'ACQUIRE') {
				bad.push({
					line,
					reason: m.csv_negative_buy({ text: cells[columns.quantity!]!.trim() })
				});
				continue;
			}
			units = negateDecimal(units);
		}
		if (compareDecimals(units, '0') === 0) {
			bad.push({ line, reason: m.csv_zero_quantity() });
			continue;
		}
		entries.push({ line, ...basics, type: kind.type, quantity: units, unitPrice: price.value });
	}
	return { entries, bad };
}

/**
 * Whether the file lists the newest rows first (bank statements often do): its first dated row
 * is later than its last. Rows of one day then come newest first too.
 */
export function isNewestFirst(entries: readonly { day: string }[]): boolean {
	const first = entries[0];
	const last = entries.at(-1);
	return first !== undefined && last !== undefined && first.day > last.day;
}

/**
 * The file's rows in the order they happened (the file's own order, reversed when it lists the
 * newest first): for rows of one day, the later in time comes after.
 */
export function inTimeOrder<E extends { day: string }>(entries: readonly E[]): E[] {
	const ordered = isNewestFirst(entries) ? [...entries].reverse() : [...entries];
	// A stable sort by day keeps the file's order within a day.
	return ordered.sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0));
}

/**
 * One valuation per asset and day: the day's last balance in time order. Returns the kept
 * entries (in time order) and how many rows were folded into a later one of their day.
 */
export function lastOfEachDay<E extends { day: string }>(
	entries: readonly E[],
	assetOf: (entry: E) => string
): { kept: E[]; folded: number } {
	const ordered = inTimeOrder(entries);
	const key = (entry: E) => `${assetOf(entry)}\u0000${entry.day}`;
	const last = new Map<string, E>();
	for (const entry of ordered) last.set(key(entry), entry);
	const kept = ordered.filter((entry) => last.get(key(entry)) === entry);
	return { kept, folded: entries.length - kept.length };
}
