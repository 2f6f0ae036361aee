/**
 * `strata networth`, run as a real process: the documented €239,200 of the original's demo today,
 * and on past days and per type, group and category the same figures as a naive recomputation
 * from the file's own rows; on every fixture, assets − liabilities and each breakdown adding up
 * to the net worth (in decimals); our demo's other currencies converted; bad options refused.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Decimal from 'decimal.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { copyFixture, fileFingerprint, scratch, strata } from '../../tests/helpers/cli';
import { migratedEngine } from '../../tests/helpers/sqlite';
import { today } from '$lib/domain/dates';
import { seedDemo } from '$lib/domain/demo-seed';

interface Row {
	id: string;
	[field: string]: string | null | boolean | undefined;
}
interface DemoFile {
	data: Record<
		| 'assetTypes'
		| 'assets'
		| 'assetSnapshots'
		| 'transactions'
		| 'categories'
		| 'categoriesOnAssets',
		Row[]
	>;
}

const DEMO: DemoFile = JSON.parse(
	readFileSync(
		new URL('../../tests/fixtures/strata-1.2.12/strata-demo-backup.json', import.meta.url),
		'utf8'
	)
);

/** Cents, to add money up exactly in the test (the demo's amounts have at most 2 decimals). */
const cents = (text: string) => Math.round(Number(text) * 100);
const euros = (total: number) => {
	const text = (total / 100)
		.toFixed(2)
		.replace(/\.00$/, '')
		.replace(/(\.\d)0$/, '$1');
	return text === '-0' ? '0' : text;
};

/**
 * The demo's net worth at the end of `day`, recomputed naively from the file: each of its assets
 * (one bought on its acquisition day, never sold) is worth its latest valuation on or before
 * the day, or its purchase price before its first valuation, nothing before its purchase; debts
 * count negative. Keyed per series of a breakdown.
 */
function naive(day: string, key: (asset: Row) => string): Map<string, number> {
	const end = `${day}T23:59:59.999Z`;
	const typeOf = new Map(DEMO.data.assetTypes.map((t) => [t.id, t]));
	const totals = new Map<string, number>();
	for (const asset of DEMO.data.assets) {
		const bought = DEMO.data.transactions.find((t) => t.assetId === asset.id)!;
		if ((bought.occurredAt as string) > end) continue;
		const valued = DEMO.data.assetSnapshots
			.filter((s) => s.assetId === asset.id && (s.observedAt as string) <= end)
			.sort((a, b) => ((a.observedAt as string) < (b.observedAt as string) ? -1 : 1))
			.at(-1);
		const value = cents((valued?.value as string) ?? (bought.unitPrice as string));
		const sign = typeOf.get(asset.assetTypeId as string)!.group === 'LIABILITIES' ? -1 : 1;
		const k = key(asset);
		totals.set(k, (totals.get(k) ?? 0) + sign * value);
	}
	return totals;
}

/** The top-level category each asset counts under: its categories' roots, the first by name. */
function rootCategory(asset: Row): string {
	const byId = new Map(DEMO.data.categories.map((c) => [c.id, c]));
	const root = (id: string): Row => {
		const category = byId.get(id)!;
		return category.parentId ? root(category.parentId as string) : category;
	};
	const roots = DEMO.data.categoriesOnAssets
		.filter((link) => link.assetId === asset.id)
		.map((link) => root(link.categoryId as string))
		.sort((a, b) => ((a.name as string) < (b.name as string) ? -1 : 1));
	const name = (roots[0]?.name as string) ?? 'No category';
	// A debt counts apart from what is owned in its category.
	const debt =
		DEMO.data.assetTypes.find((t) => t.id === asset.assetTypeId)!.group === 'LIABILITIES';
	return debt ? `${name} (owed)` : name;
}

const BREAKDOWNS: Record<string, (asset: Row) => string> = {
	type: (asset) => DEMO.data.assetTypes.find((t) => t.id === asset.assetTypeId)!.label as string,
	group: (asset) =>
		({
			FINANCIAL: 'Financial',
			REAL_ESTATE: 'Real estate',
			PERSONAL_PROPERTY: 'Personal property',
			LIABILITIES: 'Liabilities'
		})[DEMO.data.assetTypes.find((t) => t.id === asset.assetTypeId)!.group as string]!,
	category: rootCategory
};

interface Figures {
	on: string;
	netWorth: string;
	assets: string;
	liabilities: string;
	currency: string;
	missing: unknown[];
	breakdown: { label: string; total: string }[] | null;
}

let dir: string;
let files: string[];

beforeAll(() => {
	dir = scratch();
	files = [
		copyFixture('strata-1.2.12/strata-demo-backup.json', dir),
		copyFixture('strata-1.2.12/strata-demo.db', dir)
	];
});

