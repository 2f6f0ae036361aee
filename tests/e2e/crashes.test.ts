/**
 * The browser killed (the whole process, as a crash or a phone's memory pressure does) at several
 * moments of every long change: a big replace import, a .db import, the demo being made and
 * reset, a rollback and a start-up migration. Relaunched on the same profile, the app starts
 * without an error screen, SQLite finds the database whole, and the data is the old or the new,
 * never a mix; the demo is always complete.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from '@playwright/test';
import { generateBackup } from '../../bench/generate';
import { BASE_URL, chromiumLaunchOptions } from './browser';
import { expect, openApp, test } from './fixtures';
import { App } from './pages/app';
import { BackupPage } from './pages/backup-page';

test.describe.configure({ timeout: 300_000 });

/** A browser profile of its own, launched and killed as a whole. */
class Profile {
	readonly dir = mkdtempSync(join(tmpdir(), 'strata-crash-'));
	context: BrowserContext | null = null;

	async launch(): Promise<Page> {
		this.context = await chromium.launchPersistentContext(this.dir, {
			...chromiumLaunchOptions(),
			baseURL: BASE_URL,
			acceptDownloads: true
		});
		return this.context.pages()[0] ?? (await this.context.newPage());
	}

	/** SIGKILL to every process of this browser: nothing gets to finish or flush. */
	async kill(): Promise<void> {
		const flag = `--user-data-dir=${this.dir}`;
		const running = () => {
			try {
				execFileSync('pgrep', ['-f', '--', flag]);
				return true;
			} catch {
				return false; // pgrep exits 1 when nothing matches
			}
		};
		for (let tries = 0; running() && tries < 100; tries++) {
			try {
				execFileSync('pkill', ['-KILL', '-f', '--', flag]);
			} catch {
				// Gone between the two calls.
			}
			await new Promise((resolve) => setTimeout(resolve, 50));
		}
		// Playwright is told the browser is gone, so nothing waits on it afterwards.
		await this.context?.close().catch(() => {});
		this.context = null;
	}

	remove(): void {
		rmSync(this.dir, { recursive: true, force: true });
	}
}

/** After a crash: the app starts, with no error screen, on a database SQLite finds whole. */
async function relaunchAndCheck(profile: Profile, choice?: 'Explore the demo'): Promise<Page> {
	const page = await profile.launch();
	await openApp(page, '/', choice ? { choice } : {});
	await expect(page.getByText(/could not start|is damaged/i)).toHaveCount(0);
	await new App(page).go('Settings');
	await page
		.getByRole('navigation', { name: 'Settings' })
		.getByRole('link', { name: 'Database' })
		.click();
	await page.getByRole('button', { name: 'Check the database' }).click();
	await expect(page.getByRole('status', { name: 'Integrity check' })).toHaveText(
		'The database is whole: SQLite’s integrity check found nothing wrong.'
	);
	return page;
}

async function netWorth(page: Page): Promise<string> {
	return (await new App(page).totals()).netWorth;
}

/** Starts a replace import of `file` and returns once the import is under way. */
async function startImport(
	page: Page,
	file: string | { name: string; mimeType: string; buffer: Buffer }
) {
	const backup = new BackupPage(page);
	await backup.open();
	await backup.choose(file);
	await backup.preview.getByRole('button', { name: 'Replace my data' }).click();
}

test('a replace import and a .db import killed midway leave the old data or the new', async () => {
	const big = {
		name: 'big-backup.json',
		mimeType: 'application/json',
		buffer: Buffer.from(
			generateBackup({ assets: 50, perAsset: 1000, everyDays: 1, endDay: '2026-11-30' })
		)
	};
	const demoDb = 'strata-1.2.12/strata-demo.db';
	const profile = new Profile();
	try {
		// What each file gives when nothing stops it.
		let page = await profile.launch();
		await openApp(page);
		await startImport(page, big);
		await expect(page.getByRole('status').filter({ hasText: 'Backup imported' })).toBeVisible({
			timeout: 60_000
		});
		const bigWorth = await netWorth(page);
		await startImport(page, demoDb);
		await expect(page.getByRole('status').filter({ hasText: 'Backup imported' })).toContainText(
			'6 assets, 90 valuations'
		);
		expect(await netWorth(page)).toBe('€239,200.00');
		let before = '€239,200.00';

		// Then each killed at a moment of its work, alternately, so that each changes the data.
		for (const [file, worth, ms] of [
			[big, bigWorth, 150],
			[demoDb, '€239,200.00', 50],
			[big, bigWorth, 600],
			[demoDb, '€239,200.00', 250],
			[big, bigWorth, 1200]
		] as const) {
			await startImport(page, file);
			await page.waitForTimeout(ms);
			await profile.kill();
			page = await relaunchAndCheck(profile);
			const after = await netWorth(page);
			expect([before, worth]).toContain(after);
			before = after;
		}
	} finally {
		await profile.kill();
		profile.remove();
	}
});

test('the demo killed while it is made, or reset, is complete after a restart', async () => {
	for (const ms of [100, 400, 900]) {
		const profile = new Profile();
		try {
			let page = await profile.launch();
			await page.goto('/');
			await page.getByRole('button', { name: 'Explore the demo' }).click();
			await page.waitForTimeout(ms);
			await profile.kill();
			page = await relaunchAndCheck(profile, 'Explore the demo');
			await expect(page.getByRole('button', { name: 'Demo', pressed: true })).toBeVisible();
			expect(await netWorth(page)).toBe('€239,200.00');

			const app = new App(page);
			await app.openAsset('Apartment Paris 11e');
			await page.getByRole('button', { name: 'Delete', exact: true }).click();
			await page.getByRole('dialog').getByRole('button', { name: 'Delete asset' }).click();
			expect(await netWorth(page)).toBe('-€145,800.00');
			await app.go('Settings');
			await page
				.getByRole('navigation', { name: 'Settings' })
				.getByRole('link', { name: 'Database' })
				.click();
			await page.getByRole('button', { name: 'Reset demo' }).click();
			await page
				.getByRole('dialog', { name: 'Reset the demo?' })
				.getByRole('button', { name: 'Reset demo' })
				.click();
			await page.waitForTimeout(ms / 4);
			await profile.kill();
			page = await relaunchAndCheck(profile);
			expect(['-€145,800.00', '€239,200.00']).toContain(await netWorth(page));
		} finally {
			await profile.kill();
			profile.remove();
		}
	}
});

test('a rollback and the start-up migration after it, each killed, lose nothing', async () => {
	const profile = new Profile();
	try {
		let page = await profile.launch();
		await openApp(page);
		await new App(page).addAsset({
			name: 'Cash box',
			type: 'Cash',
			price: '10',
			date: '2025-01-01'
		});
		for (const ms of [20, 150]) {
			await new App(page).go('Settings');
			await page
				.getByRole('navigation', { name: 'Settings' })
				.getByRole('link', { name: 'Database' })
				.click();
			await page.getByLabel('Migrations to undo').selectOption('1');
			await page.getByRole('button', { name: 'Roll back…' }).click();
			await page
				.getByRole('dialog', { name: 'Roll back migrations?' })
				.getByRole('button', { name: 'Roll back' })
				.click();
			await page.waitForTimeout(ms);
			await profile.kill();
			// The next start applies the migration again (if the rollback went through): kill that too.
			page = await profile.launch();
			await page.goto('/');
			await page.waitForTimeout(ms * 2);
			await profile.kill();
			page = await relaunchAndCheck(profile);
			expect(await netWorth(page)).toBe('€10.00');
		}
	} finally {
		await profile.kill();
		profile.remove();
	}
});
