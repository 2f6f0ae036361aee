/**
 * Days and timestamps. A date the user picks ("2025-01-15") is a calendar day; it is stored as
 * that day at midnight UTC ("2025-01-15T00:00:00.000Z"), like the original, and "net worth on a
 * day" means at the end of that UTC day. So a day never shifts with the user's time zone.
 */

export type DateText = string; // YYYY-MM-DD
export type Timestamp = string; // YYYY-MM-DDTHH:MM:SS.sssZ

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar day written YYYY-MM-DD (no 2025-02-30). */
export function isDateText(text: string): boolean {
	const match = DATE.exec(text);
	if (!match) return false;
	const [, y, m, d] = match.map(Number) as [number, number, number, number];
	const date = new Date(Date.UTC(y, m - 1, d));
	return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** Today in the user's own calendar. */
export function today(now = new Date()): DateText {
	const y = now.getFullYear();
	const m = String(now.getMonth() + 1).padStart(2, '0');
	const d = String(now.getDate()).padStart(2, '0');
	return `${y}-${m}-${d}`;
}

export function startOfDay(date: DateText): Timestamp {
	return `${date}T00:00:00.000Z`;
}

export function endOfDay(date: DateText): Timestamp {
	return `${date}T23:59:59.999Z`;
}

export function dayOf(timestamp: Timestamp): DateText {
	return timestamp.slice(0, 10);
}

export function addDays(date: DateText, days: number): DateText {
	const d = new Date(`${date}T00:00:00.000Z`);
	d.setUTCDate(d.getUTCDate() + days);
	return d.toISOString().slice(0, 10);
}

/** Same day of the month, `months` later (or earlier), clamped to the month's last day. */
export function addMonths(date: DateText, months: number): DateText {
	const [y, m, d] = date.split('-').map(Number) as [number, number, number];
	const target = new Date(Date.UTC(y, m - 1 + months, 1));
	const lastDay = new Date(
		Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)
	).getUTCDate();
	target.setUTCDate(Math.min(d, lastDay));
	return target.toISOString().slice(0, 10);
}

export function daysBetween(from: DateText, to: DateText): number {
	return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/**
 * The canonical stored form of any ISO 8601 timestamp (offsets are converted to UTC), or null
 * when the text is not a valid timestamp.
 */
export function normalizeTimestamp(text: string): Timestamp | null {
	// Fast path for the stored form itself (every row of a backup we wrote): checked with integer
	// arithmetic, no Date parsing, so a 100,000-row import does not spend half a second here.
	if (CANONICAL_TIMESTAMP.test(text)) return isCanonicalTime(text) ? text : null;
	if (
		!/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(text)
	) {
		return null;
	}
	if (!isDateText(text.slice(0, 10))) return null;
	const iso = text.length === 10 ? `${text}T00:00:00Z` : text.replace(' ', 'T');
	const withZone = /(Z|[+-]\d{2}:?\d{2})$/.test(iso) ? iso : `${iso}Z`;
	const ms = Date.parse(withZone);
	if (Number.isNaN(ms)) return null;
	const result = new Date(ms).toISOString();
	return /^\d{4}-/.test(result) ? result : null;
}

/** The stored form: a timestamp matching this (and a real calendar time) needs no parsing. */
export const CANONICAL_TIMESTAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * Whether year-month-day (month 1–12) is a real day of the calendar, by arithmetic alone: for
 * code that checks every cell of a large file, where building a Date each time shows.
 */
export function isCalendarDay(year: number, month: number, day: number): boolean {
	if (year < 1 || month < 1 || month > 12 || day < 1) return false;
	const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
	return day <= (month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1]!);
}

function isCanonicalTime(text: string): boolean {
	if (!isCalendarDay(+text.slice(0, 4), +text.slice(5, 7), +text.slice(8, 10))) return false;
	return +text.slice(11, 13) < 24 && +text.slice(14, 16) < 60 && +text.slice(17, 19) < 60;
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();

/** A day (or a timestamp's UTC day) for display, in the user's locale. */
export function formatDay(
	value: DateText | Timestamp,
	locale: string,
	style: 'medium' | 'short' | 'month' = 'medium'
): string {
	const key = `${locale}|${style}`;
	let format = dateFormats.get(key);
	if (!format) {
		const options: Intl.DateTimeFormatOptions =
			style === 'month'
				? { year: 'numeric', month: 'short', timeZone: 'UTC' }
				: { dateStyle: style, timeZone: 'UTC' };
		format = new Intl.DateTimeFormat(locale, options);
		dateFormats.set(key, format);
	}
	return format.format(new Date(value.length === 10 ? `${value}T00:00:00.000Z` : value));
}

/** A moment (a timestamp) with its time, in the user's own time zone. */
export function formatMoment(value: Timestamp, locale: string): string {
	return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(
		new Date(value)
	);
}
