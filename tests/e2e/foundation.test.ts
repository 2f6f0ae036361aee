import { expect, openApp, test } from './fixtures';
import { BUNDLED_MIGRATIONS } from './builds';
import { TagsPage } from './pages/tags-page';

test('first visit migrates the database and shows the app shell', async ({ page }) => {
	await openApp(page);
	const nav = page.getByRole('navigation', { name: 'Main' });
	for (const name of ['Dashboard', 'Assets', 'Categories', 'Tags', 'Asset types', 'Settings']) {
		await expect(nav.getByRole('link', { name, exact: true })).toBeVisible();
	}
	await expect(page.getByRole('heading', { name: 'Net worth' })).toBeVisible();
	await expect(page.getByTestId('net-worth')).toHaveText('€0.00');

	await nav.getByRole('link', { name: 'Settings' }).click();
	await page
		.getByRole('navigation', { name: 'Settings' })
		.getByRole('link', { name: 'About' })
		.click();
	await expect(page.getByTestId('schema-version')).toHaveText(String(BUNDLED_MIGRATIONS.length));
	await expect(page.getByTestId('app-version')).toHaveText(/^\d+\.\d+\.\d+/);
	await expect(page.getByText('0001_initial_schema')).toBeVisible();
	await expect(page.getByText('This browser (OPFS)')).toBeVisible();

	await nav.getByRole('link', { name: 'Asset types' }).click();
	await expect(page.getByText('Checking Account')).toBeVisible();
});

test('a row written survives a reload and a browser restart', async ({ profile }) => {
	let context = await profile.launch();
	let page = await context.newPage();
	await openApp(page);
	const tags = new TagsPage(page);
	await tags.open();
	await tags.add('written-before-restart');

	await page.reload();
	await expect(tags.list.getByText('written-before-restart', { exact: true })).toBeVisible();
	await context.close();

	context = await profile.launch();
	page = await context.newPage();
	await openApp(page, '/tags');
	await expect(
		new TagsPage(page).list.getByText('written-before-restart', { exact: true })
	).toBeVisible();
});

test('a second tab hands over with Use here and no data is lost', async ({ context }) => {
	const first = await context.newPage();
	await openApp(first);
	const firstTags = new TagsPage(first);
	await firstTags.open();
	await firstTags.add('from-first-tab');
	// Something typed but not saved yet in the first tab.
	await firstTags.newTagForm.getByLabel('Tag name').fill('typed-not-saved');

	const second = await context.newPage();
	await second.goto('/tags');
	await expect(
		second.getByRole('heading', { name: 'Strata is open in another tab' })
	).toBeVisible();
	await second.getByRole('button', { name: 'Use here' }).click();

	const moved = first.getByRole('dialog', { name: 'Strata was moved to another tab' });
	await expect(moved).toBeVisible();
	const secondTags = new TagsPage(second);
	await expect(secondTags.list.getByText('from-first-tab', { exact: true })).toBeVisible();
	await secondTags.add('from-second-tab');

	// Take it back: the first tab still has what was typed, and sees the second tab's row.
	await moved.getByRole('button', { name: 'Use here' }).click();
	await expect(
		second.getByRole('dialog', { name: 'Strata was moved to another tab' })
	).toBeVisible();
	await expect(moved).toBeHidden();
	await expect(firstTags.list.getByText('from-second-tab', { exact: true })).toBeVisible();
	await expect(firstTags.newTagForm.getByLabel('Tag name')).toHaveValue('typed-not-saved');
	await firstTags.newTagForm.getByRole('button', { name: 'Add tag' }).click();
	await expect(firstTags.list.getByRole('listitem')).toHaveCount(3);
});

test('tabs taking the database from each other in quick turns raise no uncaught error', async ({
	context
}) => {
	const errors: string[] = [];
	const tabs = [await context.newPage(), await context.newPage(), await context.newPage()];
	for (const tab of tabs) tab.on('pageerror', (error) => errors.push(error.message));
	await openApp(tabs[0]!, '/settings/storage', { choice: 'Explore the demo' });
	await tabs[1]!.goto('/settings/backup');
	await tabs[2]!.goto('/');
	// Each takes it while the others' pages are still reading, and one reloads now and then.
	for (let turn = 0; turn < 18; turn++) {
		await tabs[turn % 3]!.getByRole('button', { name: 'Use here' })
			.click({ timeout: 1500 })
			.catch(() => {}); // this tab may already own it, or be reloading
		if (turn % 4 === 0) await tabs[(turn + 1) % 3]!.reload();
	}
	const last = tabs[2]!;
	const useHere = last.getByRole('button', { name: 'Use here' });
	const netWorth = last.getByTestId('net-worth');
	await expect(useHere.or(netWorth).first()).toBeVisible();
	if (await useHere.isVisible()) await useHere.click();
	await expect(netWorth).toHaveText('€239,200.00');
	expect(errors).toEqual([]);
});

test('without OPFS the app runs in memory and says nothing will be saved', async ({ context }) => {
	// A browser without OPFS, as private windows and old browsers are: the worker sees no
	// navigator.storage.getDirectory.
	await context.route(/\/db-worker\.js$/, async (route) => {
		const response = await route.fetch();
		const body = 'delete StorageManager.prototype.getDirectory;\n' + (await response.text());
		await route.fulfill({ response, body });
	});
	const page = await context.newPage();
	await openApp(page);
	const banner = page
		.getByRole('status')
		.filter({ hasText: 'Nothing you enter here will be saved.' });
	await expect(banner).toBeVisible();
	await expect(banner.getByRole('link', { name: 'Settings → Backup' })).toBeVisible();

	const tags = new TagsPage(page);
	await tags.open();
	await tags.add('only-in-memory');
	await page.reload();
	await expect(page.getByText('Nothing you enter here will be saved.')).toBeVisible();
	await expect(page.getByText('No tags yet.')).toBeVisible();
});
