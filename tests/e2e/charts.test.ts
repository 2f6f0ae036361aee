import { expect, openApp, test } from './fixtures';
import { App } from './pages/app';

test('allocation by category keeps a category’s debts apart, as by type does', async ({ page }) => {
	await openApp(page);
	const app = new App(page);
	await app.go('Categories');
	await app.addCategory('Housing');
	const housing = { date: '2025-01-01', categories: ['Housing'] };
	await app.addAsset({ ...housing, name: 'Flat', type: 'Real Estate', price: '300000' });
	await app.addAsset({ ...housing, name: 'Mortgage', type: 'Loan', price: '200000' });

	await page.goto('/');
	const allocation = page.getByRole('region', { name: 'Allocation' });
	await allocation.getByRole('button', { name: 'By category' }).click();
	// The flat's whole value is Housing's share, not the 100,000 left once the loan is netted.
	const bars = allocation.getByRole('list', { name: 'Allocation by category' });
	await expect(bars.getByRole('listitem')).toHaveCount(1);
	await expect(bars.getByRole('listitem')).toContainText('Housing');
	await expect(bars.getByRole('listitem')).toContainText('€300,000.00 · 100%');
	await expect(allocation.getByText(/^Owed:/)).toContainText('Housing (owed) €200,000.00');
});
