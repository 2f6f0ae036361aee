import type { Page } from '@playwright/test';
import { expect, openApp, test } from './fixtures';
import { App } from './pages/app';

/** The notice that follows a change, with its Undo (or Redo) button. */
const notice = (page: Page, text: string | RegExp) =>
	page.getByRole('status').filter({ hasText: text });

/** Ctrl+Z where no text field has the focus (they keep their own undo). */
async function pressUndo(page: Page, redo = false): Promise<void> {
	await page.getByRole('heading', { level: 1 }).click();
	await page.keyboard.press(redo ? 'Control+Shift+Z' : 'Control+Z');
}

test('an asset added, edited and deleted is undone from the notice and with the keyboard', async ({
	page
}) => {
	await openApp(page);
	const app = new App(page);
	await app.addAsset({ name: 'Wallet', type: 'Cash', price: '250', date: '2025-01-15' });
	// Undo from the notice takes the asset away again; Redo puts it back.
	await notice(page, 'Asset “Wallet” added.').getByRole('button', { name: 'Undo' }).click();
	await expect(notice(page, 'Undone: Asset “Wallet” added.')).toBeVisible();
	await app.go('Assets');
	await expect(page.getByRole('heading', { name: 'No assets yet' })).toBeVisible();
	await notice(page, 'Undone: Asset “Wallet” added.').getByRole('button', { name: 'Redo' }).click();
	await expect(page.getByRole('link', { name: 'Wallet', exact: true })).toBeVisible();

	// Edited, then undone with the keyboard.
	await app.openAsset('Wallet');
	await page.getByRole('button', { name: 'Edit', exact: true }).click();
	const edit = page.getByRole('dialog', { name: 'Edit asset' });
	await edit.getByLabel('Name', { exact: true }).fill('Purse');
	await edit.getByRole('button', { name: 'Save changes' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Purse' })).toBeVisible();
	await pressUndo(page);
	await expect(page.getByRole('heading', { level: 1, name: 'Wallet' })).toBeVisible();
	await expect(notice(page, 'Undone: Asset “Purse” edited.')).toBeVisible();

	// Deleted with its valuation, then brought back whole from the notice.
	await app.addValuation('300', '2025-03-01');
	await expect(page.getByTestId('asset-value')).toHaveText('€300.00');
	await page.getByRole('button', { name: 'Delete', exact: true }).click();
	await page.getByRole('dialog').getByRole('button', { name: 'Delete asset' }).click();
	await expect(page.getByRole('heading', { name: 'No assets yet' })).toBeVisible();
	await notice(page, 'Asset “Wallet” deleted.').getByRole('button', { name: 'Undo' }).click();
	await app.openAsset('Wallet');
	await expect(page.getByTestId('asset-value')).toHaveText('€300.00');
	expect((await app.totals()).netWorth).toBe('€300.00');
});

test('valuations and transactions added, edited and deleted are each undone', async ({ page }) => {
	await openApp(page);
	const app = new App(page);
	await app.addAsset({ name: 'Flat', type: 'Real Estate', price: '300000', date: '2025-01-15' });

	// A valuation: added (Ctrl+Z, Ctrl+Shift+Z), edited (Undo), deleted (Ctrl+Z).
	await app.addValuation('310000', '2025-06-01');
	const row = page.getByRole('row', { name: /Jun 1, 2025/ });
	await expect(row).toContainText('€310,000.00');
	await pressUndo(page);
	await expect(row).toHaveCount(0);
	await expect(page.getByTestId('asset-value')).toHaveText('€300,000.00');
	await pressUndo(page, true);
	await expect(row).toContainText('€310,000.00');
	await row.getByRole('button', { name: /^Edit/ }).click();
	const dialog = page.getByRole('dialog', { name: 'Edit valuation' });
	await dialog.getByLabel('Value', { exact: true }).fill('320000');
	await dialog.getByRole('button', { name: 'Save' }).click();
	await expect(row).toContainText('€320,000.00');
	await notice(page, 'edited.').getByRole('button', { name: 'Undo' }).click();
	await expect(row).toContainText('€310,000.00');
	await row.getByRole('button', { name: /^Delete/ }).click();
	await page.getByRole('dialog').getByRole('button', { name: 'Delete valuation' }).click();
	await expect(row).toHaveCount(0);
	await pressUndo(page);
	await expect(row).toContainText('€310,000.00');

	// A transaction: added (Undo), edited (Ctrl+Z), deleted (Undo).
	const transactions = page.getByRole('region', { name: 'Transactions' });
	await page.getByRole('button', { name: 'Add transaction' }).click();
	const add = page.getByRole('dialog', { name: 'Add transaction' });
	await add.getByLabel('Transaction type').selectOption({ label: 'Adjust' });
	await add.getByLabel('Date').fill('2025-07-01');
	await add.getByLabel('Unit price').fill('10');
	await add.getByRole('button', { name: 'Add transaction' }).click();
	const adjust = transactions.getByRole('row', { name: /Jul 1, 2025/ });
	await expect(adjust).toBeVisible();
	await notice(page, 'Adjust transaction of “Flat” on Jul 1, 2025 added.')
		.getByRole('button', { name: 'Undo' })
		.click();
	await expect(adjust).toHaveCount(0);
	await pressUndo(page, true);
	await expect(adjust).toBeVisible();
	await adjust.getByRole('button', { name: /^Edit/ }).click();
	const edit = page.getByRole('dialog', { name: 'Edit transaction' });
	await edit.getByLabel('Unit price').fill('12');
	await edit.getByRole('button', { name: 'Save' }).click();
	await expect(adjust).toContainText('€12.00');
	await pressUndo(page);
	await expect(adjust).toContainText('€10.00');
	await adjust.getByRole('button', { name: /^Delete/ }).click();
	await page.getByRole('dialog').getByRole('button', { name: 'Delete transaction' }).click();
	await expect(adjust).toHaveCount(0);
	await notice(page, 'deleted.').getByRole('button', { name: 'Undo' }).click();
	await expect(adjust).toContainText('€10.00');
});

test('undo survives a reload, and Settings lists the last changes, newest first', async ({
	page
}) => {
	await openApp(page);
	const app = new App(page);
	await app.addAsset({
		name: 'Savings',
		type: 'Savings Account',
		price: '1000',
		date: '2025-01-15'
	});
	await app.addValuation('1200', '2025-05-01');
	await page.reload();
	await expect(page.getByRole('heading', { level: 1, name: 'Savings' })).toBeVisible();
	await pressUndo(page);
	await expect(notice(page, 'Undone: Valuation of “Savings” on May 1, 2025 added.')).toBeVisible();
	await expect(page.getByTestId('asset-value')).toHaveText('€1,000.00');

	await app.go('Settings');
	await page
		.getByRole('navigation', { name: 'Settings' })
		.getByRole('link', { name: 'History' })
		.click();
	const changes = page.getByRole('table', { name: 'Recent changes' });
	await expect(changes.getByRole('row')).toHaveCount(4);
	await expect(changes.getByRole('row').nth(1)).toContainText(
		'Undone: Valuation of “Savings” on May 1, 2025 added'
	);
	await expect(changes.getByRole('row').nth(3)).toContainText('Asset “Savings” added');
	// Undoing the undo from the list redoes it.
	await changes.getByRole('row').nth(1).getByRole('button', { name: /^Redo/ }).click();
	await expect(changes.getByRole('row')).toHaveCount(5);
	expect((await app.totals()).netWorth).toBe('€1,200.00');
});

test('an undo that a later change stands in the way of is refused and changes nothing', async ({
	page
}) => {
	await openApp(page);
	const app = new App(page);
	await app.addAsset({ name: 'Car', type: 'Vehicle', price: '8000', date: '2025-01-15' });
	await app.addValuation('7000', '2025-06-01');
	await app.go('Settings');
	await page
		.getByRole('navigation', { name: 'Settings' })
		.getByRole('link', { name: 'History' })
		.click();
	const changes = page.getByRole('table', { name: 'Recent changes' });
	await changes
		.getByRole('row', { name: /Asset “Car” added/ })
		.getByRole('button', { name: /^Undo/ })
		.click();
	await expect(page.getByRole('status').filter({ hasText: "can't be undone" })).toContainText(
		'later changes depend on it. Undo those first. Nothing was changed.'
	);
	expect((await app.totals()).netWorth).toBe('€7,000.00');
});

test('a page left open while the database moves to another tab shows the hand-over', async ({
	context
}) => {
	const first = await context.newPage();
	await openApp(first);
	const app = new App(first);
	await app.go('Assets');
	const second = await context.newPage();
	await second.goto('/');
	await second.getByRole('button', { name: 'Use here' }).click();
	await expect(second.getByRole('heading', { name: 'Dashboard', level: 1 })).toBeVisible();
	await expect(
		first.getByRole('dialog', { name: 'Strata was moved to another tab' })
	).toBeVisible();
	// The first tab goes back to the dashboard meanwhile: it says where the data is, not "Loading".
	await first.goBack();
	await expect(first.getByText('Strata is open in another tab now')).toBeVisible();
	await expect(first.getByText('Loading…')).toHaveCount(0);
});
