/**
 * `npm run bench [-- --quick]`: the app's real work measured in Debian's Chromium with
 * performance.now() inside the page, next to the same workloads on native SQLite
 * (better-sqlite3) in Node. Each figure is the median of 5 runs after a warm-up, with min and
 * max; the table is printed and written to bench/results.json. `--quick` runs tiny sizes once,
 * to keep the benchmark working in CI: it asserts nothing about time.
 */
import { chromium, type BrowserContext, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import {
	existsSync,
	mkdirSync,
	mkdtempSync,
	readFileSync,
	readdirSync,
	rmSync,
	statSync,
	writeFileSync
} from 'node:fs';
import { rm } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { createServer } from 'vite';
import { serveBuild } from '../scripts/static-server';
import { chromiumLaunchOptions } from '../tests/e2e/browser';
import { addDays, today } from '../src/lib/domain/dates';
import { generateBackup, rowCount } from './generate';

const ROOT = new URL('../', import.meta.url).pathname;
const quick = process.argv.includes('--quick');
/** The database worker's entry: app.html starts it early, so it is not first-paint page JS. */
const DB_WORKER = '/_app/db-worker.js';
/** `--only repeat` runs just the workloads whose name contains that word (while tuning one). */
const only = process.argv.includes('--only')
	? process.argv[process.argv.indexOf('--only') + 1]!.toLowerCase()
	: '';
const wanted = (name: string) => !only || name.toLowerCase().includes(only);
const RUNS = quick ? 1 : 5;
const WARMUP = quick ? 0 : 1;
const PORT = 4197;
const TIMEOUT = 10 * 60_000;

const localToday = today();
/** The assets of the currency case are in these, in turn, with a rate a day for USD and CHF. */
const THREE = ['EUR', 'USD', 'CHF'] as const;

/** The data sets: valuations per asset (100 assets, or 10 in quick mode), daily unless noted. */
const DATA = quick
	? {
			import: { assets: 10, perAsset: 100, everyDays: 1 },
			dbExport: { assets: 10, perAsset: 200, everyDays: 1 },
			repeat: { assets: 10, perAsset: 500, everyDays: 1 },
			history: [
				['1k', { assets: 10, perAsset: 100, everyDays: 7 }],
				['2k', { assets: 10, perAsset: 200, everyDays: 1 }],
				['5k', { assets: 10, perAsset: 500, everyDays: 1 }]
			] as const,
			currencies: { assets: 10, perAsset: 500, everyDays: 1, currencies: THREE },
			csv: { assets: 5, perAsset: 20 }
		}
	: {
			import: { assets: 100, perAsset: 1000, everyDays: 1 },
			dbExport: { assets: 100, perAsset: 1550, everyDays: 1 },
			repeat: { assets: 100, perAsset: 3650, everyDays: 1 },
			history: [
				['10k', { assets: 100, perAsset: 100, everyDays: 7 }],
				['100k', { assets: 100, perAsset: 1000, everyDays: 1 }],
				['1M', { assets: 100, perAsset: 10_000, everyDays: 1 }]
			] as const,
			currencies: { assets: 100, perAsset: 3650, everyDays: 1, currencies: THREE },
			csv: { assets: 50, perAsset: 1000 }
		};

type Size = {
	assets: number;
	perAsset: number;
	everyDays: number;
	currencies?: readonly string[];
};

// ---------------------------------------------------------------------------------------------

function log(line: string) {
	process.stderr.write(`${line}\n`);
}

interface Stat {
	median: number;
	min: number;
	max: number;
	runs: number[];
}

function stat(runs: number[]): Stat {
	const sorted = [...runs].sort((a, b) => a - b);
	const mid = Math.floor(sorted.length / 2);
	const median = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
	return { median, min: sorted[0]!, max: sorted.at(-1)!, runs };
}

async function repeat(measure: (run: number) => Promise<number>): Promise<Stat> {
	const runs: number[] = [];
	for (let i = 0; i < WARMUP + RUNS; i++) {
		const ms = await measure(i);
		if (i >= WARMUP) runs.push(ms);
	}
	return stat(runs);
}

function dataFile({ assets, perAsset, everyDays, currencies = ['EUR'] }: Size): string {
	const dir = join(ROOT, 'bench', '.cache');
	mkdirSync(dir, { recursive: true });
	const tag = currencies.length > 1 ? `-${currencies.join('')}` : '';
	const file = join(dir, `backup-${assets}x${perAsset}-every${everyDays}${tag}-${localToday}.json`);
	if (!existsSync(file)) {
		const rows = rowCount({ assets, perAsset, everyDays, currencies });
		log(`  generating ${rows.toLocaleString('en-US')} rows → ${file}`);
		writeFileSync(
			file,
			generateBackup({ assets, perAsset, everyDays, currencies, endDay: localToday })
		);
	}
	return file;
}

/**
 * A French bank's kind of CSV (Windows-1252, `;`, `1 234,56`, dd/mm/yyyy, CRLF) of balances of
 * `assets` accounts, one a day for `perAsset` days up to today: the CSV import's workload.
 */
function csvFile({ assets, perAsset }: { assets: number; perAsset: number }): string {
	const dir = join(ROOT, 'bench', '.cache');
	mkdirSync(dir, { recursive: true });
	const file = join(dir, `releves-${assets}x${perAsset}-${localToday}.csv`);
	if (existsSync(file)) return file;
	const lines = ['Date;Compte;Solde'];
	for (let a = 0; a < assets; a++) {
		for (let d = perAsset - 1; d >= 0; d--) {
			const [y, m, day] = addDays(localToday, -d).split('-');
			const cents = 100_000 + a * 1_000 + ((d * 7919) % 500_000);
			const euros = String(Math.floor(cents / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
			lines.push(
				`${day}/${m}/${y};Compte épargne ${a + 1};${euros},${String(cents % 100).padStart(2, '0')}`
			);
		}
	}
	writeFileSync(file, Buffer.from(lines.join('\r\n') + '\r\n', 'latin1'));
	return file;
}

/** Builds the app unless build/ is newer than every source file. */
function ensureBuild() {
	const built = join(ROOT, 'build', '200.html');
	const newest = (path: string): number => {
		const info = statSync(path);
		if (!info.isDirectory()) return info.mtimeMs;
		return Math.max(0, ...readdirSync(path).map((entry) => newest(join(path, entry))));
	};
	const sources = [
		'src',
		'static',
		'migrations',
		'svelte.config.js',
		'vite.config.ts',
		'package.json'
	];
	if (
		existsSync(built) &&
		statSync(built).mtimeMs > Math.max(...sources.map((s) => newest(join(ROOT, s))))
	)
		return;
	log('Building the app…');
	execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
}

// ---------------------------------------------------------------------------------------------
// The browser side

const BASE = `http://localhost:${PORT}`;
const launch = chromiumLaunchOptions();

/**
 * A browser on a fresh profile on disk, deleted on close. Not an incognito context: Chromium
 * keeps an incognito origin's OPFS in memory behind a round trip per read, which is not what a
 * user's installed app runs on.
 */
async function newContext(): Promise<BrowserContext> {
	const profile = mkdtempSync(join(tmpdir(), 'strata-bench-'));
	const context = await chromium.launchPersistentContext(profile, {
		...launch,
		baseURL: BASE,
		acceptDownloads: true
	});
	context.setDefaultTimeout(TIMEOUT);
	// The browser may still be writing its profile as it closes: retry, and never fail a run on it.
	context.on('close', () => {
		rm(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 }).catch(() => {});
	});
	return context;
}

async function newPage(context: BrowserContext): Promise<Page> {
	return context.pages()[0] ?? (await context.newPage());
}

async function start(
	page: Page,
	choice: 'Start with my own data' | 'Explore the demo'
): Promise<void> {
	await page.goto('/');
	await page.getByRole('button', { name: choice }).click();
	await page.getByTestId('net-worth').waitFor();
}

async function lastMeasure(page: Page, name: string, count: number): Promise<number> {
	await page.waitForFunction(
		([n, c]) => performance.getEntriesByName(n as string, 'measure').length > (c as number),
		[name, count],
		{ timeout: TIMEOUT }
	);
	return page.evaluate((n) => performance.getEntriesByName(n, 'measure').at(-1)!.duration, name);
}

const measureCount = (page: Page, name: string) =>
	page.evaluate((n) => performance.getEntriesByName(n, 'measure').length, name);

/** Imports a backup through Settings → Backup; returns file chosen → committed (machine time). */
async function importThroughUi(page: Page, file: string): Promise<number> {
	await page.goto('/settings/backup');
	const inspected = await measureCount(page, 'strata:import-inspect');
	const committed = await measureCount(page, 'strata:import-commit');
	await page.getByLabel('Backup file to import').setInputFiles(file);
	const inspect = await lastMeasure(page, 'strata:import-inspect', inspected);
	await page
		.getByRole('region', { name: 'Import preview' })
		.getByRole('button', { name: 'Replace my data' })
		.click();
	const commit = await lastMeasure(page, 'strata:import-commit', committed);
	await page.getByRole('status').filter({ hasText: 'Backup imported' }).waitFor();
	// The time the user spends reading the preview is theirs, not the app's: not counted.
	return inspect + commit;
}

/**
 * Imports a CSV file of new accounts through Settings → Import CSV, each account of the type it
 * is offered; returns file chosen → committed (machine time: reading the file, the preview and
 * the import; the user's reading and clicking are theirs).
 */
async function csvImportThroughUi(page: Page, file: string): Promise<number> {
	await page.goto('/settings/import-csv');
	const names = ['strata:csv-read', 'strata:csv-preview', 'strata:csv-import-commit'];
	const counts = await Promise.all(names.map((name) => measureCount(page, name)));
	await page.getByLabel('Choose a CSV file').setInputFiles(file);
	const read = await lastMeasure(page, names[0]!, counts[0]!);
	await page
		.getByRole('form', { name: 'Columns to fields' })
		.getByRole('button', { name: 'Preview' })
		.click();
	const preview = await lastMeasure(page, names[1]!, counts[1]!);
	const region = page.getByRole('region', { name: /^Check before importing/ });
	await region.getByRole('button', { name: 'Import', exact: true }).click();
	const commit = await lastMeasure(page, names[2]!, counts[2]!);
	await page.getByRole('status').filter({ hasText: 'Imported.' }).waitFor();
	return read + preview + commit;
}

async function exportThroughUi(page: Page, kind: 'JSON' | '.db'): Promise<number> {
	const name = kind === 'JSON' ? 'strata:export-json' : 'strata:export-db';
	const before = await measureCount(page, name);
	const download = page.waitForEvent('download');
	await page.getByRole('button', { name: `Export ${kind}`, exact: true }).click();
	await download;
	return lastMeasure(page, name, before);
}

/**
 * Navigation → net worth painted, in a new browser process on a profile that holds `setup`: the
 * last confirmed figures (state/last-figures.ts) when there are some, and separately navigation
 * → the database's own figures on screen.
 */
async function repeatVisit(
	setup: (page: Page) => Promise<void>
): Promise<{ painted: Stat; confirmed: Stat }> {
	const profile = mkdtempSync(join(tmpdir(), 'strata-bench-'));
	try {
		const open = () => chromium.launchPersistentContext(profile, { ...launch, baseURL: BASE });
		const first = await open();
		first.setDefaultTimeout(TIMEOUT);
		await setup(await newPage(first));
		await first.close();
		const confirmed: number[] = [];
		const painted = await repeat(async (run) => {
			const context = await open();
			const page = await newPage(context);
			await page.goto('/');
			const marks = ['strata:net-worth-painted', 'strata:net-worth-confirmed'];
			await page.waitForFunction(
				(names) => names.every((n) => performance.getEntriesByName(n).length > 0),
				marks,
				{ timeout: TIMEOUT }
			);
			const [shown, answered] = await page.evaluate(
				(names) => names.map((n) => performance.getEntriesByName(n)[0]!.startTime),
				marks
			);
			await context.close();
			if (run >= WARMUP) confirmed.push(answered!);
			return shown!;
		});
		return { painted, confirmed: stat(confirmed) };
	} finally {
		rmSync(profile, { recursive: true, force: true });
	}
}

/** The chart switched: to the breakdown by type over ALL, and from 1Y to ALL by category. */
async function historyIn(page: Page): Promise<{ breakdown: Stat; range: Stat }> {
	await page.goto('/');
	const breakdown = page.getByRole('group', { name: 'Breakdown' });
	const range = page.getByRole('group', { name: 'Range' });
	await range.getByRole('button', { name: 'ALL' }).click();
	const settled = async (click: () => Promise<void>) => {
		const before = await measureCount(page, 'strata:history');
		await click();
		const ms = await lastMeasure(page, 'strata:history', before);
		// The chart drawn before the next click, as a user sees it before switching again.
		await page.evaluate(
			() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))
		);
		return ms;
	};
	const byType = await repeat(async () => {
		// Switch away and let that query finish, so the measured one does not queue behind it.
		await settled(() => breakdown.getByRole('button', { name: 'By group' }).click());
		return settled(() => breakdown.getByRole('button', { name: 'By type' }).click());
	});
	await settled(() => breakdown.getByRole('button', { name: 'By category' }).click());
	const toAll = await repeat(async () => {
		await settled(() => range.getByRole('button', { name: '1Y' }).click());
		return settled(() => range.getByRole('button', { name: 'ALL' }).click());
	});
	return { breakdown: byType, range: toAll };
}

