import { expect, openApp, test } from './fixtures';
import { App } from './pages/app';
import { BackupPage } from './pages/backup-page';

test('testing the latest backup restores it aside and shows its net worth next to today’s', async ({
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
	const { download, bytes } = await backup.export('JSON');
	await app.addAsset({ name: 'Car', type: 'Vehicle', price: '250.50', date: '2025-02-01' });
	await backup.open();

	const drill = page.getByRole('region', { name: 'Test my latest backup' });
	await drill.getByLabel('Latest backup file to test').setInputFiles({
		name: download.suggestedFilename(),
		mimeType: 'application/json',
		buffer: bytes
	});
	const result = drill.getByRole('status', { name: 'Restore test result' });
	await expect(result).toContainText(`${download.suggestedFilename()} restores.`);
	await expect(result.getByTestId('drill-backup-net-worth')).toHaveText('€1,000.00');
	await expect(result.getByTestId('drill-current-net-worth')).toHaveText('€1,250.50');
	await expect(result).toContainText('A difference of €250.50');
	// Nothing was restored: the data is still today's.
	await app.go('Dashboard');
	await expect(page.getByTestId('net-worth')).toHaveText('€1,250.50');

	await backup.open();
	await drill.getByLabel('Latest backup file to test').setInputFiles({
		name: 'broken.json',
		mimeType: 'application/json',
		buffer: bytes.subarray(0, bytes.length / 2)
	});
	await expect(drill.getByRole('alert')).toContainText('This backup would not restore.');
});

test('a month after the last test, the dashboard reminds to test a backup, until dismissed', async ({
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
	await backup.export('JSON');
	await app.go('Dashboard');
	const reminder = page.getByRole('complementary', { name: 'Restore test reminder' });
	await expect(page.getByTestId('net-worth')).toHaveText('€1,000.00');
	await expect(reminder).toHaveCount(0);

	// A month goes by.
	await page.clock.setSystemTime(new Date(Date.now() + 31 * 86_400_000));
	await page.reload();
	await expect(reminder).toBeVisible();
	await reminder.getByRole('link', { name: 'Test my latest backup' }).click();
	await expect(page.getByRole('heading', { name: 'Test my latest backup' })).toBeVisible();

	await app.go('Dashboard');
	await reminder.getByRole('button', { name: 'Dismiss' }).click();
	await expect(reminder).toHaveCount(0);
	await page.reload();
	await expect(page.getByTestId('net-worth')).toHaveText('€1,000.00');
	await expect(reminder).toHaveCount(0);
});
