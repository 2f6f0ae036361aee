import { readFileSync } from 'node:fs';
import { expect, openApp, test } from './fixtures';
import { App } from './pages/app';

test('allocation by category keeps a category’s debts apart, as by type does', async ({ page }) => {
	await openApp(page);
	const app = new App(page);
	await app.go('Categories');
	await app.addCategory('Housing');
	const housing = { date: '2025-01-01', categories: ['Housing'] };
	await app.addAsset({ ...housing, name: 'Flat', type: 'Real Estate', price: '300000' });
	await app.addAsset({ ...housing, name: 'Mortgage', type: 'Loan', price: '200000' });

	await page.goto('/');
	const allocation = page.getByRole('region', { name: 'Allocation' });
	await allocation.getByRole('button', { name: 'By category' }).click();
	// The flat's whole value is Housing's share, not the 100,000 left once the loan is netted.
	const bars = allocation.getByRole('list', { name: 'Allocation by category' });
	await expect(bars.getByRole('listitem')).toHaveCount(1);
	await expect(bars.getByRole('listitem')).toContainText('Housing');
	await expect(bars.getByRole('listitem')).toContainText('€300,000.00 · 100%');
	await expect(allocation.getByText(/^Owed:/)).toContainText('Housing (owed) €200,000.00');
});

/** A day `n` days before today, as the date inputs take it. */
const daysAgo = (n: number) => new Date(Date.now() - n * 864e5).toLocaleDateString('sv-SE');

/** An amount as the table shows it ("€1,234.56", "+€84.00", "−€12.50") in cents. */
function shownCents(text: string): bigint {
	return BigInt(text.replace(/\u2212/g, '-').replace(/[^\d-]/g, '') || '0');
}

/** Decimal text (a CSV cell) in cents, rounded half away from zero as the page shows it. */
function decimalCents(text: string): bigint {
	const value = exact(text);
	const magnitude = value < 0n ? -value : value;
	const cents = (magnitude + 5n * 10n ** 27n) / 10n ** 28n;
	return value < 0n ? -cents : cents;
}

test('“Show the numbers” opens on a row per month, with the change; every day is one click away and both download', async ({
	page
}) => {
	await openApp(page, '/', { choice: 'Explore the demo' });
	const app = new App(page);
	const netWorth = (await app.totals()).netWorth;
	const chart = page.getByRole('region', { name: 'Net worth over time' });
	await expect(chart.getByRole('button', { name: '1Y' })).toHaveAttribute('aria-pressed', 'true');

	await chart.getByText('Show the numbers').click();
	// It opens on the months.
	await expect(chart.getByRole('button', { name: 'Monthly', exact: true })).toHaveAttribute(
		'aria-pressed',
		'true'
	);
	const months = await app.chartMonths();
	expect(months.length).toBeGreaterThanOrEqual(12);
	expect(months.length).toBeLessThanOrEqual(14);
	expect(await chart.locator('table thead th').allTextContents()).toEqual([
		'Date',
		'Net worth',
		'Change'
	]);
	// The last row is today, with the net worth the dashboard shows.
	const todayShown = new Date().toLocaleDateString('en-US', { dateStyle: 'medium' });
	expect(months.at(-1)![0]).toBe(todayShown);
	expect(months.at(-1)![1]).toBe(netWorth);

	// Every day, one click away: each month's row is that month's last day, to the cent.
	const days = await app.chartNumbers();
	const dayIndex = new Map(days.map(([day], i) => [day!, i]));
	// "Dec 31, 2025" reads as that day's local midnight.
	const monthOf = (day: string) => {
		const date = new Date(day);
		return date.getFullYear() * 12 + date.getMonth();
	};
	for (const [i, [day, total, change]] of months.entries()) {
		const at = dayIndex.get(day!);
		expect(at, day).toBeDefined();
		expect(total, day).toBe(days[at!]![1]);
		const next = days[at! + 1];
		if (next) expect(monthOf(next[0]!), day).not.toBe(monthOf(day!));
		// The change from the month before, as money with its sign: their difference (the exact
		// one, shown to the cent, so within a cent of the difference of the rounded figures).
		if (i === 0) expect(change).toBe('—');
		else {
			const difference = shownCents(total!) - shownCents(months[i - 1]![1]!);
			const shown = shownCents(change!);
			expect(shown - difference, day).toBeGreaterThanOrEqual(-1n);
			expect(shown - difference, day).toBeLessThanOrEqual(1n);
			if (difference > 0n) expect(change).toMatch(/^\+/);
			if (difference < 0n) expect(change).toMatch(/^\u2212/);
		}
	}

	// The monthly CSV holds those rows: the same days, net worths and changes.
	const waiting = page.waitForEvent('download');
	await chart
		.getByRole('button', {
			name: 'Download monthly CSV of net worth over time, with the change from the month before'
		})
		.click();
	const file = readFileSync(await (await waiting).path())
		.subarray(3)
		.toString('utf8');
	const [head, ...lines] = file.trimEnd().split('\r\n');
	expect(head).toBe('Date,Net worth,Change from the month before,Currency');
	expect(lines).toHaveLength(months.length);
	for (const [i, line] of lines.entries()) {
		const [date, total, change] = line.split(',');
		const [day, shownTotal, shownChange] = months[i]!;
		expect(
			new Date(`${date}T00:00:00Z`).toLocaleDateString('en-US', {
				timeZone: 'UTC',
				dateStyle: 'medium'
			})
		).toBe(day);
		expect(decimalCents(total!), date).toBe(shownCents(shownTotal!));
		if (i === 0) expect(change).toBe('');
		else {
			expect(decimalCents(change!), date).toBe(shownCents(shownChange!));
			// Exactly the difference of the two months' figures.
			const [, before] = lines[i - 1]!.split(',');
			expect(exact(change!)).toBe(exact(total!) - exact(before!));
		}
	}
});

