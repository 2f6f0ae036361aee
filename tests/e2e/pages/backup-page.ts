import { expect, type Download, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { App } from './app';

export const FIXTURES = new URL('../../fixtures/', import.meta.url).pathname;

/** Settings → Backup, as a user drives it. */
export class BackupPage {
	constructor(readonly page: Page) {}

	async open(): Promise<void> {
		await new App(this.page).go('Settings');
		await this.page
			.getByRole('navigation', { name: 'Settings' })
			.getByRole('link', { name: 'Backup' })
			.click();
		await expect(this.page.getByRole('heading', { name: 'Export' })).toBeVisible();
	}

	async export(
		kind: 'JSON' | '.db' | '.db for Strata 1.2'
	): Promise<{ download: Download; bytes: Buffer }> {
		const waiting = this.page.waitForEvent('download');
		await this.page.getByRole('button', { name: `Export ${kind}`, exact: true }).click();
		const download = await waiting;
		const path = await download.path();
		return { download, bytes: readFileSync(path) };
	}

	async exportJson(): Promise<Record<string, unknown> & { data: Record<string, unknown[]> }> {
		return JSON.parse((await this.export('JSON')).bytes.toString('utf8'));
	}

	get preview() {
		return this.page.getByRole('region', { name: 'Import preview' });
	}

	async choose(file: string | { name: string; mimeType: string; buffer: Buffer }): Promise<void> {
		await this.page
			.getByLabel('Backup file to import')
			.setInputFiles(typeof file === 'string' ? FIXTURES + file : file);
	}

	/** The preview's cell for a row ("Valuations") and column ("In the file"). */
	async previewCell(row: string, column: 'In the file' | 'In Strata now'): Promise<string> {
		const table = this.preview.getByRole('table');
		const index = column === 'In the file' ? 1 : 2;
		return (await table
			.getByRole('row', { name: new RegExp(`^${row}`) })
			.locator('td, th')
			.nth(index)
			.textContent())!.trim();
	}
}
