import { expect, type Locator, type Page } from '@playwright/test';

/** Settings → Import CSV (or an asset's "Import CSV"), as a user goes through it. */
export class CsvImportPage {
	constructor(readonly page: Page) {}

	async choose(path: string): Promise<void> {
		await this.page.getByLabel('Choose a CSV file').setInputFiles(path);
	}

	get mapping(): Locator {
		return this.page.getByRole('form', { name: 'Columns to fields' });
	}

	get preview(): Locator {
		return this.page.getByRole('region', { name: /^Check before importing/ });
	}

	/** The field select of the mapping step, by its field's name ("Date", "Value"…). */
	field(name: string): Locator {
		return this.mapping.getByLabel(name, { exact: true });
	}

	async toPreview(): Promise<void> {
		await this.mapping.getByRole('button', { name: 'Preview' }).click();
		await expect(this.preview).toBeVisible();
	}

	async confirm(): Promise<void> {
		await this.preview.getByRole('button', { name: 'Import', exact: true }).click();
		await expect(this.page.getByRole('status').filter({ hasText: 'Imported.' })).toBeVisible();
	}
}
