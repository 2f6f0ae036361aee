import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, openApp, test } from './fixtures';
import { App } from './pages/app';
import { BackupPage } from './pages/backup-page';

function localToday(): string {
	const now = new Date();
	return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
}

test('Export JSON and Export .db download complete, consistent backups', async ({ page }) => {
	await openApp(page);
	const app = new App(page);
	await app.addAsset({
		name: 'Bitcoin',
		type: 'Crypto',
		price: '50000',
		quantity: '0.12345678',
		date: '2024-01-15'
	});
	const backup = new BackupPage(page);
	await backup.open();
	await expect(page.getByTestId('last-export')).toHaveText(
		'No backup exported from this browser yet.'
	);

	const json = await backup.export('JSON');
	expect(json.download.suggestedFilename()).toBe(`strata-backup-${localToday()}.json`);
	const file = JSON.parse(json.bytes.toString('utf8'));
	expect(file.schemaVersion).toBe('1');
	expect(Date.parse(file.exportedAt)).not.toBeNaN();
	expect(file.data.assets).toEqual([
		expect.objectContaining({ name: 'Bitcoin', quantity: '0.12345678', disposed: false })
	]);
	expect(file.data.assetSnapshots).toEqual([
		expect.objectContaining({ value: '6172.839', observedAt: '2024-01-15T00:00:00.000Z' })
	]);
	expect(file.data.assetTypes).toHaveLength(13);
	await expect(page.getByTestId('last-export')).toContainText('Last export:');

	const db = await backup.export('.db');
	expect(db.download.suggestedFilename()).toBe(`strata-backup-${localToday()}.db`);
	expect(db.bytes.subarray(0, 16).toString('latin1')).toBe('SQLite format 3\0');
	const path = join(mkdtempSync(join(tmpdir(), 'strata-db-')), 'backup.db');
	writeFileSync(path, db.bytes);
	const sqlite = (sql: string) => execFileSync('sqlite3', [path, sql], { encoding: 'utf8' }).trim();
	expect(sqlite('PRAGMA integrity_check')).toBe('ok');
	expect(sqlite('SELECT name, quantity FROM assets')).toBe('Bitcoin|0.12345678');
	expect(sqlite('SELECT value FROM asset_snapshots')).toBe('6172.839');
});

for (const [file, kind] of [
	['strata-1.2.12/strata-demo-backup.json', 'JSON'],
	['strata-1.2.12/strata-demo.db', '.db']
] as const) {
	test(`importing the original's ${kind} goes through a preview and a confirmation`, async ({
		page
	}) => {
		await openApp(page);
		const backup = new BackupPage(page);
		await backup.open();
		await backup.choose(file);
		await expect(backup.preview).toBeVisible();
		expect(await backup.previewCell('Valuations', 'In the file')).toBe('90');
		expect(await backup.previewCell('Valuations', 'In Strata now')).toBe('0');
		expect(await backup.previewCell('Net worth today', 'In the file')).toBe('€239,200.00');
		expect(await backup.previewCell('Net worth today', 'In Strata now')).toBe('€0.00');
		expect(await backup.previewCell('Dates', 'In the file')).toMatch(/^Jan 15, 2025 – /);
		// The user's data in plain words; the net-worth points are recomputed, not counted.
		await expect(
			backup.preview.getByRole('rowheader', { name: 'Categories given to assets' })
		).toBeVisible();
		await expect(backup.preview.getByRole('rowheader', { name: /net-worth/i })).toHaveCount(0);
		await expect(backup.preview).toContainText('Strata recomputes it');
		// Nothing is written before the confirmation.
		await new App(page).go('Dashboard');
		await expect(page.getByTestId('net-worth')).toHaveText('€0.00');
		await backup.open();
		await backup.choose(file);
		if (kind === 'JSON')
			await expect(backup.preview.getByRole('radio', { name: /^Replace/ })).toBeChecked();
		else await expect(backup.preview.getByRole('radio')).toHaveCount(0);
		await backup.preview.getByRole('button', { name: 'Replace my data' }).click();
		await expect(page.getByRole('status').filter({ hasText: 'Backup imported' })).toContainText(
			'From the file: 6 assets, 90 valuations, 6 transactions'
		);
		await expect(page.getByRole('status').filter({ hasText: 'Backup imported' })).toContainText(
			'The net-worth history is recomputed.'
		);
		await new App(page).go('Dashboard');
		await expect(page.getByTestId('net-worth')).toHaveText('€239,200.00');
	});
}

