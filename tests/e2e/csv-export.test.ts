/**
 * CSV exports as a user gets them: each "Download CSV" button gives a file named for what it
 * holds and today, UTF-8 with a BOM, CRLF lines and a header row, in the layout chosen in
 * Settings (the number format's delimiter and decimal mark for a spreadsheet, or plain data),
 * holding exactly the rows the page shows with the same values.
 */
import { readFileSync } from 'node:fs';
import type { Locator, Page } from '@playwright/test';
import { expect, openApp, test } from './fixtures';
import { App } from './pages/app';
import { sideways } from '../helpers/page-checks';

interface CsvFile {
	name: string;
	bytes: Buffer;
	delimiter: string;
	header: string[];
	rows: Record<string, string>[];
}

/** Clicks a download button and reads the file: its BOM, its line ends, its cells. */
async function downloadCsv(
	page: Page,
	button: Locator,
	delimiter: ',' | ';',
	how: 'click' | 'keyboard' = 'click'
): Promise<CsvFile> {
	const waiting = page.waitForEvent('download');
	if (how === 'click') await button.click();
	else {
		await button.focus();
		await page.keyboard.press('Enter');
	}
	const download = await waiting;
	const bytes = readFileSync(await download.path());
	expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
	const text = bytes.subarray(3).toString('utf8');
	expect(text.endsWith('\r\n')).toBe(true);
	// No cell of these files holds a line break or a quote, so each line is a row.
	expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n"]/);
	const [head, ...lines] = text.slice(0, -2).split('\r\n');
	const header = head!.split(delimiter);
	const rows = lines.map((line) => {
		const cells = line.split(delimiter);
		expect(cells).toHaveLength(header.length);
		return Object.fromEntries(header.map((h, i) => [h, cells[i]!]));
	});
	return { name: download.suggestedFilename(), bytes, delimiter, header, rows };
}

/** An amount as the page shows it ("−15 000,00 €", "$5,400.00") as a plain number. */
function shownAmount(text: string, decimalMark: ',' | '.'): number {
	const digits = text
		.replace(/\u2212/g, '-')
		.replace(decimalMark === ',' ? /[^\d,-]/g : /[^\d.-]/g, '')
		.replace(',', '.');
	return Number(digits);
}

/** Decimal text as an integer count of 10^-scale (exact: the files hold up to 30 decimals). */
function units(text: string, scale: number): bigint {
	const [whole, fraction = ''] = text.replace('-', '').split('.');
	const value = BigInt(whole! + fraction.padEnd(scale, '0'));
	return text.startsWith('-') ? -value : value;
}
const scaleOf = (...texts: string[]) => Math.max(...texts.map((t) => t.split('.')[1]?.length ?? 0));

/** A − B, exactly, as units of 10^-scale. */
function difference(a: string, b: string, scale: number): bigint {
	return units(a, scale) - units(b, scale);
}