/**
 * The oldest valuation of Asset 1 (on `oldest`, ten years back on the large sets) edited on its
 * page, then on the dashboard undone (Ctrl+Z) and done again (Ctrl+Shift+Z, the same write as
 * the edit) in turn: each from the change sent to the totals and the chart painted again.
 */
async function writesIn(page: Page, oldest: string): Promise<{ edit: Stat; undo: Stat }> {
	await page.goto('/assets');
	await page.getByRole('link', { name: 'Asset 1', exact: true }).click();
	const form = page.getByRole('form', { name: 'Add valuation' });
	await form.getByLabel('Value', { exact: true }).fill('1234.56');
	await form.getByLabel('Date', { exact: true }).fill(oldest);
	await form.getByRole('button', { name: 'Add valuation' }).click();
	await page.getByRole('button', { name: 'Edit the existing valuation' }).click();
	const dialog = page.getByRole('dialog', { name: 'Edit valuation' });
	await dialog.getByLabel('Value', { exact: true }).fill('1234.56');
	await dialog.getByRole('button', { name: 'Save' }).click();
	await dialog.waitFor({ state: 'hidden' });
	const charted = await measureCount(page, 'strata:history');
	await page.getByRole('link', { name: 'Dashboard' }).first().click();
	await lastMeasure(page, 'strata:history', charted);
	const press = async (keys: string) => {
		const before = await measureCount(page, 'strata:change-repainted');
		// Outside any text field, where Ctrl+Z is the app's.
		await page.getByRole('heading', { level: 1 }).click();
		await page.keyboard.press(keys);
		return lastMeasure(page, 'strata:change-repainted', before);
	};
	const undo: number[] = [];
	const edit: number[] = [];
	for (let i = 0; i < WARMUP + RUNS; i++) {
		const undone = await press('Control+Z');
		const redone = await press('Control+Shift+Z');
		if (i >= WARMUP) {
			undo.push(undone);
			edit.push(redone);
		}
	}
	return { edit: stat(edit), undo: stat(undo) };
}

