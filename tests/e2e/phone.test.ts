/**
 * A phone at 360 × 780: the main sections in a bar at the bottom, the rest behind More, and no
 * page wider than the screen.
 */
import type { Page } from '@playwright/test';
import { expect, openApp, test } from './fixtures';
import { sideways } from '../helpers/page-checks';
import { App } from './pages/app';

test.use({ viewport: { width: 360, height: 780 } });

const IN_BAR = ['Dashboard', 'Assets', 'Transactions'];
const IN_MORE = ['Categories', 'Tags', 'Asset types', 'Settings'];
const SETTINGS = [
	'General',
	'Currencies',
	'History',
	'Backup',
	'Import CSV',
	'Database',
	'Storage',
	'About'
];

function nav(page: Page) {
	return page.getByRole('navigation', { name: 'Main' });
}

async function go(page: Page, name: string): Promise<void> {
	const more = nav(page).getByRole('button', { name: 'More' });
	const inMore = IN_MORE.includes(name);
	if (inMore) {
		await more.click();
		await expect(more).toHaveAttribute('aria-expanded', 'true');
	}
	const link = nav(page).getByRole('link', { name, exact: true });
	await expect(link).toBeVisible();
	await link.click();
	// Arrived: the menu closed, and the link says it is the current page.
	await expect(more).toHaveAttribute('aria-expanded', 'false');
	if (inMore) await more.click();
	await expect(link).toHaveAttribute('aria-current', 'page');
	if (inMore) {
		await page.keyboard.press('Escape');
		await expect(link).toBeHidden();
	}
	await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
}

async function noSidewaysScroll(page: Page, where: string): Promise<void> {
	expect(await sideways(page), `${where} scrolls sideways`).toBeLessThanOrEqual(0);
}

test('every section is reachable from the bottom bar, and More opens the rest', async ({
	page
}) => {
	await openApp(page, '/', { choice: 'Explore the demo' });
	const bar = nav(page);
	for (const name of IN_BAR) await expect(bar.getByRole('link', { name })).toBeVisible();
	for (const name of IN_MORE) await expect(bar.getByRole('link', { name })).toBeHidden();

	// The bar sits at the bottom of the screen, and the header stays one row.
	const box = await bar.boundingBox();
	expect(box && Math.round(box.y + box.height)).toBe(780);
	const header = await page.getByRole('banner').boundingBox();
	expect(header && header.height).toBeLessThan(60);

	// Escape closes More and gives focus back to its button.
	const more = bar.getByRole('button', { name: 'More' });
	await more.click();
	await expect(bar.getByRole('link', { name: 'Tags' })).toBeVisible();
	await page.keyboard.press('Escape');
	await expect(more).toHaveAttribute('aria-expanded', 'false');
	await expect(bar.getByRole('link', { name: 'Tags' })).toBeHidden();
	await expect(more).toBeFocused();

	for (const name of [...IN_MORE, ...IN_BAR]) await go(page, name);
});

test('no page is wider than a phone', async ({ page }) => {
	await openApp(page, '/', { choice: 'Explore the demo' });
	await noSidewaysScroll(page, 'Dashboard');
	for (const name of [...IN_BAR.slice(1), ...IN_MORE]) {
		await go(page, name);
		await noSidewaysScroll(page, name);
	}

	const settings = page.getByRole('navigation', { name: 'Settings' });
	for (const name of SETTINGS) {
		await settings.getByRole('link', { name, exact: true }).click();
		await expect(settings.getByRole('link', { name, exact: true })).toHaveAttribute(
			'aria-current',
			'page'
		);
		await noSidewaysScroll(page, `Settings → ${name}`);
	}

	await go(page, 'Assets');
	await page.getByRole('link', { name: 'Add asset' }).first().click();
	await expect(page.getByRole('form', { name: 'New asset' })).toBeVisible();
	await noSidewaysScroll(page, 'New asset');

	await go(page, 'Assets');
	const asset = page.locator('main a[href^="/assets/"]:not([href="/assets/new"])').first();
	await asset.click();
	await expect(page).toHaveURL(/\/assets\/(?!new)[^/]+$/);
	await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
	await noSidewaysScroll(page, 'An asset');
});

test('the first journey on a phone: an asset with a date typed as the format writes it, a valuation, the dashboard', async ({
	page
}) => {
	await openApp(page);
	const app = new App(page);
	// Playwright's browser is en-US: month first.
	await app.addAsset({
		name: 'Savings',
		type: 'Savings Account',
		price: '1,500.50',
		date: '01/04/2021'
	});
	await expect(page.getByText('Held since Jan 4, 2021')).toBeVisible();
	await app.addValuation('1600', '06/01/2025');
	await expect(
		page
			.getByRole('table', { name: 'Valuations, newest first' })
			.getByRole('row')
			.filter({ hasText: 'Jun 1, 2025' })
	).toContainText('€1,600.00');
	expect((await app.totals()).netWorth).toBe('€1,600.00');
	await noSidewaysScroll(page, 'Dashboard with an asset');
});
