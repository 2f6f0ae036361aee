/**
 * What each command of the command line declares (its options, arguments and help) and gives
 * back: a result for `--json` and the same said in words.
 */
import type { BackupTable } from '$lib/db/messages';
import { formatMoney } from '$lib/domain/money';
import type { Sqlite } from './backup';

export interface OptionSpec {
	type: 'string' | 'boolean';
	/** The value's placeholder in the help (`PATH`, `DATE`). */
	value?: string;
	/** A one-letter form (`h` for `-h`). */
	short?: string;
	help: string;
}

export interface CommandInput {
	/** The arguments, as many as the command's `positionals` names. */
	args: string[];
	/** Each option given: a string option's text, true for a flag. */
	options: Record<string, string | boolean | undefined>;
	/** SQLite and the migrations, loaded on first use (help and usage errors never wait for it). */
	sqlite: () => Promise<Sqlite>;
	now: Date;
}

export interface Outcome {
	/** Printed as it is by --json (with "ok": true in front). */
	result: Record<string, unknown>;
	/** The same for people. */
	text: string;
}

export interface Command {
	name: string;
	/** The arguments' names, in order: `['FILE']`, `['IN', 'OUT']`. */
	positionals: string[];
	options: Record<string, OptionSpec>;
	/** One line for the list of commands. */
	summary: string;
	/** What it does, for `--help`, after the usage line. */
	description: string;
	run(input: CommandInput): Promise<Outcome>;
}

/** The locale of the machine (LANG, LC_ALL) for amounts in the text output. */
const LOCALE = new Intl.NumberFormat().resolvedOptions().locale;

export const money = (value: string, currency: string) =>
	formatMoney(value, { locale: LOCALE, currency });

/** Each table counted in words, one and many. */
const TABLE_WORDS: Partial<Record<BackupTable, [string, string]>> = {
	assets: ['asset', 'assets'],
	assetSnapshots: ['valuation', 'valuations'],
	transactions: ['transaction', 'transactions'],
	categories: ['category', 'categories'],
	tags: ['tag', 'tags'],
	assetTypes: ['asset type', 'asset types'],
	portfolioSnapshots: ['net-worth point', 'net-worth points'],
	exchangeRates: ['exchange rate', 'exchange rates']
};

/** What a backup holds, in a few words: "6 assets, 90 valuations, …". */
export function countsInWords(counts: Record<BackupTable, number>): string {
	return Object.entries(TABLE_WORDS)
		.map(([key, [one, many]]) => {
			const n = counts[key as BackupTable];
			return `${n} ${n === 1 ? one : many}`;
		})
		.join(', ');
}
