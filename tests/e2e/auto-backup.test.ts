/**
 * Automatic backups through the real File System Access write path: the folder "chosen" is a
 * directory of the origin private file system, a real FileSystemDirectoryHandle (created,
 * written with createWritable, listed and pruned exactly as a folder on disk would be). The
 * database's own files at the OPFS root are never touched.
 */
import type { Page } from '@playwright/test';
import { expect, openApp, test } from './fixtures';
import { App } from './pages/app';
import { BackupPage } from './pages/backup-page';
import { PASSPHRASE, gpg } from '../helpers/gpg';
import { pickerGives } from '../helpers/folder-picker';
import { seriousViolations, sideways } from '../helpers/page-checks';

const FOLDER = 'test-backups';
const NAME = /^strata-my-data-\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}Z-[a-z0-9]{6}\.json$/;

const pickerGivesTestFolder = (page: Page) => pickerGives(page, FOLDER);

/** Every file in the folder, by name, with its text. */
async function folderFiles(page: Page): Promise<Record<string, string>> {
	return page.evaluate(async (folder) => {
		const root = await navigator.storage.getDirectory();
		const dir = await root.getDirectoryHandle(folder, { create: true });
		const files: Record<string, string> = {};
		for await (const name of (dir as unknown as { keys(): AsyncIterable<string> }).keys()) {
			// Chromium's temporary file of a write under way (createWritable): not a file yet.
			if (name.endsWith('.crswap')) continue;
			try {
				files[name] = await (await (await dir.getFileHandle(name)).getFile()).text();
			} catch (error) {
				// Deleted (rotation) while this listed it.
				if ((error as DOMException).name !== 'NotFoundError') throw error;
			}
		}
		return files;
	}, FOLDER);
}

async function putFiles(page: Page, files: Record<string, string>): Promise<void> {
	await page.evaluate(
		async ({ folder, files }) => {
			const root = await navigator.storage.getDirectory();
			const dir = await root.getDirectoryHandle(folder, { create: true });
			for (const [name, text] of Object.entries(files)) {
				const writable = await (await dir.getFileHandle(name, { create: true })).createWritable();
				await writable.write(text);
				await writable.close();
			}
		},
		{ folder: FOLDER, files }
	);
}

const panel = (page: Page) => page.getByRole('region', { name: 'Back up automatically' });
const status = (page: Page) => page.getByTestId('auto-backup-status');

/** The backup without the moment it was made, which is all that may differ from another. */
function dataOf(text: string): unknown {
	const { exportedAt, ...rest } = JSON.parse(text) as Record<string, unknown>;
	expect(Date.parse(String(exportedAt))).not.toBeNaN();
	return rest;
}