/** The tab's JS heap now and the database engine's WebAssembly memory (its peak: it only grows). */
async function memoryIn(page: Page): Promise<{ heap: number; engine: string }> {
	const heap = await page.evaluate(
		() => (performance as unknown as { memory: { usedJSHeapSize: number } }).memory.usedJSHeapSize
	);
	await page.getByRole('link', { name: 'Settings' }).first().click();
	await page.goto('/settings/storage');
	const engine = page.getByTestId('engine-memory');
	await engine.filter({ hasText: /\d/ }).waitFor();
	return { heap, engine: (await engine.textContent())!.trim() };
}

// ---------------------------------------------------------------------------------------------
// Bundle

function gzipSize(path: string): number {
	return gzipSync(readFileSync(path), { level: 9 }).byteLength;
}

async function bundle(): Promise<Record<string, number>> {
	const build = join(ROOT, 'build');
	const context = await newContext();
	const page = await newPage(context);
	await start(page, 'Explore the demo');
	await page.waitForFunction(
		() => performance.getEntriesByName('strata:net-worth-painted').length > 0
	);
	// The scripts the page asked for before net worth was painted (by the browser's own
	// timeline: the charts' code, requested on the next frame, does not count).
	const scripts = await page.evaluate((base) => {
		const painted = performance.getEntriesByName('strata:net-worth-painted')[0]!.startTime;
		return performance
			.getEntriesByType('resource')
			.filter((entry) => entry.startTime <= painted)
			.map((entry) => new URL(entry.name))
			.filter((url) => url.origin === base && url.pathname.endsWith('.js'))
			.map((url) => url.pathname)
			.filter((path) => !path.includes('/workers/') && path !== '/_app/db-worker.js');
	}, BASE);
	await context.close();
	const js = [...scripts].filter((p) => !/\/(sw|workbox-[^/]*)\.js$/.test(p));
	const workers = join(build, '_app/immutable/workers');
	const wasm = readdirSync(join(workers, 'assets')).find((f) => f.endsWith('.wasm'))!;
	const sw = readFileSync(join(build, 'sw.js'), 'utf8');
	const precached = [...sw.matchAll(/url:"([^"]+)"/g)].map((m) => m[1]!);
	const precacheBytes = precached.reduce((sum, url) => {
		const file = join(build, url === '/' ? '200.html' : url.replace(/^\//, ''));
		return sum + (existsSync(file) ? statSync(file).size : 0);
	}, 0);
	return {
		firstPaintJsFiles: js.length,
		firstPaintJsGzip: js.reduce((sum, p) => sum + gzipSize(join(build, p)), 0),
		firstPaintJsRaw: js.reduce((sum, p) => sum + statSync(join(build, p)).size, 0),
		engineWasmRaw: statSync(join(workers, 'assets', wasm)).size,
		engineWasmGzip: gzipSize(join(workers, 'assets', wasm)),
		engineWorkerJsGzip: gzipSize(join(build, DB_WORKER)),
		precacheEntries: precached.length,
		precacheBytes
	};
}

// ---------------------------------------------------------------------------------------------

interface Row {
	name: string;
	browser: Stat | null;
	native: Stat | null;
	floor?: string;
}

function ms(value: number): string {
	return value >= 1000
		? `${(value / 1000).toFixed(2)} s`
		: `${value.toFixed(value < 10 ? 1 : 0)} ms`;
}

function cell(s: Stat | null): string {
	return s ? `${ms(s.median)} (${ms(s.min)}–${ms(s.max)})` : '—';
}

async function main() {
	ensureBuild();
	const server = await serveBuild(join(ROOT, 'build'), PORT);
	const vite = await createServer({
		root: ROOT,
		logLevel: 'error',
		server: { middlewareMode: true, hmr: false },
		appType: 'custom'
	});
	const native = (await vite.ssrLoadModule('/bench/native.ts')) as typeof import('./native');
	const scratch = mkdtempSync(join(tmpdir(), 'strata-bench-native-'));
	const rows: Row[] = [];
	try {
		log(
			`Strata benchmark (${quick ? 'quick: tiny sizes, one run' : `median of ${RUNS} runs after ${WARMUP} warm-up`})`
		);

		if (wanted('repeat visit demo')) {
			log('Repeat visit, demo…');
			const visit = await repeatVisit((page) => start(page, 'Explore the demo'));
			rows.push(
				{
					name: 'Repeat visit → net worth painted (the last confirmed figures), demo',
					browser: visit.painted,
					native: null,
					floor: '≤ 300 ms'
				},
				{
					name: 'Repeat visit → the database’s own figures painted, demo',
					browser: visit.confirmed,
					native: null
				}
			);
		}
		if (wanted('repeat visit large')) {
			const repeatFile = dataFile(DATA.repeat);
			const repeatRows = DATA.repeat.assets * DATA.repeat.perAsset;
			log(`Repeat visit, ${repeatRows.toLocaleString('en-US')} valuations…`);
			const visit = await repeatVisit(async (page) => {
				await start(page, 'Start with my own data');
				await importThroughUi(page, repeatFile);
				await page.goto('/');
				await page.getByTestId('net-worth').waitFor();
			});
			rows.push(
				{
					name: `Repeat visit → net worth painted (the last confirmed figures), ${repeatRows.toLocaleString('en-US')} valuations`,
					browser: visit.painted,
					native: null,
					floor: '≤ 350 ms'
				},
				{
					name: `Repeat visit → the database’s own figures painted, ${repeatRows.toLocaleString('en-US')} valuations`,
					browser: visit.confirmed,
					native: null
				}
			);
		}

		if (wanted('import export')) {
			const importFile = dataFile(DATA.import);
			const importRows = rowCount(DATA.import);
			log(`JSON import, ${importRows.toLocaleString('en-US')} rows…`);
			// One browser profile, as for a returning user: the warm-up imports into the empty
			// database, every measured run replaces the rows the run before it wrote.
			const context = await newContext();
			const page = await newPage(context);
			await start(page, 'Start with my own data');
			const importStat = await repeat(() => importThroughUi(page, importFile));
			rows.push({
				name: `JSON import (replace, validated), ${importRows.toLocaleString('en-US')} rows, file chosen → committed`,
				browser: importStat,
				native: await repeat((run) =>
					native.nativeImport(importFile, join(scratch, `import-${run}.db`))
				),
				floor: '≤ 1.0 s'
			});

			log('JSON export…');
			const exportPage = page;
			await exportPage.goto('/settings/backup');
			const loaded = await native.nativeLoaded(importFile, join(scratch, 'export.db'));
			rows.push({
				name: `JSON export, ${importRows.toLocaleString('en-US')} rows, click → download started`,
				browser: await repeat(() => exportThroughUi(exportPage, 'JSON')),
				native: await repeat(async () => native.nativeExport(loaded.sql)),
				floor: '≤ 250 ms'
			});
			loaded.close();
			await context.close();
		}

		if (wanted('csv import')) {
			const file = csvFile(DATA.csv);
			const csvRows = DATA.csv.assets * DATA.csv.perAsset;
			log(`CSV import, ${csvRows.toLocaleString('en-US')} rows…`);
			// A fresh profile each run: the same file into a database that has none of it.
			const stat = await repeat(async () => {
				const context = await newContext();
				try {
					const page = await newPage(context);
					await start(page, 'Start with my own data');
					return await csvImportThroughUi(page, file);
				} finally {
					await context.close();
				}
			});
			rows.push({
				name: `CSV import (a bank's statements: Windows-1252, “;”, 1 234,56, dd/mm/yyyy), ${csvRows.toLocaleString('en-US')} rows of ${DATA.csv.assets} new accounts, file chosen → committed`,
				browser: stat,
				native: null,
				floor: '≤ 2 s'
			});
		}

		let syncDay: { changes: number; bytes: number } | null = null;
		if (wanted('sync')) {
			const days = quick ? 2 : 30;
			log(`Sync, ${days} days of changes from another device…`);
			const sync = (await vite.ssrLoadModule(
				'/bench/sync-workload.ts'
			)) as typeof import('./sync-workload');
			let changes = 0;
			const stat = await repeat(async () => {
				const figures = await sync.measureSync(days);
				syncDay = figures.day;
				changes = figures.applied.changes;
				return figures.applied.ms;
			});
			rows.push({
				name: `Sync: another device's ${days} days of changes (${changes} changes, a typical day's 8 a day) read from the folder and applied, on the demo's data (the worker's engine, run in Node)`,
				browser: stat,
				native: null,
				floor: ''
			});
		}

		if (wanted('db export')) {
			const dbFile = dataFile(DATA.dbExport);
			log('.db export…');
			const context = await newContext();
			const page = await newPage(context);
			await start(page, 'Start with my own data');
			await importThroughUi(page, dbFile);
			await page.goto('/settings/storage');
			await page.getByTestId('database-size').filter({ hasText: /\d/ }).waitFor();
			const dbSize = (await page.getByTestId('database-size').textContent())?.trim();
			await page.goto('/settings/backup');
			rows.push({
				name: `.db export, ${dbSize} database, click → download started`,
				browser: await repeat(() => exportThroughUi(page, '.db')),
				native: null,
				floor: '≤ 0.3 s'
			});
			await context.close();
		}

		const history: Record<string, Stat> = {};
		const writes: Record<string, Stat> = {};
		let memory: { heap: number; engine: string; label: string } | null = null;
		for (const [label, size] of wanted('history') ? DATA.history : []) {
			log(`History and writes, ${label} valuations…`);
			const file = dataFile(size);
			const context = await newContext();
			const page = await newPage(context);
			await start(page, 'Start with my own data');
			await importThroughUi(page, file);
			const switched = await historyIn(page);
			history[label] = switched.breakdown;
			const oldest = addDays(localToday, -(size.perAsset - 1) * size.everyDays);
			const written = await writesIn(page, oldest);
			writes[label] = written.edit;
			memory = { ...(await memoryIn(page)), label };
			await context.close();
			const opened = await native.nativeLoaded(file, join(scratch, `history-${label}.db`));
			const large = label === DATA.history.at(-1)![0];
			rows.push(
				{
					name: `Chart switch to by type, ALL range, ${label} valuations`,
					browser: history[label]!,
					native: await repeat(() => native.nativeHistory(opened.db, localToday)),
					floor: large ? '≤ 100 ms' : undefined
				},
				{
					name: `Chart switch 1Y → ALL by category, ${label} valuations`,
					browser: switched.range,
					native: null,
					floor: large ? '≤ 100 ms' : undefined
				},
				{
					name: `Edit of a valuation dated ${oldest} (the oldest), ${label} valuations → totals and chart repainted`,
					browser: written.edit,
					native: null
				},
				{
					name: `Undo of that edit → repainted, ${label} valuations`,
					browser: written.undo,
					native: null
				}
			);
			opened.close();
		}
		if (wanted('history') || wanted('currencies')) {
			const size = DATA.currencies;
			const label = `${(size.assets * size.perAsset).toLocaleString('en-US')} valuations in 3 currencies`;
			log(`History, ${label}…`);
			const context = await newContext();
			const page = await newPage(context);
			await start(page, 'Start with my own data');
			await importThroughUi(page, dataFile(size));
			const switched = await historyIn(page);
			const oldest = addDays(localToday, -(size.perAsset - 1) * size.everyDays);
			const written = await writesIn(page, oldest);
			rows.push(
				{
					name: `Chart switch to by type, ALL range, ${label} (EUR, USD, CHF; a rate a day)`,
					browser: switched.breakdown,
					native: null,
					floor: '≤ 50 ms'
				},
				{
					name: `Chart switch 1Y → ALL by category, ${label}`,
					browser: switched.range,
					native: null,
					floor: '≤ 50 ms'
				},
				{
					name: `Edit of a valuation dated ${oldest} (the oldest), ${label} → totals and chart repainted`,
					browser: written.edit,
					native: null,
					floor: '≤ 100 ms'
				},
				{
					name: `Undo of that edit → repainted, ${label}`,
					browser: written.undo,
					native: null,
					floor: '≤ 100 ms'
				}
			);
			await context.close();
		}
		const [smallest, , largest] = DATA.history.map(([label]) => label);
		const growth =
			history[largest!] && history[smallest!]
				? history[largest!]!.median / history[smallest!]!.median
				: NaN;
		const writeGrowth =
			writes[largest!] && writes[smallest!]
				? writes[largest!]!.median / writes[smallest!]!.median
				: NaN;

		log('Bundle…');
		const sizes = await bundle();

		const table = [
			'| workload | browser: median (min–max) | native SQLite | browser ÷ native | floor |',
			'|---|---|---|---|---|',
			...rows.map(
				(r) =>
					`| ${r.name} | ${cell(r.browser)} | ${cell(r.native)} | ${r.browser && r.native ? `${(r.browser.median / r.native.median).toFixed(1)}×` : '—'} | ${r.floor ?? ''} |`
			),
			...(Number.isNaN(growth)
				? []
				: [
						`| Chart switch growth, ${largest} ÷ ${smallest} valuations (browser) | ${growth.toFixed(2)}× | | | ≤ 2× |`
					]),
			...(Number.isNaN(writeGrowth)
				? []
				: [
						`| Edit growth, ${largest} ÷ ${smallest} valuations (browser) | ${writeGrowth.toFixed(2)}× | | | ≤ 2× |`
					])
		];
		const kb = (n: number) => `${(n / 1024).toFixed(0)} KB`;
		const bundleLines = [
			`JS before first paint (${sizes.firstPaintJsFiles} files, without the SQLite engine): ${kb(sizes.firstPaintJsGzip!)} gzip (${kb(sizes.firstPaintJsRaw!)} raw)`,
			`SQLite engine: sqlite3.wasm ${kb(sizes.engineWasmRaw!)} (${kb(sizes.engineWasmGzip!)} gzip) + database worker ${kb(sizes.engineWorkerJsGzip!)} gzip`,
			`Precache: ${sizes.precacheEntries} files, ${kb(sizes.precacheBytes!)}`,
			`JS before first paint floor: ≤ 100 KB gzip`,
			...(syncDay
				? [
						`Sync: a typical day (${(syncDay as { changes: number }).changes} changes) is ${((syncDay as { bytes: number }).bytes / 1024).toFixed(1)} KB of changeset files in the folder`
					]
				: []),
			...(memory
				? [
						`Memory at ${memory.label} valuations, after its import, charts and writes: the tab's JS heap ${(memory.heap / 1048576).toFixed(0)} MB + the database engine's WebAssembly memory (peak) ${memory.engine}`
					]
				: [])
		];
		console.log(`\n${table.join('\n')}\n\n${bundleLines.join('\n')}\n`);
		const results = {
			date: new Date().toISOString(),
			mode: quick ? 'quick' : 'full',
			runs: RUNS,
			warmup: WARMUP,
			machine: { cpus: cpus().length, cpu: cpus()[0]?.model, node: process.version },
			rows,
			historyGrowth: Number.isNaN(growth) ? null : growth,
			writeGrowth: Number.isNaN(writeGrowth) ? null : writeGrowth,
			memory,
			bundle: sizes
		};
		// Only a full run of every workload is the project's reference figure.
		if (!quick && !only) {
			writeFileSync(join(ROOT, 'bench', 'results.json'), JSON.stringify(results, null, 2) + '\n');
		}
	} finally {
		await vite.close();
		await server.close();
		rmSync(scratch, { recursive: true, force: true });
	}
}

await main();