/** The cents a page shows for a decimal: rounded half away from zero, as Intl rounds. */
function cents(text: string): bigint {
	const scale = Math.max(2, scaleOf(text));
	const value = units(text, scale);
	const step = 10n ** BigInt(scale - 2);
	const magnitude = value < 0n ? -value : value;
	const rounded = (magnitude + step / 2n) / step;
	return value < 0n ? -rounded : rounded;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const today = () => new Date().toLocaleDateString('sv-SE');

async function chooseLayout(page: Page, app: App, layout: 'For a spreadsheet' | 'Plain data') {
	await app.go('Settings');
	await page.getByLabel('CSV layout').selectOption({ label: layout });
}

test('the asset list downloads as filtered, in the layout of the number format or as plain data', async ({
	page
}) => {
	await page.setViewportSize({ width: 360, height: 760 });
	await openApp(page, '/', { choice: 'Explore the demo' });
	const app = new App(page);
	await app.go('Settings');
	await page.getByLabel('Number and date format').selectOption('fr-FR');
	await expect(page.getByLabel('CSV layout')).toHaveValue('spreadsheet');
	await expect(page.getByText(/fr-FR: semicolons between columns, 1234,56\), while/)).toBeVisible();

	await app.go('Assets');
	await page.getByLabel('Search by name').fill('loan');
	const table = page.getByRole('table', { name: 'Assets and their value today' });
	await expect(table.locator('tbody tr')).toHaveCount(2);
	const shown = await table.locator('tbody tr').evaluateAll((trs) =>
		trs.map((tr) => ({
			name: tr.querySelector('a')!.textContent!.trim(),
			value: tr.querySelectorAll('td')[2]!.textContent!.trim()
		}))
	);
	const button = page.getByRole('button', { name: 'Download CSV of the asset list' });
	await expect(button).toBeVisible();
	expect(await sideways(page)).toBe(0);
	await expect(
		page.getByText('For a spreadsheet: semicolons between columns, 1234,56')
	).toBeVisible();

	const french = await downloadCsv(page, button, ';');
	expect(french.name).toBe(`strata-assets-${today()}.csv`);
	expect(french.header).toEqual([
		'Name',
		'Type',
		'Categories',
		'Tags',
		'Quantity',
		'Value',
		'Currency',
		'Value in base currency',
		'Base currency',
		'Disposed'
	]);
	// Exactly the rows on screen, in their order, each worth what the list shows.
	expect(french.rows.map((r) => r.Name)).toEqual(shown.map((s) => s.name));
	for (const [i, row] of french.rows.entries()) {
		expect(row.Value, row.Name).toMatch(/^-\d+(,\d+)?$/);
		expect(shownAmount(row.Value!, ','), row.Name).toBe(shownAmount(shown[i]!.value, ','));
		expect(row.Currency).toBe('EUR');
	}
	expect(french.rows.find((r) => r.Name === 'Loan from family')?.Value).toBe('-15000');

	await chooseLayout(page, app, 'Plain data');
	await page.goto('/assets?q=loan');
	await expect(page.getByText('Plain data: commas between columns, 1234.56')).toBeVisible();
	const plain = await downloadCsv(
		page,
		page.getByRole('button', { name: 'Download CSV of the asset list' }),
		',',
		'keyboard'
	);
	expect(plain.bytes.subarray(3).toString('utf8')).toMatch(/^Name,Type,Categories,/);
	expect(plain.rows.map((r) => r.Name)).toEqual(shown.map((s) => s.name));
	expect(plain.rows.find((r) => r.Name === 'Loan from family')?.Value).toBe('-15000');

	// Remembered on this device.
	await page.reload();
	await app.go('Settings');
	await expect(page.getByLabel('CSV layout')).toHaveValue('plain');
});

test('a layout chosen where this device cannot store it (a private window) holds for the visit', async ({
	page
}) => {
	// As Safari's private windows did, and a full or blocked storage does: setItem throws.
	await page.addInitScript(() => {
		const setItem = Storage.prototype.setItem;
		Storage.prototype.setItem = function (key: string, value: string) {
			if (key === 'strata.csv-layout')
				throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
			setItem.call(this, key, value);
		};
	});
	const errors: string[] = [];
	page.on('pageerror', (error) => errors.push(error.message));
	await openApp(page, '/', { choice: 'Explore the demo' });
	const app = new App(page);
	await chooseLayout(page, app, 'Plain data');
	await expect(page.getByLabel('CSV layout')).toHaveValue('plain');

	// Within the app (a reload would start again from the default layout: nothing was stored).
	await app.go('Assets');
	await page.getByLabel('Search by name').fill('loan');
	await expect(page.getByText('Plain data: commas between columns, 1234.56')).toBeVisible();
	const plain = await downloadCsv(
		page,
		page.getByRole('button', { name: 'Download CSV of the asset list' }),
		','
	);
	expect(plain.header.slice(0, 3)).toEqual(['Name', 'Type', 'Categories']);
	expect(plain.rows.find((r) => r.Name === 'Loan from family')?.Value).toBe('-15000');
	await expect(page.getByText('The CSV could not be written')).toHaveCount(0);
	expect(errors).toEqual([]);
});