test('a chosen folder gets a backup equal to Export JSON, and is remembered after a reload', async ({
	page
}) => {
	await pickerGivesTestFolder(page);
	await openApp(page);
	await new App(page).addAsset({
		name: 'Bitcoin',
		type: 'Crypto',
		price: '50000',
		quantity: '0.12345678',
		date: '2024-01-15'
	});
	const backup = new BackupPage(page);
	await backup.open();
	await expect(panel(page)).toContainText('cloud drive or sync tool');
	await panel(page).getByRole('button', { name: 'Choose a folder' }).click();

	await expect(status(page)).toContainText('Last automatic backup:');
	let files = await folderFiles(page);
	const [first] = Object.keys(files);
	expect(Object.keys(files)).toEqual([expect.stringMatching(NAME)]);
	await expect(status(page)).toContainText(first!);
	const exported = await backup.exportJson();
	expect(dataOf(files[first!]!)).toEqual(dataOf(JSON.stringify(exported)));
	expect(JSON.parse(files[first!]!).data.assets).toEqual([
		expect.objectContaining({ name: 'Bitcoin', quantity: '0.12345678' })
	]);

	// Back up now writes a newer file; the older one of the same day goes (rotation).
	await panel(page).getByRole('button', { name: 'Back up now' }).click();
	await expect(status(page)).not.toContainText(first!);
	await expect(status(page)).toContainText('Last automatic backup:');
	files = await folderFiles(page);
	const [second] = Object.keys(files);
	expect(Object.keys(files)).toEqual([expect.stringMatching(NAME)]);
	expect(second! > first!).toBe(true);
	expect(dataOf(files[second!]!)).toEqual(dataOf(JSON.stringify(exported)));
	await expect(page.getByTestId('auto-backup-problem')).toHaveCount(0);

	await page.reload();
	await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
	await backup.open();
	await expect(panel(page)).toContainText(`saved to the folder ${FOLDER}`);
	await expect(status(page)).toContainText(`Last automatic backup:`);
	await expect(status(page)).toContainText(second!);
	await expect(panel(page).getByRole('button', { name: 'Back up now' })).toBeEnabled();

	await expect(page.getByTestId('auto-backup-problem')).toHaveCount(0);

	// The folder deleted (or renamed) meanwhile: said in plain words, and choosing it again mends it.
	await page.evaluate(async (folder) => {
		await (await navigator.storage.getDirectory()).removeEntry(folder, { recursive: true });
	}, FOLDER);
	await panel(page).getByRole('button', { name: 'Back up now' }).click();
	await expect(page.getByTestId('auto-backup-problem')).toHaveText(
		`The folder “${FOLDER}” is no longer there: it was deleted, renamed or moved. Choose it (or another folder) again.`
	);
	await panel(page).getByRole('button', { name: 'Choose another folder' }).click();
	await expect(page.getByTestId('auto-backup-problem')).toHaveCount(0);
	await expect(status(page)).toContainText('Last automatic backup:');
	files = await folderFiles(page);
	const [third] = Object.keys(files);
	expect(Object.keys(files)).toEqual([expect.stringMatching(NAME)]);
	await expect(status(page)).toContainText(third!);

	// Stopping forgets the folder; the backup stays in it.
	await panel(page).getByRole('button', { name: 'Stop backing up automatically' }).click();
	await expect(panel(page).getByRole('button', { name: 'Choose a folder' })).toBeVisible();
	expect(Object.keys(await folderFiles(page))).toEqual([third]);
	await page.reload();
	await backup.open();
	await expect(panel(page).getByRole('button', { name: 'Choose a folder' })).toBeVisible();
});

test('a change is backed up after the debounce, and with no change a backup follows daily', async ({
	page
}) => {
	await page.clock.install();
	await pickerGivesTestFolder(page);
	await openApp(page);
	const backup = new BackupPage(page);
	await backup.open();
	await panel(page).getByRole('button', { name: 'Choose a folder' }).click();
	await expect(status(page)).toContainText('Last automatic backup:');
	const [first] = Object.keys(await folderFiles(page));
	expect(first).toMatch(NAME);

	await new App(page).addAsset({
		name: 'Flat',
		type: 'Real Estate',
		price: '250000',
		date: '2024-03-01'
	});
	// Not at once: a minute after the last change, and never within 5 minutes of the last one.
	expect(Object.keys(await folderFiles(page))).toEqual([first]);
	await page.clock.fastForward('05:01');
	await expect
		.poll(async () => Object.keys(await folderFiles(page)).some((name) => name !== first))
		.toBe(true);
	const files = await folderFiles(page);
	const [second] = Object.keys(files);
	// The same day: the newer one replaces the first.
	expect(Object.keys(files)).toEqual([expect.stringMatching(NAME)]);
	expect(second! > first!).toBe(true);
	expect(JSON.parse(files[second!]!).data.assets).toEqual([
		expect.objectContaining({ name: 'Flat' })
	]);

	// No change for a day: a backup anyway, and yesterday's stays (the newest of its day).
	await page.clock.fastForward('24:00:00');
	await expect.poll(async () => Object.keys(await folderFiles(page)).length).toBe(2);
	const names = Object.keys(await folderFiles(page)).sort();
	expect(names[0]).toBe(second);
	expect(names[1]).toMatch(NAME);
	expect(names[1]!.slice(0, 25)).not.toBe(second!.slice(0, 25));
});

