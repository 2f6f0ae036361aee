/**
 * Files the command line reads and writes: an input read whole (never changed), an output
 * written atomically (a temporary file beside it, renamed into place once complete), and the
 * passphrase of an encrypted backup — from a file, the environment or typed on a terminal, never
 * from the command line, where every user of the machine sees it (`ps`).
 */
import {
	closeSync,
	fchmodSync,
	fsyncSync,
	openSync,
	readFileSync,
	realpathSync,
	renameSync,
	rmSync,
	writeSync
} from 'node:fs';
import { existsSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { CliError } from './exit';

/** The environment variable a passphrase may come in (for scripts that keep it in a vault). */
export const PASSPHRASE_ENV = 'STRATA_PASSPHRASE';

/** A file's bytes, or a CliError that says why they cannot be read. */
export function readInput(path: string): Uint8Array {
	try {
		if (statSync(path).isDirectory())
			throw new CliError('unreadable', `${path} is a folder, not a backup file.`);
		// A Uint8Array of its own: sqlite-wasm copies typed arrays, and refuses a Node Buffer.
		return new Uint8Array(readFileSync(path));
	} catch (error) {
		if (error instanceof CliError) throw error;
		const code = (error as NodeJS.ErrnoException).code;
		if (code === 'ENOENT')
			throw new CliError('not-found', `There is no file ${path}: check the name and the folder.`);
		throw new CliError(
			'unreadable',
			`${path} cannot be read (${code ?? (error as Error).message}): check its permissions.`
		);
	}
}

/** Refuses an output that exists, unless the user said --force. */
export function checkOutput(path: string, force: boolean): void {
	if (!force && existsSync(path)) {
		throw new CliError(
			'exists',
			`${path} already exists: nothing was written. Choose another name, or add --force to replace it.`
		);
	}
	if (!existsSync(dirname(path))) {
		throw new CliError(
			'not-found',
			`The folder ${dirname(path)} does not exist: nothing was written. Create it first.`
		);
	}
}

/** Who may read a file the command line makes: a backup is a financial record, its owner's only. */
const NEW_FILE_MODE = 0o600;

/**
 * Writes `bytes` to `path` as one step: into a temporary file in the same folder, flushed to
 * disk, then renamed over `path`. A crash or a full disk leaves the old file (or none), never
 * half of the new one. A file replaced keeps its permissions (a 0600 database stays 0600); a
 * new one is 0600. A symbolic link is followed: the file it points to is replaced and the link
 * stays (renaming over the link would turn it into a file of its own).
 */
export function writeAtomically(path: string, bytes: Uint8Array): void {
	const target = existsSync(path) ? realpathSync(path) : path;
	const mode = existsSync(target) ? statSync(target).mode & 0o777 : NEW_FILE_MODE;
	const partial = join(dirname(target), `.${basename(target)}.${process.pid}.partial`);
	try {
		const fd = openSync(partial, 'wx', NEW_FILE_MODE);
		try {
			// Set on the open file, not by openSync's mode, which the umask narrows.
			fchmodSync(fd, mode);
			let written = 0;
			while (written < bytes.length) written += writeSync(fd, bytes, written);
			fsyncSync(fd);
		} finally {
			closeSync(fd);
		}
		renameSync(partial, target);
	} catch (error) {
		rmSync(partial, { force: true });
		const code = (error as NodeJS.ErrnoException).code;
		throw new CliError(
			'write-failed',
			`${path} could not be written (${code ?? (error as Error).message}): nothing was changed. Check the space left and the folder's permissions.`
		);
	}
}

/** The first line of a passphrase file, as gpg's --passphrase-file reads it. */
function passphraseFromFile(path: string): string {
	const text = new TextDecoder().decode(readInput(path));
	const line = text.split(/\r?\n/)[0] ?? '';
	if (line === '') throw new CliError('usage', `The passphrase file ${path} is empty.`);
	return line;
}

/**
 * Reads a passphrase typed on the terminal without showing it. Null when there is no terminal
 * to ask on (a script, cron).
 */
async function askOnTerminal(prompt: string): Promise<string | null> {
	const input = process.stdin;
	if (!input.isTTY || !process.stderr.isTTY) return null;
	// Raw first, then the prompt: what is typed once it shows is never echoed.
	input.setRawMode(true);
	process.stderr.write(prompt);
	input.resume();
	input.setEncoding('utf8');
	try {
		return await new Promise<string>((resolve, reject) => {
			let typed = '';
			const onData = (chunk: string) => {
				for (const char of chunk) {
					if (char === '\r' || char === '\n') {
						input.off('data', onData);
						resolve(typed);
						return;
					}
					if (char === '\u0003' || char === '\u0004') {
						input.off('data', onData);
						reject(new CliError('needs-passphrase', 'No passphrase was typed: nothing was done.'));
						return;
					}
					if (char === '\u007f' || char === '\b') typed = typed.slice(0, -1);
					else typed += char;
				}
			};
			input.on('data', onData);
		});
	} finally {
		input.setRawMode(false);
		input.pause();
		process.stderr.write('\n');
	}
}

/**
 * The passphrase for an encrypted file: --passphrase-file, else $STRATA_PASSPHRASE, else typed
 * on the terminal (`typed`: it may be asked again); a CliError when none can be had.
 */
export async function passphraseFor(
	file: string,
	passphraseFile: string | undefined
): Promise<{ passphrase: string; typed: boolean }> {
	if (passphraseFile !== undefined)
		return { passphrase: passphraseFromFile(passphraseFile), typed: false };
	const fromEnv = process.env[PASSPHRASE_ENV];
	if (fromEnv) return { passphrase: fromEnv, typed: false };
	const typed = await askOnTerminal(`Passphrase for ${basename(file)}: `);
	if (typed) return { passphrase: typed, typed: true };
	throw new CliError(
		'needs-passphrase',
		`${file} is encrypted: give its passphrase with --passphrase-file FILE or in the ${PASSPHRASE_ENV} environment variable.`
	);
}
