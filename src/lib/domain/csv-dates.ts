/**
 * Days as exports write them ("31/12/2026", "12/31/2026", "31.12.26", "2026-12-31T08:00:00Z"),
 * read into YYYY-MM-DD, and the order of a column worked out from its cells. Part of the CSV
 * reader (csv-read.ts re-exports all of it).
 */
import { isCalendarDay, type DateText } from './dates';

export type DateOrder = 'iso' | 'dmy' | 'mdy';

/** A date's three numbers as written, before knowing which is the day and which the month. */
interface DateParts {
	/** The year came first (ISO and the like): then `first` is the month and `second` the day. */
	yearFirst: boolean;
	year: number;
	first: number;
	second: number;
}

// Three numbers and the same separator twice; what follows (a time) is checked apart.
const PARTS = /^(\d{1,4})([-/.,])(\d{1,2})\2(\d{1,4})/;
const TIME = String.raw`(?:[01]?\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:[.,]\d{1,9})?)?`;
// After a year-first date: a time as ISO 8601, a spreadsheet or a broker writes it
// ("T08:00:00Z", " 08:00", "T08:00:00.000+02:00", Interactive Brokers' ", 09:30:00").
const AFTER_YEAR_FIRST = new RegExp(
	String.raw`^(?:[T ]|,\s*)${TIME}(?:\s*(?:Z|[+-]\d{2}(?::?\d{2})?))?$`
);
// After a year-last date: a German-style final dot, and a time after a space ("14:05", "2:05 PM").
const AFTER_YEAR_LAST = new RegExp(String.raw`^\.?(?:\s+${TIME}(?:\s*[AaPp][Mm])?)?$`);

/**
 * Two-digit years: 00–69 are 20xx and 70–99 are 19xx, the rule of POSIX strptime and of
 * spreadsheets (Excel's cut-off is 29; ours lets a 2045 loan end date through), since balance
 * histories rarely reach before 1970.
 */
function fullYear(year: number, digits: number): number {
	if (digits === 4) return year;
	return year < 70 ? 2000 + year : 1900 + year;
}

function partsOf(text: string): DateParts | null {
	const trimmed = text.trim();
	const match = PARTS.exec(trimmed);
	if (!match) return null;
	const [whole, a, , b, c] = match as unknown as [string, string, string, string, string];
	const rest = trimmed.length > whole.length ? trimmed.slice(whole.length) : '';
	if (a.length === 4 && c.length <= 2) {
		if (rest !== '' && !AFTER_YEAR_FIRST.test(rest)) return null;
		return { yearFirst: true, year: +a, first: +b, second: +c };
	}
	if (a.length > 2 || (c.length !== 2 && c.length !== 4)) return null;
	if (rest !== '' && !AFTER_YEAR_LAST.test(rest)) return null;
	return { yearFirst: false, year: fullYear(+c, c.length), first: +a, second: +b };
}

/** YYYY-MM-DD when it is a real day of a 4-digit year, else null. */
function dayText(year: number, month: number, day: number): DateText | null {
	if (year < 1000 || !isCalendarDay(year, month, day)) return null;
	return `${year}-${month < 10 ? '0' : ''}${month}-${day < 10 ? '0' : ''}${day}`;
}

function dayIn(parts: DateParts, order: DateOrder): DateText | null {
	if (parts.yearFirst) return dayText(parts.year, parts.first, parts.second);
	if (order === 'dmy') return dayText(parts.year, parts.second, parts.first);
	if (order === 'mdy') return dayText(parts.year, parts.first, parts.second);
	return null;
}

/**
 * A written date → 'YYYY-MM-DD', or null when it is not a real day in that order. A year-first
 * date (ISO, "2026/12/31") is read in every order, and an ISO date-time gives its date as
 * written ("2024-06-30T23:30:00-05:00" is 2024-06-30, the day it was where it was written).
 * Separators: / - . , (the same one twice); day and month of 1 or 2 digits; 4-digit years, or 2
 * digits (00–69 → 20xx, 70–99 → 19xx); a time after the date is left out.
 *
 * @example parseDay('31/12/2026', 'dmy') // '2026-12-31'
 * @example parseDay('31/02/2024', 'dmy') // null
 * @example parseDay('6.7.24', 'mdy')     // '2024-06-07'
 */
export function parseDay(text: string, order: DateOrder): DateText | null {
	const parts = partsOf(text);
	return parts && dayIn(parts, order);
}

/**
 * From sample cells of one column: the order when the samples decide it (all year-first, or a
 * day above 12 somewhere), otherwise null with the candidates, which the UI asks the user to
 * choose from, never guessing: all days ≤ 12 gives ['dmy', 'mdy']; a column that fits neither
 * (31/01 and 01/31 both seen) gives the orders reading the most samples, most first. Cells that
 * are not dates in any order are ignored; with none left, the candidates are empty. Samples
 * whose day and month are the same number read alike in both orders and decide nothing.
 *
 * @example detectDateOrder(['03/04/2026', '13/04/2026']) // { order: 'dmy', candidates: ['dmy'] }
 * @example detectDateOrder(['03/04/2026', '05/04/2026']) // { order: null, candidates: ['dmy', 'mdy'] }
 */
export function detectDateOrder(samples: string[]): {
	order: DateOrder | null;
	candidates: DateOrder[];
} {
	let dates = 0;
	let yearLast = 0;
	let dmy = 0;
	let mdy = 0;
	for (const sample of samples) {
		const parts = partsOf(sample);
		if (!parts) continue;
		if (parts.yearFirst) {
			if (dayIn(parts, 'iso') !== null) dates++;
			continue;
		}
		const asDmy = dayIn(parts, 'dmy') !== null;
		const asMdy = dayIn(parts, 'mdy') !== null;
		if (!asDmy && !asMdy) continue;
		dates++;
		yearLast++;
		if (asDmy) dmy++;
		if (asMdy) mdy++;
	}
	if (dates === 0) return { order: null, candidates: [] };
	if (yearLast === 0) return { order: 'iso', candidates: ['iso'] };
	if (dmy === yearLast && mdy < yearLast) return { order: 'dmy', candidates: ['dmy'] };
	if (mdy === yearLast && dmy < yearLast) return { order: 'mdy', candidates: ['mdy'] };
	return { order: null, candidates: mdy > dmy ? ['mdy', 'dmy'] : ['dmy', 'mdy'] };
}

/** A label for the UI: how 31 December 2026 looks in the order. */
export function describeDateOrder(order: DateOrder): string {
	switch (order) {
		case 'iso':
			return '2026-12-31';
		case 'dmy':
			return '31/12/2026';
		case 'mdy':
			return '12/31/2026';
	}
}
