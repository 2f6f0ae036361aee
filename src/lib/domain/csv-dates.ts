/**
 * Days as exports write them ("31/12/2026", "12/31/2026", "31.12.26", "2026-12-31T08:00:00Z"),
 * read into YYYY-MM-DD, and the order of a column worked out from its cells. Part of the CSV
 * reader (csv-read.ts re-exports all of it).
 */
import { isDateText, type DateText } from './dates';

export type DateOrder = 'iso' | 'dmy' | 'mdy';

// Year first: "2026-12-31", "2026/12/31", "2026.12.31", optionally followed by a time as ISO
// 8601 or a spreadsheet writes it ("T08:00:00Z", " 08:00", "T08:00:00.000+02:00").
const TIME = String.raw`(?:[01]?\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:[.,]\d{1,9})?)?`;
const YEAR_FIRST = new RegExp(
	String.raw`^(\d{4})([-/.])(\d{1,2})\2(\d{1,2})(?:[T ]${TIME}(?:\s*(?:Z|[+-]\d{2}(?::?\d{2})?))?)?$`
);
// Day and month in either order, then a 2- or 4-digit year, the same separator twice; a time
// after a space is allowed ("31/12/2026 14:05") and left out.
const YEAR_LAST = new RegExp(
	String.raw`^(\d{1,2})([-/.,])(\d{1,2})\2(\d{2}|\d{4})\.?(?:\s+${TIME}(?:\s*[AaPp][Mm])?)?$`
);

function day(year: string, month: string, dayOfMonth: string): DateText | null {
	const text = `${year}-${month.padStart(2, '0')}-${dayOfMonth.padStart(2, '0')}`;
	return isDateText(text) ? text : null;
}

/**
 * Two-digit years: 00–69 are 20xx and 70–99 are 19xx, the rule of POSIX strptime and of
 * spreadsheets (Excel's cut-off is 29; ours lets a 2045 loan end date through), since balance
 * histories rarely reach before 1970.
 */
function fullYear(year: string): string {
	if (year.length === 4) return year;
	return (Number(year) < 70 ? '20' : '19') + year;
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
	const trimmed = text.trim();
	const iso = YEAR_FIRST.exec(trimmed);
	if (iso) return day(iso[1]!, iso[3]!, iso[4]!);
	if (order === 'iso') return null;
	const match = YEAR_LAST.exec(trimmed);
	if (!match) return null;
	const [first, second, year] = [match[1]!, match[3]!, fullYear(match[4]!)];
	return order === 'dmy' ? day(year, second, first) : day(year, first, second);
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
		if (parseDay(sample, 'iso') !== null) {
			dates++;
			continue;
		}
		const asDmy = parseDay(sample, 'dmy') !== null;
		const asMdy = parseDay(sample, 'mdy') !== null;
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
