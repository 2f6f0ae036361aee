/**
 * `strata networth FILE`: the dashboard's figures for a backup — net worth, total assets and
 * liabilities at the end of a day, and the allocation by type, group or category — from the
 * dashboard's own queries (domain/net-worth.ts, domain/history.ts) over the backup restored into
 * a throwaway database, as an import would write it. The file is only read.
 */
import { localKysely } from '$lib/db/worker/local-kysely';
import { isDateText, today } from '$lib/domain/dates';
import { loadAllocation } from '$lib/domain/history';
import { compareDecimals } from '$lib/domain/money';
import { netWorthOn, type Breakdown } from '$lib/domain/net-worth';
import { restoreBackup } from './backup';
import { money, type Command } from './command';
import { CliError } from './exit';

const BREAKDOWNS = ['type', 'group', 'category'] as const satisfies Breakdown[];

const usage = (message: string) => new CliError('usage', `${message} See strata networth --help.`);

export const networth: Command = {
	name: 'networth',
	positionals: ['FILE'],
	options: {
		on: {
			type: 'string',
			value: 'DATE',
			help: 'the day (YYYY-MM-DD) whose end to count at; today by default'
		},
		by: {
			type: 'string',
			value: 'KIND',
			help: 'type, group or category: the total broken down as the dashboard’s allocation'
		},
		'passphrase-file': {
			type: 'string',
			value: 'PATH',
			help: 'the passphrase of an encrypted file, on the first line of PATH'
		}
	},
	summary: 'the net worth, assets and liabilities the dashboard would show for a backup',
	description: `Gives the figures the dashboard would show after importing FILE (any backup
verify accepts): net worth, total assets and total liabilities at the end of a day, in the
backup's base currency (other currencies converted by its own rates; an asset with no rate is
left out and listed, never counted at 1:1), and with --by the total per asset type, group or
top-level category (debts negative). FILE is only read.`,
	async run({ args: [file], options, sqlite, now }) {
		const on = (options.on as string | undefined) ?? today(now);
		if (!isDateText(on))
			throw usage(`--on takes a day written YYYY-MM-DD, like 2026-01-31, not ${on}.`);
		const by = options.by as string | undefined;
		const breakdown = by === undefined ? null : BREAKDOWNS.find((b) => b === by);
		if (breakdown === undefined) throw usage(`--by takes type, group or category, not ${by}.`);
		const loaded = await sqlite();
		// Restored as an import writes it, the chart's series included.
		const { engine } = await restoreBackup(
			loaded,
			file!,
			options['passphrase-file'] as string | undefined,
			now,
			{ series: true }
		);
		try {
			const db = localKysely(engine);
			const worth = await netWorthOn(db, on);
			// Largest first, as the dashboard's allocation lists them; debts (negative) last.
			const parts = breakdown
				? (await loadAllocation(db, { by: breakdown, today: on }))
						.sort((a, b) => compareDecimals(b.total, a.total))
						.map(({ key, label, total }) => ({ key, label, total }))
				: null;
			const width = Math.max(12, ...(parts ?? []).map((p) => p.label.length + 2));
			const line = (label: string, value: string) =>
				`  ${label.padEnd(width)}${money(value, worth.currency)}`;
			const text = [
				`Net worth of ${file} at the end of ${on}: ${money(worth.netWorth, worth.currency)}`,
				line('Assets', worth.assets),
				line('Liabilities', worth.liabilities),
				...worth.missing.map(
					(m) =>
						`  Incomplete: ${m.name} is left out (no ${m.currency}→${worth.currency} rate on or before ${on})`
				),
				...(parts ? [`By ${breakdown}:`, ...parts.map((p) => line(p.label, p.total))] : [])
			];
			return {
				result: {
					file,
					on,
					...worth,
					by: breakdown,
					breakdown: parts
				},
				text: text.join('\n')
			};
		} finally {
			engine.close();
		}
	}
};
