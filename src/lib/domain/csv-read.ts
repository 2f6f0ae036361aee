/**
 * Reading a CSV file someone brings (a bank's statement, a broker's activity, a spreadsheet),
 * pure and DOM-free, for the database worker and Node alike. `decodeCsv` turns the bytes into
 * text (UTF-8, with or without a BOM, or Windows-1252 when the bytes are not UTF-8);
 * `readCsvTable` parses the text with papaparse into trimmed rows with their line numbers,
 * detecting the delimiter (`,` `;` tab), whether there is a header and the lines a bank writes
 * before it, or refuses with a CsvReadError (code 'bad-file') a file that is empty, has no data
 * rows or is not CSV; `readCsvFile` does both. What the cells mean is the caller's to say,
 * helped column by column: `detectNumberStyle` and `parseAmount` read amounts in any of the
 * usual writings ("1 234,56 €", "1,234.56", "1.234,56", "1'234.56", "(12.50)") into plain
 * decimal text, never through a float; `detectDateOrder` and `parseDay` read days into
 * YYYY-MM-DD. When the samples cannot decide (only "1,234"; every day ≤ 12) the detectors say
 * so, null with the candidates, so that the UI asks instead of guessing. `layoutKey` names a
 * file's layout, to remember a column mapping, and `describeNumberStyle` / `describeDateOrder`
 * label the choices.
 *
 * @example
 * const { text } = decodeCsv(bytes);
 * const table = readCsvTable(text); // { delimiter: ';', hasHeader: true, columns: ['Date', …], rows }
 * const dates = detectDateOrder(table.rows.map((row) => row.cells[0] ?? ''));
 */
import Papa from 'papaparse';
import { parseDay } from './csv-dates';
import { NUMBER_STYLES, parseAmount } from './csv-numbers';
import { AppError } from './errors';
import { m } from '$lib/paraglide/messages';

export * from './csv-dates';
export * from './csv-numbers';

export type CsvEncoding = 'utf-8' | 'windows-1252';
export type CsvDelimiter = ',' | ';' | '\t';

export interface CsvRow {
	/**
	 * 1-based line number in the file, as a spreadsheet shows it: the first line is 1, empty
	 * lines count, and a quoted cell that spans lines keeps its row one line.
	 */
	line: number;
	/** Trimmed; a row may have fewer or more cells than there are columns. */
	cells: string[];
}

export interface CsvTable {
	encoding: CsvEncoding;
	delimiter: CsvDelimiter;
	hasHeader: boolean;
	/** Header names, or "Column 1", "Column 2"… without a header (or for a header cell left empty). */
	columns: string[];
	/** Data rows only, empty lines skipped. */
	rows: CsvRow[];
	/**
	 * Lines before the header that are no part of the table, left out: banks often start with
	 * the account's number, the period or a balance ("Compte courant n° …;", "Solde au …").
	 * Empty when the table starts on the first line.
	 */
	preamble: CsvRow[];
}

/** A file that cannot be read as a table; the message says why and what to do. */
export class CsvReadError extends AppError {
	override name = 'CsvReadError';
	constructor(message: string) {
		super('bad-file', message);
	}
}

const utf8 = new TextDecoder('utf-8', { fatal: true });
const latin1 = new TextDecoder('windows-1252');
/** What Windows-1252 puts at 0x80–0x9F (€, ‘ ’, “ ”, Œ, …); the five holes stay as they are. */
const WINDOWS_1252_C1 = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';

/**
 * Node's TextDecoder reads "windows-1252" as Latin-1 (0x80 as U+0080, not €), browsers as the
 * real thing: the 0x80–0x9F range is mapped here so both give the same text.
 */
function fromWindows1252(bytes: Uint8Array): string {
	return latin1
		.decode(bytes)
		.replace(/[\u0080-\u009f]/g, (c) => WINDOWS_1252_C1[c.charCodeAt(0) - 0x80]!);
}

/**
 * Bytes → text: strips a UTF-8 BOM; bytes that are not valid UTF-8 are read as Windows-1252
 * (French bank exports often are). Throws a CsvReadError for UTF-16 text (Excel's "Unicode
 * text"), which would otherwise read as garbage.
 *
 * @example decodeCsv(new Uint8Array([0x44, 0xe9, 0x62, 0x69, 0x74])) // { text: 'Débit', encoding: 'windows-1252' }
 */
