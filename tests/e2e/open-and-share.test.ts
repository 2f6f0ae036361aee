import { readFileSync } from 'node:fs';
import { expect, openApp, test } from './fixtures';
import { App } from './pages/app';
import { BackupPage, FIXTURES } from './pages/backup-page';
import { waitForServiceWorker } from './service-worker';

const DEMO_JSON = 'strata-1.2.12/strata-demo-backup.json';
const DEMO_DB = 'strata-1.2.12/strata-demo.db';

/** What the stand-in share sheet was given. */
interface ShareSheet {
	shared: { name: string; type: string; text: string }[];
	cancel: boolean;
}

test('the manifest declares the backups the installed app opens and accepts when shared', async ({
	page
}) => {
	await openApp(page);
	const href = await page.locator('link[rel="manifest"]').getAttribute('href');
	const manifest = await (await page.request.get(href!)).json();
	expect(manifest.file_handlers).toEqual([
		{
			action: '/settings/backup',
			accept: {
				'application/json': ['.json'],
				'application/vnd.sqlite3': ['.db', '.sqlite', '.sqlite3'],
				'application/pgp-encrypted': ['.gpg']
			}
		}
	]);
	expect(manifest.launch_handler).toEqual({ client_mode: ['focus-existing', 'auto'] });
	expect(manifest.share_target).toMatchObject({
		action: '/settings/backup/share',
		method: 'POST',
		enctype: 'multipart/form-data',
		params: { files: [{ name: 'backup', accept: expect.any(Array) }] }
	});
	expect(manifest.share_target.params.files[0].accept).toEqual(
		expect.arrayContaining([
			'application/json',
			'.json',
			'application/vnd.sqlite3',
			'.db',
			'application/pgp-encrypted',
			'.gpg'
		])
	);
	// Both actions are pages of the app, inside its scope.
	for (const action of [manifest.file_handlers[0].action, manifest.share_target.action])
		expect(action.startsWith(manifest.scope)).toBe(true);
});

test('a backup opened with the installed app goes straight to its import preview', async ({
	page
}) => {
	await openApp(page);
	// Chromium gives launchQueue only to installed apps: this stands in for the launch, with a
	// real FileSystemFileHandle (written in OPFS, in a folder of its own, away from the database).
	await page.addInitScript(
		({ name, text }) => {
			if (sessionStorage.getItem('test-launched')) return;
			sessionStorage.setItem('test-launched', 'yes');
			const launchQueue = {
				setConsumer(consumer: (params: { files: FileSystemHandle[] }) => void) {
					void (async () => {
						const root = await navigator.storage.getDirectory();
						const folder = await root.getDirectoryHandle('test-launch', { create: true });
						const handle = await folder.getFileHandle(name, { create: true });
						const writable = await handle.createWritable();
						await writable.write(text);
						await writable.close();
						consumer({ files: [handle] });
					})();
				}
			};
			Object.defineProperty(window, 'launchQueue', { value: launchQueue });
		},
		{ name: 'strata-demo-backup.json', text: readFileSync(FIXTURES + DEMO_JSON, 'utf8') }
	);
	// Launched while the app is open on the dashboard (the manifest asks for the open window).
	await page.reload();

	const backup = new BackupPage(page);
	await expect(page).toHaveURL(/\/settings\/backup$/);
	await expect(backup.preview).toBeVisible();
	await expect(
		backup.preview.getByRole('heading', { name: 'Check before importing strata-demo-backup.json' })
	).toBeVisible();
	expect(await backup.previewCell('Valuations', 'In the file')).toBe('90');
	expect(await backup.previewCell('Valuations', 'In Strata now')).toBe('0');
	// The usual confirmation, nothing sooner.
	await backup.preview.getByRole('button', { name: 'Replace my data' }).click();
	await expect(page.getByText('Backup imported: your data was replaced.')).toBeVisible();
	expect((await new App(page).totals()).netWorth).toBe('€239,200.00');
});

