/**
 * What a CSV export is made of and how it is laid out: the columns' kinds and the delimiter and
 * decimal mark of each layout. Kept apart from the writer (csv-write.ts, with papaparse) so a page
 * that offers a download loads the writer only when one is asked for.
 */
import { decimalMarkOf } from './money';

/**
 * `spreadsheet`: the delimiter and decimal mark a spreadsheet in the user's number format
 * splits and reads (`;` and `,` where the decimal mark is a comma, as in French; `,` and `.`
 * otherwise). `plain`: always `,` and `.`, what scripts and other tools read.
 */
export type CsvLayout = 'spreadsheet' | 'plain';
export const CSV_LAYOUTS: readonly CsvLayout[] = ['spreadsheet', 'plain'];

export type CsvKind = 'text' | 'decimal' | 'day';

export interface CsvColumn {
	header: string;
	kind: CsvKind;
}

/** Rows of cells in the columns' order; null is an empty cell. */
export interface CsvTable {
	columns: CsvColumn[];
	rows: (string | null)[][];
}

export interface CsvFormat {
	delimiter: ',' | ';';
	decimalMark: '.' | ',';
}

export const BOM = '\uFEFF';

/** The delimiter and decimal mark of a layout for a number format (a locale such as fr-FR). */
export function csvFormat(layout: CsvLayout, locale: string): CsvFormat {
	if (layout === 'spreadsheet' && decimalMarkOf(locale) === ',') {
		return { delimiter: ';', decimalMark: ',' };
	}
	return { delimiter: ',', decimalMark: '.' };
}
