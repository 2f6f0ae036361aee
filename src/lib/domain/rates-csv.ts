/**
 * Exchange-rate files the user brings (the app has no network): the European Central Bank's two
 * published CSV layouts, and a plain one. All are euro-based: a number is what 1 EUR was worth
 * in that currency on that day.
 *
 * - the daily file (eurofxref.csv): `Date, USD, JPY, …, ZAR, ` then one row `03 June 2021, 1.2187, …, `
 * - the history (eurofxref-hist.csv): `Date,USD,JPY,…,ZAR,` then a row per day, newest first,
 *   `2019-04-10,1.1279,125.05,…,N/A,` (N/A: no rate for that currency that day)
 * - plain: `date,currency,rate` then `2026-11-20,USD,1.0842`
 *
 * A file is read whole or not at all: any line that is not right refuses it, with the line and
 * what is wrong (the first 20).
 */
import Papa from 'papaparse';
import type { Rate } from './currencies';
import { isDateText } from './dates';
import { AppError } from './errors';
import { m } from '$lib/paraglide/messages';

export type RatesFormat = 'ecb-daily' | 'ecb-history' | 'plain';

export interface RatesFile {
	format: RatesFormat;
	rates: Rate[];
	/** Cells with no rate (N/A or empty), left out. */
	skipped: number;
}

const MAX_PROBLEMS = 20;
const CODE = /^[A-Z]{3}$/;
const RATE = /^\d{1,20}(\.\d{1,30})?$/;
const MONTHS = [
	'january',
	'february',
	'march',
	'april',
	'may',
	'june',
	'july',
	'august',
	'september',
	'october',
	'november',
	'december'
];

/** "03 June 2021" (the daily file) or "2021-06-03" as YYYY-MM-DD; null when neither. */
function dayOf(text: string): string | null {
	if (isDateText(text)) return text;
	const match = /^(\d{1,2}) ([A-Za-z]+) (\d{4})$/.exec(text);
	if (!match) return null;
	const month = MONTHS.indexOf(match[2]!.toLowerCase());
	if (month < 0) return null;
	const day = `${match[3]}-${String(month + 1).padStart(2, '0')}-${match[1]!.padStart(2, '0')}`;
	return isDateText(day) ? day : null;
}

/** A file that cannot be read as rates; `problems` are "line N: what is wrong". */
export class RatesFileError extends AppError {
	override name = 'RatesFileError';
	constructor(message: string, problems: string[] = []) {
		super('bad-file', message, { problems });
	}
}

/**
 * Reads an exchange-rate CSV file.
 *
 * @example parseRatesCsv('date,currency,rate\n2026-11-20,USD,1.0842\n').rates
 * // [{ day: '2026-11-20', base: 'EUR', quote: 'USD', rate: '1.0842' }]
 */
export function parseRatesCsv(text: string): RatesFile {
	if (text.trim() === '') throw new RatesFileError(m.errors_rates_file_empty());
	const parsed = Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), {
		skipEmptyLines: 'greedy',
		transform: (cell) => cell.trim()
	});
	const lines = parsed.data;
	const header = (lines[0] ?? []).map((cell) => cell.trim());
	const problems: string[] = [];
	const problem = (line: number, what: string) => {
		if (problems.length < MAX_PROBLEMS) problems.push(m.errors_rates_line({ line, what }));
	};
	const rates: Rate[] = [];
	const seen = new Map<string, number>();
	let skipped = 0;
	const add = (line: number, day: string, currency: string, value: string) => {
		if (value === '' || value.toUpperCase() === 'N/A') {
			skipped++;
			return;
		}
		if (!RATE.test(value) || !/[1-9]/.test(value)) {
			problem(line, m.errors_rates_not_above_zero({ currency, value: JSON.stringify(value) }));
			return;
		}
		const key = `${day} ${currency}`;
		const first = seen.get(key);
		if (first !== undefined) {
			problem(line, m.errors_rates_twice({ currency, day, first }));
			return;
		}
		seen.set(key, line);
		rates.push({ day, base: 'EUR', quote: currency, rate: value });
	};

	const names = header.map((cell) => cell.toLowerCase());
	let format: RatesFormat;
	if (names.join(',') === 'date,currency,rate') {
		format = 'plain';
		lines.slice(1).forEach((cells, i) => {
			const line = i + 2;
			const [date = '', currency = '', value = ''] = cells;
			const day = isDateText(date) ? date : null;
			if (cells.length !== 3) return problem(line, m.errors_rates_values({ count: cells.length }));
			if (!day) return problem(line, m.errors_rates_not_date_like({ value: JSON.stringify(date) }));
			if (!CODE.test(currency) || currency === 'EUR')
				return problem(line, m.errors_rates_not_currency({ value: JSON.stringify(currency) }));
			add(line, day, currency, value);
		});
	} else if (names[0] === 'date' && header.length > 1) {
		// The ECB's files end every line with a comma: an empty last column.
		const currencies = header.slice(1);
		if (currencies.at(-1) === '') currencies.pop();
		const bad = currencies.find((c) => !CODE.test(c) || c === 'EUR');
		if (bad !== undefined)
			throw new RatesFileError(m.errors_rates_header_currency({ name: JSON.stringify(bad) }));
		let iso = 0;
		lines.slice(1).forEach((cells, i) => {
			const line = i + 2;
			const date = cells[0] ?? '';
			const day = dayOf(date);
			if (!day) return problem(line, m.errors_rates_not_date({ value: JSON.stringify(date) }));
			if (isDateText(date)) iso++;
			const values = cells.slice(1);
			if (
				values.length > currencies.length &&
				values.slice(currencies.length).some((v) => v !== '')
			)
				return problem(
					line,
					m.errors_rates_too_many({ rates: values.length, currencies: currencies.length })
				);
			currencies.forEach((currency, c) => add(line, day, currency, values[c] ?? ''));
		});
		format = iso > 0 ? 'ecb-history' : 'ecb-daily';
	} else {
		throw new RatesFileError(m.errors_rates_unknown_format());
	}
	if (problems.length) {
		const message =
			problems.length >= MAX_PROBLEMS
				? m.errors_rates_problems_at_least({ count: MAX_PROBLEMS })
				: m.errors_rates_problems({ count: problems.length });
		throw new RatesFileError(message, problems);
	}
	if (rates.length === 0) throw new RatesFileError(m.errors_rates_no_rates());
	return { format, rates, skipped };
}