test('on start-up a backup follows when the last one is more than a day old', async ({
	context,
	page
}) => {
	await context.clock.install({ time: new Date('2026-06-10T08:00:00Z') });
	await pickerGivesTestFolder(page);
	await openApp(page);
	const backup = new BackupPage(page);
	await backup.open();
	await panel(page).getByRole('button', { name: 'Choose a folder' }).click();
	await expect(status(page)).toContainText('Last automatic backup:');
	const [first] = Object.keys(await folderFiles(page));
	expect(first).toMatch(/^strata-my-data-2026-06-10T08-/);
	await page.close();

	// Strata closed for two days, then opened again: no click, no change.
	await context.clock.setSystemTime(new Date('2026-06-12T09:00:00Z'));
	// No picker here: the folder comes back from IndexedDB.
	const later = await context.newPage();
	await openApp(later);
	await expect
		.poll(async () => Object.keys(await folderFiles(later)).sort())
		.toEqual([first, expect.stringMatching(/^strata-my-data-2026-06-12T09-/)]);
});

test('rotation keeps 7 days, 4 weeks and 12 months of backups and never touches other files', async ({
	page
}) => {
	// A Sunday: 2026-W11 runs from Monday 9 March.
	await page.clock.install({ time: new Date('2026-03-15T12:00:00Z') });
	await pickerGivesTestFolder(page);
	// This install's mark in its backups' names, as an earlier session of it left them.
	await page.addInitScript(() => localStorage.setItem('strata.deviceId', 'dev001'));
	await openApp(page);
	const ours = (moments: string[]) => moments.map((m) => `strata-my-data-${m}Z-dev001.json`);
	const kept = ours([
		'2026-03-14T18-00-00',
		'2026-03-13T10-00-00',
		'2026-03-12T10-00-00',
		'2026-03-11T10-00-00',
		'2026-03-10T10-00-00',
		'2026-03-09T10-00-00', // the 7th day with a backup (with today's)
		'2026-03-08T10-00-00', // the newest of 2026-W10
		'2026-02-27T10-00-00', // of 2026-W09, and of February
		'2026-02-20T10-00-00', // of 2026-W08
		'2026-01-20T10-00-00', // of January
		'2025-12-31T10-00-00',
		'2025-11-15T10-00-00',
		'2025-10-15T10-00-00',
		'2025-09-15T10-00-00',
		'2025-08-15T10-00-00',
		'2025-07-15T10-00-00',
		'2025-06-15T10-00-00',
		'2025-05-15T10-00-00',
		'2025-04-15T10-00-00' // the 12th month with a backup
	]);
	const deleted = ours([
		'2026-03-15T10-00-00', // an older one of today
		'2026-03-14T09-00-00',
		'2026-02-25T10-00-00',
		'2026-02-10T10-00-00',
		'2026-01-05T10-00-00',
		'2025-03-15T10-00-00', // a 13th month
		'2024-12-01T10-00-00'
	]);
	const foreign = {
		'notes.txt': 'my own notes',
		'strata-demo-2025-01-01T10-00-00Z-dev001.json': '{"the demo":"its own series"}',
		'strata-my-data-2026-03-01T10-00-00Z-dev001 (1).json': 'a copy a sync tool made',
		// Another computer syncing the same folder: its backups are its own to rotate.
		'strata-my-data-2026-03-15T11-00-00Z-other1.json': '{"another":"computer"}',
		'strata-my-data-2026-03-14T10-00-00Z-other1.json': '{"another":"computer"}',
		'strata-backup-2025-06-01.json': 'an export saved by hand'
	};
	await putFiles(page, {
		...foreign,
		...Object.fromEntries([...kept, ...deleted].map((name) => [name, '{}']))
	});

	const backup = new BackupPage(page);
	await backup.open();
	await panel(page).getByRole('button', { name: 'Choose a folder' }).click();
	await expect(status(page)).toContainText('Last automatic backup:');

	const files = await folderFiles(page);
	const written = Object.keys(files).filter((name) =>
		name.startsWith('strata-my-data-2026-03-15T12')
	);
	expect(written).toEqual([expect.stringMatching(NAME)]);
	expect(Object.keys(files).sort()).toEqual([...written, ...kept, ...Object.keys(foreign)].sort());
	for (const [name, text] of Object.entries(foreign)) expect(files[name]).toBe(text);
});