test('merging a second install’s backup keeps both (asset types matched by code)', async ({
	page
}) => {
	await openApp(page);
	const backup = new BackupPage(page);
	await backup.open();
	await backup.choose('strata-1.2.12/strata-edge-backup.json');
	await backup.preview.getByRole('button', { name: 'Replace my data' }).click();
	await expect(page.getByRole('status').filter({ hasText: 'Backup imported' })).toBeVisible();

	await backup.choose('strata-1.2.12/strata-demo-backup.json');
	await backup.preview.getByRole('radio', { name: /^Merge/ }).check();
	await backup.preview.getByRole('button', { name: 'Merge into my data' }).click();
	await expect(page.getByRole('status').filter({ hasText: 'Backup merged' })).toBeVisible();
	const file = await backup.exportJson();
	expect(file.data.assets).toHaveLength(11);
	expect(file.data.assetTypes).toHaveLength(13);
});

test('a merge never moves the user’s categories: the file’s of the same name elsewhere is added apart', async ({
	page
}) => {
	await openApp(page);
	const backup = new BackupPage(page);
	await backup.open();
	// Here Investments sits under Financial; in the edge file it is top-level.
	await backup.choose('strata-1.2.12/strata-demo-backup.json');
	await backup.preview.getByRole('button', { name: 'Replace my data' }).click();
	await expect(page.getByRole('status').filter({ hasText: 'Backup imported' })).toBeVisible();

	await backup.choose('strata-1.2.12/strata-edge-backup.json');
	await backup.preview.getByRole('radio', { name: /^Merge/ }).check();
	await expect(backup.preview.getByRole('note', { name: 'Categories kept apart' })).toContainText(
		'“Investments” in the file is added as “Investments (imported)” (yours: “Financial › Investments”).'
	);
	await backup.preview.getByRole('button', { name: 'Merge into my data' }).click();
	await expect(page.getByRole('status').filter({ hasText: 'Backup merged' })).toBeVisible();

	const { data } = await backup.exportJson();
	const categories = data.categories as { id: string; name: string; parentId: string | null }[];
	const named = (name: string) => categories.find((category) => category.name === name)!;
	expect(named('Investments').parentId).toBe(named('Financial').id);
	expect(named('Investments (imported)').parentId).toBeNull();
	expect(named('Equities').parentId).toBe(named('Investments (imported)').id);
	expect(categories.filter((category) => category.name === 'Collections')).toHaveLength(1);
});

test('a bad file is refused with what is wrong, and nothing changes', async ({ page }) => {
	await openApp(page);
	await new App(page).addAsset({
		name: 'Savings',
		type: 'Savings Account',
		price: '1000',
		date: '2025-01-01'
	});
	const backup = new BackupPage(page);
	await backup.open();
	const before = await backup.exportJson();

	const demo = JSON.parse(
		(await import('node:fs')).readFileSync(
			new URL('../fixtures/strata-1.2.12/strata-demo-backup.json', import.meta.url),
			'utf8'
		)
	);
	demo.data.assets[3].quantity = '1e5';
	await backup.choose({
		name: 'edited.json',
		mimeType: 'application/json',
		buffer: Buffer.from(JSON.stringify(demo))
	});
	const alert = page.getByRole('alert');
	await expect(alert).toContainText('This backup cannot be imported: 1 problem.');
	await expect(alert).toContainText(
		'The asset “Home Loan — BNP”: the quantity "1e5" is not a plain decimal (scientific notation is not accepted) (data.assets[3].quantity)'
	);
	await expect(alert).toContainText('Nothing was changed.');
	await expect(backup.preview).toHaveCount(0);

	await backup.choose({
		name: 'wrapped.json',
		mimeType: 'application/json',
		buffer: Buffer.from(JSON.stringify({ data: demo }))
	});
	await expect(alert).toContainText('This backup is wrapped inside another object');
	await backup.choose('v1-bad-version.json');
	await expect(alert).toContainText("Unsupported backup schemaVersion '2', expected '1'");

	const after = await backup.exportJson();
	expect({ ...after, exportedAt: null }).toEqual({ ...before, exportedAt: null });
});

