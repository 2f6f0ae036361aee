/**
 * Shared test set-up. Every test gets its own fresh browser context (its own OPFS, storage and
 * service workers), so tests never see each other's data. Profiles that must survive a browser
 * restart use their own user-data directory, deleted afterwards.
 */
import { test as base, chromium, expect, type BrowserContext, type Page } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BASE_URL, chromiumLaunchOptions } from './browser';

export { expect };

/**
 * Opens the app and waits until a database is open. On a first visit the app asks which data to
 * use: `choice` answers (My data unless the test wants the demo).
 */
export async function openApp(
	page: Page,
	path = '/',
	{
		choice = 'Start with my own data'
	}: { choice?: 'Start with my own data' | 'Explore the demo' } = {}
): Promise<void> {
	await page.goto(path);
	await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
	await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
	const welcome = page.getByRole('heading', { name: 'Welcome to Strata' });
	if (await welcome.isVisible()) {
		await page.getByRole('button', { name: choice }).click();
		await expect(welcome).toBeHidden();
	}
	await expect(page.getByText('Opening your data…')).toHaveCount(0);
	await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
}

export interface PersistentProfile {
	dir: string;
	launch(options?: { serviceWorkers?: 'allow' | 'block' }): Promise<BrowserContext>;
}

export const test = base.extend<{ profile: PersistentProfile }>({
	// eslint-disable-next-line no-empty-pattern
	profile: async ({}, use) => {
		const dir = mkdtempSync(join(tmpdir(), 'strata-profile-'));
		const opened: BrowserContext[] = [];
		await use({
			dir,
			async launch(options = {}) {
				const context = await chromium.launchPersistentContext(dir, {
					...chromiumLaunchOptions(),
					baseURL: BASE_URL,
					acceptDownloads: true,
					...options
				});
				opened.push(context);
				return context;
			}
		});
		for (const context of opened) await context.close().catch(() => {});
		rmSync(dir, { recursive: true, force: true });
	}
});