export function decodeCsv(bytes: Uint8Array): { text: string; encoding: CsvEncoding } {
	if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) bytes = bytes.subarray(3);
	else if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
		throw new CsvReadError(m.csv_utf16());
	}
	try {
		return { text: utf8.decode(bytes), encoding: 'utf-8' };
	} catch {
		return { text: fromWindows1252(bytes), encoding: 'windows-1252' };
	}
}

/**
 * decodeCsv then readCsvTable, with the encoding found recorded in the table.
 *
 * @example readCsvFile(bytes).encoding // 'windows-1252'
 */
export function readCsvFile(
	bytes: Uint8Array,
	options: { delimiter?: CsvDelimiter; hasHeader?: boolean } = {}
): CsvTable {
	const { text, encoding } = decodeCsv(bytes);
	return readCsvTable(text, { ...options, encoding });
}

const DELIMITERS: readonly CsvDelimiter[] = ['\t', ';', ','];
/** Rows looked at to detect the delimiter and the header: enough to see a pattern, and cheap. */
const SAMPLE_ROWS = 50;

/**
 * Parses CSV text with papaparse (quotes, escaped quotes, embedded newlines, CRLF/CR/LF), into
 * trimmed cells. Detects the delimiter among `,` `;` tab, or takes Excel's `sep=;` first line,
 * and whether the first row is a header (its cells are not numbers or dates where the other
 * rows' are). Options override detection. Fully empty trailing columns (a `;` ending every line)
 * are left out, and so are lines before a header with fewer cells than the table's (a bank's
 * account number and period), into `preamble`.
 *
 * Throws a CsvReadError (code 'bad-file', plain words) for an empty file, a file with no data
 * rows, a quote that is never closed, or a file that is not CSV (binary, a spreadsheet, a JSON
 * or encrypted backup). `encoding` is only recorded in the table (decodeCsv found it; readCsvFile
 * passes it on).
 *
 * @example readCsvTable('date;value\r\n31/01/2026;1 234,56\r\n')
 * // { encoding: 'utf-8', delimiter: ';', hasHeader: true, columns: ['date', 'value'],
 * //   rows: [{ line: 2, cells: ['31/01/2026', '1 234,56'] }] }
 */
export function readCsvTable(
	text: string,
	options: { delimiter?: CsvDelimiter; hasHeader?: boolean; encoding?: CsvEncoding } = {}
): CsvTable {
	if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
	if (text.trim() === '') throw new CsvReadError(m.csv_empty_file());
	refuseNonCsv(text);
	// One line ending throughout, so that papaparse never has to guess it (a file may mix them).
	text = text.replace(/\r\n?/g, '\n');

	let firstLine = 1;
	let delimiter = options.delimiter;
	const sep = /^sep=(.)\n/i.exec(text);
	if (sep) {
		// Excel's hint line; it is a line of the file, so later line numbers still count it.
		const named = DELIMITERS.find((d) => d === sep[1]);
		delimiter ??= named;
		text = text.slice(sep[0].length);
		firstLine = 2;
	}
	delimiter ??= detectDelimiter(text);

	const parsed = Papa.parse<string[]>(text, { delimiter, newline: '\n', skipEmptyLines: false });
	const unclosed = parsed.errors.find((error) => error.code === 'MissingQuotes');
	if (unclosed) {
		const line = firstLine + (unclosed.row ?? 0);
		throw new CsvReadError(m.csv_unclosed_quote({ line }));
	}

	let rows: CsvRow[] = [];
	const data = parsed.data;
	for (let i = 0; i < data.length; i++) {
		const cells = data[i]!; // papaparse's own arrays, trimmed in place
		let filled = false;
		for (let c = 0; c < cells.length; c++) {
			const cell = cells[c]!.trim();
			cells[c] = cell;
			if (cell !== '') filled = true;
		}
		if (filled) rows.push({ line: firstLine + i, cells });
	}
	if (rows.length === 0) throw new CsvReadError(m.csv_empty_file());

	let preamble: CsvRow[] = [];
	const start = options.hasHeader === false ? 0 : tableStart(rows);
	if (
		start > 0 &&
		(options.hasHeader ?? detectHeader(rows.slice(start, start + SAMPLE_ROWS + 1)))
	) {
		preamble = rows.slice(0, start);
		rows = rows.slice(start);
	}
	const hasHeader =
		preamble.length > 0 || (options.hasHeader ?? detectHeader(rows.slice(0, SAMPLE_ROWS + 1)));
	const header = hasHeader ? rows[0]!.cells : [];
	if (hasHeader) rows = rows.slice(1);
	if (rows.length === 0) {
		throw new CsvReadError(m.csv_header_only());
	}

	let width = header.length;
	for (const row of rows) if (row.cells.length > width) width = row.cells.length;
	// Columns that are empty everywhere at the end (every line ending with a delimiter).
	while (width > 1 && (header[width - 1] ?? '') === '' && rows.every((r) => !r.cells[width - 1])) {
		width--;
	}
	for (const row of rows) if (row.cells.length > width) row.cells.length = width;

	return {
		encoding: options.encoding ?? 'utf-8',
		delimiter,
		hasHeader,
		columns: columnNames(header, width),
		rows,
		preamble
	};
}

