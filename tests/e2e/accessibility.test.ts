import type { Page } from '@playwright/test';
import { expect, openApp, test } from './fixtures';
import { App } from './pages/app';
import { PAGES, seriousViolations, sideways } from '../helpers/page-checks';

async function withSomeData(page: Page): Promise<string> {
	await openApp(page);
	const app = new App(page);
	await app.go('Tags');
	await page.getByRole('form', { name: 'New tag' }).getByLabel('Tag name').fill('liquid');
	await page.getByRole('button', { name: 'Add tag' }).click();
	await app.addAsset({
		name: 'Savings',
		type: 'Savings Account',
		price: '1500',
		date: '2025-01-01',
		tags: ['liquid']
	});
	await app.addValuation('1600', '2025-06-01');
	return new URL(page.url()).pathname;
}

for (const scheme of ['light', 'dark'] as const) {
	test(`no serious or critical axe violations on any page (${scheme})`, async ({ page }) => {
		// axe analyses a dozen pages here: slow work, not a slow app.
		test.setTimeout(180_000);
		await page.emulateMedia({ colorScheme: scheme });
		await openApp(page);
		expect(await seriousViolations(page), 'empty dashboard').toEqual([]);
		const assetPage = await withSomeData(page);
		for (const path of [...PAGES, assetPage]) {
			await page.goto(path);
			await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
			await expect(page.getByRole('status').filter({ hasText: 'Loading…' })).toHaveCount(0);
			expect(await seriousViolations(page), path).toEqual([]);
		}
		// Dialogs too.
		await page.goto(assetPage);
		await page.getByRole('button', { name: 'Dispose' }).click();
		await expect(page.getByRole('dialog')).toBeVisible();
		expect(await seriousViolations(page), 'dispose dialog').toEqual([]);
	});
}

test('every page fits a 360 px wide phone screen', async ({ page }) => {
	await page.setViewportSize({ width: 360, height: 760 });
	const assetPage = await withSomeData(page);
	for (const path of [...PAGES, assetPage]) {
		await page.goto(path);
		await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
		await expect(page.getByRole('status').filter({ hasText: 'Loading…' })).toHaveCount(0);
		expect(await sideways(page), path).toBeLessThanOrEqual(0);
	}
});

test('on a phone, the database page’s wide table scrolls by keyboard too', async ({ page }) => {
	await page.setViewportSize({ width: 360, height: 760 });
	await openApp(page, '/settings/database');
	const region = page.getByRole('region', { name: 'Migration status, scrolls sideways' });
	await expect(region.getByRole('table', { name: 'Migration status' })).toBeVisible();
	expect(await seriousViolations(page)).toEqual([]);
	// It is wider than the phone, so its last columns are reached by scrolling it.
	expect(await region.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);
	await region.focus();
	await page.keyboard.press('ArrowRight');
	await expect.poll(() => region.evaluate((el) => el.scrollLeft)).toBeGreaterThan(0);
});

test('the main journey works with the keyboard alone', async ({ page }) => {
	await openApp(page, '/tags');
	await page.getByRole('form', { name: 'New tag' }).getByLabel('Tag name').focus();
	await page.keyboard.type('keyboard-only');
	await page.keyboard.press('Enter');
	await expect(page.getByRole('list', { name: 'Tags' }).getByText('keyboard-only')).toBeVisible();
	// Open the rename dialog with the keyboard; Escape closes it and focus stays usable.
	await page.getByRole('button', { name: 'Rename keyboard-only' }).focus();
	await page.keyboard.press('Enter');
	const dialog = page.getByRole('dialog', { name: 'Rename tag' });
	await expect(dialog).toBeVisible();
	await expect(dialog.getByLabel('Tag name')).toBeFocused();
	await page.keyboard.press('Escape');
	await expect(dialog).toBeHidden();
});
