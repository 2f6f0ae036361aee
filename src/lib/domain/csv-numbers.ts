/**
 * Amounts as spreadsheets and banks write them ("1 234,56 €", "(12.50)", "1'234.56", "12,50-"),
 * read into plain decimal text without ever going through a float, and the writing style of a
 * column worked out from its cells. Part of the CSV reader (csv-read.ts re-exports all of it).
 */
import { MAX_FRACTION_DIGITS, MAX_INTEGER_DIGITS } from './money';

/** How numbers are written: decimal mark and thousands grouping ('' = none; ' ' also covers U+00A0 and U+202F, as French exports use). */
export interface NumberStyle {
	decimal: '.' | ',';
	grouping: '' | ',' | '.' | ' ' | "'";
}

/**
 * Every style there is, most common first: the order candidates are offered in, and the one a
 * column of plain integers (which every style reads alike) falls back to.
 */
export const NUMBER_STYLES: readonly NumberStyle[] = [
	{ decimal: '.', grouping: ',' },
	{ decimal: ',', grouping: ' ' },
	{ decimal: ',', grouping: '.' },
	{ decimal: '.', grouping: "'" },
	{ decimal: '.', grouping: ' ' },
	{ decimal: '.', grouping: '' },
	{ decimal: ',', grouping: '' },
	{ decimal: ',', grouping: "'" }
];

// Currency marks a bank or broker may write next to an amount: a symbol, "US$"-like symbols,
// or any ISO 4217 code (three capitals), on either side.
const SYMBOLS = '€$£¥₹₩₽₺₪฿₫₴₦₱₣';
const CURRENCY_BEFORE = new RegExp(
	`(?:[A-Z]{1,3}\\$|[${SYMBOLS}]|[A-Z]{3}(?![A-Z])|kr|zł|Fr\\.)`,
	'y'
);
const CURRENCY_AFTER = new RegExp(`(?:[A-Z]{1,3}\\$|[${SYMBOLS}]|(?<![A-Z])[A-Z]{3}|kr|zł|Fr\\.)$`);

function isDigit(code: number): boolean {
	return code >= 48 && code <= 57;
}

/** A space a French (or Swiss, or Nordic) export groups thousands with. */
function isSpace(code: number): boolean {
	return code === 32 || code === 0xa0 || code === 0x202f || code === 0x2009;
}

/** Any space around an amount (tabs too, whatever the spreadsheet left). */
function isBlank(code: number): boolean {
	return isSpace(code) || code === 9 || code === 10 || code === 13;
}

function isGroupMark(code: number, grouping: NumberStyle['grouping']): boolean {
	switch (grouping) {
		case ' ':
			return isSpace(code);
		case "'":
			return code === 39 || code === 0x2019; // ' and ’ (Swiss exports use both)
		case ',':
			return code === 44;
		case '.':
			return code === 46;
		case '':
			return false;
	}
}

/**
 * The digits of an unsigned amount (text[start, end)) in the style, as plain text ("1234.56"),
 * or null. Grouping is optional but, where present, only between groups of three digits, and
 * never after a leading "0" group: "0,125" is not a grouped number, so it is never read as 125.
 * Beyond what Strata stores (validatePlainDecimal's limits) it is no amount either.
 */
function unsignedPlain(
	text: string,
	start: number,
	end: number,
	style: NumberStyle
): string | null {
	const decimalCode = style.decimal.charCodeAt(0);
	let dot = -1; // where the decimal mark is
	let marks = 0;
	let run = 0; // digits since the last group mark
	for (let i = start; i < end; i++) {
		const code = text.charCodeAt(i);
		if (isDigit(code)) {
			if (dot === -1) run++;
		} else if (dot === -1 && code === decimalCode) {
			dot = i;
		} else if (dot === -1 && isGroupMark(code, style.grouping)) {
			if (run === 0) return null; // a mark first, or two in a row
			if (marks === 0) {
				if (run > 3 || text.charCodeAt(start) === 48) return null;
			} else if (run !== 3) return null;
			marks++;
			run = 0;
		} else return null;
	}
	if (marks > 0 && run !== 3) return null;
	if (dot === end - 1) return null; // "12," is more likely a slip than twelve
	const integerEnd = dot === -1 ? end : dot;
	let integer: string;
	if (marks === 0) integer = text.slice(start, integerEnd);
	else {
		integer = '';
		let from = start;
		for (let i = start; i < integerEnd; i++) {
			if (!isDigit(text.charCodeAt(i))) {
				integer += text.slice(from, i);
				from = i + 1;
			}
		}
		integer += text.slice(from, integerEnd);
	}
	if (integer === '') {
		if (dot === -1) return null;
		integer = '0'; // ",5" as spreadsheets sometimes write it
	}
	let zeros = 0;
	while (zeros < integer.length - 1 && integer.charCodeAt(zeros) === 48) zeros++;
	if (zeros > 0) integer = integer.slice(zeros);
	if (integer.length > MAX_INTEGER_DIGITS) return null;
	if (dot === -1) return integer;
	if (end - dot - 1 > MAX_FRACTION_DIGITS) return null;
	return `${integer}.${text.slice(dot + 1, end)}`;
}

