import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { BOM, csvFormat, type CsvTable } from './csv-format';
import { guardText, writeCsv } from './csv-write';

const FRENCH = csvFormat('spreadsheet', 'fr-FR');
const ENGLISH = csvFormat('spreadsheet', 'en-US');
const PLAIN = csvFormat('plain', 'fr-FR');

const table: CsvTable = {
	columns: [
		{ header: 'Date', kind: 'day' },
		{ header: 'Name', kind: 'text' },
		{ header: 'Value', kind: 'decimal' }
	],
	rows: [
		['2026-12-02', 'Café <b>&amp; "Ünïcödé"</b>', '-1234.56'],
		['2026-01-31', 'Flat; Paris, 2nd floor\r\nwith a cellar', '12345678901234567890.123456789012'],
		['2025-02-28', null, null]
	]
};

/** What a CSV reader gets back, the BOM taken off as a spreadsheet takes it. */
function readBack(csv: string, delimiter: string): string[][] {
	expect(csv.startsWith(BOM)).toBe(true);
	const parsed = Papa.parse<string[]>(csv.slice(1), { delimiter, newline: '\r\n' });
	expect(parsed.errors).toEqual([]);
	return parsed.data;
}

describe('the layouts', () => {
	it('follows the number format for a spreadsheet and is always , and . as plain data', () => {
		expect(FRENCH).toEqual({ delimiter: ';', decimalMark: ',' });
		expect(csvFormat('spreadsheet', 'de-DE')).toEqual({ delimiter: ';', decimalMark: ',' });
		expect(ENGLISH).toEqual({ delimiter: ',', decimalMark: '.' });
		expect(csvFormat('spreadsheet', 'ja-JP')).toEqual({ delimiter: ',', decimalMark: '.' });
		expect(PLAIN).toEqual({ delimiter: ',', decimalMark: '.' });
		expect(csvFormat('plain', 'en-GB')).toEqual({ delimiter: ',', decimalMark: '.' });
	});
});

describe('writing a CSV', () => {
	it('starts with a BOM, ends every line with CRLF and has a header row', () => {
		const csv = writeCsv(table, PLAIN);
		expect(csv.startsWith('\uFEFFDate,Name,Value\r\n')).toBe(true);
		expect(csv.endsWith('\r\n')).toBe(true);
		// Outside quoted cells (one holds a line break of its own), every line ends in CRLF.
		const outsideQuotes = csv.replace(/"[^"]*"/g, '');
		expect(outsideQuotes.match(/\n/g)).toHaveLength(4);
		expect(outsideQuotes.match(/\r\n/g)).toHaveLength(4);
	});

	it('writes decimals exactly as stored, with the layout’s decimal mark and no grouping', () => {
		expect(writeCsv(table, FRENCH)).toContain(';-1234,56\r\n');
		expect(writeCsv(table, FRENCH)).toContain(';12345678901234567890,123456789012\r\n');
		expect(writeCsv(table, ENGLISH)).toContain(',-1234.56\r\n');
		expect(writeCsv(table, PLAIN)).toContain(',12345678901234567890.123456789012\r\n');
	});

	it('quotes what needs it, and a reader gets every cell back', () => {
		for (const format of [FRENCH, PLAIN]) {
			const rows = readBack(writeCsv(table, format), format.delimiter);
			const mark = (v: string) => v.replace('.', format.decimalMark);
			expect(rows).toEqual([
				['Date', 'Name', 'Value'],
				['2026-12-02', 'Café <b>&amp; "Ünïcödé"</b>', mark('-1234.56')],
				[
					'2026-01-31',
					'Flat; Paris, 2nd floor\r\nwith a cellar',
					mark('12345678901234567890.123456789012')
				],
				['2025-02-28', '', ''],
				['']
			]);
		}
		expect(writeCsv(table, PLAIN)).toContain(',"Café <b>&amp; ""Ünïcödé""</b>",');
	});

	it('guards text that a spreadsheet would run as a formula, and leaves negative numbers numbers', () => {
		const hostile: CsvTable = {
			columns: [
				{ header: 'Name', kind: 'text' },
				{ header: 'Value', kind: 'decimal' }
			],
			rows: [
				['=HYPERLINK("http://evil.example","Click")', '-5'],
				['+1+1', '-0.01'],
				['-2+3', '0'],
				['@SUM(A1)', '7'],
				['\tTabbed', '1'],
				['\rReturn', '1'],
				['Plain name - with a dash', '-250.75']
			]
		};
		const rows = readBack(writeCsv(hostile, FRENCH), ';');
		expect(rows.slice(1, -1)).toEqual([
			[`'=HYPERLINK("http://evil.example","Click")`, '-5'],
			["'+1+1", '-0,01'],
			["'-2+3", '0'],
			["'@SUM(A1)", '7'],
			["'\tTabbed", '1'],
			["'\rReturn", '1'],
			['Plain name - with a dash', '-250,75']
		]);
		// Guarded cells are quoted, as OWASP advises.
		expect(writeCsv(hostile, FRENCH)).toContain(`\r\n"'+1+1";-0,01\r\n`);
		expect(guardText('Café')).toBe('Café');
		// A header is text too: a chart's columns are named after the user's categories.
		const named = writeCsv(
			{ columns: [{ header: '=cmd|calc', kind: 'decimal' }], rows: [['-1']] },
			PLAIN
		);
		expect(named).toBe(`${BOM}"'=cmd|calc"\r\n-1\r\n`);
	});

	it('refuses a number or a day that is not one, instead of writing it as text', () => {
		const bad = (kind: 'decimal' | 'day', value: string) =>
			writeCsv({ columns: [{ header: 'X', kind }], rows: [[value]] }, PLAIN);
		const refusal = (message: RegExp) =>
			expect.objectContaining({ code: 'internal', message: expect.stringMatching(message) });
		expect(() => bad('decimal', '1,5')).toThrow(
			refusal(
				/^“1,5” in the column X is not a plain decimal number, so the file was not written\.$/
			)
		);
		expect(() => bad('decimal', '1e5')).toThrow(refusal(/“1e5” .* plain decimal number/));
		expect(() => bad('day', '02/12/2026')).toThrow(refusal(/“02\/12\/2026” .* is not a date/));
	});
});
