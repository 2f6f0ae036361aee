import { expect, openApp, test } from './fixtures';
import { App } from './pages/app';
import { TagsPage } from './pages/tags-page';

test('categories: add a tree, rename, refuse a cycle and a delete with children', async ({
	page
}) => {
	await openApp(page);
	const app = new App(page);
	await app.go('Categories');
	const form = page.getByRole('form', { name: 'New category' });
	const tree = page.getByRole('list', { name: 'Categories' });
	for (const [name, parent] of [
		['Investments', undefined],
		['Equities', 'Investments'],
		['Tech', 'Investments › Equities']
	] as const) {
		await app.addCategory(name, parent);
		// The next category starts at the top level again.
		await expect(form.getByLabel('Parent category')).toHaveValue('');
		await expect(form.getByLabel('Category name')).toHaveValue('');
	}

	// Moving Investments under its own grandchild is refused.
	await page.getByRole('button', { name: 'Edit Investments' }).click();
	const dialog = page.getByRole('dialog', { name: 'Edit category' });
	await dialog
		.getByLabel('Parent category')
		.selectOption({ label: 'Investments › Equities › Tech' });
	await dialog.getByRole('button', { name: 'Save' }).click();
	await expect(
		dialog.getByText("“Investments” can't go under “Tech”, which is inside it.")
	).toBeVisible();
	await dialog.getByRole('button', { name: 'Cancel' }).click();

	await page.getByRole('button', { name: 'Edit Tech' }).click();
	await dialog.getByLabel('Category name').fill('Technology');
	await dialog.getByRole('button', { name: 'Save' }).click();
	await expect(tree.getByText('Technology', { exact: true })).toBeVisible();

	await page.getByRole('button', { name: 'Delete Investments' }).click();
	const confirm = page.getByRole('dialog', { name: 'Delete category' });
	await confirm.getByRole('button', { name: 'Delete category' }).click();
	await expect(confirm.getByRole('alert')).toHaveText(
		'“Investments” has subcategories (“Equities”). Move or delete them first.'
	);
	await confirm.getByRole('button', { name: 'Cancel' }).click();
	await page.getByRole('button', { name: 'Delete Technology' }).click();
	await confirm.getByRole('button', { name: 'Delete category' }).click();
	await expect(tree.getByText('Technology', { exact: true })).toHaveCount(0);

	// Names are unique regardless of case.
	await form.getByLabel('Category name').fill('equities');
	await form.getByRole('button', { name: 'Add category' }).click();
	await expect(form.getByText('A category named “Equities” already exists.')).toBeVisible();
});

test('a category counts the assets of its sub-categories, and says how many are its own', async ({
	page
}) => {
	await openApp(page);
	const app = new App(page);
	await app.go('Categories');
	await app.addCategory('Collections');
	await app.addCategory('LEGO', 'Collections');
	const asset = { type: 'Collectibles', price: '100', date: '2025-01-01' };
	await app.addAsset({ ...asset, name: 'Millennium Falcon', categories: ['LEGO'] });
	await app.addAsset({ ...asset, name: 'Stamp album', categories: ['Collections'] });
	await app.addAsset({ ...asset, name: 'Death Star', categories: ['Collections', 'LEGO'] });
	await app.go('Categories');
	const row = (name: string) =>
		page.getByRole('list', { name: 'Categories' }).getByRole('listitem').filter({ hasText: name });
	await expect(row('Collections')).toContainText('3 assets, 2 directly');
	await expect(row('LEGO')).toContainText('2 assets');
	await expect(row('LEGO')).not.toContainText('directly');
});

test('tags: add, rename, refuse a duplicate, delete', async ({ page }) => {
	await openApp(page);
	const tags = new TagsPage(page);
	await tags.open();
	await tags.add('liquid');
	await tags.add('insured');
	await page.getByRole('button', { name: 'Rename insured' }).click();
	const dialog = page.getByRole('dialog', { name: 'Rename tag' });
	await dialog.getByLabel('Tag name').fill('LIQUID');
	await dialog.getByRole('button', { name: 'Save' }).click();
	await expect(dialog.getByText('A tag named “liquid” already exists.')).toBeVisible();
	await dialog.getByLabel('Tag name').fill('fully insured');
	await dialog.getByRole('button', { name: 'Save' }).click();
	await expect(tags.list.getByText('fully insured', { exact: true })).toBeVisible();
	await page.getByRole('button', { name: 'Delete liquid' }).click();
	await page
		.getByRole('dialog', { name: 'Delete tag' })
		.getByRole('button', { name: 'Delete tag' })
		.click();
	await expect(tags.list.getByRole('listitem')).toHaveCount(1);
});

test('asset types: add one, regroup it, refuse deleting a type in use or built in', async ({
	page
}) => {
	await openApp(page);
	const app = new App(page);
	await app.go('Asset types');
	const form = page.getByRole('form', { name: 'New asset type' });
	await form.getByLabel('Type name').fill('Watches');
	await form.getByLabel('Group').selectOption({ label: 'Collections' });
	await form.getByRole('button', { name: 'Add type' }).click();
	await expect(page.getByRole('row', { name: /Watches/ })).toContainText('Collections');

	await app.addAsset({ name: 'Rolex', type: 'Watches', price: '8000', date: '2025-01-01' });
	await app.go('Asset types');
	await page.getByRole('button', { name: 'Delete Watches' }).click();
	const confirm = page.getByRole('dialog', { name: 'Delete asset type' });
	await confirm.getByRole('button', { name: 'Delete type' }).click();
	await expect(confirm.getByRole('alert')).toHaveText(
		'“Watches” is used by 1 asset. Give it another type first.'
	);
	await confirm.getByRole('button', { name: 'Cancel' }).click();
	await page.getByRole('button', { name: 'Delete Cash' }).click();
	await confirm.getByRole('button', { name: 'Delete type' }).click();
	await expect(confirm.getByRole('alert')).toContainText('built-in types');
	await confirm.getByRole('button', { name: 'Cancel' }).click();

	await page.getByRole('button', { name: 'Edit Watches' }).click();
	const dialog = page.getByRole('dialog', { name: 'Edit asset type' });
	await dialog.getByLabel('Type name').fill('Watches and clocks');
	await dialog.getByRole('button', { name: 'Save' }).click();
	await expect(page.getByRole('row', { name: /Watches and clocks/ })).toBeVisible();
});

test('the theme follows the setting', async ({ page }) => {
	await openApp(page);
	await new App(page).go('Settings');
	await page.getByLabel('Theme').selectOption('dark');
	await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
	const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
	expect(background).toBe('rgb(15, 20, 18)');
	await page.getByLabel('Theme').selectOption('light');
	expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe(
		'rgb(246, 247, 246)'
	);
});