/**
 * A written amount → plain decimal text ("1234.56", "-0.5", "1200"), or null when it is not a
 * number in that style (or has more digits than Strata stores: see validatePlainDecimal). The
 * digits after the decimal mark are kept as written ("12,50" is "12.50"); leading zeros go, and
 * a negative zero is "0".
 *
 * Accepts a leading + or -, U+2212 minus, a trailing minus ("12,50-"), parentheses for negatives
 * ("(12.50)"), a currency symbol or ISO code before or after ("1 234,56 €", "USD 12.50"),
 * and grouping in valid positions only (groups of three; for ' ' any of space, U+00A0, U+202F).
 *
 * @example parseAmount('1 234,56 €', { decimal: ',', grouping: ' ' }) // '1234.56'
 * @example parseAmount('(1,234.50)', { decimal: '.', grouping: ',' }) // '-1234.50'
 * @example parseAmount('1,234', { decimal: ',', grouping: '' })       // '1.234'
 */
export function parseAmount(text: string, style: NumberStyle): string | null {
	if (style.decimal === style.grouping) return null;
	// Indexes into the text rather than slices of it: this runs for every cell of a 50,000-row file.
	let end = trimEnd(text, 0, text.length);
	let start = trimStart(text, 0, end);
	if (start === end) return null;
	let sign = '';
	let parens = false;
	let currency = false;
	// Peel signs, a parenthesis and a currency mark off the front, in any order they come.
	while (start < end) {
		const first = text.charCodeAt(start);
		if (isDigit(first)) break;
		if ((first === 45 || first === 43 || first === 0x2212) && sign === '' && !parens) {
			sign = first === 43 ? '+' : '-';
			start++;
		} else if (first === 40 && !parens && sign === '') {
			parens = true;
			start++;
		} else if (!currency) {
			CURRENCY_BEFORE.lastIndex = start;
			const match = CURRENCY_BEFORE.exec(text);
			if (!match || start + match[0].length > end) break;
			currency = true;
			start += match[0].length;
		} else break;
		start = trimStart(text, start, end);
	}
	let closed = !parens;
	while (end > start) {
		const last = text.charCodeAt(end - 1);
		if (isDigit(last)) break;
		if (last === 41 && !closed) {
			closed = true;
			end--;
		} else if ((last === 45 || last === 0x2212) && sign === '' && !parens) {
			sign = '-'; // "12,50-": how some banks write a debit
			end--;
		} else if (!currency) {
			const match = CURRENCY_AFTER.exec(text.slice(start, end));
			if (!match) break;
			currency = true;
			end -= match[0].length;
		} else break;
		end = trimEnd(text, start, end);
	}
	if (!closed || start === end || !isDigit(text.charCodeAt(end - 1))) return null;
	const digits = unsignedPlain(text, start, end, style);
	if (digits === null) return null;
	const negative = (sign === '-' || parens) && NONZERO.test(digits);
	return negative ? `-${digits}` : digits;
}

const NONZERO = /[1-9]/;

function trimStart(text: string, start: number, end: number): number {
	while (start < end && isBlank(text.charCodeAt(start))) start++;
	return start;
}

function trimEnd(text: string, start: number, end: number): number {
	while (end > start && isBlank(text.charCodeAt(end - 1))) end--;
	return end;
}

/**
 * The sample with every digit a 9, and whether it starts with a 0 (the one digit the reading
 * depends on): samples of one shape read alike in every style, so each shape is tried once.
 */