test('when the browser drops the permission, one click gives it back', async ({ page }) => {
	await pickerGivesTestFolder(page);
	// An OPFS folder never loses its permission; this one does while the test says so, and gets
	// it back only from requestPermission called with the click's user activation.
	await page.addInitScript(() => {
		const proto = FileSystemHandle.prototype as unknown as Record<
			string,
			(this: FileSystemHandle, o: unknown) => Promise<PermissionState>
		>;
		const query = proto.queryPermission!;
		const request = proto.requestPermission!;
		proto.queryPermission = async function (options) {
			if (sessionStorage.getItem('test-permission') === 'prompt') return 'prompt';
			return query.call(this, options);
		};
		proto.requestPermission = async function (options) {
			if (!navigator.userActivation.isActive)
				throw new DOMException('User activation is required.', 'SecurityError');
			sessionStorage.removeItem('test-permission');
			return request.call(this, options);
		};
	});
	await openApp(page);
	const backup = new BackupPage(page);
	await backup.open();
	await panel(page).getByRole('button', { name: 'Choose a folder' }).click();
	await expect(status(page)).toContainText('Last automatic backup:');

	await page.evaluate(() => sessionStorage.setItem('test-permission', 'prompt'));
	await page.reload();
	// On every page but Settings → Backup, where the panel says it.
	await new App(page).go('Dashboard');
	const notice = page.getByRole('region', { name: 'Automatic backups paused' });
	await expect(notice).toBeVisible();
	await notice.getByRole('button', { name: `Allow access to ${FOLDER} again` }).click();
	await expect(notice).toBeHidden();
	await backup.open();
	await expect(panel(page).getByRole('button', { name: 'Back up now' })).toBeEnabled();

	await page.evaluate(() => sessionStorage.setItem('test-permission', 'prompt'));
	await page.reload();
	await backup.open();
	await expect(panel(page).getByRole('status')).toContainText(
		`The browser no longer lets Strata write to “${FOLDER}”`
	);
	await expect(panel(page).getByRole('button', { name: 'Back up now' })).toBeDisabled();
	await panel(page)
		.getByRole('button', { name: `Allow access to ${FOLDER} again` })
		.click();
	await expect(panel(page).getByRole('button', { name: 'Back up now' })).toBeEnabled();
	await panel(page).getByRole('button', { name: 'Back up now' }).click();
	await expect(status(page)).toContainText('Last automatic backup:');
});

test('My data and Demo each have their own folder setting and file names', async ({ page }) => {
	await pickerGivesTestFolder(page);
	await openApp(page);
	const backup = new BackupPage(page);
	await backup.open();
	await panel(page).getByRole('button', { name: 'Choose a folder' }).click();
	await expect(status(page)).toContainText('Last automatic backup:');
	const [mine] = Object.keys(await folderFiles(page));

	await page.getByRole('group', { name: 'Database' }).getByRole('button', { name: 'Demo' }).click();
	await expect(page.getByRole('region', { name: 'Demo data' })).toBeVisible();
	await backup.open();
	await expect(panel(page).getByRole('button', { name: 'Choose a folder' })).toBeVisible();
	await panel(page).getByRole('button', { name: 'Choose a folder' }).click();
	await expect(status(page)).toContainText('strata-demo-');
	const files = await folderFiles(page);
	expect(Object.keys(files).sort()).toEqual([
		expect.stringMatching(/^strata-demo-\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}Z-[a-z0-9]{6}\.json$/),
		mine
	]);
	const demo = Object.keys(files).find((name) => name.startsWith('strata-demo-'))!;
	expect(JSON.parse(files[demo]!).data.assets.length).toBeGreaterThan(5);
});

test('without a folder picker the panel says so and the reminder downloads a backup in one tap', async ({
	page
}) => {
	await page.addInitScript(() => {
		delete (Window.prototype as { showDirectoryPicker?: unknown }).showDirectoryPicker;
		delete (window as { showDirectoryPicker?: unknown }).showDirectoryPicker;
	});
	await openApp(page);
	const app = new App(page);
	await app.addAsset({ name: 'Car', type: 'Vehicle', price: '12000', date: '2024-05-01' });
	await app.go('Dashboard');
	const reminder = page.getByRole('complementary', { name: 'Backup reminder' });
	await expect(reminder).toContainText('You have never exported a backup of your data.');
	const canShare = await page.evaluate(
		() =>
			navigator.canShare?.({
				files: [new File(['{}'], 'b.json', { type: 'application/json' })]
			}) ?? false
	);
	await expect(reminder.getByRole('button', { name: 'Share a backup' })).toHaveCount(
		canShare ? 1 : 0
	);
	const waiting = page.waitForEvent('download');
	await reminder.getByRole('button', { name: 'Download a backup' }).click();
	const download = await waiting;
	expect(download.suggestedFilename()).toMatch(/^strata-backup-\d{4}-\d{2}-\d{2}\.json$/);
	const { readFileSync } = await import('node:fs');
	const file = JSON.parse(readFileSync(await download.path(), 'utf8'));
	expect(file.data.assets).toEqual([expect.objectContaining({ name: 'Car' })]);

	await new BackupPage(page).open();
	await expect(panel(page)).toContainText(
		'This browser cannot save backups to a folder on its own'
	);
	await expect(panel(page).getByRole('button', { name: 'Choose a folder' })).toHaveCount(0);
});

