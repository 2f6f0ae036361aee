/**
 * Days typed into a form in the user's own date format: a French user types 31/12/2026, an
 * American 12/31/2026, a German 31.12.2026, a Japanese 2026/12/31, as the app prints them. The
 * form keeps YYYY-MM-DD; only the field shows and reads the user's format.
 *
 * Why not the browser's `<input type="date">`: it follows the browser's own language, not the
 * app's format, so a French-speaking user of an English browser met mm/dd/yyyy where the app
 * prints dd/mm (issue 15).
 */
import { parseDay } from './csv-dates';
import type { DateText } from './dates';

export type DayOrder = 'dmy' | 'mdy' | 'ymd';

export interface DateInputFormat {
	order: DayOrder;
	/** Between the numbers, as the format writes it: "/" or "." */
	separator: string;
}

const formats = new Map<string, DateInputFormat>();

/** How the locale writes a day with numbers only (31/12/2026 → day, month, year and "/"). */
export function dateInputFormat(locale: string): DateInputFormat {
	let format = formats.get(locale);
	if (format) return format;
	const parts = new Intl.DateTimeFormat(locale, {
		year: 'numeric',
		month: '2-digit',
		day: '2-digit',
		timeZone: 'UTC'
	}).formatToParts(Date.UTC(2026, 11, 31));
	const types = parts.filter((p) => p.type !== 'literal').map((p) => p.type[0]);
	const order = types.join('') as string;
	const separator = parts.find((p) => p.type === 'literal')?.value.trim() || '/';
	format = {
		order: order === 'mdy' || order === 'ymd' ? order : 'dmy',
		separator: separator.slice(0, 1)
	};
	formats.set(locale, format);
	return format;
}

/** A stored day as the user's format writes it with numbers: '2026-12-31' → '31/12/2026'. */
export function formatDateInput(day: string, locale: string): string {
	if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return day;
	const [year, month, date] = day.split('-') as [string, string, string];
	const { order, separator } = dateInputFormat(locale);
	const fields =
		order === 'mdy'
			? [month, date, year]
			: order === 'ymd'
				? [year, month, date]
				: [date, month, year];
	return fields.join(separator);
}

/**
 * What the user typed → YYYY-MM-DD, or null when it is not a real day. Reads the user's order
 * with any of / . - as separator, one- or two-digit day and month, 2- or 4-digit year
 * (00–69 → 20xx); eight digits in a row in the user's order (31122026); and always ISO
 * (2026-12-31), which a paste from elsewhere often is.
 *
 * @example parseDateInput('31/12/2026', 'fr-FR') // '2026-12-31'
 * @example parseDateInput('12/31/2026', 'en-US') // '2026-12-31'
 * @example parseDateInput('31/12/2026', 'en-US') // null
 */
export function parseDateInput(text: string, locale: string): DateText | null {
	const typed = text.trim();
	if (typed === '') return null;
	const { order } = dateInputFormat(locale);
	if (/^\d{8}$/.test(typed)) {
		const [a, b, c] =
			order === 'ymd'
				? [typed.slice(0, 4), typed.slice(4, 6), typed.slice(6)]
				: [typed.slice(0, 2), typed.slice(2, 4), typed.slice(4)];
		return parseDateInput([a, b, c].join('/'), locale);
	}
	// Every separator as one: the user's own, or whichever the keyboard offered.
	const same = typed.replace(/\s*[-/.,]\s*|\s+/g, '/');
	// Only the exact pattern: no trailing time or text.
	if (!/^\d{1,4}\/\d{1,2}\/\d{1,4}$/.test(same)) return null;
	return parseDay(same, order === 'ymd' ? 'iso' : order);
}