function shapeOf(text: string): string {
	let shape = '';
	let from = 0;
	let zeroFirst = false;
	let digits = 0;
	for (let i = 0; i < text.length; i++) {
		const code = text.charCodeAt(i);
		if (!isDigit(code)) continue;
		if (digits++ === 0) zeroFirst = code === 48;
		if (code !== 57) {
			shape += text.slice(from, i) + '9'; // every digit as a 9
			from = i + 1;
		}
	}
	shape += text.slice(from);
	return zeroFirst ? `${shape}0` : shape;
}

const sameStyle = (a: NumberStyle, b: NumberStyle) =>
	a.decimal === b.decimal && a.grouping === b.grouping;

/**
 * From sample cells of one column: the style when the samples decide it; otherwise null with
 * the candidates, one per reading (only "1,234" seen: 1234 or 1.234?), most common first. Cells
 * that are not numbers in any style are ignored; with none left, the candidates are empty.
 * Samples that every style reads alike (plain integers, "12.50" with no grouping seen) decide
 * what they can: the grouping not seen is the one usual with that decimal mark ("1,234.56",
 * "1 234,56"), or `prefer`'s when the samples allow it (e.g. the style of another column).
 * Samples that fit no single style (mixed "1,5" and "1.5") give null, with the styles that read
 * the most of them.
 *
 * @example detectNumberStyle(['1 234,56', '12,00', '-3,5']).style // { decimal: ',', grouping: ' ' }
 * @example detectNumberStyle(['1,234']).candidates // [{ decimal: '.', grouping: ',' }, { decimal: ',', grouping: ' ' }]
 */
export function detectNumberStyle(
	samples: string[],
	prefer?: NumberStyle
): { style: NumberStyle | null; candidates: NumberStyle[] } {
	const shapes = new Map<string, string>();
	for (const sample of samples) {
		const shape = shapeOf(sample.trim());
		if (!shapes.has(shape)) shapes.set(shape, sample);
	}
	// For each style: how many samples it reads, and what it reads them as (for telling apart
	// styles that read the same digits differently).
	const readings = NUMBER_STYLES.map(() => ({ count: 0, values: [] as string[] }));
	let numeric = 0;
	for (const sample of shapes.values()) {
		let readBy = 0;
		NUMBER_STYLES.forEach((style, i) => {
			const value = parseAmount(sample, style);
			readings[i]!.values.push(value ?? '');
			if (value !== null) {
				readings[i]!.count++;
				readBy++;
			}
		});
		if (readBy > 0) numeric++;
	}
	if (numeric === 0) return { style: null, candidates: [] };
	const survivors = NUMBER_STYLES.filter((_, i) => readings[i]!.count === numeric);
	if (survivors.length === 0) {
		const most = Math.max(...readings.map((r) => r.count));
		const candidates = NUMBER_STYLES.filter((_, i) => readings[i]!.count === most);
		return { style: null, candidates: distinctReadings(candidates, readings) };
	}
	const classes = new Map<string, NumberStyle[]>();
	for (const style of survivors) {
		const key = readings[NUMBER_STYLES.indexOf(style)]!.values.join('\n');
		classes.set(key, [...(classes.get(key) ?? []), style]);
	}
	// Styles in one class differ only in marks no sample used: show the preferred or usual one.
	const representatives = [...classes.values()].map(
		(members) => members.find((s) => prefer && sameStyle(s, prefer)) ?? members[0]!
	);
	if (prefer) {
		const preferred = representatives.findIndex((s) => sameStyle(s, prefer));
		if (preferred > 0) representatives.unshift(...representatives.splice(preferred, 1));
	}
	if (representatives.length === 1)
		return { style: representatives[0]!, candidates: representatives };
	return { style: null, candidates: representatives };
}

/** One style per distinct reading of the samples, in NUMBER_STYLES order. */
function distinctReadings(styles: NumberStyle[], readings: { values: string[] }[]): NumberStyle[] {
	const seen = new Set<string>();
	return styles.filter((style) => {
		const key = readings[NUMBER_STYLES.indexOf(style)]!.values.join('\n');
		if (seen.has(key)) return false;
		seen.add(key);
		return true;
	});
}

/** A label for the UI: how 1234.56 looks in the style, e.g. "1 234,56". */
export function describeNumberStyle(style: NumberStyle): string {
	return `1${style.grouping}234${style.decimal}56`;
}
