/**
 * `strata convert IN OUT`: a backup of any kind restored into a throwaway database, as an import
 * would, then exported from it as Settings → Backup exports: JSON, our `.db`, or a `.db` for the
 * original Strata 1.2.
 */
import { extname, resolve } from 'node:path';
import { exportBackupJson } from '$lib/backup/export-json';
import { exportStrata12Db } from '$lib/backup/export-strata-1.2-db';
import { restoreBackup } from './backup';
import type { Command } from './command';
import { CliError } from './exit';
import { checkOutput, writeAtomically } from './files';

const FORMATS = ['json', 'db', 'strata-1.2'] as const;
type Format = (typeof FORMATS)[number];

const FORMAT_WORDS: Record<Format, string> = {
	json: 'a Strata JSON backup',
	db: 'a Strata database (.db)',
	'strata-1.2': 'a database for the original Strata 1.2 (.db)'
};

const BY_EXTENSION: Record<string, Format> = {
	'.json': 'json',
	'.db': 'db',
	'.sqlite': 'db',
	'.sqlite3': 'db'
};

const usage = (message: string) => new CliError('usage', `${message} See strata convert --help.`);

/** What to write: --to if given (checked against OUT's extension), else by the extension. */
function formatFor(output: string, to: string | undefined): Format {
	const extension = extname(output).toLowerCase();
	if (extension === '.gpg' || extension === '.asc') {
		throw usage(
			`convert writes files in the clear; to encrypt one, run gpg --symmetric --cipher-algo AES256 on it (Strata opens that).`
		);
	}
	const byName = BY_EXTENSION[extension];
	if (to === undefined) {
		if (byName) return byName;
		throw usage(
			`${output} ends in neither .json nor .db: add --to json, --to db or --to strata-1.2.`
		);
	}
	const format = FORMATS.find((f) => f === to);
	if (!format) throw usage(`--to takes json, db or strata-1.2, not ${to}.`);
	const expected = format === 'json' ? 'json' : 'db';
	if (byName && byName !== expected) {
		throw usage(`--to ${to} writes ${FORMAT_WORDS[format]}, but ${output} ends in ${extension}.`);
	}
	return format;
}

export const convert: Command = {
	name: 'convert',
	positionals: ['IN', 'OUT'],
	options: {
		to: {
			type: 'string',
			value: 'FORMAT',
			help: 'json, db, or strata-1.2 (a .db for the original); by default from OUT’s extension'
		},
		force: { type: 'boolean', help: 'replace OUT if it exists' },
		'passphrase-file': {
			type: 'string',
			value: 'PATH',
			help: 'the passphrase of an encrypted IN, on the first line of PATH'
		}
	},
	summary: 'convert a backup between JSON, .db, and a .db for the original Strata 1.2',
	description: `Reads IN (any backup verify accepts), checks it whole, restores it into a
throwaway database as an import would, and writes it to OUT as Settings → Backup exports it:
a JSON backup (.json), a Strata database (.db), or with --to strata-1.2 a .db in the original
Strata 1.2's own schema. OUT is written whole or not at all (a temporary file, then renamed), and
an existing OUT is kept unless --force. IN is only read.`,
	async run({ args: [input, output], options, sqlite, now }) {
		const format = formatFor(output!, options.to as string | undefined);
		checkOutput(output!, options.force === true);
		const loaded = await sqlite();
		// Restored as an import writes it, the chart's series included.
		const { encrypted, backup, engine } = await restoreBackup(
			loaded,
			input!,
			options['passphrase-file'] as string | undefined,
			now,
			{ series: true }
		);
		let bytes: Uint8Array;
		try {
			bytes =
				format === 'json'
					? new TextEncoder().encode(exportBackupJson(engine, now))
					: format === 'db'
						? engine.serialize()
						: exportStrata12Db(loaded.sqlite3, engine, now);
		} finally {
			engine.close();
		}
		writeAtomically(output!, bytes);
		const same = resolve(input!) === resolve(output!);
		return {
			result: {
				from: { file: input, kind: backup.kind, origin: backup.origin, encrypted },
				to: { file: output, format, bytes: bytes.byteLength }
			},
			text: `${output} written: ${FORMAT_WORDS[format]}, ${bytes.byteLength} bytes${same ? ' (in place of the file it was read from)' : `, from ${input}`}.`
		};
	}
};
