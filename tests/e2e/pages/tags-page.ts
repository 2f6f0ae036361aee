import { App } from './app';
import { expect, type Page } from '@playwright/test';

/** The Tags page, as a user drives it. */
export class TagsPage {
	constructor(readonly page: Page) {}

	async open(): Promise<void> {
		await new App(this.page).go('Tags');
		await expect(this.page.getByRole('heading', { name: 'Tags', level: 1 })).toBeVisible();
	}

	get newTagForm() {
		return this.page.getByRole('form', { name: 'New tag' });
	}

	async add(name: string): Promise<void> {
		await this.newTagForm.getByLabel('Tag name').fill(name);
		await this.newTagForm.getByRole('button', { name: 'Add tag' }).click();
		await expect(this.list.getByText(name, { exact: true })).toBeVisible();
	}

	get list() {
		return this.page.getByRole('list', { name: 'Tags' });
	}
}
