/**
 * Encrypted backups in the browser: exported with a passphrase (a `.gpg` that gpg opens),
 * imported and verified after asking for it, a wrong one changing nothing; and the passphrase
 * remembered on this device for automatic backups, under a key that cannot leave the browser.
 */
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { expect, openApp, test } from './fixtures';
import { App } from './pages/app';
import { BackupPage, FIXTURES } from './pages/backup-page';
import { PASSPHRASE, gpg } from '../helpers/gpg';

async function exportPlainDb(page: Page, backup: BackupPage): Promise<Buffer> {
	await expect(page.getByLabel('Encrypt with a passphrase')).not.toBeChecked();
	return (await backup.export('.db')).bytes;
}

test('an encrypted JSON export is a .gpg that asks for its passphrase on import; a wrong one changes nothing', async ({
	page
}) => {
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

	const export_ = page.getByRole('region', { name: 'Export' });
	await page.getByLabel('Encrypt with a passphrase').check();
	await page.getByRole('button', { name: 'Export JSON' }).click();
	await expect(export_.getByText('Enter a passphrase to encrypt the backup with.')).toBeVisible();
	await page.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
	await page.getByLabel('Repeat the passphrase').fill(PASSPHRASE + '!');
	await page.getByRole('button', { name: 'Export JSON' }).click();
	await expect(
		export_.getByText('The two passphrases differ: type the same one in both fields.')
	).toBeVisible();
	await expect(page.getByLabel('Repeat the passphrase')).toHaveAttribute('aria-invalid', 'true');
	await page.getByLabel('Repeat the passphrase').fill(PASSPHRASE);

	const { download, bytes } = await backup.export('JSON');
	expect(download.suggestedFilename()).toMatch(/^strata-backup-\d{4}-\d{2}-\d{2}\.json\.gpg$/);
	expect(() => JSON.parse(bytes.toString('utf8'))).toThrow();
	expect(bytes.toString('latin1')).not.toContain('Savings');
	// gpg opens it: a v1 backup holding the asset.
	const opened = JSON.parse(gpg(['--decrypt'], bytes).toString('utf8'));
	expect(opened.schemaVersion).toBe('1');
	expect(opened.data.assets).toEqual([expect.objectContaining({ name: 'Savings' })]);
	const encrypted = {
		name: download.suggestedFilename(),
		mimeType: 'application/pgp-encrypted',
		buffer: bytes
	};

	// Changed after the export: the import has something to put back.
	await app.addAsset({ name: 'Car', type: 'Cash', price: '8000', date: '2025-02-01' });
	await backup.open();
	const before = await exportPlainDb(page, backup);

	await backup.choose(encrypted);
	const dialog = page.getByRole('dialog', { name: 'This backup is encrypted' });
	await expect(dialog).toContainText(`${encrypted.name} is encrypted with a passphrase`);
	await dialog.getByRole('button', { name: 'Decrypt' }).click();
	await expect(dialog).toContainText('Enter the passphrase this file was encrypted with.');
	await dialog.getByLabel('Passphrase').fill('correct horse battery');
	await dialog.getByRole('button', { name: 'Decrypt' }).click();
	await expect(dialog).toContainText(
		'That passphrase does not open this file. Nothing was changed'
	);
	await expect(dialog.getByLabel('Passphrase')).toHaveAttribute('aria-invalid', 'true');
	await dialog.getByRole('button', { name: 'Cancel' }).click();
	await expect(dialog).toBeHidden();
	await expect(backup.preview).toHaveCount(0);
	expect((await exportPlainDb(page, backup)).equals(before)).toBe(true);

	await backup.choose(encrypted);
	// Nothing typed before is kept.
	await expect(dialog.getByLabel('Passphrase')).toHaveValue('');
	await dialog.getByLabel('Passphrase').fill(PASSPHRASE);
	await dialog.getByRole('button', { name: 'Decrypt' }).click();
	await expect(dialog).toBeHidden();
	await expect(backup.preview).toContainText(`Check before importing ${encrypted.name}`);
	expect(await backup.previewCell('Assets', 'In the file')).toBe('1');
	expect(await backup.previewCell('Assets', 'In Strata now')).toBe('2');
	await backup.preview.getByRole('button', { name: 'Replace my data' }).click();
	await expect(page.getByRole('status').filter({ hasText: 'Backup imported' })).toContainText(
		'From the file: 1 asset,'
	);
	await app.go('Assets');
	await expect(page.getByRole('link', { name: 'Savings' })).toBeVisible();
	await expect(page.getByRole('link', { name: 'Car' })).toHaveCount(0);
});

