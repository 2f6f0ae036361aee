/**
 * What every page owes a user, checked the same way wherever a test looks: no serious or
 * critical accessibility problem (axe, WCAG 2.1 A and AA), and nothing wider than the screen.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';

/** Every page of the app by its address (an asset's own page aside: its address is its id). */
export const PAGES = [
	'/',
	'/assets',
	'/assets/new',
	'/transactions',
	'/categories',
	'/tags',
	'/asset-types',
	'/settings',
	'/settings/about',
	'/settings/currencies',
	'/settings/history',
	'/settings/backup',
	'/settings/sync',
	'/settings/import-csv',
	'/settings/database',
	'/settings/storage'
];

/** axe's serious and critical violations on the page as it is, one line each. */
export async function seriousViolations(page: Page): Promise<string[]> {
	const results = await new AxeBuilder({ page })
		.withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
		.analyze();
	return results.violations
		.filter((v) => v.impact === 'serious' || v.impact === 'critical')
		.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

/** How far the page is wider than the window: 0 or less when nothing scrolls sideways. */
export function sideways(page: Page): Promise<number> {
	return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
}
