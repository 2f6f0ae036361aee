import type { Page } from '@playwright/test';
import { expect, openApp, test } from './fixtures';
import { App } from './pages/app';

/** The day `n` days before today, as a date field takes it. */
function daysAgo(n: number): string {
	const d = new Date();
	d.setDate(d.getDate() - n);
	const pad = (v: number) => String(v).padStart(2, '0');
	return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

async function addTransaction(
	page: Page,
	t: { type: 'Acquire' | 'Dispose' | 'Adjust'; date: string; price: string; quantity: string }
) {
	await page.getByRole('button', { name: 'Add transaction' }).click();
	const dialog = page.getByRole('dialog', { name: 'Add transaction' });
	await dialog.getByLabel('Transaction type').selectOption({ label: t.type });
	await dialog.getByLabel('Date').fill(t.date);
	await dialog.getByLabel('Unit price').fill(t.price);
	await dialog.getByLabel('Quantity').fill(t.quantity);
	await dialog.getByRole('button', { name: 'Add transaction' }).click();
	await expect(dialog).toBeHidden();
}

test('buy 10 shares in two lots, sell 4, value them per unit: the same numbers everywhere', async ({
	page
}) => {
	await openApp(page);
	const app = new App(page);
	await app.addAsset({
		name: 'World fund',
		type: 'Stocks',
		quantity: '6',
		price: '80',
		date: daysAgo(120)
	});
	await addTransaction(page, { type: 'Acquire', date: daysAgo(90), price: '90', quantity: '4' });
	await expect(page.getByTestId('asset-quantity')).toHaveText('10');
	// A buy is a price point: 10 × €90.
	await expect(page.getByTestId('asset-value')).toHaveText('€900.00');

	// Sell 4 of the 10 from the asset's Dispose.
	await page.getByRole('button', { name: 'Dispose', exact: true }).click();
	const dispose = page.getByRole('dialog', { name: 'Dispose of World fund' });
	await expect(dispose.getByLabel('Quantity sold')).toHaveValue('10');
	await dispose.getByLabel('Disposal date').fill(daysAgo(30));
	await dispose.getByLabel('Disposal price').fill('105');
	await dispose.getByLabel('Quantity sold').fill('4');
	await dispose.getByRole('button', { name: 'Dispose' }).click();
	await expect(dispose).toBeHidden();
	const sale = page
		.getByRole('region', { name: 'Transactions' })
		.getByRole('row', { name: /Dispose/ });
	await expect(sale).toContainText('sold for €420.00');
	await expect(sale).toContainText('+€84.00');

	// A price per unit today: 6 × €110.
	const form = page.getByRole('form', { name: 'Add valuation' });
	await form.getByLabel('Price per unit').fill('110');
	await form.getByRole('button', { name: 'Add valuation' }).click();
	await expect(page.getByTestId('asset-quantity')).toHaveText('6');
	await expect(page.getByTestId('asset-value')).toHaveText('€660.00');
	await expect(page.getByTestId('unit-price')).toHaveText('6 × €110.00 per unit');
	// Cost: 6 × €80 + 4 × €90 = €840, 4 sold at the average €84: €504 left.
	await expect(page.getByTestId('asset-cost')).toHaveText('€504.00');
	await expect(page.getByTestId('asset-gain')).toHaveText('+€240.00');
	await expect(page.getByTestId('asset-realised')).toHaveText('+€84.00 realised');
	await expect(page.getByRole('region', { name: 'Key figures' })).toContainText(
		'+28.57% of the €840.00 paid'
	);

	await app.go('Assets');
	await expect(page.getByRole('row', { name: /World fund/ })).toContainText('€660.00');
	await expect(page.getByTestId('assets-total')).toHaveText('€660.00');
	expect((await app.totals()).netWorth).toBe('€660.00');
	await expect(page.getByTestId('total-gain')).toHaveText('+€240.00');
});

test('a debt typed as negative is refused, with the positive amount offered, when added and valued', async ({
	page
}) => {
	await openApp(page);
	const app = new App(page);
	await app.go('Assets');
	await page.getByRole('link', { name: 'Add asset' }).first().click();
	const newAsset = page.getByRole('form', { name: 'New asset' });
	await newAsset.getByLabel('Name', { exact: true }).fill('Home loan');
	await newAsset.getByLabel('Type', { exact: true }).selectOption({ label: 'Loan' });
	await newAsset.getByLabel('Acquisition date').fill(daysAgo(60));
	await newAsset.getByLabel('Acquisition price').fill('-160000');
	await newAsset.getByRole('button', { name: 'Add asset' }).click();
	await expect(
		newAsset.getByText('A loan or debt is entered as what you owe, a positive amount')
	).toBeVisible();
	await newAsset.getByRole('button', { name: 'Use 160000' }).click();
	await expect(newAsset.getByLabel('Acquisition price')).toHaveValue('160000');
	await newAsset.getByRole('button', { name: 'Add asset' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Home loan' })).toBeVisible();
	await expect(page.getByTestId('asset-value')).toHaveText('€160,000.00');

	const form = page.getByRole('form', { name: 'Add valuation' });
	await form.getByLabel('Value', { exact: true }).fill('-150800');
	await form.getByLabel('Date', { exact: true }).fill(daysAgo(1));
	await form.getByRole('button', { name: 'Add valuation' }).click();
	await expect(
		form.getByText('A loan or debt is entered as what you owe, a positive amount')
	).toBeVisible();
	await form.getByRole('button', { name: 'Use 150800' }).click();
	await expect(form.getByLabel('Value', { exact: true })).toHaveValue('150800');
	await form.getByRole('button', { name: 'Add valuation' }).click();
	await expect(page.getByTestId('asset-value')).toHaveText('€150,800.00');
	expect(await app.totals()).toEqual({
		netWorth: '-€150,800.00',
		assets: '€0.00',
		liabilities: '€150,800.00'
	});
});

test('an overdraft is allowed and shown as such', async ({ page }) => {
	await openApp(page);
	const app = new App(page);
	await app.addAsset({
		name: 'Current account',
		type: 'Checking Account',
		price: '100',
		date: daysAgo(10)
	});
	await app.addValuation('-250.75', daysAgo(1));
	await expect(page.getByTestId('asset-value')).toHaveText('-€250.75');
	await expect(page.getByText('Overdrawn: this counts against your net worth.')).toBeVisible();
	expect((await app.totals()).netWorth).toBe('-€250.75');
});

test('history typed after the account: a valuation before the acquisition moves it back, on request', async ({
	page
}) => {
	await openApp(page);
	const app = new App(page);
	await app.addAsset({ name: 'Savings', type: 'Savings Account', price: '5000', date: daysAgo(0) });
	await app.addValuation('4800', daysAgo(60));
	const form = page.getByRole('form', { name: 'Add valuation' });
	await expect(form.getByText('nothing can be dated before that')).toBeVisible();
	// Refused: nothing stored, nothing ignored silently.
	await expect(page.getByRole('table', { name: /Valuations/ }).getByRole('row')).toHaveCount(2);
	await form.getByRole('button', { name: /^Move the acquisition to/ }).click();
	await expect(form.getByText('nothing can be dated before that')).toBeHidden();
	await expect(page.getByText('Held since', { exact: false })).toBeVisible();
	await expect(page.getByRole('table', { name: /Valuations/ }).getByRole('row')).toHaveCount(3);
	await app.go('Dashboard');
	await page.getByRole('button', { name: 'ALL' }).click();
	await expect.poll(async () => (await app.chartNumbers())[0]?.[1]).toBe('€4,800.00');
	expect((await app.chartNumbers()).at(-1)![1]).toBe('€5,000.00');
});

test('nothing is dated in the future, and a sale in full ends the holding', async ({ page }) => {
	await openApp(page);
	const app = new App(page);
	await app.addAsset({ name: 'Old car', type: 'Vehicle', price: '9000', date: daysAgo(400) });
	await page.getByRole('button', { name: 'Dispose', exact: true }).click();
	const dispose = page.getByRole('dialog', { name: 'Dispose of Old car' });
	await dispose.getByLabel('Disposal date').fill(daysAgo(-10));
	await dispose.getByLabel('Disposal price').fill('4000');
	await dispose.getByRole('button', { name: 'Dispose' }).click();
	await expect(dispose.getByText('is in the future')).toBeVisible();
	await dispose.getByLabel('Disposal date').fill(daysAgo(5));
	await dispose.getByRole('button', { name: 'Dispose' }).click();
	await expect(dispose).toBeHidden();
	// The list and the dashboard agree: it is gone from today on.
	expect((await app.totals()).netWorth).toBe('€0.00');
	await app.go('Assets');
	await expect(page.getByRole('link', { name: 'Old car' })).toHaveCount(0);
	await page.getByLabel('Show disposed').check();
	await page.getByRole('link', { name: 'Old car' }).click();
	await app.addValuation('100', daysAgo(1));
	await expect(page.getByText('was sold in full on')).toBeVisible();
});

test('charts draw steps, a single value as a point, and say where an asset starts', async ({
	page
}) => {
	await openApp(page);
	const app = new App(page);
	await app.addAsset({ name: 'Flat', type: 'Real Estate', price: '300000', date: daysAgo(100) });
	// One value: a point.
	await expect(
		page.locator('section', { hasText: 'Value over time' }).locator('circle')
	).toHaveCount(1);
	await app.addValuation('310000', daysAgo(50));
	// Steps, not curves: the path has no Bézier segment.
	const valuePath = await page
		.locator('section', { hasText: 'Value over time' })
		.locator('path')
		.first()
		.getAttribute('d');
	expect(valuePath).not.toMatch(/C/);
	await app.go('Dashboard');
	const chart = page.getByRole('region', { name: 'Net worth over time' });
	await expect(chart).toContainText('No value yet before: Flat');
	const total = await chart.locator('path.total-line').getAttribute('d');
	expect(total).toBeTruthy();
	expect(total).not.toMatch(/C/);
	// The numbers hold until the next valuation: the day before it, still the first value.
	const numbers = await app.chartNumbers();
	expect(numbers.at(-1)![1]).toBe('€310,000.00');
});
