/**
 * The command line as a whole, run as a real process: help, usage mistakes (exit 2, one line,
 * never a stack trace), and `npx strata` running this project's own bin, never a package of the
 * same name from the registry.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, scratch, strata } from '../../tests/helpers/cli';

const VERSION = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version as string;

describe('strata, the command line', () => {
	it('lists its commands with --help, and each command’s options with its own', async () => {
		const help = await strata(['--help']);
		expect(help.code).toBe(0);
		for (const command of ['verify', 'convert', 'migrate', 'networth'])
			expect(help.stdout).toMatch(new RegExp(`^  ${command} `, 'm'));

		const convert = await strata(['convert', '--help']);
		expect(convert.code).toBe(0);
		expect(convert.stdout).toMatch(/^Usage: strata convert IN OUT /);
		for (const option of ['--to FORMAT', '--force', '--passphrase-file PATH', '--json'])
			expect(convert.stdout).toContain(option);
		expect(convert.stdout).toContain('Exit codes: 0 done, 1 not a backup that would import');

		expect((await strata(['help', 'networth'])).stdout).toMatch(/^Usage: strata networth FILE /);
		expect((await strata(['--version'])).stdout).toBe(`${VERSION}\n`);
	});

	it.each([
		[['verify', '-h'], /^Usage: strata verify FILE /],
		[['convert', 'a.json', 'b.db', '--help'], /^Usage: strata convert IN OUT /]
	])('shows a command’s own help for %j, anywhere after it', async (args, usage) => {
		const run = await strata(args);
		expect(run.code).toBe(0);
		expect(run.stdout).toMatch(usage);
		expect(run.stdout).toContain('-h, --help');
		expect(run.stderr).toBe('');
	});

	it.each([
		[[], /^Usage: strata <command>/],
		[['backup'], /^strata: There is no command backup: the commands are verify, convert/],
		[['verify'], /^strata verify: FILE is missing: strata verify FILE\./],
		[['convert', 'a.json'], /^strata convert: IN and OUT are missing/],
		[['verify', 'a.json', 'b.json'], /also given b\.json/],
		[['verify', 'a.json', '--frobnicate'], /^strata verify: There is no option --frobnicate\./],
		[['verify', 'a.json', '--json=yes'], /--json takes no value/],
		[['verify', 'a.json', '--passphrase', 'hunter2'], /never given on the command line/]
	])('refuses %j with exit 2 and one line on stderr', async (args, words) => {
		const run = await strata(args);
		expect(run.code).toBe(2);
		expect(run.stdout).toBe('');
		expect(run.stderr).toMatch(words);
		expect(run.stderr).not.toMatch(/\n\s+at /);
	});

	it('says a usage mistake as JSON with --json', async () => {
		const run = await strata(['migrate', '--json']);
		expect(run.code).toBe(2);
		expect(run.json()).toEqual({
			ok: false,
			error: {
				code: 'usage',
				message: 'FILE.db is missing: strata migrate FILE.db. See strata migrate --help.',
				problems: []
			}
		});
	});

	it('runs as `npx strata` from the project: this bin, with npm offline', async () => {
		// --offline: had npm not found the project's own bin, it would fail here instead of fetching.
		const { code, stdout } = await new Promise<{ code: number; stdout: string }>((resolve) =>
			execFile(
				'npx',
				['--offline', '--cache', join(scratch(), 'npm-cache'), 'strata', '--version'],
				{ cwd: join(ROOT, 'src') },
				(error, out) => resolve({ code: error ? 1 : 0, stdout: out })
			)
		);
		expect(code).toBe(0);
		expect(stdout).toBe(`${VERSION}\n`);
	});
});
