import { expect, openApp, test } from './fixtures';
import { App } from './pages/app';

test('adding an account, a flat and a loan gives the right net worth', async ({ page }) => {
	await openApp(page);
	await expect(page.getByRole('heading', { name: 'Start by adding what you own' })).toBeVisible();
	const app = new App(page);
	await app.addAsset({
		name: 'BNP Checking',
		type: 'Checking Account',
		price: '4250',
		date: '2025-01-15'
	});
	await app.addAsset({
		name: 'Flat in Paris',
		type: 'Real Estate',
		price: '385000',
		date: '2025-01-15'
	});
	await app.addAsset({ name: 'Home loan', type: 'Loan', price: '180000', date: '2025-01-15' });

	expect(await app.totals()).toEqual({
		netWorth: '€209,250.00',
		assets: '€389,250.00',
		liabilities: '€180,000.00'
	});

	// The asset list agrees to the cent.
	await app.go('Assets');
	await expect(page.getByRole('row', { name: /Home loan/ })).toContainText('-€180,000.00');
	await expect(page.getByTestId('assets-total')).toHaveText('€209,250.00');
});

test('valuations move the totals and the chart; one per day', async ({ page }) => {
	await openApp(page);
	const app = new App(page);
	await app.addAsset({ name: 'Flat', type: 'Real Estate', price: '300000', date: '2025-01-15' });
	await app.go('Dashboard');
	await expect.poll(async () => (await app.chartNumbers()).at(-1)?.[1]).toBe('€300,000.00');

	await app.openAsset('Flat');
	await app.addValuation('312 500.50', '2025-06-01');
	await expect(page.getByRole('row', { name: /Jun 1, 2025/ })).toContainText('€312,500.50');
	await expect(page.getByTestId('asset-value')).toHaveText('€312,500.50');

	// A second valuation on the same day is refused, and the existing one offered for editing.
	await app.addValuation('1', '2025-06-01');
	await expect(
		page.getByText('There is already a valuation on Jun 1, 2025.', { exact: false })
	).toBeVisible();
	await page.getByRole('button', { name: 'Edit the existing valuation' }).click();
	const dialog = page.getByRole('dialog', { name: 'Edit valuation' });
	await expect(dialog.getByLabel('Value', { exact: true })).toHaveValue(
		'312500.50'.replace('.50', '.5')
	);
	await dialog.getByLabel('Value', { exact: true }).fill('320000');
	await dialog.getByRole('button', { name: 'Save' }).click();
	await expect(dialog).toBeHidden();

	expect((await app.totals()).netWorth).toBe('€320,000.00');
	await page.getByRole('button', { name: 'ALL' }).click();
	await expect
		.poll(async () => (await app.chartNumbers())[0])
		.toEqual(['Jan 15, 2025', '€300,000.00']);
	expect((await app.chartNumbers()).at(-1)![1]).toBe('€320,000.00');
});

test('a disposed asset leaves today but still counts at past dates', async ({ page }) => {
	await openApp(page);
	const app = new App(page);
	await app.addAsset({
		name: 'Savings',
		type: 'Savings Account',
		price: '1000',
		date: '2024-01-10'
	});
	await app.addAsset({ name: 'Old car', type: 'Vehicle', price: '10000', date: '2024-01-10' });
	await app.openAsset('Old car');
	await page.getByRole('button', { name: 'Dispose' }).click();
	const dialog = page.getByRole('dialog', { name: 'Dispose of Old car' });
	await dialog.getByLabel('Disposal date').fill('2025-06-01');
	await dialog.getByLabel('Disposal price').fill('6000');
	await dialog.getByRole('button', { name: 'Dispose' }).click();
	await expect(page.getByText('Disposed on Jun 1, 2025')).toBeVisible();
	await expect(page.getByRole('row', { name: /Dispose/ })).toContainText('€6,000.00');

	expect((await app.totals()).netWorth).toBe('€1,000.00');
	await page.getByRole('button', { name: 'ALL' }).click();
	await expect
		.poll(async () => (await app.chartNumbers())[0])
		.toEqual(['Jan 10, 2024', '€11,000.00']);
	expect((await app.chartNumbers()).at(-1)![1]).toBe('€1,000.00');

	await app.go('Assets');
	await expect(page.getByRole('link', { name: 'Old car' })).toHaveCount(0);
	await page.getByLabel('Show disposed').check();
	await expect(page.getByRole('row', { name: /Old car/ })).toContainText('Disposed');
});

