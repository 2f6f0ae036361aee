import { expect, openApp, test } from './fixtures';
import { App } from './pages/app';
import { BackupPage } from './pages/backup-page';
import { BUNDLED_MIGRATIONS, buildNextRelease, CURRENT_BUILD } from './builds';
import { serveBuild } from '../../scripts/static-server';

async function openDatabasePanel(app: App) {
	await app.go('Settings');
	await app.page
		.getByRole('navigation', { name: 'Settings' })
		.getByRole('link', { name: 'Database' })
		.click();
	await expect(app.page.getByRole('heading', { name: 'Migrations' })).toBeVisible();
}

test('a first visit offers the demo, which holds the reference demo data', async ({ page }) => {
	await page.goto('/');
	await expect(page.getByRole('heading', { name: 'Welcome to Strata' })).toBeVisible();
	await expect(page.getByRole('button', { name: 'Start with my own data' })).toBeVisible();
	await page.getByRole('button', { name: 'Explore the demo' }).click();
	await expect(page.getByRole('region', { name: 'Demo data' })).toContainText(
		'You are exploring the demo.'
	);
	await expect(page.getByTestId('net-worth')).toHaveText('€239,200.00');
	await expect(
		page.getByRole('group', { name: 'Database' }).getByRole('button', { name: 'Demo' })
	).toHaveAttribute('aria-pressed', 'true');
	// The banner is on every page, and the choice is remembered.
	const app = new App(page);
	await app.go('Tags');
	await expect(page.getByRole('region', { name: 'Demo data' })).toBeVisible();
	await page.reload();
	await expect(page.getByRole('region', { name: 'Demo data' })).toBeVisible();
	await expect(
		page.getByRole('list', { name: 'Tags' }).getByText('primary-residence')
	).toBeVisible();
});

test('My data and Demo never see each other’s rows', async ({ page }) => {
	await openApp(page);
	const app = new App(page);
	await app.addAsset({
		name: 'My own savings',
		type: 'Savings Account',
		price: '1234',
		date: '2025-01-01'
	});
	const database = page.getByRole('group', { name: 'Database' });

	await database.getByRole('button', { name: 'Demo' }).click();
	await expect(page.getByRole('region', { name: 'Demo data' })).toBeVisible();
	await app.go('Assets');
	await expect(page.getByRole('link', { name: 'BNP Checking Account' })).toBeVisible();
	await expect(page.getByRole('link', { name: 'My own savings' })).toHaveCount(0);
	await app.addAsset({ name: 'Demo only', type: 'Cash', price: '5', date: '2025-01-01' });

	await database.getByRole('button', { name: 'My data' }).click();
	await expect(page.getByRole('region', { name: 'Demo data' })).toHaveCount(0);
	await app.go('Assets');
	await expect(page.getByRole('link', { name: 'My own savings' })).toBeVisible();
	await expect(page.getByRole('link', { name: 'BNP Checking Account' })).toHaveCount(0);
	await expect(page.getByRole('link', { name: 'Demo only' })).toHaveCount(0);
	expect((await app.totals()).netWorth).toBe('€1,234.00');
});

test('Reset demo puts the demo data back after a confirm', async ({ page }) => {
	await openApp(page, '/', { choice: 'Explore the demo' });
	const app = new App(page);
	await app.openAsset('Apartment Paris 11e');
	await page.getByRole('button', { name: 'Delete', exact: true }).click();
	await page.getByRole('dialog').getByRole('button', { name: 'Delete asset' }).click();
	expect((await app.totals()).netWorth).toBe('-€145,800.00');

	await openDatabasePanel(app);
	await page.getByRole('button', { name: 'Reset demo' }).click();
	await page
		.getByRole('dialog', { name: 'Reset the demo?' })
		.getByRole('button', { name: 'Reset demo' })
		.click();
	await expect(page.getByRole('status').filter({ hasText: 'The demo was reset.' })).toBeVisible();
	expect((await app.totals()).netWorth).toBe('€239,200.00');
});

