import type { Page } from '@playwright/test';
import { expect, openApp, test } from './fixtures';
import { App } from './pages/app';

const FIXTURES = new URL('../fixtures/rates/', import.meta.url).pathname;

/** The day `n` days before today, as a date field takes it. */
function daysAgo(n: number): string {
	const d = new Date();
	d.setDate(d.getDate() - n);
	const pad = (v: number) => String(v).padStart(2, '0');
	return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

async function addRate(
	page: Page,
	{ day, from, to, rate }: { day: string; from: string; to: string; rate: string }
) {
	await new App(page).go('Settings');
	await page
		.getByRole('navigation', { name: 'Settings' })
		.getByRole('link', { name: 'Currencies' })
		.click();
	const form = page.getByRole('form', { name: 'Add a rate' });
	await form.getByLabel('Date').fill(day);
	await form.getByLabel('From').selectOption(from);
	await form.getByLabel('To').selectOption(to);
	await form.getByLabel('Rate').fill(rate);
	await form.getByRole('button', { name: 'Save rate' }).click();
	await expect(
		page
			.getByRole('table', { name: 'Exchange rates' })
			.getByRole('row', { name: `1 ${from} = ${rate} ${to}` })
	).toBeVisible();
}

async function setBase(page: Page, code: string) {
	await new App(page).go('Settings');
	await page.getByLabel('Base currency').selectOption(code);
	await expect(
		page.getByRole('status').filter({ hasText: `converted into ${code}` })
	).toBeVisible();
}

test('a USD asset with a rate counts in euros exactly, shown in both with the rate used', async ({
	page
}) => {
	await openApp(page);
	const app = new App(page);
	await addRate(page, { day: daysAgo(40), from: 'EUR', to: 'USD', rate: '1.08' });
	await app.addAsset({
		name: 'Brokerage',
		type: 'Stocks',
		currency: 'USD',
		quantity: '1',
		price: '5400',
		date: daysAgo(30)
	});
	await expect(page.getByTestId('asset-value')).toHaveText('$5,400.00');
	await expect(page.getByTestId('asset-base-value')).toContainText('€5,000.00');
	await expect(page.getByTestId('asset-base-value')).toContainText('at 1 USD = 0.925926 EUR');
	await app.go('Assets');
	const row = page.getByRole('row', { name: /Brokerage/ });
	await expect(row).toContainText('$5,400.00');
	await expect(row.getByTestId('in-base')).toHaveText('€5,000.00');
	await expect(page.getByTestId('assets-total')).toHaveText('€5,000.00');
	expect(await app.totals()).toEqual({
		netWorth: '€5,000.00',
		assets: '€5,000.00',
		liabilities: '€0.00'
	});
	await page.getByText('Exchange rates used').click();
	await expect(page.getByTestId('rates-used')).toContainText('1 USD = 0.925926 EUR');
});

test('switching the base currency converts every figure, and switching back restores them', async ({
	page
}) => {
	await openApp(page);
	const app = new App(page);
	await addRate(page, { day: daysAgo(40), from: 'EUR', to: 'USD', rate: '1.08' });
	await app.addAsset({
		name: 'Current account',
		type: 'Checking Account',
		price: '1000',
		date: daysAgo(30)
	});
	await app.addAsset({
		name: 'Brokerage',
		type: 'Checking Account',
		currency: 'USD',
		price: '5400',
		date: daysAgo(30)
	});
	await app.addAsset({ name: 'Car loan', type: 'Loan', price: '500', date: daysAgo(30) });
	const inEuro = { netWorth: '€5,500.00', assets: '€6,000.00', liabilities: '€500.00' };
	expect(await app.totals()).toEqual(inEuro);

	await setBase(page, 'USD');
	// By hand: €1,000 × 1.08 + $5,400 = $6,480; the loan €500 × 1.08 = $540.
	expect(await app.totals()).toEqual({
		netWorth: '$5,940.00',
		assets: '$6,480.00',
		liabilities: '$540.00'
	});
	await app.go('Assets');
	await expect(page.getByTestId('assets-total')).toHaveText('$5,940.00');
	const account = page.getByRole('row', { name: /Current account/ });
	await expect(account).toContainText('€1,000.00');
	await expect(account.getByTestId('in-base')).toHaveText('$1,080.00');
	// The stored amounts are untouched: the account still holds €1,000.
	await app.openAsset('Current account');
	await expect(page.getByTestId('asset-value')).toHaveText('€1,000.00');
	await expect(page.getByTestId('asset-base-value')).toContainText('$1,080.00 at 1 EUR = 1.08 USD');

	await setBase(page, 'EUR');
	expect(await app.totals()).toEqual(inEuro);
	await page.reload();
	expect(await app.totals()).toEqual(inEuro);
});

test('a missing rate marks the totals incomplete and lists what is left out, never 1:1', async ({
	page
}) => {
	await openApp(page);
	const app = new App(page);
	await app.addAsset({
		name: 'Current account',
		type: 'Checking Account',
		price: '1000',
		date: daysAgo(30)
	});
	await app.addAsset({
		name: 'Swiss pension',
		type: 'Savings Account',
		currency: 'CHF',
		price: '9300',
		date: daysAgo(30)
	});
	await expect(page.getByTestId('asset-base-value')).toContainText(
		'Left out of the totals: no CHF→EUR rate on or before'
	);
	expect((await app.totals()).netWorth).toBe('€1,000.00');
	const incomplete = page.getByRole('complementary', { name: 'Incomplete totals' });
	await expect(incomplete).toContainText('Swiss pension: no CHF→EUR rate on or before');
	await app.go('Assets');
	await expect(page.getByTestId('assets-incomplete')).toContainText('Swiss pension is left out');

	await addRate(page, { day: daysAgo(31), from: 'EUR', to: 'CHF', rate: '0.93' });
	expect((await app.totals()).netWorth).toBe('€11,000.00');
	await expect(page.getByRole('complementary', { name: 'Incomplete totals' })).toHaveCount(0);
});

test("rates import from the ECB's file after a preview, all or nothing", async ({ page }) => {
	await openApp(page);
	const app = new App(page);
	await app.go('Settings');
	await page
		.getByRole('navigation', { name: 'Settings' })
		.getByRole('link', { name: 'Currencies' })
		.click();
	// A file with a bad line is refused whole, with the line.
	await page.getByLabel('Rates file (CSV)').setInputFiles({
		name: 'rates.csv',
		mimeType: 'text/csv',
		buffer: Buffer.from('date,currency,rate\n2019-04-10,USD,1.1279\n2019-04-11,USD,abc\n')
	});
	const refusal = page.getByRole('alert');
	await expect(refusal).toContainText('rates.csv cannot be imported');
	await expect(refusal).toContainText('line 3: USD: "abc" is not a rate above zero');
	await expect(page.getByText('No rates yet.')).toBeVisible();

	await page.getByLabel('Rates file (CSV)').setInputFiles(`${FIXTURES}eurofxref-hist.csv`);
	const preview = page.getByRole('region', { name: 'Rates to import' });
	await expect(preview).toContainText(
		'eurofxref-hist.csv (European Central Bank, history of rates): 96 rates of 32 currencies, from Apr 8, 2019 to Apr 10, 2019.'
	);
	await expect(preview).toContainText('27 cells without a rate (N/A) left out');
	await preview.getByRole('button', { name: 'Import 96 rates' }).click();
	const dialog = page.getByRole('dialog', { name: 'Import exchange rates' });
	await dialog.getByRole('button', { name: 'Import rates' }).click();
	await expect(
		page.getByRole('status').filter({ hasText: '96 exchange rates imported.' })
	).toBeVisible();
	const rates = page.getByRole('table', { name: 'Exchange rates' });
	await expect(rates.getByRole('row', { name: '1 EUR = 1.1294 CHF' })).toBeVisible();
	await expect(page.getByRole('navigation', { name: 'Rates pages' })).toContainText('Page 1 of 5');

	// The imported rates convert a dollar account opened since.
	await app.addAsset({
		name: 'Brokerage',
		type: 'Checking Account',
		currency: 'USD',
		price: '1127.90',
		date: daysAgo(5)
	});
	await expect(page.getByTestId('asset-base-value')).toContainText('€1,000.00');
	await expect(page.getByTestId('asset-base-value')).toContainText('of Apr 10, 2019');
});

test('the locale changes every number and date shown; amounts keep their currency', async ({
	page
}) => {
	await openApp(page);
	const app = new App(page);
	await app.go('Settings');
	await page.getByLabel('Number and date format').selectOption('fr-FR');
	await setBase(page, 'CHF');
	// Input in the user's locale: a space groups thousands, a comma marks decimals.
	await app.addAsset({
		name: 'Compte',
		type: 'Checking Account',
		price: '1 234,56',
		date: '2025-03-01'
	});
	await expect(page.getByTestId('asset-value')).toHaveText('1\u202f234,56\u00a0CHF');
	await expect(page.getByText('Held since 1 mars 2025')).toBeVisible();
	expect((await app.totals()).netWorth).toBe('1\u202f234,56\u00a0CHF');

	await app.go('Settings');
	await page.getByLabel('Number and date format').selectOption('de-DE');
	await setBase(page, 'JPY');
	await page.reload();
	// No CHF→JPY rate: the franc account is not relabelled as yen, it is left out.
	expect((await app.totals()).netWorth).toBe('0\u00a0¥');
	await expect(page.getByRole('complementary', { name: 'Incomplete totals' })).toContainText(
		'Compte'
	);
	await app.openAsset('Compte');
	await expect(page.getByTestId('asset-value')).toHaveText('1.234,56\u00a0CHF');
});