/** Decimal text exactly, in units of 10^-30. */
function exact(text: string): bigint {
	const negative = text.startsWith('-');
	const [whole, fraction = ''] = text.replace('-', '').split('.');
	const value = BigInt(whole! + fraction.padEnd(30, '0'));
	return negative ? -value : value;
}

test('a range with nothing held says so instead of an empty plot', async ({ page }) => {
	await openApp(page);
	const app = new App(page);
	await app.addAsset({ name: 'Old car', type: 'Vehicle', price: '9000', date: daysAgo(500) });
	await page.getByRole('button', { name: 'Dispose', exact: true }).click();
	const dispose = page.getByRole('dialog', { name: 'Dispose of Old car' });
	await dispose.getByLabel('Disposal date').fill(daysAgo(450));
	await dispose.getByLabel('Disposal price').fill('4000');
	await dispose.getByRole('button', { name: 'Dispose' }).click();
	await expect(dispose).toBeHidden();

	await app.go('Dashboard');
	const chart = page.getByRole('region', { name: 'Net worth over time' });
	await expect(chart.getByRole('note')).toHaveText(
		'No values in this range: nothing was held on these days.'
	);
	await expect(chart.getByRole('img')).toHaveCount(0);
	await chart.getByRole('button', { name: 'ALL' }).click();
	await expect(chart.getByRole('img')).toBeVisible();
	await expect(chart.getByText('No values in this range')).toHaveCount(0);
	await chart.getByRole('button', { name: '1M' }).click();
	await expect(chart.getByText('No values in this range')).toBeVisible();
});

test('axis labels never overlap nor leave the chart, in French format on a phone', async ({
	page
}) => {
	await page.setViewportSize({ width: 360, height: 780 });
	await openApp(page, '/', { choice: 'Explore the demo' });
	const app = new App(page);
	await app.go('Settings');
	await page.getByLabel('Number and date format').selectOption('fr-FR');
	// A large debt: the widest value labels ("−1,2 M €").
	await app.addAsset({ name: 'Prêt', type: 'Loan', price: '1234567', date: daysAgo(200) });
	await app.go('Dashboard');
	const chart = page.getByRole('region', { name: 'Net worth over time' });
	const plot = chart.getByRole('img');
	await expect(plot).toBeVisible();

	/** Every tick label's box against the others and against the chart's. */
	const problems = () =>
		plot.evaluate((svg) => {
			const inside = svg.getBoundingClientRect();
			const labels = [...svg.querySelectorAll('text')].map((t) => ({
				text: t.textContent ?? '',
				box: t.getBoundingClientRect()
			}));
			const found: string[] = [];
			if (labels.length < 4) found.push(`only ${labels.length} labels`);
			for (const { text, box } of labels) {
				if (
					box.left < inside.left - 0.5 ||
					box.right > inside.right + 0.5 ||
					box.top < inside.top - 0.5 ||
					box.bottom > inside.bottom + 0.5
				)
					found.push(`${text} outside`);
			}
			for (const [i, a] of labels.entries())
				for (const b of labels.slice(i + 1)) {
					const x = Math.min(a.box.right, b.box.right) - Math.max(a.box.left, b.box.left);
					const y = Math.min(a.box.bottom, b.box.bottom) - Math.max(a.box.top, b.box.top);
					if (x > 0.5 && y > 0.5) found.push(`${a.text} overlaps ${b.text}`);
				}
			return found;
		});
	for (const range of ['1M', '3M', 'YTD', '1Y', 'ALL']) {
		const before = await plot.getAttribute('aria-label');
		await chart.getByRole('button', { name: range, exact: true }).click();
		await expect(chart.getByRole('button', { name: range, exact: true })).toHaveAttribute(
			'aria-pressed',
			'true'
		);
		// Drawn again for that range (its first day differs, unless it is the same).
		await expect(plot)
			.not.toHaveAttribute('aria-label', before!, { timeout: 3000 })
			.catch(() => {});
		// French month names are there, and the labels fit.
		expect(await problems(), range).toEqual([]);
	}
	await expect(plot.locator('text', { hasText: '€' }).first()).toBeVisible();
});
