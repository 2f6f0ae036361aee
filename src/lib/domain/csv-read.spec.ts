import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import {
	CsvReadError,
	decodeCsv,
	detectDateOrder,
	detectNumberStyle,
	layoutKey,
	parseAmount,
	parseDay,
	readCsvFile,
	readCsvTable,
	type CsvTable
} from './csv-read';
import { hasCode } from './errors';
import { addDecimals, normalDecimal } from './money';

const fixture = (name: string) =>
	new Uint8Array(readFileSync(new URL(`../../../tests/fixtures/${name}`, import.meta.url)));
const encode = (text: string) => new TextEncoder().encode(text);
const column = (table: CsvTable, index: number) => table.rows.map((row) => row.cells[index] ?? '');

/** What readCsvTable throws for the text: a CsvReadError with code 'bad-file'. */
function refusal(read: () => unknown): CsvReadError {
	try {
		read();
	} catch (error) {
		expect(error).toBeInstanceOf(CsvReadError);
		expect(hasCode(error, 'bad-file')).toBe(true);
		return error as CsvReadError;
	}
	throw new Error('expected the file to be refused');
}

describe('decodeCsv', () => {
	it('reads UTF-8 and strips its BOM', () => {
		expect(decodeCsv(new Uint8Array([0xef, 0xbb, 0xbf, ...encode('Libellé;Débit')]))).toEqual({
			text: 'Libellé;Débit',
			encoding: 'utf-8'
		});
		expect(decodeCsv(encode('Libellé;Débit'))).toEqual({
			text: 'Libellé;Débit',
			encoding: 'utf-8'
		});
		expect(decodeCsv(encode('date,value'))).toEqual({ text: 'date,value', encoding: 'utf-8' });
	});

	it('reads bytes that are not UTF-8 as Windows-1252', () => {
		// "Débit;Crédit 80 €" as a French Windows PC saves it: é is 0xE9, € is 0x80.
		const bytes = new Uint8Array([
			0x44, 0xe9, 0x62, 0x69, 0x74, 0x3b, 0x43, 0x72, 0xe9, 0x64, 0x69, 0x74, 0x20, 0x38, 0x30,
			0xa0, 0x80
		]);
		expect(decodeCsv(bytes)).toEqual({
			text: 'Débit;Crédit 80\u00a0€',
			encoding: 'windows-1252'
		});
	});

	it('refuses UTF-16 text with what to do instead', () => {
		const utf16 = new Uint8Array([0xff, 0xfe, 0x61, 0x00, 0x2c, 0x00, 0x62, 0x00]);
		expect(refusal(() => decodeCsv(utf16)).message).toMatch(/UTF-16.*save it as “CSV UTF-8”/);
	});
});

