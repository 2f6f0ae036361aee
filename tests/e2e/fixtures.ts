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

/** Opens the app and waits until the database is open and the shell is shown. */
export async function openApp(page: Page, path = '/'): Promise<void> {
	await page.goto(path);
	await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
	await expect(page.getByText('Opening your data…')).toHaveCount(0);
}

export interface PersistentProfile {
	dir: string;
	launch(): Promise<BrowserContext>;
}

export const test = base.extend<{ profile: PersistentProfile }>({
	// eslint-disable-next-line no-empty-pattern
	profile: async ({}, use) => {
		const dir = mkdtempSync(join(tmpdir(), 'strata-profile-'));
		const opened: BrowserContext[] = [];
		await use({
			dir,
			async launch() {
				const context = await chromium.launchPersistentContext(dir, {
					...chromiumLaunchOptions(),
					baseURL: BASE_URL,
					acceptDownloads: true
				});
				opened.push(context);
				return context;
			}
		});
		for (const context of opened) await context.close().catch(() => {});
		rmSync(dir, { recursive: true, force: true });
	}
});
