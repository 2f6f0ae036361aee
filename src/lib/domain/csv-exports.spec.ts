import { readFileSync } from 'node:fs';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { Ledger } from '../../../tests/factories/ledger';
import { loadSqlite, testDatabase } from '../../../tests/helpers/sqlite';
import { readBackupFile } from '$lib/backup/backup-file';
import { importBackup } from '$lib/backup/import-json';
import { bundledMigrations } from '$lib/db/migrations';
import { listAssets } from './assets';
import { INCOMPLETE, assetsCsv, chartCsv, transactionsCsv, valuationsCsv } from './csv-exports';
import { csvFormat, type CsvTable } from './csv-format';
import { writeCsv } from './csv-write';
import { seedDemo } from './demo-seed';
import { loadHistory } from './history';
import { sumDecimals } from './money';
import { netWorthOn } from './net-worth';
import { listTransactions } from './transactions';
import { valuationSeries } from './valuations';

const TODAY = '2026-11-21';
const NOW = new Date(`${TODAY}T18:00:00.000Z`);
const ALL = Number.MAX_SAFE_INTEGER;

async function demo() {
	const { engine, db } = await testDatabase();
	seedDemo(engine, TODAY);
	return db;
}

async function edge() {
	const { engine, db } = await testDatabase();
	const bytes = readFileSync(
		new URL('../../../tests/fixtures/strata-1.2.12/strata-edge-backup.json', import.meta.url)
	);
	const backup = readBackupFile(
		await loadSqlite(),
		new Uint8Array(bytes),
		await bundledMigrations(),
		NOW
	);
	importBackup(engine, backup.data, 'replace', { now: NOW });
	return db;
}

/** The rows as a reader of the written file gets them (header included), in plain data. */
function read(table: CsvTable): Record<string, string>[] {
	const csv = writeCsv(table, csvFormat('plain', 'en-US'));
	return Papa.parse<Record<string, string>>(csv.slice(1), { header: true, skipEmptyLines: true })
		.data;
}

describe('the asset list as CSV', () => {
	it('holds exactly the rows of the filtered list, with exact values and their currency', async () => {
		const db = await demo();
		const filtered = await listAssets(db, { search: 'loan', sort: 'value' }, TODAY);
		const rows = read(assetsCsv(filtered));
		expect(rows.map((r) => r.Name)).toEqual(filtered.map((a) => a.name));
		expect(rows.map((r) => r.Name).sort()).toEqual(['Home Loan — BNP', 'Loan from family']);
		// Debts count negative, as in the list and in net worth.
		expect(rows.find((r) => r.Name === 'Loan from family')).toMatchObject({
			Value: '-15000',
			Currency: 'EUR',
			'Value in base currency': '-15000',
			'Base currency': 'EUR',
			Disposed: 'no'
		});
	});

	it('sums to the net worth of the dashboard, to the cent, in the base currency', async () => {
		const db = await demo();
		const rows = read(assetsCsv(await listAssets(db, {}, TODAY)));
		expect(rows).toHaveLength(11);
		const usd = rows.find((r) => r.Name === 'Brokerage account (USD)');
		expect(usd).toMatchObject({ Value: '5400', Currency: 'USD', 'Value in base currency': '5000' });
		expect(sumDecimals(rows.map((r) => r['Value in base currency']!))).toBe(
			(await netWorthOn(db, TODAY)).netWorth
		);
	});

	it('keeps the original’s unicode names, big decimals and fractions as they are', async () => {
		const db = await edge();
		const rows = read(assetsCsv(await listAssets(db, { showDisposed: true }, TODAY)));
		const cafe = rows.find((r) => r.Name === 'Café <b>&amp; "Ünïcödé"</b>');
		expect(cafe).toMatchObject({ Quantity: '3', Value: '0.99' });
		expect(cafe?.Categories).toContain('Tech Équités — Ünïcödé');
		expect(rows.find((r) => r.Name === 'Mega Estate')?.Value).toBe('12345678901234568');
		expect(rows.find((r) => r.Name === 'Bitcoin (fraction)')?.Quantity).toBe('0.12345678');
		expect(rows.find((r) => r.Name === 'Old Car')?.Disposed).toBe('yes');
	});
});

