import { expect, openApp, test } from './fixtures';
import { App } from './pages/app';

test('a new page puts focus on its heading, also when it renders after its data', async ({
	page
}) => {
	await openApp(page);
	const app = new App(page);
	const heading = page.getByRole('heading', { level: 1 });

	await app.go('Assets');
	await expect(heading).toHaveText('Assets');
	await expect(heading).toBeFocused();

	await app.go('Tags');
	await expect(heading).toHaveText('Tags');
	await expect(heading).toBeFocused();

	// Settings' heading is its layout's; its sections are pages of their own too.
	await app.go('Settings');
	await expect(heading).toBeFocused();
	await page
		.getByRole('navigation', { name: 'Settings' })
		.getByRole('link', { name: 'About' })
		.click();
	await expect(page.getByRole('link', { name: 'About' })).toHaveAttribute('aria-current', 'page');
	await expect(heading).toBeFocused();

	// An asset's page shows its heading once the asset is read.
	await app.addAsset({ name: 'Cash box', type: 'Cash', price: '200', date: '2025-01-15' });
	await expect(page.getByRole('heading', { level: 1, name: 'Cash box' })).toBeFocused();

	// Back goes to a page too.
	await page.goBack();
	await expect(page.getByRole('heading', { level: 1, name: 'Add asset' })).toBeFocused();

	// A filter changes the address but not the page: focus stays in the search box.
	await app.go('Assets');
	const search = page.getByLabel('Search by name');
	await search.fill('cash');
	await expect(page).toHaveURL(/q=cash/);
	await expect(search).toBeFocused();
	await page.keyboard.type(' box');
	await expect(search).toHaveValue('cash box');
});

test('a form that did not save puts focus on its first invalid field', async ({ page }) => {
	await openApp(page, '/assets/new');
	const form = page.getByRole('form', { name: 'New asset' });
	await form.getByRole('button', { name: 'Add asset' }).click();
	await expect(form.getByText('Enter an asset name.')).toBeVisible();
	await expect(form.getByLabel('Name', { exact: true })).toBeFocused();

	// With a name, the type is the first one wrong.
	await form.getByLabel('Name', { exact: true }).fill('Savings');
	await form.getByRole('button', { name: 'Add asset' }).click();
	await expect(form.getByText('Choose a type.')).toBeVisible();
	await expect(form.getByLabel('Type', { exact: true })).toBeFocused();

	// The same for a form of a page, submitted with Enter.
	await new App(page).go('Tags');
	await page.getByRole('button', { name: 'Add tag' }).click();
	await expect(page.getByLabel('Tag name')).toHaveAttribute('aria-invalid', 'true');
	await expect(page.getByLabel('Tag name')).toBeFocused();
});

test('"Save and add another" saves and starts an empty form for the next asset', async ({
	page
}) => {
	await openApp(page);
	const app = new App(page);
	await app.go('Assets');
	await page.getByRole('link', { name: 'Add asset' }).first().click();
	const form = page.getByRole('form', { name: 'New asset' });
	const name = form.getByLabel('Name', { exact: true });
	const price = form.getByLabel('Acquisition price');

	for (const [asset, amount] of [
		['Current account', '1500'],
		['Savings book', '8000']
	] as const) {
		await name.fill(asset);
		await form.getByLabel('Type', { exact: true }).selectOption({ label: 'Savings Account' });
		await form.getByLabel('Acquisition date').fill('2025-01-15');
		await price.fill(amount);
		const another = form.getByRole('button', { name: 'Save and add another' });
		// The first by pointer; the second from the keyboard, as the first one's notice (held while
		// the pointer is on it) sits over the button for a while.
		if (asset === 'Current account') await another.click();
		else await another.press('Enter');
		// Saved and said so; still on an empty form, with focus on its first field.
		await expect(
			page
				.getByRole('status')
				.filter({ hasText: `“${asset}”` })
				.filter({ hasText: 'added' })
		).toBeVisible();
		await expect(page.getByRole('heading', { level: 1, name: 'Add asset' })).toBeVisible();
		await expect(name).toHaveValue('');
		await expect(price).toHaveValue('');
		await expect(name).toBeFocused();
		// The type stays as chosen: the next asset is often of the same kind.
		await expect(form.getByLabel('Type', { exact: true })).toHaveValue(/.+/);
	}

	await app.go('Assets');
	await expect(page.getByRole('link', { name: 'Current account', exact: true })).toBeVisible();
	await expect(page.getByRole('link', { name: 'Savings book', exact: true })).toBeVisible();
	await expect(page.getByTestId('assets-total')).toHaveText('€9,500.00');
});

test('editing an asset has no "Save and add another"', async ({ page }) => {
	await openApp(page);
	const app = new App(page);
	await app.addAsset({ name: 'Flat', type: 'Real Estate', price: '300000', date: '2025-01-15' });
	await page.getByRole('button', { name: 'Edit', exact: true }).click();
	const form = page.getByRole('form', { name: 'Edit asset' });
	await expect(form.getByRole('button', { name: 'Save changes' })).toBeVisible();
	await expect(form.getByRole('button', { name: 'Save and add another' })).toHaveCount(0);
});