test('deleting an asset says what goes with it', async ({ page }) => {
	await openApp(page);
	const app = new App(page);
	await app.addAsset({ name: 'Bike', type: 'Vehicle', price: '800', date: '2025-02-01' });
	await app.addValuation('700', '2025-08-01');
	await page.getByRole('button', { name: 'Delete', exact: true }).click();
	const dialog = page.getByRole('dialog', { name: 'Delete Bike' });
	await expect(dialog).toContainText('with its 2 valuations and 1 transaction');
	await dialog.getByRole('button', { name: 'Delete asset' }).click();
	await expect(page.getByRole('heading', { name: 'No assets yet' })).toBeVisible();
	expect((await app.totals()).netWorth).toBe('€0.00');
});

test('the asset list filters by name, type, category and tag, and sorts', async ({ page }) => {
	await openApp(page);
	const app = new App(page);
	await app.go('Categories');
	await app.addCategory('Financial');
	await app.addCategory('Banking', 'Financial');
	await app.go('Tags');
	await page.getByRole('form', { name: 'New tag' }).getByLabel('Tag name').fill('liquid');
	await page.getByRole('button', { name: 'Add tag' }).click();

	await app.addAsset({
		name: 'Cash box',
		type: 'Cash',
		price: '50',
		date: '2025-01-01',
		tags: ['liquid']
	});
	await app.addAsset({
		name: 'Current account',
		type: 'Checking Account',
		price: '900',
		date: '2025-01-01',
		categories: ['Banking']
	});
	await app.addAsset({ name: 'Watch', type: 'Collectibles', price: '3000', date: '2025-01-01' });

	await app.go('Assets');
	const names = () => page.locator('tbody tr td:first-child a').allTextContents();
	await expect.poll(names).toEqual(['Cash box', 'Current account', 'Watch']);
	await page.getByRole('button', { name: 'Value' }).click();
	await expect.poll(names).toEqual(['Cash box', 'Current account', 'Watch']);
	await page.getByRole('button', { name: 'Value' }).click();
	await expect.poll(names).toEqual(['Watch', 'Current account', 'Cash box']);

	await page.getByLabel('Search by name').fill('ACCOUNT');
	await expect.poll(names).toEqual(['Current account']);
	await page.getByLabel('Search by name').fill('');
	await page.getByLabel('Category').selectOption({ label: 'Financial' });
	await expect.poll(names).toEqual(['Current account']);
	await page.getByLabel('Category').selectOption({ label: 'All categories' });
	await page.getByLabel('Tag').selectOption({ label: 'liquid' });
	await expect.poll(names).toEqual(['Cash box']);
	await page.getByLabel('Tag').selectOption({ label: 'All tags' });
	await page.getByLabel('Type').selectOption({ label: 'Collectibles' });
	await expect.poll(names).toEqual(['Watch']);
	await expect(page.getByTestId('assets-total')).toHaveText('€3,000.00');
});

test('forms show what is wrong under each field and save nothing', async ({ page }) => {
	await openApp(page, '/assets/new');
	const form = page.getByRole('form', { name: 'New asset' });
	await form.getByLabel('Acquisition price').fill('1e5');
	await form.getByLabel('Quantity', { exact: true }).fill('0');
	await form.getByRole('button', { name: 'Add asset' }).click();
	await expect(form.getByText('Enter an asset name.')).toBeVisible();
	await expect(form.getByText('Choose a type.')).toBeVisible();
	await expect(form.getByText('Enter a quantity greater than zero.')).toBeVisible();
	await expect(form.getByText('Enter a number like 1,234.56.')).toBeVisible();
	await expect(form.getByLabel('Name', { exact: true })).toHaveAttribute('aria-invalid', 'true');
	await new App(page).go('Assets');
	await expect(page.getByRole('heading', { name: 'No assets yet' })).toBeVisible();
});
