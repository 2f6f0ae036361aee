/**
 * The real gpg, in a home of its own made for each call, the passphrase given on the command
 * line (never asked for): no agent, keyring or cached passphrase of the machine takes part.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const PASSPHRASE = 'correct horse battery staple';

export function gpg(args: string[], input: Uint8Array, passphrase = PASSPHRASE): Buffer {
	const home = mkdtempSync(join(tmpdir(), 'strata-gpg-'));
	try {
		writeFileSync(join(home, 'in'), input);
		return execFileSync(
			'gpg',
			[
				'--homedir',
				home,
				'--batch',
				'--quiet',
				'--no-tty',
				'--pinentry-mode',
				'loopback',
				'--passphrase',
				passphrase,
				...args,
				'--output',
				'-',
				join(home, 'in')
			],
			{ maxBuffer: 256 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'] }
		);
	} finally {
		rmSync(home, { recursive: true, force: true });
	}
}