test('an asset’s valuations and transactions, and the transactions as filtered', async ({
	page
}) => {
	await openApp(page, '/', { choice: 'Explore the demo' });
	const app = new App(page);
	await app.openAsset('ETF MSCI World');

	const valuationsTable = page.getByRole('table', { name: 'Valuations, newest first' });
	const firstShown = await valuationsTable
		.locator('tbody tr')
		.first()
		.evaluate((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent!.trim()));
	const valuations = await downloadCsv(
		page,
		page.getByRole('button', { name: 'Download CSV of the valuations' }),
		','
	);
	expect(valuations.name).toBe(`strata-valuations-etf-msci-world-${today()}.csv`);
	expect(valuations.header).toEqual(['Date', 'Value', 'Price per unit', 'Currency']);
	// Every valuation, not just the page of them shown: 13 monthly prices.
	expect(valuations.rows).toHaveLength(13);
	expect(valuations.rows.every((r) => DAY.test(r.Date!))).toBe(true);
	expect(valuations.rows[0]).toEqual({
		Date: today(),
		Value: '660',
		'Price per unit': '110',
		Currency: 'EUR'
	});
	expect(shownAmount(firstShown[1]!, '.')).toBe(110);
	expect(shownAmount(firstShown[2]!, '.')).toBe(660);

	const transactions = await downloadCsv(
		page,
		page.getByRole('button', { name: 'Download CSV of the transactions' }),
		','
	);
	expect(transactions.name).toBe(`strata-transactions-etf-msci-world-${today()}.csv`);
	expect(
		transactions.rows.map((r) => [r.Type, r.Quantity, r['Unit price'], r.Total, r.Gain])
	).toEqual([
		['Dispose', '4', '105', '420', '84'],
		['Acquire', '4', '90', '360', ''],
		['Acquire', '6', '80', '480', '']
	]);

	await app.go('Transactions');
	await page.getByLabel('Type').selectOption({ label: 'Acquire' });
	const listed = page
		.getByRole('table', { name: 'Transactions, newest first' })
		.locator('tbody tr');
	await expect(listed.first()).toBeVisible();
	const pageCount = await listed.count();
	const acquisitions = await downloadCsv(
		page,
		page.getByRole('button', { name: 'Download CSV of these transactions' }),
		','
	);
	expect(acquisitions.name).toBe(`strata-transactions-${today()}.csv`);
	expect(acquisitions.header).toEqual([
		'Date',
		'Asset',
		'Type',
		'Quantity',
		'Unit price',
		'Total',
		'Gain',
		'Currency'
	]);
	expect(acquisitions.rows.length).toBeGreaterThanOrEqual(pageCount);
	expect(new Set(acquisitions.rows.map((r) => r.Type))).toEqual(new Set(['Acquire']));
	expect(acquisitions.rows.find((r) => r.Asset === 'Brokerage account (USD)')?.Currency).toBe(
		'USD'
	);
});

test('the chart’s numbers download daily, and monthly with the change from the month before', async ({
	page
}) => {
	await openApp(page, '/', { choice: 'Explore the demo' });
	const app = new App(page);
	const netWorth = (await app.totals()).netWorth;
	const chart = page.getByRole('region', { name: 'Net worth over time' });
	await expect(chart.getByRole('button', { name: '1Y' })).toHaveAttribute('aria-pressed', 'true');
	const table = await app.chartNumbers();

	const daily = await downloadCsv(
		page,
		chart.getByRole('button', { name: 'Download daily CSV of net worth over time' }),
		','
	);
	expect(daily.name).toBe(`strata-net-worth-daily-${today()}.csv`);
	expect(daily.header).toEqual(['Date', 'Net worth', 'Currency']);
	// A year of days, as many as the chart's table, each with the table's number.
	expect(daily.rows).toHaveLength(table.length);
	for (const [i, row] of daily.rows.entries()) {
		// The file keeps every decimal of the exact sum (converted currencies have 10); the table
		// shows it to the cent.
		expect(table[i]![0], row.Date).toBe(
			new Date(`${row.Date}T00:00:00Z`).toLocaleDateString('en-US', {
				timeZone: 'UTC',
				dateStyle: 'medium'
			})
		);
		const shownCents = BigInt(table[i]![1]!.replace(/[^\d-]/g, '').replace(/^$/, '0'));
		expect(cents(row['Net worth']!), row.Date).toBe(shownCents);
	}
	expect(daily.rows.at(-1)).toEqual({ Date: today(), 'Net worth': '239200', Currency: 'EUR' });
	expect(shownAmount(netWorth, '.')).toBe(239200);

	const monthly = await downloadCsv(
		page,
		chart.getByRole('button', {
			name: 'Download monthly CSV of net worth over time, with the change from the month before'
		}),
		','
	);
	expect(monthly.header).toEqual(['Date', 'Net worth', 'Change from the month before', 'Currency']);
	expect(monthly.rows).toHaveLength(13);
	const byDay = new Map(daily.rows.map((r) => [r.Date, r['Net worth']]));
	for (const [i, row] of monthly.rows.entries()) {
		// The last day of each month (today for this one), with that day's net worth.
		const next = monthly.rows[i + 1]?.Date;
		if (next) expect(next.slice(0, 7) > row.Date!.slice(0, 7)).toBe(true);
		expect(row['Net worth']).toBe(byDay.get(row.Date));
		const before = monthly.rows[i - 1]?.['Net worth'];
		const change = row['Change from the month before']!;
		if (before === undefined) expect(change).toBe('');
		else {
			const scale = scaleOf(change, row['Net worth']!, before);
			expect(units(change, scale), row.Date).toBe(difference(row['Net worth']!, before, scale));
		}
	}
	expect(monthly.rows.at(-1)!.Date).toBe(today());
});
