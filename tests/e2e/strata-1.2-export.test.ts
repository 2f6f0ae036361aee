import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, openApp, test } from './fixtures';
import { BackupPage, FIXTURES } from './pages/backup-page';

function localToday(): string {
	const now = new Date();
	return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
}

const sqlite = (path: string, ...args: string[]) =>
	execFileSync('sqlite3', [path, ...args], { encoding: 'utf8' }).trim();

test('Export .db for Strata 1.2 downloads a file in the original’s own schema', async ({
	page
}) => {
	await openApp(page, '/', { choice: 'Explore the demo' });
	const backup = new BackupPage(page);
	await backup.open();
	await expect(
		page.getByRole('button', { name: 'Export .db for Strata 1.2' })
	).toHaveAccessibleDescription(/self-hosted Strata 1\.2.*leaves out/);

	const { download, bytes } = await backup.export('.db for Strata 1.2');
	expect(download.suggestedFilename()).toBe(`strata-backup-${localToday()}-strata-1.2.db`);
	const path = join(mkdtempSync(join(tmpdir(), 'strata-1.2-')), 'strata.db');
	writeFileSync(path, bytes);
	// The sqlite3 shell's own view of the file: exactly the original's.
	expect(sqlite(path, '.schema')).toBe(
		sqlite(`${FIXTURES}strata-1.2.12/strata-demo.db`, '.schema')
	);
	expect(sqlite(path, 'PRAGMA integrity_check')).toBe('ok');
	expect(sqlite(path, 'PRAGMA foreign_key_check')).toBe('');
	expect(sqlite(path, 'SELECT migration_name FROM _prisma_migrations')).toBe('20260502100411_init');
	expect(Number(sqlite(path, 'SELECT count(*) FROM assets'))).toBeGreaterThan(0);
	// Timestamps as Prisma writes them; decimals as numbers, as the original stores them.
	expect(
		sqlite(path, "SELECT count(*) FROM asset_snapshots WHERE observed_at NOT LIKE '%.___+00:00'")
	).toBe('0');
	expect(
		sqlite(
			path,
			"SELECT count(*) FROM asset_snapshots WHERE typeof(value) NOT IN ('integer', 'real')"
		)
	).toBe('0');
	// And our own import reads it back as a file of Strata 1.2.
	await backup.choose({ name: download.suggestedFilename(), mimeType: '', buffer: bytes });
	await expect(backup.preview).toContainText('This is a database file of Strata 1.2.');
	expect(await backup.previewCell('Assets', 'In the file')).toBe(
		await backup.previewCell('Assets', 'In Strata now')
	);
});