for (const scheme of ['light', 'dark'] as const) {
	test(`the panel and the paused notice read well at 360 px (${scheme})`, async ({ page }) => {
		await page.setViewportSize({ width: 360, height: 760 });
		await page.emulateMedia({ colorScheme: scheme });
		await pickerGivesTestFolder(page);
		await page.addInitScript(() => {
			const proto = FileSystemHandle.prototype as unknown as Record<
				string,
				(this: FileSystemHandle, o: unknown) => Promise<PermissionState>
			>;
			const query = proto.queryPermission!;
			proto.queryPermission = async function (options) {
				if (sessionStorage.getItem('test-permission') === 'prompt') return 'prompt';
				return query.call(this, options);
			};
		});
		await openApp(page);
		const backup = new BackupPage(page);
		await backup.open();
		expect(await seriousViolations(page), 'no folder yet').toEqual([]);
		expect(await sideways(page)).toBeLessThanOrEqual(0);
		await panel(page).getByRole('button', { name: 'Choose a folder' }).click();
		await expect(status(page)).toContainText('Last automatic backup:');
		expect(await seriousViolations(page), 'folder chosen').toEqual([]);
		expect(await sideways(page)).toBeLessThanOrEqual(0);

		await page.evaluate(() => sessionStorage.setItem('test-permission', 'prompt'));
		await page.reload();
		await expect(panel(page).getByRole('status')).toBeVisible();
		expect(await seriousViolations(page), 'permission dropped').toEqual([]);
		expect(await sideways(page)).toBeLessThanOrEqual(0);
		await new App(page).go('Dashboard');
		const notice = page.getByRole('region', { name: 'Automatic backups paused' });
		await expect(notice).toBeVisible();
		expect(await seriousViolations(page), 'paused notice').toEqual([]);
		expect(await sideways(page)).toBeLessThanOrEqual(0);
		// From the keyboard: the notice's button works with Enter.
		await notice.getByRole('button', { name: `Allow access to ${FOLDER} again` }).focus();
		await page.keyboard.press('Enter');
		await expect(notice).toBeHidden();
	});
}

/** The bytes of each file in the folder (an encrypted backup is binary), by name. */
async function folderBytes(page: Page): Promise<Record<string, Buffer>> {
	const files = await page.evaluate(async (folder) => {
		const dir = await (await navigator.storage.getDirectory()).getDirectoryHandle(folder);
		const out: Record<string, number[]> = {};
		for await (const name of (dir as unknown as { keys(): AsyncIterable<string> }).keys()) {
			if (name.endsWith('.crswap')) continue;
			try {
				const bytes = await (await (await dir.getFileHandle(name)).getFile()).arrayBuffer();
				out[name] = [...new Uint8Array(bytes)];
			} catch (error) {
				// Deleted (rotation) while this listed it.
				if ((error as DOMException).name !== 'NotFoundError') throw error;
			}
		}
		return out;
	}, FOLDER);
	return Object.fromEntries(
		Object.entries(files).map(([name, bytes]) => [name, Buffer.from(bytes)])
	);
}

const ENCRYPTED = /^strata-my-data-\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}Z-[a-z0-9]{6}\.json\.gpg$/;

