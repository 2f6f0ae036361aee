import type { Page } from '@playwright/test';
import { CURRENT_BUILD } from './builds';
import { expect, openApp, test } from './fixtures';
import { App } from './pages/app';
import { waitForServiceWorker } from './service-worker';
import { servePagesLike, servePython } from './static-hosts';

/** Collects what the content security policy refused, from the page's first script on. */
async function watchPolicy(page: Page): Promise<() => Promise<string[]>> {
	await page.addInitScript(() => {
		const seen: string[] = [];
		Object.assign(window, { cspViolations: seen });
		document.addEventListener('securitypolicyviolation', (event) =>
			seen.push(`${event.violatedDirective} ${event.blockedURI}`)
		);
	});
	return () =>
		page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations);
}

test('served by python3 -m http.server, the app boots at / and works as installed', async ({
	page
}) => {
	const host = await servePython(CURRENT_BUILD, 4313);
	try {
		const violations = await watchPolicy(page);
		await openApp(page, `${host.url}/`);
		await expect(page.getByRole('heading', { level: 1, name: 'Dashboard' })).toBeVisible();
		const app = new App(page);
		await app.addAsset({ name: 'Served plainly', type: 'Cash', price: '5', date: '2025-03-01' });
		expect((await app.totals()).netWorth).toBe('€5.00');
		expect(await violations()).toEqual([]);

		// Without a fallback the server itself has no page for a deep link…
		const direct = await page.request.get(`${host.url}/assets/new`);
		expect(direct.status()).toBe(404);
		// …but once the service worker runs, it answers every navigation with the one app shell.
		await waitForServiceWorker(page);
		await page.goto(`${host.url}/assets/new`);
		await expect(page.getByRole('heading', { level: 1, name: 'Add asset' })).toBeVisible();
		const cached = await page.evaluate(async () => {
			const paths: string[] = [];
			for (const name of await caches.keys())
				for (const request of await (await caches.open(name)).keys())
					paths.push(new URL(request.url).pathname);
			return paths;
		});
		expect(cached).toContain('/200.html');
		expect(cached).not.toContain('/index.html');
		expect(cached).not.toContain('/404.html');
	} finally {
		await host.close();
	}
});

test.describe('on a host like GitHub Pages (404.html for unknown paths)', () => {
	// The page itself must boot from 404.html, not a service worker's copy of the shell.
	test.use({ serviceWorkers: 'block' });

	test('a deep link opens the page it names', async ({ page }) => {
		const host = await servePagesLike(CURRENT_BUILD, 4314);
		try {
			const violations = await watchPolicy(page);
			await openApp(page, `${host.url}/`, { choice: 'Explore the demo' });
			await new App(page).openAsset('Livret A Savings');
			const link = page.url();
			expect(new URL(link).pathname).toMatch(/^\/assets\/./);

			// Opened afresh, as from a bookmark: the host answers 404 with 404.html, which boots the app.
			const response = await page.goto(link);
			expect(response?.status()).toBe(404);
			await expect(page.getByRole('heading', { level: 1, name: 'Livret A Savings' })).toBeVisible();
			expect((await page.goto(`${host.url}/assets/new`))?.status()).toBe(404);
			await expect(page.getByRole('heading', { level: 1, name: 'Add asset' })).toBeVisible();
			expect(await violations()).toEqual([]);
		} finally {
			await host.close();
		}
	});
});