test('Erase my data needs ERASE, keeps a restore point, and leaves the demo alone', async ({
	page
}) => {
	await openApp(page);
	const app = new App(page);
	await app.addAsset({ name: 'Keep me safe', type: 'Cash', price: '99', date: '2025-01-01' });
	await openDatabasePanel(app);
	const erase = page.getByRole('button', { name: 'Erase my data' });
	await expect(erase).toBeDisabled();
	await page.getByLabel('Type ERASE to confirm').fill('erase');
	await expect(erase).toBeDisabled();
	await page.getByLabel('Type ERASE to confirm').fill('ERASE');
	await erase.click();
	await expect(page.getByRole('status').filter({ hasText: 'Your data was erased.' })).toContainText(
		'in Settings → Backup → Restore points'
	);
	expect((await app.totals()).netWorth).toBe('€0.00');

	const backup = new BackupPage(page);
	await backup.open();
	const points = page.getByRole('table', { name: 'Restore points' });
	await expect(points).toContainText('Before erasing my data');
	await points.getByRole('button', { name: /^Restore/ }).click();
	await page
		.getByRole('dialog', { name: 'Restore this copy?' })
		.getByRole('button', { name: 'Restore' })
		.click();
	expect((await app.totals()).netWorth).toBe('€99.00');

	// The demo has no such button, and was never touched.
	await page.getByRole('group', { name: 'Database' }).getByRole('button', { name: 'Demo' }).click();
	await openDatabasePanel(app);
	await expect(page.getByRole('button', { name: 'Erase my data' })).toHaveCount(0);
	expect((await app.totals()).netWorth).toBe('€239,200.00');
});

test('the Database panel shows every migration, a dry run and a rollback', async ({ page }) => {
	await openApp(page);
	const app = new App(page);
	await app.addAsset({ name: 'Cash box', type: 'Cash', price: '10', date: '2025-01-01' });
	await openDatabasePanel(app);
	const status = page.getByRole('table', { name: 'Migration status' });
	await expect(status.getByRole('row', { name: /initial_schema/ })).toContainText('Applied');
	await expect(status.getByRole('row', { name: /initial_schema/ })).toContainText('Matches');
	await page.getByRole('button', { name: 'Dry run' }).click();
	await expect(page.getByRole('status', { name: 'Dry run report' })).toHaveText(
		'Nothing to apply: the database is up to date.'
	);

	// Every migration, the first one too: that takes every table with it.
	const all = await page.getByLabel('Migrations to undo').locator('option').count();
	await page.getByLabel('Migrations to undo').selectOption(String(all));
	await page.getByRole('button', { name: 'Roll back…' }).click();
	const dialog = page.getByRole('dialog', { name: 'Roll back migrations?' });
	const newestFirst = [...BUNDLED_MIGRATIONS].reverse().join(', ');
	await expect(dialog).toContainText(`This undoes ${newestFirst} on My data.`);
	await dialog.getByRole('button', { name: 'Roll back' }).click();
	await expect(page.getByRole('heading', { name: 'The database was rolled back' })).toBeVisible();
	await expect(page.getByRole('list', { name: 'Restore points' })).toContainText(
		`Before rolling back ${newestFirst}`
	);
	await page.getByRole('button', { name: 'Apply the update again' }).click();
	await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
	// The tables are back (empty): the rolled-back data is in the restore point.
	expect((await app.totals()).netWorth).toBe('€0.00');
	const backup = new BackupPage(page);
	await backup.open();
	await page
		.getByRole('table', { name: 'Restore points' })
		.getByRole('row', { name: /Before rolling back/ })
		.getByRole('button', { name: /^Restore/ })
		.click();
	await page
		.getByRole('dialog', { name: 'Restore this copy?' })
		.getByRole('button', { name: 'Restore' })
		.click();
	expect((await app.totals()).netWorth).toBe('€10.00');
});

test.describe('a release with one more migration', () => {
	test.describe.configure({ timeout: 240_000 });

	test('upgrades an existing profile and lists the restore point it made', async ({ profile }) => {
		const next = buildNextRelease();
		const port = 4186;
		let server = await serveBuild(CURRENT_BUILD, port);
		try {
			let context = await profile.launch({ serviceWorkers: 'block' });
			let page = await context.newPage();
			await openApp(page, `${server.url}/`);
			const app = new App(page);
			await app.addAsset({
				name: 'Survives the upgrade',
				type: 'Cash',
				price: '42',
				date: '2025-01-01'
			});
			await context.close();
			await server.close();

			server = await serveBuild(next.dir, port);
			context = await profile.launch({ serviceWorkers: 'block' });
			page = await context.newPage();
			await openApp(page, `${server.url}/`);
			const upgraded = new App(page);
			expect((await upgraded.totals()).netWorth).toBe('€42.00');
			await openDatabasePanel(upgraded);
			const label = `${String(next.migration.version).padStart(4, '0')}`;
			await expect(page.getByTestId('schema-version')).toHaveText(String(next.migration.version));
			await expect(
				page
					.getByRole('table', { name: 'Migration status' })
					.getByRole('row', { name: new RegExp(label) })
			).toContainText('Applied');
			const backup = new BackupPage(page);
			await backup.open();
			await expect(page.getByRole('table', { name: 'Restore points' })).toContainText(
				`Before updating the database to version ${next.migration.version} (${label}_${next.migration.name})`
			);
		} finally {
			await server.close();
		}
	});
});

