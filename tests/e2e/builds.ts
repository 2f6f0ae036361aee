/**
 * Builds of the app as a later release would be: a copy of the sources with one more migration
 * and another version number, built into its own folder. Used to test upgrades on the same
 * origin (the shipped build, then this one) without touching the project's own build. Built once
 * per change of the sources, shared by the test workers (a lock keeps them from racing).
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
	cpSync,
	existsSync,
	mkdirSync,
	readFileSync,
	readdirSync,
	rmSync,
	statSync,
	symlinkSync,
	writeFileSync
} from 'node:fs';
import { join } from 'node:path';

const ROOT = new URL('../../', import.meta.url).pathname;
const COPIED = [
	'src',
	'messages',
	'project.inlang',
	'static',
	'migrations',
	'messages',
	'project.inlang',
	'svelte.config.js',
	'vite.config.ts',
	'package.json',
	'tsconfig.json'
];

export interface NextRelease {
	/** The folder of the built static files. */
	dir: string;
	version: string;
	migration: { version: number; name: string };
}

export const CURRENT_BUILD = join(ROOT, 'build');
export const NEXT_VERSION = '0.0.0-next';

function sourceHash(): string {
	const hash = createHash('sha256');
	const visit = (path: string) => {
		if (statSync(path).isDirectory())
			for (const entry of readdirSync(path).sort()) visit(join(path, entry));
		else hash.update(path).update(readFileSync(path));
	};
	for (const entry of COPIED) visit(join(ROOT, entry));
	return hash.digest('hex');
}

function withLock<T>(lock: string, work: () => T): T {
	const deadline = Date.now() + 240_000;
	for (;;) {
		try {
			mkdirSync(lock);
			break;
		} catch {
			if (Date.now() > deadline) throw new Error(`Timed out waiting for ${lock}`);
			Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 500);
		}
	}
	try {
		return work();
	} finally {
		rmSync(lock, { recursive: true, force: true });
	}
}

/** The migrations this build bundles, oldest first: "0001_initial_schema", … */
export const BUNDLED_MIGRATIONS = readdirSync(join(ROOT, 'migrations'))
	.filter((f) => f.endsWith('.up.sql'))
	.map((f) => f.replace(/\.up\.sql$/, ''))
	.sort();

/** The next release: one migration more (it adds a table), version 0.0.0-next. */
export function buildNextRelease(): NextRelease {
	const work = join(ROOT, '.tmp', 'next-release');
	const bundled = BUNDLED_MIGRATIONS.length;
	const migration = { version: bundled + 1, name: 'test_upgrade' };
	const dir = join(work, 'build');
	mkdirSync(join(ROOT, '.tmp'), { recursive: true });
	return withLock(join(ROOT, '.tmp', 'next-release.lock'), () => {
		const hash = sourceHash();
		const stamp = join(ROOT, '.tmp', 'next-release.hash');
		if (
			existsSync(join(dir, '200.html')) &&
			existsSync(stamp) &&
			readFileSync(stamp, 'utf8') === hash
		) {
			return { dir, version: NEXT_VERSION, migration };
		}
		rmSync(work, { recursive: true, force: true });
		mkdirSync(work, { recursive: true });
		for (const entry of COPIED) cpSync(join(ROOT, entry), join(work, entry), { recursive: true });
		symlinkSync(join(ROOT, 'node_modules'), join(work, 'node_modules'), 'dir');
		const file = `${String(migration.version).padStart(4, '0')}_${migration.name}`;
		writeFileSync(
			join(work, 'migrations', `${file}.up.sql`),
			'CREATE TABLE upgrade_marker (id TEXT PRIMARY KEY);\n'
		);
		writeFileSync(join(work, 'migrations', `${file}.down.sql`), 'DROP TABLE upgrade_marker;\n');
		execFileSync(
			process.execPath,
			[join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'error'],
			{
				cwd: work,
				env: { ...process.env, STRATA_VERSION: NEXT_VERSION },
				stdio: 'pipe'
			}
		);
		if (!existsSync(join(dir, '200.html'))) throw new Error('The next release did not build');
		writeFileSync(stamp, hash);
		return { dir, version: NEXT_VERSION, migration };
	});
}