test('an encrypted .db export is a .gpg of the database file, and its restore can be tested', async ({
	page
}) => {
	await openApp(page);
	const backup = new BackupPage(page);
	await backup.open();
	const plain = await exportPlainDb(page, backup);
	await page.getByLabel('Encrypt with a passphrase').check();
	await page.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
	await page.getByLabel('Repeat the passphrase').fill(PASSPHRASE);
	const { download, bytes } = await backup.export('.db');
	expect(download.suggestedFilename()).toMatch(/^strata-backup-\d{4}-\d{2}-\d{2}\.db\.gpg$/);
	expect(bytes.subarray(0, 16).toString('latin1')).not.toBe('SQLite format 3\0');
	expect(gpg(['--decrypt'], bytes).equals(plain)).toBe(true);

	// Test my latest backup takes it too, once given its passphrase.
	const drill = page.getByRole('region', { name: 'Test my latest backup' });
	await drill.getByLabel('Latest backup file to test').setInputFiles({
		name: download.suggestedFilename(),
		mimeType: 'application/octet-stream',
		buffer: bytes
	});
	const dialog = page.getByRole('dialog', { name: 'This backup is encrypted' });
	await expect(dialog).toContainText('Enter it to test its restore (nothing changes).');
	await dialog.getByLabel('Passphrase').fill(PASSPHRASE);
	await dialog.getByRole('button', { name: 'Decrypt' }).click();
	await expect(drill.getByRole('status', { name: 'Restore test result' })).toContainText(
		`${download.suggestedFilename()} restores.`
	);
});

test('Verify takes a file gpg encrypted (armoured) once given its passphrase', async ({ page }) => {
	await openApp(page);
	const backup = new BackupPage(page);
	await backup.open();
	const armoured = gpg(
		['--symmetric', '--cipher-algo', 'AES256', '--armor'],
		readFileSync(FIXTURES + 'strata-1.2.12/strata-demo-backup.json')
	);
	await page.getByLabel('Backup file to verify').setInputFiles({
		name: 'strata-demo-backup.json.asc',
		mimeType: 'text/plain',
		buffer: armoured
	});
	const dialog = page.getByRole('dialog', { name: 'This backup is encrypted' });
	// By keyboard: the dialog starts on its field, Enter decrypts.
	await expect(dialog.getByLabel('Passphrase')).toBeFocused();
	await page.keyboard.type(PASSPHRASE);
	await page.keyboard.press('Enter');
	const report = page.getByRole('status').filter({ hasText: 'is a good backup' });
	await expect(report).toContainText(
		'strata-demo-backup.json.asc is a good backup: it would import.'
	);
	await expect(report.getByRole('row', { name: /^Valuations/ })).toContainText('90');
	await new App(page).go('Dashboard');
	await expect(page.getByTestId('net-worth')).toHaveText('€0.00');
});

for (const scheme of ['light', 'dark'] as const) {
	test(`the passphrase fields and dialog pass axe at 360 px wide (${scheme})`, async ({ page }) => {
		await page.setViewportSize({ width: 360, height: 740 });
		await page.emulateMedia({ colorScheme: scheme });
		await openApp(page);
		const backup = new BackupPage(page);
		await backup.open();
		const serious = async () =>
			(
				await new AxeBuilder({ page })
					.withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
					.analyze()
			).violations
				.filter((v) => v.impact === 'serious' || v.impact === 'critical')
				.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
		await page.getByLabel('Encrypt with a passphrase').check();
		await page.getByLabel('Passphrase', { exact: true }).fill('one');
		await page.getByLabel('Repeat the passphrase').fill('two');
		await page.getByRole('button', { name: 'Export JSON' }).click();
		await expect(page.getByText('The two passphrases differ')).toBeVisible();
		const fits = () =>
			page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
		expect(await fits()).toBe(true);
		expect(await serious(), 'export fields').toEqual([]);

		await backup.choose({
			name: 'backup.json.gpg',
			mimeType: 'application/octet-stream',
			buffer: gpg(['--symmetric', '--cipher-algo', 'AES256'], Buffer.from('{}'))
		});
		const dialog = page.getByRole('dialog', { name: 'This backup is encrypted' });
		await dialog.getByLabel('Passphrase').fill('wrong');
		await dialog.getByRole('button', { name: 'Decrypt' }).click();
		await expect(dialog).toContainText('That passphrase does not open this file.');
		expect(await fits()).toBe(true);
		expect(await serious(), 'passphrase dialog').toEqual([]);
	});
}