/** Lines a preamble can take at most: banks write a few, not pages. */
const MAX_PREAMBLE = 20;

/**
 * Where the table seems to start: after leading rows with fewer cells than most rows have (a
 * bank's preamble). The caller keeps that start only when a header is found there, so rows of
 * a file without a header are never left out for being short.
 */
function tableStart(rows: CsvRow[]): number {
	const counts = new Map<number, number>();
	for (const row of rows.slice(0, SAMPLE_ROWS + MAX_PREAMBLE)) {
		counts.set(row.cells.length, (counts.get(row.cells.length) ?? 0) + 1);
	}
	let width = 0;
	let times = 0;
	for (const [count, seen] of counts) {
		if (seen > times || (seen === times && count > width)) [width, times] = [count, seen];
	}
	const start = rows.findIndex((row) => row.cells.length >= width);
	return start > 0 && start <= MAX_PREAMBLE && width > 1 ? start : 0;
}

/** Header names, "Column N" where there is none, and "Name (2)" for a name seen before. */
function columnNames(header: string[], width: number): string[] {
	const seen = new Map<string, number>();
	return Array.from({ length: width }, (_, i) => {
		const name = header[i] || m.csv_column_n({ n: i + 1 });
		const key = name.toLowerCase();
		const count = (seen.get(key) ?? 0) + 1;
		seen.set(key, count);
		return count === 1 ? name : `${name} (${count})`;
	});
}

/** Files people pick by mistake, each refused with what it is and where it belongs. */
function refuseNonCsv(text: string): void {
	const start = text.slice(0, 1024).trimStart();
	// not shown: the first bytes of an SQLite database file
	if (start.startsWith('SQLite format 3')) {
		throw new CsvReadError(m.csv_database_file());
	}
	if (start.startsWith('-----BEGIN PGP')) {
		throw new CsvReadError(m.csv_encrypted_backup());
	}
	if (start.startsWith('PK\u0003\u0004')) {
		throw new CsvReadError(m.csv_spreadsheet_file());
	}
	if (start.startsWith('{') || start.startsWith('[')) {
		let json = true;
		try {
			JSON.parse(text);
		} catch {
			json = false;
		}
		if (json) {
			throw new CsvReadError(
				text.includes('"schemaVersion"') ? m.csv_json_backup() : m.csv_json_file()
			);
		}
	}
	if (/^<(?:!doctype|html|\?xml)/i.test(start)) {
		throw new CsvReadError(m.csv_html_file());
	}
	if (looksBinary(text)) {
		throw new CsvReadError(m.csv_binary_file());
	}
}

/** NUL, or control characters text does not hold, in the first few kilobytes. */
function looksBinary(text: string): boolean {
	const end = Math.min(text.length, 8192);
	let controls = 0;
	for (let i = 0; i < end; i++) {
		const code = text.charCodeAt(i);
		if (code === 0) return true;
		if ((code < 32 && code !== 9 && code !== 10 && code !== 13 && code !== 12) || code === 127) {
			controls++;
		} else if (code === 0xfffd) controls++; // bytes that did not decode
	}
	return controls > 0 && controls * 100 > end;
}

/**
 * The delimiter that splits the first rows into the same number of cells (more than one),
 * most consistently; ties go to the one whose cells read as numbers and dates (in a `;` file,
 * `12/01/2026;1 234,56` split at the comma gives "12/01/2026;1 234" and "56"), then to more
 * cells, then tab over `;` over `,`. A file with one column is read with `,`.
 */