async function encryptBackups(page: Page, { remember }: { remember: boolean }): Promise<void> {
	await panel(page).getByLabel('Encrypt automatic backups').check();
	const form = panel(page).getByRole('form', { name: 'Passphrase for automatic backups' });
	await form.getByLabel('Backup passphrase', { exact: true }).fill(PASSPHRASE);
	await form.getByLabel('Repeat the backup passphrase').fill(PASSPHRASE);
	// Off unless ticked: a passphrase is never kept without being asked to.
	await expect(form.getByLabel('Remember on this device')).not.toBeChecked();
	if (remember) await form.getByLabel('Remember on this device').check();
	await form.getByRole('button', { name: 'Encrypt backups from now on' }).click();
}

test('automatic backups can be encrypted: gpg opens them, and a remembered passphrase keeps them going after a restart', async ({
	page
}) => {
	await pickerGivesTestFolder(page);
	await openApp(page);
	await new App(page).addAsset({
		name: 'Savings',
		type: 'Savings Account',
		price: '1000',
		date: '2025-01-01'
	});
	const backup = new BackupPage(page);
	await backup.open();
	await panel(page).getByRole('button', { name: 'Choose a folder' }).click();
	await expect(status(page)).toContainText('Last automatic backup:');
	await encryptBackups(page, { remember: true });
	await expect(page.getByTestId('auto-backup-encryption')).toContainText(
		'remembered on this device'
	);
	await expect(status(page)).toContainText('.json.gpg');

	const exported = await backup.exportJson();
	let files = await folderBytes(page);
	const encrypted = Object.keys(files).filter((name) => ENCRYPTED.test(name));
	expect(encrypted).toHaveLength(1);
	const file = files[encrypted[0]!]!;
	expect(file.toString('latin1')).not.toContain('Savings');
	expect(dataOf(gpg(['--decrypt'], file).toString('utf8'))).toEqual(
		dataOf(JSON.stringify(exported))
	);

	// After a restart the remembered passphrase is used: the next backup is encrypted too.
	await page.reload();
	await backup.open();
	await expect(page.getByTestId('auto-backup-encryption')).toBeVisible();
	await panel(page).getByRole('button', { name: 'Back up now' }).click();
	await expect
		.poll(async () => Object.keys(await folderBytes(page)).filter((n) => ENCRYPTED.test(n)))
		.not.toEqual(encrypted);
	files = await folderBytes(page);
	for (const [name, bytes] of Object.entries(files).filter(([n]) => ENCRYPTED.test(n)))
		expect(JSON.parse(gpg(['--decrypt'], bytes).toString('utf8')).data.assets, name).toHaveLength(
			1
		);
});

test('encrypted backups whose passphrase is not remembered pause after a restart, never going on in the clear', async ({
	page
}) => {
	await page.clock.install();
	await pickerGivesTestFolder(page);
	await openApp(page);
	const backup = new BackupPage(page);
	await backup.open();
	await panel(page).getByRole('button', { name: 'Choose a folder' }).click();
	await expect(status(page)).toContainText('Last automatic backup:');
	await encryptBackups(page, { remember: false });
	await expect(page.getByTestId('auto-backup-encryption')).toContainText('It is not remembered');
	await expect(status(page)).toContainText('.json.gpg');
	const before = Object.keys(await folderBytes(page)).sort();

	await page.reload();
	await new App(page).go('Dashboard');
	await expect(page.getByRole('region', { name: 'Automatic backups paused' })).toContainText(
		'the passphrase is not remembered'
	);
	await backup.open();
	await expect(panel(page).getByRole('status')).toContainText('Automatic backups are paused');
	await expect(panel(page).getByRole('button', { name: 'Back up now' })).toBeDisabled();
	// A change while paused writes nothing, in the clear or otherwise.
	await new App(page).addAsset({ name: 'Cash', type: 'Cash', price: '20', date: '2025-01-01' });
	await backup.open();
	await page.clock.fastForward('10:01');
	await expect(status(page)).toContainText('Last automatic backup:');
	expect(Object.keys(await folderBytes(page)).sort()).toEqual(before);

	const form = panel(page).getByRole('form', { name: 'Passphrase for automatic backups' });
	await form.getByLabel('Backup passphrase', { exact: true }).fill(PASSPHRASE);
	await form.getByLabel('Repeat the backup passphrase').fill(PASSPHRASE);
	await expect(form.getByLabel('Remember on this device')).not.toBeChecked();
	await form.getByRole('button', { name: 'Go on backing up' }).click();
	await expect.poll(async () => Object.keys(await folderBytes(page)).sort()).not.toEqual(before);
	const files = await folderBytes(page);
	expect(Object.keys(files).every((name) => ENCRYPTED.test(name))).toBe(true);
	const newest = Object.keys(files).sort().at(-1)!;
	expect(JSON.parse(gpg(['--decrypt'], files[newest]!).toString('utf8')).data.assets).toEqual([
		expect.objectContaining({ name: 'Cash' })
	]);
});