test('a backup shared to the app (the share target’s POST) opens its import preview', async ({
	page
}) => {
	await openApp(page);
	await waitForServiceWorker(page);
	// What the system's share sheet does: a multipart POST of the file to the share action.
	await page.evaluate(() => {
		const form = document.createElement('form');
		form.method = 'post';
		form.enctype = 'multipart/form-data';
		form.action = '/settings/backup/share';
		const input = document.createElement('input');
		input.type = 'file';
		input.name = 'backup';
		input.setAttribute('aria-label', 'Shared file');
		form.append(input);
		document.body.append(form);
	});
	await page.getByLabel('Shared file').setInputFiles(FIXTURES + DEMO_DB);
	await page.getByLabel('Shared file').evaluate((input: HTMLInputElement) => input.form!.submit());

	const backup = new BackupPage(page);
	await expect(page).toHaveURL(/\/settings\/backup$/);
	await expect(
		backup.preview.getByRole('heading', { name: 'Check before importing strata-demo.db' })
	).toBeVisible();
	expect(await backup.previewCell('Valuations', 'In the file')).toBe('90');
	expect(await backup.previewCell('Net worth today', 'In the file')).toBe('€239,200.00');
	// Taken once: the kept copy is gone, and a reload opens the page without it.
	expect(await page.evaluate(() => caches.has('strata-shared-file'))).toBe(false);
	await page.reload();
	await expect(page.getByRole('heading', { name: 'Export' })).toBeVisible();
	await expect(backup.preview).toHaveCount(0);
});

test('"Share backup" hands the JSON export to the share sheet; closing the sheet is no error', async ({
	page
}) => {
	// Stands in for the operating system's share sheet: records what it was given.
	await page.addInitScript(() => {
		const state: ShareSheet = { shared: [], cancel: false };
		Object.assign(window, { shareSheet: state });
		Object.defineProperty(Navigator.prototype, 'canShare', {
			configurable: true,
			value: (data?: ShareData) =>
				!!data?.files?.length && data.files.every((file) => file instanceof File)
		});
		Object.defineProperty(Navigator.prototype, 'share', {
			configurable: true,
			value: async (data: ShareData) => {
				if (state.cancel) throw new DOMException('Share canceled', 'AbortError');
				for (const file of data.files ?? [])
					state.shared.push({ name: file.name, type: file.type, text: await file.text() });
			}
		});
	});
	await openApp(page);
	await new App(page).addAsset({
		name: 'Shared savings',
		type: 'Cash',
		price: '42',
		date: '2025-02-02'
	});
	const backup = new BackupPage(page);
	await backup.open();
	await expect(page.getByTestId('last-export')).toHaveText(
		'No backup exported from this browser yet.'
	);

	await page.getByRole('button', { name: 'Share backup' }).click();
	const sheet = () =>
		page.evaluate(() => (window as unknown as { shareSheet: ShareSheet }).shareSheet.shared);
	await expect.poll(async () => (await sheet()).length).toBe(1);
	const shared = (await sheet())[0]!;
	// A share is a backup that left the browser.
	await expect(page.getByTestId('last-export')).toHaveText(/^Last export: /);
	const exported = await backup.exportJson();
	expect(shared.name).toMatch(/^strata-backup-\d{4}-\d{2}-\d{2}\.json$/);
	expect(shared.type).toBe('application/json');
	const sharedBackup = JSON.parse(shared.text);
	expect(sharedBackup.data).toEqual(exported.data);
	expect(sharedBackup.data.assets).toEqual([expect.objectContaining({ name: 'Shared savings' })]);

	await page.evaluate(() => {
		(window as unknown as { shareSheet: ShareSheet }).shareSheet.cancel = true;
	});
	await page.getByRole('button', { name: 'Share backup' }).click();
	await expect(page.getByRole('button', { name: 'Share backup' })).toBeEnabled();
	await expect(page.getByRole('alert')).toHaveCount(0);
});

for (const [where, stub] of [
	['the browser has no Web Share', 'missing'],
	['the browser cannot share files', 'no files']
] as const) {
	test(`"Share backup" is absent where ${where}`, async ({ page }) => {
		await page.addInitScript((stub) => {
			if (stub === 'missing') {
				delete (Navigator.prototype as Partial<Navigator>).share;
				delete (Navigator.prototype as Partial<Navigator>).canShare;
			} else {
				Object.defineProperty(Navigator.prototype, 'share', {
					configurable: true,
					value: async () => {}
				});
				Object.defineProperty(Navigator.prototype, 'canShare', {
					configurable: true,
					value: () => false
				});
			}
		}, stub);
		await openApp(page);
		const backup = new BackupPage(page);
		await backup.open();
		await expect(page.getByRole('button', { name: 'Export JSON' })).toBeVisible();
		await expect(page.getByRole('button', { name: 'Share backup' })).toHaveCount(0);
	});
}