describe('an asset’s valuations and transactions as CSV', () => {
	it('lists every valuation newest first, with the unit price of those entered per unit', async () => {
		const db = await demo();
		const [fund] = await listAssets(db, { search: 'ETF' }, TODAY);
		const valuations = await valuationSeries(db, fund!.id);
		const rows = read(valuationsCsv(valuations, fund!.currency));
		expect(rows).toHaveLength(valuations.length);
		expect(rows[0]).toEqual({
			Date: TODAY,
			Value: valuations.at(-1)!.value,
			'Price per unit': '110',
			Currency: 'EUR'
		});
		expect(rows.map((r) => r.Date)).toEqual([...rows.map((r) => r.Date)].sort().reverse());
	});

	it('lists transactions with their total and a sale’s realised gain', async () => {
		const db = await demo();
		const [fund] = await listAssets(db, { search: 'ETF' }, TODAY);
		const { rows: listed } = await listTransactions(db, { assetId: fund!.id, pageSize: ALL });
		const rows = read(transactionsCsv(listed));
		expect(rows.map((r) => r.Type)).toEqual(['Dispose', 'Acquire', 'Acquire']);
		expect(rows[0]).toMatchObject({
			Asset: 'ETF MSCI World',
			Quantity: '4',
			'Unit price': '105',
			Total: '420',
			Gain: '84',
			Currency: 'EUR'
		});
		expect(rows[2]).toMatchObject({ Quantity: '6', 'Unit price': '80', Total: '480', Gain: '' });
	});

	it('writes a negative balance the original stored as a negative number', async () => {
		const db = await edge();
		const [loan] = await listAssets(db, { search: 'Loan' }, TODAY);
		const rows = read(valuationsCsv(await valuationSeries(db, loan!.id), 'EUR'));
		expect(rows.map((r) => [r.Date, r.Value])).toEqual([
			['2024-08-01', '-250.75'],
			['2024-01-01', '100000']
		]);
	});
});

describe('the chart’s numbers as CSV', () => {
	it('daily: the very numbers the chart draws on its days, and net worth today', async () => {
		const db = await demo();
		for (const range of ['1Y', 'ALL'] as const) {
			const chart = await loadHistory(db, { range, by: 'type', today: TODAY });
			const every = await loadHistory(db, { range, by: 'type', today: TODAY, maxPoints: ALL });
			const table = chartCsv(every, 'EUR', 'daily');
			const rows = read(table);
			expect(rows).toHaveLength(every.days.length);
			expect(rows.at(-1)).toMatchObject({ Date: TODAY, 'Net worth': '239200', Currency: 'EUR' });
			const byDay = new Map(rows.map((r) => [r.Date, r]));
			chart.days.forEach((day, i) => {
				expect(byDay.get(day)!['Net worth']).toBe(chart.totals[i]);
				for (const s of chart.series) expect(byDay.get(day)![s.label]).toBe(s.values[i] ?? '');
			});
			expect(table.columns.map((c) => c.header)).toEqual([
				'Date',
				...chart.series.map((s) => s.label),
				'Net worth',
				'Currency'
			]);
		}
	});

	it('monthly: the net worth at the end of each month and the change from the month before', async () => {
		const db = await demo();
		const every = await loadHistory(db, { range: '1Y', by: 'total', today: TODAY, maxPoints: ALL });
		const daily = new Map(read(chartCsv(every, 'EUR', 'daily')).map((r) => [r.Date, r]));
		const rows = read(chartCsv(every, 'EUR', 'monthly'));
		// From November last year to this November: 13 months, the last one ending today.
		expect(rows.map((r) => r.Date)).toEqual([
			'2025-11-30',
			'2025-12-31',
			'2026-01-31',
			'2026-02-28',
			'2026-03-31',
			'2026-04-30',
			'2026-05-31',
			'2026-06-30',
			'2026-07-31',
			'2026-08-31',
			'2026-09-30',
			'2026-10-31',
			TODAY
		]);
		for (const row of rows) expect(row['Net worth']).toBe(daily.get(row.Date)!['Net worth']);
		// The demo's figures as the chart shows them: the first month has nothing before it.
		const change = (date: string) => {
			const row = rows.find((r) => r.Date === date)!;
			return [row['Net worth'], row['Change from the month before']];
		};
		expect(change('2025-11-30')).toEqual(['218802.1185778411', '']);
		expect(change('2025-12-31')).toEqual(['220532.1223569583', '1730.0037791172']);
		expect(change('2026-10-31')).toEqual(['237463.3966949967', '1681.650935676']);
		expect(change(TODAY)).toEqual(['239200', '1736.6033050033']);
	});

	it('marks the days whose total leaves out an asset with no exchange rate yet', async () => {
		const { engine, db } = await testDatabase();
		const ledger = new Ledger(engine);
		const euros = ledger.asset({ type: 'CASH' });
		ledger.valuation(euros, '2026-11-01', '100');
		const dollars = ledger.asset({ type: 'CASH' });
		engine.run(`INSERT INTO asset_details (asset_id, currency) VALUES (?, 'USD')`, [dollars]);
		ledger.valuation(dollars, '2026-11-10', '50');
		const history = await loadHistory(db, { range: '1M', by: 'total', today: TODAY });
		const rows = read(chartCsv(history, 'EUR', 'daily'));
		expect(rows.find((r) => r.Date === '2026-11-09')).toMatchObject({
			'Net worth': '100',
			[INCOMPLETE]: ''
		});
		expect(rows.find((r) => r.Date === '2026-11-10')).toMatchObject({
			'Net worth': '100',
			[INCOMPLETE]: 'yes'
		});
		// A complete history carries no such column.
		const before = await loadHistory(db, { range: '1M', by: 'total', today: '2026-11-09' });
		expect(chartCsv(before, 'EUR', 'daily').columns.map((c) => c.header)).toEqual([
			'Date',
			'Net worth',
			'Currency'
		]);
	});
});
