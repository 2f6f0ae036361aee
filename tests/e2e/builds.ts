/**
 * Builds of the app as a later release would be: a copy of the sources with one more migration
 * and another version number, built into its own folder. Used to test upgrades on the same
 * origin (the shipped build, then this one) without touching the project's own build.
 */
import { execFileSync } from 'node:child_process';
import {
	cpSync,
	existsSync,
	mkdirSync,
	readdirSync,
	rmSync,
	symlinkSync,
	writeFileSync
} from 'node:fs';
import { join } from 'node:path';

const ROOT = new URL('../../', import.meta.url).pathname;
const COPIED = [
	'src',
	'static',
	'migrations',
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

/** The next release: one migration more (it adds a table), version "<current>-next". */
export function buildNextRelease(): NextRelease {
	const work = join(ROOT, '.tmp', 'next-release');
	const bundled = readdirSync(join(ROOT, 'migrations')).filter((f) => f.endsWith('.up.sql')).length;
	const migration = { version: bundled + 1, name: 'test_upgrade' };
	const version = '0.0.0-next';
	const dir = join(work, 'build');
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
			env: { ...process.env, STRATA_VERSION: version },
			stdio: 'pipe'
		}
	);
	if (!existsSync(join(dir, '200.html'))) throw new Error('The next release did not build');
	return { dir, version, migration };
}

export const CURRENT_BUILD = join(ROOT, 'build');
