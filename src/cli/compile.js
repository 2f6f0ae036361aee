/**
 * The command line runs the app's own TypeScript (backup, domain, migrations, the worker's
 * Engine), which imports `$lib/…` and bundles the migrations with Vite's `import.meta.glob`: Node
 * cannot load it as it is. Vite builds it into one file, once per version of the sources, kept
 * in `.tmp/cli/` (ignored by git) next to the project's `node_modules`, whose packages it
 * imports as they are. Why this and not the alternatives, measured on this machine (2 cores):
 * - Vite's module runner (`createServerModuleRunner`) transforms every file on every run, a
 *   cron job's included: `verify` of the demo took 1.4–2.1 s that way.
 * - This build adds about 0.25 s to the first run after a change (no step to remember after
 *   `npm install` or `git pull`: it notices the change itself); then `--version` takes 0.2 s
 *   and `verify` of the demo 0.4–0.7 s, most of it SQLite's WebAssembly starting and the work.
 * The sources are hashed by content, so an edit, a checkout or a new migration builds anew; a
 * stale file can never run.
 *
 * Plain JavaScript on purpose: it runs before anything is compiled.
 */
import { createHash } from 'node:crypto';
import {
	existsSync,
	mkdirSync,
	readFileSync,
	readdirSync,
	renameSync,
	rmSync,
	statSync
} from 'node:fs';
import { writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/** What the bundle is made of: the app's library, the command line, the migrations (and package.json). */
const SOURCES = ['src/lib', 'src/cli', 'migrations'];
const ENTRY = 'src/cli/main.ts';

/**
 * A short hash of every source file the bundle may include (path and content).
 *
 * @param {string} root
 */
function sourceHash(root) {
	const hash = createHash('sha256');
	/** @param {string} dir */
	const walk = (dir) => {
		const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
			a.name < b.name ? -1 : a.name > b.name ? 1 : 0
		);
		for (const entry of entries) {
			const path = join(dir, entry.name);
			if (entry.isDirectory()) walk(path);
			else if (/\.(ts|js|sql)$/.test(entry.name) && !/\.spec\.ts$/.test(entry.name)) {
				hash.update(relative(root, path)).update('\0').update(readFileSync(path)).update('\0');
			}
		}
	};
	for (const dir of SOURCES) walk(join(root, dir));
	// The version the bundle prints comes from package.json (its packages load from node_modules).
	hash.update(readFileSync(join(root, 'package.json')));
	return hash.digest('hex').slice(0, 16);
}

/**
 * TypeScript to JavaScript file by file, types removed and nothing else. The project's
 * tsconfig.json extends `.svelte-kit/tsconfig.json`, which exists only once SvelteKit has run:
 * the build must not read it.
 *
 * @param {typeof import('vite').transformWithOxc} transformWithOxc
 * @returns {import('vite').Plugin}
 */
function typeScript(transformWithOxc) {
	return {
		name: 'strata-cli-typescript',
		async transform(code, id) {
			if (!id.split('?')[0]?.endsWith('.ts')) return null;
			// tsconfig: false is the transformer's own "read no tsconfig".
			const result = await transformWithOxc(code, id, { lang: 'ts', tsconfig: false });
			return { code: result.code, map: result.map };
		}
	};
}

/** How old a bundle of other sources must be to go: a run started before may still import it. */
const STALE_MS = 60 * 60 * 1000;

/**
 * Removes the bundles of other sources, and temporary files a build left (killed midway), once
 * they are an hour old: a run started just before an edit or a `git pull` may be about to import
 * the bundle it built or found, and another build may still be writing its partial file.
 *
 * @param {string} dir
 * @param {string} keep the bundle of the sources as they are now
 */
function removeStale(dir, keep) {
	const before = Date.now() - STALE_MS;
	for (const name of readdirSync(dir)) {
		const path = join(dir, name);
		if (path === keep || !/^strata-[0-9a-f]+\.mjs(\.\d+\.partial)?$/.test(name)) continue;
		try {
			if (statSync(path).mtimeMs < before) rmSync(path, { force: true });
		} catch {
			// Removed by another run meanwhile: nothing to do.
		}
	}
}

/**
 * The path of the command line's bundle for the sources as they are now, built first if needed.
 *
 * @param {string} root the project's folder
 * @returns {Promise<string>}
 * @example const main = await import(await compiledCli(root)); // { run }
 */
export async function compiledCli(root) {
	const dir = join(root, '.tmp', 'cli');
	const file = join(dir, `strata-${sourceHash(root)}.mjs`);
	if (existsSync(file)) return file;
	const { build, transformWithOxc } = await import('vite');
	const result = await build({
		root,
		configFile: false,
		logLevel: 'silent',
		resolve: { alias: { $lib: join(root, 'src/lib') } },
		oxc: false,
		plugins: [typeScript(transformWithOxc)],
		build: {
			ssr: ENTRY,
			target: 'node20',
			write: false,
			minify: false,
			sourcemap: false,
			rollupOptions: {
				tsconfig: false,
				output: { format: 'es', codeSplitting: false }
			}
		}
	});
	const outputs = Array.isArray(result) ? result : [result];
	const chunk = outputs
		.flatMap((o) => ('output' in o ? o.output : []))
		.find((o) => o.type === 'chunk' && o.isEntry);
	if (!chunk || chunk.type !== 'chunk') throw new Error('The build of the command line is empty.');
	mkdirSync(dir, { recursive: true });
	// Written whole and then renamed: two runs building at once never read half a file.
	const partial = `${file}.${process.pid}.partial`;
	writeFileSync(partial, chunk.code);
	renameSync(partial, file);
	removeStale(dir, file);
	return file;
}