function detectDelimiter(text: string): CsvDelimiter {
	let best: CsvDelimiter = ',';
	let bestScore: number[] = [];
	for (const delimiter of DELIMITERS) {
		const sample = Papa.parse<string[]>(text, {
			delimiter,
			newline: '\n',
			preview: SAMPLE_ROWS,
			skipEmptyLines: true
		}).data;
		const counts = new Map<number, number>();
		for (const row of sample) counts.set(row.length, (counts.get(row.length) ?? 0) + 1);
		let width = 1;
		let rowsOfWidth = 0;
		for (const [count, times] of counts) {
			if (times > rowsOfWidth || (times === rowsOfWidth && count > width)) {
				width = count;
				rowsOfWidth = times;
			}
		}
		if (width < 2) continue;
		let typed = 0;
		let cells = 0;
		for (const row of sample) {
			for (const cell of row) {
				if (cell.trim() === '') continue;
				cells++;
				if (isTyped(cell.trim())) typed++;
			}
		}
		const score = [rowsOfWidth / sample.length, cells ? typed / cells : 0, width];
		if (isBetter(score, bestScore)) {
			best = delimiter;
			bestScore = score;
		}
	}
	return best;
}

/** Lexicographic: the first figure that differs decides; a tie keeps the earlier delimiter. */
function isBetter(score: number[], than: number[]): boolean {
	for (let i = 0; i < score.length; i++) {
		const a = score[i]!;
		const b = than[i] ?? -1;
		if (Math.abs(a - b) > 1e-9) return a > b;
	}
	return false;
}

/** What a cell holds: a date in some order, a number in some style, or neither. */
function kindOf(cell: string): 'date' | 'number' | null {
	if (parseDay(cell, 'dmy') !== null || parseDay(cell, 'mdy') !== null) return 'date';
	return NUMBER_STYLES.some((style) => parseAmount(cell, style) !== null) ? 'number' : null;
}

function isTyped(cell: string): boolean {
	return kindOf(cell) !== null;
}

/**
 * The first row is a header when, in a column whose other cells are mostly numbers (or mostly
 * dates), its own cell is not one. A file of text columns only has a header when its first
 * row's cells are all filled and all different and none of them repeats in its column below.
 */
function detectHeader(sample: CsvRow[]): boolean {
	const [first, ...others] = sample;
	if (!first) return false;
	if (others.length === 0) return !first.cells.some(isTyped);
	let typedColumns = 0;
	for (let c = 0; c < first.cells.length; c++) {
		let filled = 0;
		let dates = 0;
		let numbers = 0;
		for (const row of others) {
			const cell = row.cells[c] ?? '';
			if (cell === '') continue;
			filled++;
			const kind = kindOf(cell);
			if (kind === 'date') dates++;
			else if (kind === 'number') numbers++;
		}
		const kind = dates * 2 >= filled ? 'date' : numbers * 2 >= filled ? 'number' : null;
		if (filled === 0 || kind === null) continue;
		typedColumns++;
		const own = first.cells[c]!;
		if (own !== '' && kindOf(own) !== kind) return true;
	}
	if (typedColumns > 0) return false;
	const names = first.cells.map((cell) => cell.toLowerCase());
	return (
		names.every((name) => name !== '') &&
		new Set(names).size === names.length &&
		names.every((name, c) => others.every((row) => (row.cells[c] ?? '').toLowerCase() !== name))
	);
}

/**
 * A stable key for a file's layout (its delimiter and its header names, in lower case without
 * accents or extra spaces, so "Libellé" and "LIBELLE " are one layout), to remember the user's
 * column mapping per layout. Without a header, the number of columns is the layout.
 *
 * @example layoutKey({ delimiter: ';', hasHeader: true, columns: ['Date', 'Libellé'] }) // '["csv-layout",";",true,"date","libelle"]'
 */
export function layoutKey(table: Pick<CsvTable, 'delimiter' | 'columns' | 'hasHeader'>): string {
	const names = table.hasHeader
		? table.columns.map((name) =>
				name
					.normalize('NFKD')
					.replace(/\p{M}/gu, '')
					.toLowerCase()
					.replace(/[\s\u00a0\u202f]+/g, ' ')
					.trim()
			)
		: [table.columns.length];
	return JSON.stringify(['csv-layout', table.delimiter, table.hasHeader, ...names]);
}