test('a damaged database file is never lost: it can be downloaded as it is, and a copy restored', async ({
	context
}) => {
	let page = await context.newPage();
	await openApp(page);
	const app = new App(page);
	await app.addAsset({ name: 'Precious', type: 'Cash', price: '5', date: '2025-01-01' });
	// A restore point that holds "Precious": kept before erasing.
	await openDatabasePanel(app);
	await page.getByLabel('Type ERASE to confirm').fill('ERASE');
	await page.getByRole('button', { name: 'Erase my data' }).click();
	await expect(page.getByRole('status').filter({ hasText: 'Your data was erased.' })).toBeVisible();
	await page.close();

	// Damage the file while no tab has it open: overwrite the SQLite header inside the OPFS pool.
	const tool = await context.newPage();
	await tool.goto('/manifest.webmanifest');
	const damaged = await tool.evaluate(async () => {
		const root = await navigator.storage.getDirectory();
		// The pool keeps its files, each with a 4096-byte header naming it, in an "opaque" folder.
		const pool = await (
			await root.getDirectoryHandle('.strata-sahpool')
		).getDirectoryHandle('.opaque');
		for await (const handle of (
			pool as unknown as { values(): AsyncIterable<FileSystemHandle> }
		).values()) {
			if (handle.kind !== 'file') continue;
			const file = await (handle as FileSystemFileHandle).getFile();
			const name = new TextDecoder().decode(new Uint8Array(await file.slice(0, 11).arrayBuffer()));
			if (name !== '/strata.db\0') continue;
			const writable = await (handle as FileSystemFileHandle).createWritable({
				keepExistingData: true
			});
			await writable.write({ type: 'write', position: 4096, data: new Uint8Array(100).fill(0x41) });
			await writable.close();
			return true;
		}
		return false;
	});
	expect(damaged).toBe(true);
	await tool.close();

	page = await context.newPage();
	await page.goto('/');
	await expect(
		page.getByRole('heading', { name: 'Strata cannot read this database file' })
	).toBeVisible();
	const download = page.waitForEvent('download');
	await page.getByRole('button', { name: 'Export .db' }).click();
	const file = await (await download).path();
	const bytes = (await import('node:fs')).readFileSync(file);
	expect(bytes.subarray(0, 4).toString('latin1')).toBe('AAAA');

	const points = page.getByRole('list', { name: 'Restore points' });
	await points
		.getByRole('listitem')
		.filter({ hasText: 'Before erasing my data' })
		.getByRole('button', { name: /^Restore/ })
		.click();
	await page
		.getByRole('dialog', { name: 'Restore this copy?' })
		.getByRole('button', { name: 'Restore' })
		.click();
	await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
	const restored = new App(page);
	await restored.go('Assets');
	await expect(page.getByRole('link', { name: 'Precious' })).toBeVisible();
	const backup = new BackupPage(page);
	await backup.open();
	await expect(page.getByRole('table', { name: 'Restore points' })).toContainText(
		'The damaged database file, as it was'
	);
});

test('a repeat visit shows the totals last confirmed while the database opens, never stale ones', async ({
	profile
}) => {
	// No service worker: the database worker's script is then fetched, and can be held back.
	const context = await profile.launch({ serviceWorkers: 'block' });
	const page = context.pages()[0] ?? (await context.newPage());
	await openApp(page, '/', { choice: 'Explore the demo' });
	await expect(page.getByTestId('net-worth')).toHaveText('€239,200.00');

	// SQLite held back, as on a slow phone: the last totals show, said to be from the last visit.
	let release = () => {};
	const holdWorker = async () => {
		const held = new Promise<void>((done) => (release = done));
		await context.route('**/_app/db-worker.js', async (route) => {
			await held;
			await route.continue();
		});
	};
	await holdWorker();
	await page.reload();
	await expect(page.getByTestId('last-net-worth')).toHaveText('€239,200.00');
	await expect(
		page.getByText(/Your totals at your last visit \(.+\) — opening your data…/)
	).toBeVisible();
	release();
	await expect(page.getByTestId('net-worth')).toHaveText('€239,200.00');
	await expect(page.getByTestId('last-net-worth')).toHaveCount(0);
	await context.unrouteAll();

	// A change made away from the dashboard: the kept totals no longer describe the data.
	const app = new App(page);
	await app.addAsset({ name: 'Bike', type: 'Vehicle', price: '800', date: '2025-01-15' });
	await holdWorker();
	await page.goto('/');
	await expect(page.getByText('Opening your data…')).toBeVisible();
	await expect(page.getByTestId('last-net-worth')).toHaveCount(0);
	release();
	await expect(page.getByTestId('net-worth')).toHaveText('€240,000.00');
});