describe('the fixtures', () => {
	it('reads the French bank statement: Windows-1252, ;, CRLF, 1 234,56, dd/mm/yyyy', () => {
		const table = readCsvFile(fixture('csv/fr-bank-releve.csv'));
		expect(table).toMatchObject({ encoding: 'windows-1252', delimiter: ';', hasHeader: true });
		expect(table.columns).toEqual([
			'Date opération',
			'Date valeur',
			'Libellé',
			'Débit',
			'Crédit',
			'Solde'
		]);
		expect(table.rows).toHaveLength(18);
		expect(table.rows.map((row) => row.line)).toEqual(Array.from({ length: 18 }, (_, i) => i + 2));
		expect(table.rows.every((row) => row.cells.length === 6)).toBe(true);
		// A quoted label with a ; inside is one cell, and no line ending is left in any cell.
		expect(table.rows[2]!.cells[2]).toBe('LOYER FÉVRIER; APPARTEMENT RUE DE LA RÉPUBLIQUE');
		expect(table.rows.some((row) => row.cells.some((cell) => /[\r\n]/.test(cell)))).toBe(false);
		expect(table.rows.find((row) => row.line === 9)!.cells[2]).toBe('CB FNAC BELLECOUR "CADEAU"');
		// Byte 0x80 is the euro sign in Windows-1252 (Node's own decoder would give U+0080).
		expect(table.rows.find((row) => row.line === 16)!.cells[2]).toBe(
			'RETRAIT DAB 05/01 LYON BELLECOUR 40€'
		);

		const dates = detectDateOrder(column(table, 0));
		expect(dates.order).toBe('dmy');
		expect(parseDay(table.rows[0]!.cells[0]!, 'dmy')).toBe('2026-02-24');
		const style = detectNumberStyle(column(table, 5)).style!;
		expect(style).toEqual({ decimal: ',', grouping: ' ' });
		expect(table.rows[0]!.cells[5]).toBe('5\u00a0576,98'); // grouped with a no-break space
		expect(parseAmount(table.rows[0]!.cells[5]!, style)).toBe('5576.98');

		// Each line's balance is the one below it (the day before) plus its debit or credit.
		const amount = (cells: string[]) => parseAmount(cells[3] || cells[4]!, style)!;
		table.rows.slice(0, -1).forEach((row, i) => {
			const below = parseAmount(table.rows[i + 1]!.cells[5]!, style)!;
			expect(addDecimals(below, amount(row.cells))).toBe(
				normalDecimal(parseAmount(row.cells[5]!, style)!)
			);
		});
	});

	it('reads a bank statement that starts with lines about the account, before its header', () => {
		const table = readCsvFile(fixture('csv/fr-bank-preamble.csv'));
		expect(table).toMatchObject({ encoding: 'windows-1252', delimiter: ';', hasHeader: true });
		expect(table.columns).toEqual(['Date', 'Libellé', 'Débit euros', 'Crédit euros']);
		expect(table.preamble.map((row) => [row.line, row.cells[0]])).toEqual([
			[1, 'Téléchargement du 02/12/2026'],
			[3, 'Compte de Dépôt carte n° 12345678901'],
			[4, 'Solde au 30/11/2026 2 486,37 €'],
			[5, 'Liste des opérations du compte entre le 01/11/2026 et le 30/11/2026']
		]);
		expect(table.rows).toHaveLength(10);
		// Each label spans two lines in its quotes: one row each, as a spreadsheet shows them.
		expect(table.rows.map((row) => row.line)).toEqual([8, 9, 10, 11, 12, 13, 14, 15, 16, 17]);
		expect(table.rows[0]!.cells).toEqual([
			'28/11/2026',
			'CARTE X1234 27/11 MONOPRIX\nLYON 02',
			'42,18',
			''
		]);
		expect(table.rows[2]!.cells[3]).toBe('2 950,00');
		expect(detectDateOrder(column(table, 0)).order).toBe('dmy');
		expect(detectNumberStyle([...column(table, 2), ...column(table, 3)]).style).toEqual({
			decimal: ',',
			grouping: ' '
		});
	});

	it('reads the broker activity: UTF-8 with a BOM, commas, quoted commas, ISO dates', () => {
		const table = readCsvFile(fixture('csv/broker-activity.csv'));
		expect(table).toMatchObject({ encoding: 'utf-8', delimiter: ',', hasHeader: true });
		expect(table.columns).toEqual([
			'Date',
			'Symbol',
			'Name',
			'Action',
			'Quantity',
			'Price',
			'Currency',
			'Fees'
		]);
		expect(table.rows).toHaveLength(17);
		expect(table.rows[0]!.line).toBe(2);
		const booking = table.rows.find((row) => row.cells[1] === 'BKNG')!;
		expect(booking.cells).toEqual([
			'2025-02-14',
			'BKNG',
			'Booking Holdings, Inc',
			'Buy',
			'0.25',
			'4,987.15',
			'USD',
			'1.00'
		]);
		expect(detectDateOrder(column(table, 0)).order).toBe('iso');
		expect(detectNumberStyle(column(table, 5)).style).toEqual({ decimal: '.', grouping: ',' });
		expect(new Set(column(table, 2)).size).toBe(4);
	});

	it('reads the valuations of many assets', () => {
		const table = readCsvFile(fixture('csv/valuations-many-assets.csv'));
		expect(table).toMatchObject({
			encoding: 'utf-8',
			delimiter: ',',
			hasHeader: true,
			columns: ['date', 'asset', 'value', 'currency']
		});
		expect(table.rows).toHaveLength(20);
		expect(table.rows.at(-1)).toEqual({
			line: 21,
			cells: ['2025-05-31', 'Livret A', '13700.00', 'EUR']
		});
		expect(new Set(column(table, 1)).size).toBe(6);
	});

	it('reads the ambiguous dates, and the dates stay a question', () => {
		const table = readCsvFile(fixture('csv/ambiguous-dates.csv'));
		expect(table.rows).toHaveLength(12);
		expect(detectDateOrder(column(table, 0))).toEqual({ order: null, candidates: ['dmy', 'mdy'] });
		expect(detectNumberStyle(column(table, 2)).style).toEqual({ decimal: '.', grouping: ',' });
	});

	it.each([
		['csv/empty.csv', /empty/],
		['csv/header-only.csv', /header line but no rows/],
		['csv/not-a-csv.bin', /not a CSV file: it holds binary data/],
		['csv/unclosed-quote.csv', /quote \(".*line 3 is never closed/],
		['v1-minimal.json', /Strata backup \(JSON\).*Settings → Backup → Import/]
	])('refuses %s with a clear message', (name, message) => {
		expect(refusal(() => readCsvFile(fixture(name))).message).toMatch(message);
	});
});

describe('readCsvTable', () => {
	it('detects tabs', () => {
		const table = readCsvTable('date\tvalue\n2026-01-31\t12.5\n');
		expect(table.delimiter).toBe('\t');
		expect(table.rows[0]!.cells).toEqual(['2026-01-31', '12.5']);
	});

	it('finds ; in a file whose amounts have commas, without a header to help', () => {
		const table = readCsvTable('31/01/2026;Loyer;1 234,56\n28/02/2026;Loyer;1 250,00\n');
		expect(table.delimiter).toBe(';');
		expect(table.hasHeader).toBe(false);
		expect(table.columns).toEqual(['Column 1', 'Column 2', 'Column 3']);
		// Even when splitting at the commas gives as many cells on every line.
		expect(readCsvTable('31/01/2026;12,50\n28/02/2026;13,75\n').delimiter).toBe(';');
	});

	it('finds , in a file whose labels have ; inside quotes, and ; with commas inside quotes', () => {
		expect(readCsvTable('date,label,value\n2026-01-31,"a; b; c",1\n').delimiter).toBe(',');
		expect(readCsvTable('date;label;value\n2026-01-31;"a, b, c";1,5\n').delimiter).toBe(';');
	});

	it('reads a file of one column with a comma delimiter', () => {
		const table = readCsvTable('value\n12\n13\n');
		expect(table).toMatchObject({ delimiter: ',', hasHeader: true, columns: ['value'] });
		expect(table.rows).toHaveLength(2);
	});

	it('takes the delimiter from Excel’s sep= line and still counts that line', () => {
		const table = readCsvTable('sep=;\r\ndate;value\r\n2026-01-31;1,5\r\n');
		expect(table).toMatchObject({ delimiter: ';', columns: ['date', 'value'] });
		expect(table.rows).toEqual([{ line: 3, cells: ['2026-01-31', '1,5'] }]);
	});

	it('reads CRLF, CR and LF line endings alike, and a text BOM', () => {
		for (const text of [
			'date,value\r\n2026-01-31,1\r\n2026-02-28,2\r\n',
			'date,value\r2026-01-31,1\r2026-02-28,2\r',
			'\ufeffdate,value\n2026-01-31,1\n2026-02-28,2'
		]) {
			const table = readCsvTable(text);
			expect(table.columns).toEqual(['date', 'value']);
			expect(table.rows).toEqual([
				{ line: 2, cells: ['2026-01-31', '1'] },
				{ line: 3, cells: ['2026-02-28', '2'] }
			]);
		}
	});

	it('keeps quoted newlines and escaped quotes in their cell, one row as a spreadsheet shows it', () => {
		const table = readCsvTable(
			'date,label,value\r\n2026-01-31,"two\r\nlines",1\r\n2026-02-28,"say ""hi""",2\r\n'
		);
		expect(table.rows).toEqual([
			{ line: 2, cells: ['2026-01-31', 'two\nlines', '1'] },
			{ line: 3, cells: ['2026-02-28', 'say "hi"', '2'] }
		]);
	});

	it('skips empty lines but counts them, and trims cells', () => {
		const table = readCsvTable('date,value\n\n 2026-01-31 ,  1 \n,\n   \n2026-02-28,2\n\n');
		expect(table.rows).toEqual([
			{ line: 3, cells: ['2026-01-31', '1'] },
			{ line: 6, cells: ['2026-02-28', '2'] }
		]);
	});

	it('leaves out empty trailing columns, keeps short and long rows as they are', () => {
		const table = readCsvTable('date;value;\n2026-01-31;1;\n2026-02-28;2;;\n2026-03-31\n');
		expect(table.columns).toEqual(['date', 'value']);
		expect(table.rows.map((row) => row.cells)).toEqual([
			['2026-01-31', '1'],
			['2026-02-28', '2'],
			['2026-03-31']
		]);
		const wide = readCsvTable('date,value\n2026-01-31,1,extra\n');
		expect(wide.columns).toEqual(['date', 'value', 'Column 3']);
	});

	it('names empty and repeated header cells', () => {
		const table = readCsvTable('Date,,Montant,montant\n2026-01-31,x,1,2\n');
		expect(table.columns).toEqual(['Date', 'Column 2', 'Montant', 'montant (2)']);
	});

	it.each([
		['date,value\n2026-01-31,1\n', true],
		['2026-01-31,1\n2026-02-28,2\n', false],
		['Date;Libellé;Montant\n31/01/2026;Loyer;-1 250,00\n', true],
		['31/01/2026;Loyer;-1 250,00\n28/02/2026;Loyer;-1 250,00\n', false],
		['name,type\nFlat,Property\nCar,Vehicle\n', true],
		['Flat,Property\nFlat,Vehicle\n', false], // "Flat" again below: data
		['a,\nb,c\n', false], // an empty cell: no header
		['asset,2026-01-31\nFlat,250000\n', true] // a date in a header over a number column
	])('tells a header from data in %j', (text, hasHeader) => {
		expect(readCsvTable(text).hasHeader).toBe(hasHeader);
	});

	it('leaves out lines before a header only, never short rows of a file without one', () => {
		const banked = readCsvTable(
			'Compte n° 123;\nDate;Libellé;Montant\n31/01/2026;Loyer;-1 250,00\n'
		);
		expect(banked.preamble).toEqual([{ line: 1, cells: ['Compte n° 123', ''] }]);
		expect(banked.columns).toEqual(['Date', 'Libellé', 'Montant']);
		expect(banked.rows).toEqual([{ line: 3, cells: ['31/01/2026', 'Loyer', '-1 250,00'] }]);

		const short = readCsvTable(
			'2026-01-31,Flat,250000\n2026-02-28,Flat,251000,EUR\n2026-03-31,Car,9000,EUR\n'
		);
		expect(short.preamble).toEqual([]);
		expect(short.hasHeader).toBe(false);
		expect(short.rows.map((row) => row.line)).toEqual([1, 2, 3]);

		const told = readCsvTable('Compte n° 123;\nDate;Montant\n31/01/2026;1\n', { hasHeader: false });
		expect(told.preamble).toEqual([]);
		expect(told.rows).toHaveLength(3);

		expect(refusal(() => readCsvTable('Compte n° 123;\nDate;Libellé;Montant\n')).message).toMatch(
			/header line but no rows/
		);
	});

	it('takes the delimiter and header from the options over detection', () => {
		const table = readCsvTable('a;b,c\n1;2,3\n', { delimiter: ',', hasHeader: false });
		expect(table).toMatchObject({ delimiter: ',', hasHeader: false });
		expect(table.columns).toEqual(['Column 1', 'Column 2']);
		expect(table.rows).toEqual([
			{ line: 1, cells: ['a;b', 'c'] },
			{ line: 2, cells: ['1;2', '3'] }
		]);
		expect(readCsvTable('date,value\n2026-01-31,1\n', { hasHeader: false }).rows).toHaveLength(2);
	});

	it.each([
		['', /empty/],
		['  \r\n\r\n  ', /empty/],
		[';;;\n;;\n', /empty/],
		['date,value\n', /header line but no rows/],
		['date,value\n\n\n', /header line but no rows/],
		['SQLite format 3\u0000\u0010\u0000', /database file \(\.db\)/],
		['-----BEGIN PGP MESSAGE-----\n\nwy4ECQMI\n', /encrypted backup/],
		['PK\u0003\u0004\u0014\u0000\u0006\u0000', /spreadsheet file.*save it as CSV/],
		['{"schemaVersion":"1","data":{}}', /Strata backup \(JSON\)/],
		['[{"date":"2026-01-31"}]', /JSON file, not CSV/],
		['<!DOCTYPE html><html><body>', /web page/],
		['\u0001\u0002\u0003\u0004abc\u0005\u0006', /binary data/],
		['date,label\n2026-01-31,"never closed\n2026-02-28,x\n', /line 2 is never closed/]
	])('refuses %j', (text, message) => {
		expect(refusal(() => readCsvTable(text)).message).toMatch(message);
	});

	it('reads a text that starts like JSON but is not JSON as CSV', () => {
		expect(readCsvTable('[a],b\n1,2\n').columns).toEqual(['[a]', 'b']);
	});
});

describe('any table written as CSV reads back', () => {
	const text = fc.string({
		unit: fc.constantFrom(...'ab é€,;\t"\n\r12.'.split('')),
		maxLength: 8
	});
	const delimiters = fc.constantFrom<CsvTable['delimiter']>(',', ';', '\t');
	const newlines = fc.constantFrom('\r\n', '\n', '\r');

	it('cell for cell, whatever the cells hold, given its delimiter', () => {
		fc.assert(
			fc.property(
				fc.array(fc.array(text, { minLength: 2, maxLength: 2 }), { minLength: 1, maxLength: 6 }),
				delimiters,
				newlines,
				(table, delimiter, newline) => {
					const rows = table.map((cells) => ['x', ...cells, 'y']); // no empty row or last column
					const csv = Papa.unparse(rows, { delimiter, newline, quotes: true });
					const read = readCsvTable(csv, { delimiter, hasHeader: false });
					// Line endings inside a cell come back as \n, as everywhere else in the table.
					const expected = rows.map((cells) =>
						cells.map((cell) => cell.replace(/\r\n?/g, '\n').trim())
					);
					expect(read.rows.map((row) => row.cells)).toEqual(expected);
					expect(read.rows[0]!.line).toBe(1);
				}
			)
		);
	});

	it('with its delimiter and header found, when it holds dates and amounts', () => {
		fc.assert(
			fc.property(
				fc.array(
					fc.tuple(
						fc.date({
							min: new Date('2000-01-01T00:00:00Z'),
							max: new Date('2030-12-31T00:00:00Z'),
							noInvalidDate: true
						}),
						fc.bigInt({ min: -(10n ** 9n), max: 10n ** 9n }),
						fc.string({ unit: fc.constantFrom(...'ab ,;é'.split('')), minLength: 1, maxLength: 10 })
					),
					{ minLength: 2, maxLength: 20 }
				),
				delimiters,
				newlines,
				(entries, delimiter, newline) => {
					const decimal = delimiter === ';' ? ',' : '.';
					const rows = entries.map(([date, cents, label]) => {
						const units = (cents < 0n ? -cents : cents).toString().padStart(3, '0');
						const amount = `${cents < 0n ? '-' : ''}${units.slice(0, -2)}${decimal}${units.slice(-2)}`;
						return [date.toISOString().slice(0, 10), label, amount];
					});
					const csv = Papa.unparse([['Date', 'Label', 'Amount'], ...rows], { delimiter, newline });
					const read = readCsvTable(csv);
					expect(read).toMatchObject({ delimiter, hasHeader: true });
					expect(read.columns).toEqual(['Date', 'Label', 'Amount']);
					expect(read.rows.map((row) => row.cells[2])).toEqual(rows.map((row) => row[2]));
				}
			)
		);
	});
});

describe('layoutKey', () => {
	const key = (columns: string[], delimiter: ',' | ';' = ';', hasHeader = true) =>
		layoutKey({ delimiter, columns, hasHeader });

	it('is the same for headers that differ in case, accents and spaces', () => {
		expect(key(['Date opération', 'Libellé', 'Montant'])).toBe(
			key(['DATE OPERATION ', 'libelle', 'Montant'])
		);
		expect(key(['Date  opération'])).toBe(key(['date\u00a0operation']));
	});

	it('differs with the delimiter, the names, their order and the header', () => {
		const base = key(['date', 'value']);
		expect(key(['date', 'value'], ',')).not.toBe(base);
		expect(key(['value', 'date'])).not.toBe(base);
		expect(key(['date', 'value', 'currency'])).not.toBe(base);
		expect(key(['date', 'value'], ';', false)).not.toBe(base);
	});

	it('is the column count for files without a header', () => {
		expect(key(['Column 1', 'Column 2'], ';', false)).toBe(key(['x', 'y'], ';', false));
		expect(key(['Column 1', 'Column 2'], ';', false)).not.toBe(
			key(['Column 1', 'Column 2', 'Column 3'], ';', false)
		);
	});

	it('keeps names apart that only a separator would join', () => {
		expect(key(['a,b', 'c'])).not.toBe(key(['a', 'b,c']));
	});

	it('keys a file the same whatever its encoding', () => {
		const windows = readCsvFile(fixture('csv/fr-bank-releve.csv'));
		const resaved = readCsvFile(encode(decodeCsv(fixture('csv/fr-bank-releve.csv')).text));
		expect(resaved.encoding).toBe('utf-8');
		expect(layoutKey(resaved)).toBe(layoutKey(windows));
	});
});