test('restore points are listed and restore the data as it was', async ({ page }) => {
	await openApp(page);
	const app = new App(page);
	await app.addAsset({ name: 'Before the import', type: 'Cash', price: '10', date: '2025-01-01' });
	const backup = new BackupPage(page);
	await backup.open();
	await expect(page.getByText('No restore points yet.')).toBeVisible();
	await backup.choose('strata-1.2.12/strata-demo-backup.json');
	await backup.preview.getByRole('button', { name: 'Replace my data' }).click();
	const points = page.getByRole('table', { name: 'Restore points' });
	await expect(points.getByRole('row')).toHaveCount(2);
	await expect(points).toContainText('Before importing strata-demo-backup.json');

	await points.getByRole('button', { name: /^Restore/ }).click();
	await page
		.getByRole('dialog', { name: 'Restore this copy?' })
		.getByRole('button', { name: 'Restore' })
		.click();
	await expect(page.getByRole('status').filter({ hasText: 'Restored.' })).toBeVisible();
	await expect(points.getByRole('row')).toHaveCount(3);
	await expect(points).toContainText('Before restoring the copy of');
	expect((await app.totals()).netWorth).toBe('€10.00');
	await app.go('Assets');
	await expect(page.getByRole('link', { name: 'Before the import' })).toBeVisible();

	await backup.open();
	await points
		.getByRole('button', { name: /^Delete/ })
		.first()
		.click();
	await page
		.getByRole('dialog', { name: 'Delete this restore point?' })
		.getByRole('button', { name: 'Delete restore point' })
		.click();
	await expect(points.getByRole('row')).toHaveCount(2);
});

test('after a restore the page says what the restore did, not what the import before it did', async ({
	page
}) => {
	await openApp(page);
	const app = new App(page);
	await app.addAsset({ name: 'Before the import', type: 'Cash', price: '10', date: '2025-01-01' });
	const backup = new BackupPage(page);
	await backup.open();
	await backup.choose('strata-1.2.12/strata-demo-backup.json');
	await backup.preview.getByRole('button', { name: 'Replace my data' }).click();
	const imported = page.getByRole('status').filter({ hasText: 'Backup imported' });
	await expect(imported).toContainText('6 assets, 90 valuations');

	await page
		.getByRole('table', { name: 'Restore points' })
		.getByRole('row', { name: /Before importing strata-demo-backup\.json/ })
		.getByRole('button', { name: /^Restore/ })
		.click();
	await page
		.getByRole('dialog', { name: 'Restore this copy?' })
		.getByRole('button', { name: 'Restore' })
		.click();
	const restored = page.getByRole('status', { name: 'Restore result' });
	await expect(restored).toContainText('Your data is back as it was');
	await expect(restored).toContainText('(Before importing strata-demo-backup.json).');
	await expect(restored).toContainText('It now holds: 1 asset, 1 valuation');
	await expect(restored).toContainText('kept as a new restore point');
	// The import's result is gone: it no longer describes the data.
	await expect(imported).toHaveCount(0);
	await expect(page.getByText('Backup imported: your data was replaced.')).toHaveCount(0);
	expect((await app.totals()).netWorth).toBe('€10.00');
});

test('verify a backup without touching the data', async ({ page }) => {
	await openApp(page);
	const backup = new BackupPage(page);
	await backup.open();
	await page
		.getByLabel('Backup file to verify')
		.setInputFiles(
			`${new URL('../fixtures/', import.meta.url).pathname}strata-1.2.12/strata-edge.db`
		);
	const report = page.getByRole('status').filter({ hasText: 'is a good backup' });
	await expect(report).toContainText('strata-edge.db is a good backup: it would import.');
	await expect(report.getByRole('row', { name: /^Assets/ })).toContainText('5');

	await page
		.getByLabel('Backup file to verify')
		.setInputFiles({ name: 'empty.json', mimeType: 'application/json', buffer: Buffer.alloc(0) });
	await expect(page.getByRole('alert')).toContainText(
		'This backup would not import. The file is empty (0 bytes)'
	);
	await new App(page).go('Dashboard');
	await expect(page.getByTestId('net-worth')).toHaveText('€0.00');
});

test('a .db file’s own trigger and table are left out, named in the preview, and never run', async ({
	page
}) => {
	const path = join(mkdtempSync(join(tmpdir(), 'strata-db-')), 'extras.db');
	copyFileSync(new URL('../fixtures/strata-1.2.12/strata-demo.db', import.meta.url), path);
	execFileSync('sqlite3', [
		path,
		`CREATE TABLE notes (body TEXT);
		CREATE TRIGGER plant AFTER INSERT ON notes BEGIN DELETE FROM assets; END;`
	]);
	await openApp(page);
	const backup = new BackupPage(page);
	await backup.open();
	await backup.choose({
		name: 'strata-with-extras.db',
		mimeType: 'application/octet-stream',
		buffer: readFileSync(path)
	});
	const note = backup.preview.getByRole('note', { name: 'Left out of the file' });
	await expect(note).toContainText('never read, never run');
	await expect(note.getByRole('listitem')).toHaveText(['table “notes”', 'trigger “plant”']);
	await backup.preview.getByRole('button', { name: 'Replace my data' }).click();
	await expect(page.getByRole('status').filter({ hasText: 'Backup imported' })).toContainText(
		'6 assets, 90 valuations'
	);
	await new App(page).go('Dashboard');
	await expect(page.getByTestId('net-worth')).toHaveText('€239,200.00');
});
