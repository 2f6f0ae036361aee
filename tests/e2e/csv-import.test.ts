import type { Page } from '@playwright/test';
import { expect, openApp, test } from './fixtures';
import { App } from './pages/app';
import { CsvImportPage } from './pages/csv-import-page';
import { seriousViolations, sideways } from '../helpers/page-checks';

const FILES = 'tests/fixtures/csv';

/** The notice that follows a change, with its Undo button. */
const notice = (page: Page, text: string | RegExp) =>
	page.getByRole('status').filter({ hasText: text });

test('a French bank statement imports from the account’s page into its valuations, and is undone', async ({
	page
}) => {
	await page.setViewportSize({ width: 360, height: 760 });
	await openApp(page);
	const app = new App(page);
	await app.addAsset({
		name: 'Compte courant',
		type: 'Checking Account',
		price: '100',
		date: '2025-12-01'
	});
	await page.getByRole('button', { name: 'Import CSV' }).click();
	await expect(page.getByRole('heading', { name: 'Import CSV' })).toBeVisible();
	const csv = new CsvImportPage(page);
	await csv.choose(`${FILES}/fr-bank-releve.csv`);

	// Windows-1252, “;”, the operation date and the balance guessed; nothing left to ask.
	await expect(
		page.getByRole('heading', { name: 'Import CSV into “Compte courant”' })
	).toBeVisible();
	await expect(csv.mapping).toBeVisible();
	await expect(page.getByText('separated by semicolons, Windows-1252')).toBeVisible();
	await expect(csv.field('Date').locator('option:checked')).toHaveText('Date opération');
	await expect(csv.field('Value').locator('option:checked')).toHaveText('Solde');
	await expect(page.getByRole('group', { name: /How are the (dates|numbers)/ })).toHaveCount(0);
	// Its value date rather than its operation date (the same here): remembered for next time.
	await csv.field('Date').selectOption({ label: 'Date valeur' });
	expect(await seriousViolations(page), 'mapping step').toEqual([]);
	expect(await sideways(page), 'mapping step').toBeLessThanOrEqual(0);

	await csv.toPreview();
	await expect(csv.preview.getByText('17 valuations added')).toBeVisible();
	await expect(csv.preview.getByText(/1 row shares a day with another/)).toBeVisible();
	await expect(csv.preview.getByText('lists the newest first')).toBeVisible();
	expect(await seriousViolations(page), 'preview step').toEqual([]);
	expect(await sideways(page), 'preview step').toBeLessThanOrEqual(0);
	await csv.confirm();
	await expect(notice(page, '17 valuations imported from fr-bank-releve.csv.')).toBeVisible();

	// 5 576,98 on 24/02/2026 is the account's value now; 15/01 kept its last balance.
	await page.getByRole('link', { name: 'Back to the asset' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Compte courant' })).toBeVisible();
	await expect(page.getByText('€5,576.98').first()).toBeVisible();
	const valuations = page.getByRole('table', { name: 'Valuations, newest first' });
	await expect(valuations.getByRole('row', { name: /Feb 24, 2026.*€5,576\.98/ })).toBeVisible();
	await expect(valuations.getByRole('row', { name: /Feb 13, 2026.*€4,526\.98/ })).toBeVisible();

	// Undo takes every imported valuation away again.
	await notice(page, '17 valuations imported from fr-bank-releve.csv.')
		.getByRole('button', { name: 'Undo' })
		.click();
	await expect(notice(page, 'Undone: 17 valuations imported')).toBeVisible();
	await expect(valuations.getByRole('row', { name: /€5,576\.98/ })).toHaveCount(0);
	await expect(page.getByText('€100.00').first()).toBeVisible();

	// The next statement of this bank opens with the columns chosen for this one.
	await page.getByRole('button', { name: 'Import CSV' }).click();
	await csv.choose(`${FILES}/fr-bank-releve.csv`);
	await expect(page.getByText('The columns chosen for the last file like this one')).toBeVisible();
	await expect(csv.field('Date').locator('option:checked')).toHaveText('Date valeur');
});

test('a broker’s activity creates its assets, with their buys and sales, from Settings → Import CSV', async ({
	page
}) => {
	// The dark theme, on a phone: the preview of four new assets still reads and fits.
	await page.emulateMedia({ colorScheme: 'dark' });
	await page.setViewportSize({ width: 360, height: 760 });
	await openApp(page);
	const app = new App(page);
	await app.go('Settings');
	await page
		.getByRole('navigation', { name: 'Settings' })
		.getByRole('link', { name: 'Import CSV' })
		.click();
	const csv = new CsvImportPage(page);
	await csv.choose(`${FILES}/broker-activity.csv`);
	await expect(csv.field('The file holds').locator('option:checked')).toHaveText(
		'Buys and sales (transactions)'
	);
	await expect(csv.field('Asset').locator('option:checked')).toHaveText('Name');
	await expect(csv.field('Type').locator('option:checked')).toHaveText('Action');
	await expect(csv.field('Unit price').locator('option:checked')).toHaveText('Price');
	await csv.toPreview();
	for (const name of ['Vanguard FTSE All-World UCITS ETF', 'Apple Inc', 'Microsoft Corp']) {
		const type = csv.preview.getByLabel(`Type of “${name}”`);
		await expect(type.locator('option:checked')).toHaveText('Stocks');
	}
	await expect(csv.preview.getByText('Not imported: “Symbol”, “Fees”.')).toBeVisible();
	expect(await seriousViolations(page), 'preview step, dark').toEqual([]);
	expect(await sideways(page), 'preview step, dark').toBeLessThanOrEqual(0);
	await csv.confirm();
	await expect(notice(page, '17 transactions imported from broker-activity.csv.')).toBeVisible();

	await app.openAsset('Apple Inc');
	await expect(page.getByTestId('asset-quantity')).toHaveText('6');
	await app.openAsset('Vanguard FTSE All-World UCITS ETF');
	await expect(page.getByTestId('asset-quantity')).toHaveText('47.759');
});

test('a file whose dates read both ways asks their order, and never guesses', async ({ page }) => {
	await openApp(page, '/settings/import-csv');
	const csv = new CsvImportPage(page);
	await csv.choose(`${FILES}/ambiguous-dates.csv`);
	const question = page.getByRole('group', { name: 'How are the dates of this file written?' });
	await expect(question).toBeVisible();
	await expect(question.getByRole('radio', { checked: true })).toHaveCount(0);
	await csv.mapping.getByRole('button', { name: 'Preview' }).click();
	await expect(page.getByRole('alert')).toContainText(
		'Choose how the dates of this file are written.'
	);
	await question.getByLabel('Day first: 31/12/2026').check();
	await csv.toPreview();
	await expect(csv.preview.getByText('from Feb 1, 2025 to Jan 12, 2026')).toBeVisible();
	await expect(csv.preview.getByLabel('Type of “Savings”')).toBeVisible();
});

test('a file that is not a CSV says so and changes nothing', async ({ page }) => {
	await openApp(page);
	const app = new App(page);
	await app.addAsset({ name: 'Wallet', type: 'Cash', price: '250', date: '2025-01-15' });
	await page.goto('/settings/import-csv');
	const csv = new CsvImportPage(page);
	await csv.choose(`${FILES}/not-a-csv.bin`);
	const alert = page.getByRole('alert');
	await expect(alert).toContainText('Nothing was changed.');
	await expect(csv.mapping).toHaveCount(0);
	await csv.choose(`${FILES}/empty.csv`);
	await expect(alert).toContainText('The file is empty');
	await app.go('Assets');
	await expect(page.getByRole('link', { name: 'Wallet', exact: true })).toBeVisible();
	await app.openAsset('Wallet');
	await expect(page.getByText('€250.00').first()).toBeVisible();
});