test('Test my latest backup restores the newest automatic backup from the folder', async ({
	page
}) => {
	await pickerGivesTestFolder(page);
	await openApp(page);
	const app = new App(page);
	await app.addAsset({
		name: 'Savings',
		type: 'Savings Account',
		price: '1000',
		date: '2025-01-01'
	});
	const backup = new BackupPage(page);
	await backup.open();
	const drill = page.getByRole('region', { name: 'Test my latest backup' });
	// With no folder chosen, a file is asked for.
	await expect(drill.getByLabel('Latest backup file to test')).toBeVisible();
	await panel(page).getByRole('button', { name: 'Choose a folder' }).click();
	await expect(status(page)).toContainText('Last automatic backup:');
	const newest = Object.keys(await folderFiles(page))
		.sort()
		.at(-1)!;

	await drill.getByRole('button', { name: 'Test my latest automatic backup' }).click();
	const result = drill.getByRole('status', { name: 'Restore test result' });
	await expect(result).toContainText(`${newest} restores.`);
	await expect(result.getByTestId('drill-backup-net-worth')).toHaveText('€1,000.00');
	await expect(result).toContainText('The same as now');
});

test('a passphrase remembered on this device is kept under a key that cannot be exported, and goes with Stop encrypting', async ({
	page
}) => {
	await pickerGivesTestFolder(page);
	await openApp(page);
	const backup = new BackupPage(page);
	await backup.open();
	await panel(page).getByRole('button', { name: 'Choose a folder' }).click();
	await expect(status(page)).toContainText('Last automatic backup:');
	await encryptBackups(page, { remember: true });
	await expect(status(page)).toContainText('.json.gpg');

	// What IndexedDB holds: a CryptoKey the browser refuses to export, and no passphrase as text.
	const stored = (passphrase: string) =>
		page.evaluate(async (passphrase) => {
			const db = await new Promise<IDBDatabase>((resolve, reject) => {
				const request = indexedDB.open('strata-secrets');
				request.onsuccess = () => resolve(request.result);
				request.onerror = () => reject(request.error);
			});
			const entry = await new Promise<{ key: CryptoKey; ciphertext: ArrayBuffer } | undefined>(
				(resolve, reject) => {
					const request = db.transaction('passphrases').objectStore('passphrases').get('real');
					request.onsuccess = () => resolve(request.result);
					request.onerror = () => reject(request.error);
				}
			);
			db.close();
			if (!entry) return null;
			const refused = await crypto.subtle.exportKey('raw', entry.key).then(
				() => false,
				(error: Error) => error.name
			);
			const text = new TextDecoder('latin1').decode(entry.ciphertext);
			const storage = Object.keys(localStorage)
				.map((k) => localStorage.getItem(k))
				.join('\n');
			return {
				isKey: entry.key instanceof CryptoKey,
				extractable: entry.key.extractable,
				algorithm: entry.key.algorithm.name,
				refused,
				inCiphertext: text.includes(passphrase),
				inLocalStorage: storage.includes(passphrase)
			};
		}, passphrase);
	expect(await stored(PASSPHRASE)).toEqual({
		isKey: true,
		extractable: false,
		algorithm: 'AES-GCM',
		refused: 'InvalidAccessError',
		inCiphertext: false,
		inLocalStorage: false
	});

	await page.reload();
	await backup.open();
	await expect(page.getByTestId('auto-backup-encryption')).toContainText(
		'remembered on this device'
	);
	await panel(page).getByRole('button', { name: 'Stop encrypting backups' }).click();
	await expect(panel(page).getByLabel('Encrypt automatic backups')).toBeVisible();
	expect(await stored(PASSPHRASE)).toBeNull();
});
