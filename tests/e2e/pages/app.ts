import { expect, type Page } from '@playwright/test';

/** The whole app as a user drives it: navigation and the main journeys. */
export class App {
	constructor(readonly page: Page) {}

	async go(link: string): Promise<void> {
		const nav = this.page.getByRole('navigation', { name: 'Main' });
		const target = nav.getByRole('link', { name: link, exact: true });
		// On a phone the sections past the first three are behind More.
		const more = nav.getByRole('button', { name: 'More' });
		if (!(await target.isVisible()) && (await more.isVisible())) await more.click();
		await target.click();
		// Arrived (the page before also had a heading): the link says it is the current page (on a
		// phone, behind More again, closed on arrival).
		await expect(
			nav.getByRole('link', { name: link, exact: true, includeHidden: true })
		).toHaveAttribute('aria-current', 'page');
		await expect(this.page.getByRole('heading', { level: 1 })).toBeVisible();
	}

	async addAsset(asset: {
		name: string;
		type: string;
		price: string;
		date: string;
		quantity?: string;
		/** An ISO 4217 code; the base currency when left out. */
		currency?: string;
		categories?: string[];
		tags?: string[];
	}): Promise<void> {
		await this.go('Assets');
		await this.page.getByRole('link', { name: 'Add asset' }).first().click();
		const form = this.page.getByRole('form', { name: 'New asset' });
		await form.getByLabel('Name', { exact: true }).fill(asset.name);
		await form.getByLabel('Type', { exact: true }).selectOption({ label: asset.type });
		if (asset.currency) await form.getByLabel('Currency').selectOption(asset.currency);
		if (asset.quantity) await form.getByLabel('Quantity', { exact: true }).fill(asset.quantity);
		await form.getByLabel('Acquisition date').fill(asset.date);
		await form.getByLabel('Acquisition price').fill(asset.price);
		for (const name of asset.categories ?? []) {
			await form
				.getByRole('group', { name: 'Categories' })
				.getByLabel(name, { exact: true })
				.check();
		}
		for (const name of asset.tags ?? []) {
			await form.getByRole('group', { name: 'Tags' }).getByLabel(name, { exact: true }).check();
		}
		await form.getByRole('button', { name: 'Add asset' }).click();
		await expect(this.page.getByRole('heading', { level: 1, name: asset.name })).toBeVisible();
	}

	/** On the Categories page: `parent` as its path reads in the list ("Financial › Banking"). */
	async addCategory(name: string, parent?: string): Promise<void> {
		const form = this.page.getByRole('form', { name: 'New category' });
		await form.getByLabel('Category name').fill(name);
		if (parent) await form.getByLabel('Parent category').selectOption({ label: parent });
		await form.getByRole('button', { name: 'Add category' }).click();
		await expect(
			this.page.getByRole('list', { name: 'Categories' }).getByText(name, { exact: true })
		).toBeVisible();
	}

	async openAsset(name: string): Promise<void> {
		await this.go('Assets');
		await this.page.getByRole('link', { name, exact: true }).click();
		await expect(this.page.getByRole('heading', { level: 1, name })).toBeVisible();
	}

	/** On an asset's page. */
	async addValuation(value: string, date: string): Promise<void> {
		const form = this.page.getByRole('form', { name: 'Add valuation' });
		await form.getByLabel('Value', { exact: true }).fill(value);
		await form.getByLabel('Date', { exact: true }).fill(date);
		await form.getByRole('button', { name: 'Add valuation' }).click();
	}

	async totals(): Promise<{ netWorth: string; assets: string; liabilities: string }> {
		await this.go('Dashboard');
		const totals = this.page.getByRole('region', { name: 'Totals today' });
		await expect(totals).toBeVisible();
		return {
			netWorth: (await this.page.getByTestId('net-worth').textContent())!.trim(),
			assets: (await this.page.getByTestId('total-assets').textContent())!.trim(),
			liabilities: (await this.page.getByTestId('total-liabilities').textContent())!.trim()
		};
	}

	/** The chart's table of numbers, one row a day, as [date, net worth] pairs. */
	async chartNumbers(): Promise<string[][]> {
		const rows = await this.chartTable('Daily');
		return rows.map((cells) => [cells[0]!, cells.at(-1)!]);
	}

	/** The chart's table of numbers, one row a month: every cell of each row (date first). */
	async chartMonths(): Promise<string[][]> {
		return this.chartTable('Monthly');
	}

	/** "Show the numbers" opened on the dashboard's chart, with its rows a day or a month. */
	async chartTable(view: 'Daily' | 'Monthly'): Promise<string[][]> {
		const chart = this.page.getByRole('region', { name: 'Net worth over time' });
		const details = chart.getByText('Show the numbers');
		if (!(await chart.locator('details').evaluate((d: HTMLDetailsElement) => d.open)))
			await details.click();
		await chart.getByRole('button', { name: view, exact: true }).click();
		const rows = chart.locator(`table[data-rows="${view.toLowerCase()}"] tbody tr`);
		await expect(rows.first()).toBeVisible();
		return rows.evaluateAll((trs) =>
			trs.map((tr) => [...tr.querySelectorAll('th, td')].map((c) => c.textContent?.trim() ?? ''))
		);
	}
}
