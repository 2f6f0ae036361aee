/**
 * Writing CSV files for spreadsheets and scripts (the reading side is csv-read.ts). A table is
 * typed by column — text, a decimal, a day — so each cell is written the way its kind needs:
 *
 * - a decimal as its stored text, exactly (never through a float), without grouping or currency
 *   symbol, with the layout's decimal mark: `-1234.56`, or `-1234,56` for a French spreadsheet;
 * - a day as ISO `YYYY-MM-DD`, which Excel and LibreOffice read as a date in every locale;
 * - text guarded against formula injection (OWASP's advice): a cell starting with `=` `+` `-`
 *   `@`, a tab or a carriage return is written with a leading `'` and quoted, so a spreadsheet
 *   shows it as text instead of running it. Negative numbers are decimal cells: they stay numbers.
 *
 * The file is UTF-8 with a byte order mark (Excel reads a CSV without one in the system's legacy
 * code page, and "Café" turns into "CafÃ©"), CRLF line ends and a header row; papaparse quotes.
 */
import Papa from 'papaparse';
import { isDateText } from './dates';
import { AppError } from './errors';
import { BOM, type CsvFormat, type CsvKind, type CsvTable } from './csv-format';
import { isPlainDecimal } from './money';
import { m } from '$lib/paraglide/messages';

const FORMULA_START = /^[=+\-@\t\r]/;

/** Text a spreadsheet shows as text: a would-be formula gets a leading `'` (OWASP). */
export function guardText(text: string): string {
	return FORMULA_START.test(text) ? `'${text}` : text;
}

/**
 * A cell that is not of its column's kind: the rows come from the database, so it is Strata's
 * mistake (code `internal`), never the user's; the file is not written rather than written wrong.
 */
function notOfKind(value: string, header: string, kind: string): AppError {
	return new AppError('internal', m.csv_not_of_kind({ value, header, kind }));
}

function cellText(value: string, kind: CsvKind, decimalMark: string, header: string): string {
	if (kind === 'text') return guardText(value);
	if (kind === 'day') {
		if (!isDateText(value)) throw notOfKind(value, header, m.csv_kind_date());
		return value;
	}
	// A stored decimal is already plain text; anything else is a bug, never written as a number.
	if (!isPlainDecimal(value)) throw notOfKind(value, header, m.csv_kind_decimal());
	return decimalMark === '.' ? value : value.replace('.', decimalMark);
}

/**
 * The whole file as text, BOM first.
 *
 * @example writeCsv({ columns: [{ header: 'Value', kind: 'decimal' }], rows: [['-12.5']] },
 *   { delimiter: ';', decimalMark: ',' }) // '\uFEFFValue\r\n-12,5\r\n'
 */
export function writeCsv(table: CsvTable, { delimiter, decimalMark }: CsvFormat): string {
	const { columns } = table;
	const header = columns.map((c) => guardText(c.header));
	const rows = table.rows.map((row) =>
		columns.map((column, i) => {
			const value = row[i] ?? null;
			return value === null ? '' : cellText(value, column.kind, decimalMark, column.header);
		})
	);
	const body = Papa.unparse([header, ...rows], {
		delimiter,
		newline: '\r\n',
		// Guarded text (headers included) is quoted as OWASP advises; a number or a day never
		// starts with "'". Papaparse quotes delimiters, quotes and line breaks itself.
		quotes: (value: unknown) => typeof value === 'string' && value.startsWith("'"),
		escapeFormulae: false
	});
	return `${BOM}${body}\r\n`;
}
