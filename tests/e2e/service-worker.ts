import { expect, type Page } from '@playwright/test';

/**
 * Waits until the service worker has installed (so everything is cached) and controls the page.
 * A first visit is not controlled (the worker does not claim open pages): a reload is.
 */
export async function waitForServiceWorker(page: Page): Promise<void> {
	await page.evaluate(async () => {
		await navigator.serviceWorker.ready;
	});
	if (!(await page.evaluate(() => !!navigator.serviceWorker.controller))) {
		await page.reload();
		await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
	}
	await expect.poll(() => page.evaluate(() => !!navigator.serviceWorker.controller)).toBe(true);
}
