/**
 * `strata verify FILE`: what Settings → Backup → Verify a backup does (the worker's
 * `backup/verify`): the file read and checked whole, restored into a throwaway database, and
 * what it holds said. Exit 0 when it would import.
 */
import { ruleWarnings } from '$lib/backup/rule-check';
import { summarize } from '$lib/backup/summary';
import { today } from '$lib/domain/dates';
import { restoreBackup } from './backup';
import { countsInWords, money, type Command } from './command';

const ORIGIN_WORDS = {
	json: 'a Strata JSON backup',
	'strata-db': 'a Strata database (.db)',
	'strata-1.2-db': 'a database of the original Strata 1.2 (.db)'
} as const;

export const verify: Command = {
	name: 'verify',
	positionals: ['FILE'],
	options: {
		'passphrase-file': {
			type: 'string',
			value: 'PATH',
			help: 'the passphrase of an encrypted file, on the first line of PATH'
		}
	},
	summary: 'check that a backup (.json, .db, encrypted or not) would import',
	description: `Runs the app's own checks on a backup: a Strata JSON backup, a .db of Strata or of
the original Strata 1.2, or one of these encrypted (.gpg, .asc). It is read whole, checked, and
restored into a throwaway database in memory; the file itself is only read.
Exits 0 when it would import, 1 with the problems when it would not.`,
	async run({ args: [file], options, sqlite, now }) {
		const engineAndMigrations = await sqlite();
		// As backup/verify: the whole backup, restored into a throwaway database.
		const { encrypted, backup, engine } = await restoreBackup(
			engineAndMigrations,
			file!,
			options['passphrase-file'] as string | undefined,
			now
		);
		const day = today(now);
		let summary;
		try {
			summary = await summarize(engine, day);
		} finally {
			engine.close();
		}
		const { warnings, count } = ruleWarnings(backup.data, day);
		const worth = summary.netWorth;
		const lines = [
			`${file} would import: ${ORIGIN_WORDS[backup.origin]}${encrypted ? ', encrypted' : ''}${backup.exportedAt ? `, exported ${backup.exportedAt}` : ''}.`,
			`  ${countsInWords(summary.counts)}`,
			`  ${summary.firstDay ? `from ${summary.firstDay} to ${summary.lastDay}; ` : ''}net worth on ${day}: ${money(worth.netWorth, worth.currency)}${worth.missing.length ? ` (incomplete: ${worth.missing.length} asset(s) without an exchange rate)` : ''}`,
			...backup.leftOut.map((what) => `  left out (not Strata's): ${what}`),
			...(count
				? [
						`  ${count} entr${count === 1 ? 'y breaks' : 'ies break'} a rule of the app (imported as they are; the import preview lists them)`
					]
				: [])
		];
		return {
			result: {
				file,
				kind: backup.kind,
				origin: backup.origin,
				encrypted,
				exportedAt: backup.exportedAt,
				counts: summary.counts,
				firstDay: summary.firstDay,
				lastDay: summary.lastDay,
				netWorth: { on: day, ...worth },
				leftOut: backup.leftOut,
				warningCount: count,
				warnings
			},
			text: lines.join('\n')
		};
	}
};
