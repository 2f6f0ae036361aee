/**
 * The command line run as a user runs it: `node bin/strata.js …` in a child process of its own,
 * in a scratch folder, with its exit code, stdout and stderr as it printed them.
 */
import { execFile, spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fingerprint } from './sqlite';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BIN = join(ROOT, 'bin', 'strata.js');

export interface CliRun {
	code: number;
	stdout: string;
	stderr: string;
	/** stdout read as the JSON --json prints. */
	json<T = Record<string, unknown>>(): T;
}

/** A known locale for the amounts in words; no passphrase from the caller's environment. */
function environment(extra: Record<string, string>): Record<string, string> {
	return {
		PATH: process.env.PATH ?? '',
		HOME: process.env.HOME ?? '',
		LC_ALL: 'en_US.UTF-8',
		...extra
	};
}

/** Runs `strata …args` in `cwd` and waits for it to end. */
export function strata(
	args: string[],
	{ cwd = ROOT, env = {} }: { cwd?: string; env?: Record<string, string> } = {}
): Promise<CliRun> {
	return new Promise((resolve) => {
		execFile(
			process.execPath,
			[BIN, ...args],
			{
				cwd,
				env: environment(env),
				maxBuffer: 64 * 1024 * 1024
			},
			(error, stdout, stderr) => {
				const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
				resolve({ code, stdout, stderr, json: () => JSON.parse(stdout) });
			}
		);
	});
}

/**
 * Runs `strata …args` on a terminal of its own (util-linux `script` gives it one), typing each of
 * `answers` (and Enter) when it asks for a passphrase. `output` is what the terminal showed.
 */
export function strataOnTerminal(
	args: string[],
	answers: string[],
	{ cwd = ROOT, env = {} }: { cwd?: string; env?: Record<string, string> } = {}
): Promise<{ code: number | null; output: string }> {
	const command = [process.execPath, BIN, ...args].map((a) => `'${a.replaceAll("'", "'\\''")}'`);
	const child = spawn(
		'script',
		['--quiet', '--return', '--command', command.join(' '), '/dev/null'],
		{
			cwd,
			env: environment(env)
		}
	);
	let output = '';
	let typed = 0;
	child.stdout.on('data', (chunk: Buffer) => {
		output += chunk.toString();
		const asked = output.split('Passphrase for').length - 1;
		while (typed < asked && typed < answers.length) child.stdin.write(`${answers[typed++]}\r`);
	});
	return new Promise((resolve) => child.on('close', (code) => resolve({ code, output })));
}

/** A fresh scratch folder. */
export const scratch = () => mkdtempSync(join(tmpdir(), 'strata-cli-'));

/** A fixture of tests/fixtures copied into `dir` (so a test can never change the original). */
export function copyFixture(name: string, dir: string, as = name.split('/').at(-1)!): string {
	const path = join(dir, as);
	copyFileSync(join(ROOT, 'tests', 'fixtures', name), path);
	return path;
}

/** The content fingerprint of a file, to assert it is byte for byte unchanged. */
export const fileFingerprint = (path: string) => fingerprint(new Uint8Array(readFileSync(path)));