async function figures(file: string, ...args: string[]): Promise<Figures> {
	const before = fileFingerprint(file);
	const run = await strata(['networth', file, ...args, '--json']);
	expect(run.code).toBe(0);
	expect(fileFingerprint(file)).toBe(before);
	return run.json<Figures>();
}

describe('strata networth on the original’s demo (.json and .db)', () => {
	it('gives the documented €239,200 today, in words and as JSON', async () => {
		for (const file of files) {
			const run = await strata(['networth', file]);
			expect(run.code).toBe(0);
			expect(run.stdout).toMatch(/^Net worth of .* at the end of \d{4}-\d\d-\d\d: €239,200\.00\n/);
			expect(run.stdout).toMatch(/Assets +€419,200\.00/);
			expect(run.stdout).toMatch(/Liabilities +€180,000\.00/);
			expect(await figures(file)).toMatchObject({
				on: today(),
				netWorth: '239200',
				assets: '419200',
				liabilities: '180000',
				currency: 'EUR',
				missing: [],
				breakdown: null
			});
		}
	});

	it.each(['2025-01-14', '2025-06-30', '2026-03-15'])(
		'agrees with a naive recomputation at the end of %s, in total and per type, group and category',
		async (day) => {
			const expected = euros(naive(day, () => 'total').get('total') ?? 0);
			// Each breakdown once a day, from the .json and the .db in turn (they hold the same data).
			for (const [i, [by, key]] of Object.entries(BREAKDOWNS).entries()) {
				const result = await figures(
					files[(i + Number(day.slice(8))) % 2]!,
					'--on',
					day,
					'--by',
					by
				);
				expect(result.on).toBe(day);
				expect(result.netWorth).toBe(expected);
				const parts = Object.fromEntries(
					[...naive(day, key)].map(([label, total]) => [label, euros(total)])
				);
				expect(Object.fromEntries(result.breakdown!.map((p) => [p.label, p.total]))).toEqual(parts);
			}
		}
	);
});

/** Our own demo (other currencies, exchange rates, unit prices) as a .db file in `dir`. */
async function ourDemo(): Promise<string> {
	const file = join(dir, 'our-demo.db');
	const engine = await migratedEngine();
	seedDemo(engine, today());
	writeFileSync(file, engine.serialize());
	engine.close();
	return file;
}

describe('strata networth on every fixture, by type, group and category', () => {
	it.each([
		'v1-minimal.json',
		'strata-1.2.12/strata-demo-backup.json',
		'strata-1.2.12/strata-demo.db',
		'strata-1.2.12/strata-edge-backup.json',
		'strata-1.2.12/strata-edge.db',
		'our demo'
	])(
		'%s: assets − liabilities is the net worth, and each breakdown adds up to it',
		async (name) => {
			const file =
				name === 'our demo'
					? await ourDemo()
					: copyFixture(name, dir, `all-${name.split('/').at(-1)}`);
			for (const by of ['type', 'group', 'category']) {
				// figures() checks exit 0 and that the file is byte for byte unchanged.
				const result = await figures(file, '--by', by);
				const netWorth = new Decimal(result.netWorth);
				expect(new Decimal(result.assets).minus(result.liabilities).equals(netWorth)).toBe(true);
				const parts = result.breakdown!.map((p) => new Decimal(p.total));
				expect(
					Decimal.sum(0, ...parts).equals(netWorth),
					`${by}: ${JSON.stringify(result.breakdown)}`
				).toBe(true);
			}
		}
	);
});

describe('strata networth, other cases', () => {
	it('converts our demo’s dollars and francs into its base currency by its own rates', async () => {
		const result = await figures(await ourDemo(), '--by', 'type');
		expect(result).toMatchObject({ netWorth: '239200', currency: 'EUR', missing: [] });
		expect(result.breakdown!.map((p) => p.label)).toContain('Loan');
	});

	it.each([
		[['--on', '2026-02-30'], /--on takes a day written YYYY-MM-DD/],
		[['--on', 'yesterday'], /--on takes a day written YYYY-MM-DD/],
		[['--by', 'colour'], /--by takes type, group or category, not colour/],
		[['--by'], /--by needs a value after it/]
	])('refuses %j with exit 2', async (args, words) => {
		const run = await strata(['networth', files[0]!, ...args]);
		expect(run.code).toBe(2);
		expect(run.stderr).toMatch(words);
		expect(run.stdout).toBe('');
	});

	it('refuses a file that is not a backup with exit 1', async () => {
		const file = join(dir, 'empty.db');
		writeFileSync(file, '');
		const run = await strata(['networth', file, '--json']);
		expect(run.code).toBe(1);
		expect(run.json()).toMatchObject({ ok: false, error: { code: 'bad-file' } });
	});
});
