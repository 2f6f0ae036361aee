/**
 * Deterministic test data: a Strata v1 backup of N assets with valuations every `everyDays`
 * days for `perAsset` steps up to `endDay`, one ACQUIRE each, categories, tags and links. The
 * same seed always gives the same file, byte for byte.
 *   npx tsx bench/generate.ts <assets> <valuations-per-asset> <every-days> > file.json
 */

export interface GeneratorOptions {
	assets: number;
	perAsset: number;
	everyDays: number;
	/** Last valuation day, YYYY-MM-DD. */
	endDay: string;
	seed?: number;
	/**
	 * The assets' currencies, in turn (EUR only when left out); with any other than EUR, a
	 * rate from EUR into each for every day of the span.
	 */
	currencies?: readonly string[];
}

/** mulberry32: a tiny, fast, well-distributed seeded PRNG. */
export function random(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

const TYPES = [
	['CHECKING_ACCOUNT', 'Checking Account', 'FINANCIAL'],
	['SAVINGS_ACCOUNT', 'Savings Account', 'FINANCIAL'],
	['STOCKS', 'Stocks', 'FINANCIAL'],
	['CRYPTO', 'Crypto', 'FINANCIAL'],
	['REAL_ESTATE', 'Real Estate', 'REAL_ESTATE'],
	['VEHICLE', 'Vehicle', 'PERSONAL_PROPERTY'],
	['COLLECTIBLES', 'Collectibles', 'PHYSICAL_COLLECTIONS'],
	['LOAN', 'Loan', 'LIABILITIES']
] as const;

/** Money as exact text from integer cents: no float ever formats a value. */
function cents(value: bigint): string {
	const negative = value < 0n;
	const abs = negative ? -value : value;
	const text = `${abs / 100n}.${String(abs % 100n).padStart(2, '0')}`;
	return negative ? `-${text}` : text;
}

export function generateBackup({
	assets,
	perAsset,
	everyDays,
	endDay,
	seed = 42,
	currencies = ['EUR']
}: GeneratorOptions): string {
	const rand = random(seed);
	const uuid = () => {
		const hex = Array.from({ length: 32 }, () => Math.floor(rand() * 16).toString(16)).join('');
		return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
	};
	const end = Date.parse(`${endDay}T00:00:00.000Z`);
	const stamp = '2026-01-01T00:00:00.000Z';
	const types = TYPES.map(([code, label, group]) => ({ id: uuid(), code, label, group }));
	const categories: { id: string; name: string; parentId: string | null }[] = [];
	for (let root = 0; root < 5; root++) {
		const id = uuid();
		categories.push({ id, name: `Group ${root + 1}`, parentId: null });
		for (let child = 0; child < 3; child++)
			categories.push({ id: uuid(), name: `Group ${root + 1}.${child + 1}`, parentId: id });
	}
	const tags = Array.from({ length: 12 }, (_, i) => ({ id: uuid(), name: `tag-${i + 1}` }));
	const parts: Record<string, string[]> = {
		assets: [],
		assetSnapshots: [],
		transactions: [],
		categoriesOnAssets: [],
		tagsOnAssets: [],
		assetDetails: [],
		exchangeRates: []
	};
	for (let a = 0; a < assets; a++) {
		const id = uuid();
		const type = types[a % types.length]!;
		parts.assets!.push(
			JSON.stringify({
				id,
				name: `Asset ${a + 1}`,
				quantity: '1',
				disposed: false,
				assetTypeId: type.id,
				createdAt: stamp,
				updatedAt: stamp
			})
		);
		const currency = currencies[a % currencies.length]!;
		if (currency !== 'EUR') parts.assetDetails!.push(JSON.stringify({ assetId: id, currency }));
		let value = BigInt(Math.floor(1_000_00 + rand() * 500_000_00));
		const first = end - (perAsset - 1) * everyDays * 86_400_000;
		parts.transactions!.push(
			JSON.stringify({
				id: uuid(),
				assetId: id,
				type: 'ACQUIRE',
				unitPrice: cents(value),
				quantity: '1',
				currency,
				occurredAt: new Date(first).toISOString(),
				createdAt: stamp
			})
		);
		for (let i = 0; i < perAsset; i++) {
			const day = new Date(first + i * everyDays * 86_400_000).toISOString();
			parts.assetSnapshots!.push(
				JSON.stringify({
					id: uuid(),
					assetId: id,
					value: cents(value),
					observedAt: day,
					createdAt: stamp
				})
			);
			// A small random walk of at most ±0.5% a step, in whole cents.
			value += (value * BigInt(Math.floor((rand() - 0.5) * 1000))) / 100_000n;
		}
		parts.categoriesOnAssets!.push(
			JSON.stringify({
				assetId: id,
				categoryId: categories[1 + ((a * 4) % 20)]?.id ?? categories[1]!.id
			})
		);
		parts.tagsOnAssets!.push(JSON.stringify({ assetId: id, tagId: tags[a % tags.length]!.id }));
	}
	// A rate a day for each other currency: a walk of at most ±0.2% a day, in ten-thousandths.
	const span = (perAsset - 1) * everyDays;
	for (const currency of currencies.filter((c) => c !== 'EUR')) {
		let units = BigInt(Math.floor(5000 + rand() * 10000));
		for (let d = span; d >= 0; d--) {
			const day = new Date(end - d * 86_400_000).toISOString().slice(0, 10);
			const rate = `${units / 10000n}.${String(units % 10000n).padStart(4, '0')}`;
			parts.exchangeRates!.push(JSON.stringify({ day, base: 'EUR', quote: currency, rate }));
			units += (units * BigInt(Math.floor((rand() - 0.5) * 40))) / 10_000n;
		}
	}
	const table = (rows: unknown[]) =>
		`[${rows.map((r) => (typeof r === 'string' ? r : JSON.stringify(r))).join(',')}]`;
	return `{"schemaVersion":"1","exportedAt":${JSON.stringify(stamp)},"data":{"assetTypes":${table(types)},"categories":${table(categories)},"tags":${table(tags)},"assets":${table(parts.assets!)},"assetSnapshots":${table(parts.assetSnapshots!)},"portfolioSnapshots":[],"transactions":${table(
		parts.transactions!
	)},"categoriesOnAssets":${table(parts.categoriesOnAssets!)},"tagsOnAssets":${table(parts.tagsOnAssets!)},"assetDetails":${table(parts.assetDetails!)},"exchangeRates":${table(parts.exchangeRates!)}}}`;
}

/** The sizes the benchmark uses, by name (valuation counts). */
export const SIZES = {
	'10k': { assets: 100, perAsset: 100, everyDays: 7 },
	'100k': { assets: 100, perAsset: 1000, everyDays: 1 },
	'365k': { assets: 100, perAsset: 3650, everyDays: 1 },
	'1M': { assets: 100, perAsset: 10_000, everyDays: 1 }
} as const;

export type SizeName = keyof typeof SIZES;

/** Total rows a generated backup holds, all tables. */
export function rowCount({
	assets,
	perAsset,
	everyDays = 1,
	currencies = ['EUR']
}: {
	assets: number;
	perAsset: number;
	everyDays?: number;
	currencies?: readonly string[];
}): number {
	const others = currencies.filter((c) => c !== 'EUR').length;
	const foreignAssets = Array.from(
		{ length: assets },
		(_, a) => currencies[a % currencies.length]
	).filter((c) => c !== 'EUR').length;
	const rates = others * ((perAsset - 1) * everyDays + 1);
	return assets * perAsset + assets * 3 + TYPES.length + 20 + 12 + foreignAssets + rates;
}

if (process.argv[1]?.endsWith('generate.ts')) {
	const [assets = '100', perAsset = '1000', everyDays = '1'] = process.argv.slice(2);
	process.stdout.write(
		generateBackup({
			assets: Number(assets),
			perAsset: Number(perAsset),
			everyDays: Number(everyDays),
			endDay: '2026-11-21'
		})
	);
}
