/**
 * Amounts as spreadsheets and banks write them ("1 234,56 €", "(12.50)", "1'234.56", "12,50-"),
 * read into plain decimal text without ever going through a float, and the writing style of a
 * column worked out from its cells. Part of the CSV reader (csv-read.ts re-exports all of it).
 */
import { validatePlainDecimal } from './money';

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
const CURRENCY_BEFORE = new RegExp(`^(?:[A-Z]{1,3}\\$|[${SYMBOLS}]|[A-Z]{3}(?![A-Z])|kr|zł|Fr\\.)`);
const CURRENCY_AFTER = new RegExp(`(?:[A-Z]{1,3}\\$|[${SYMBOLS}]|(?<![A-Z])[A-Z]{3}|kr|zł|Fr\\.)$`);
const SPACES = /^[\s\u00a0\u202f\u2009]+|[\s\u00a0\u202f\u2009]+$/g;
const PLAIN = /^\d+(?:\.\d+)?$/;

function isDigit(code: number): boolean {
	return code >= 48 && code <= 57;
}

/** A space a French (or Swiss, or Nordic) export groups thousands with. */
function isSpace(code: number): boolean {
	return code === 32 || code === 0xa0 || code === 0x202f || code === 0x2009;
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
 * The digits of an unsigned amount in the style, as plain text ("1234.56"), or null. Grouping
 * is optional but, where present, only between groups of three digits, and never after a
 * leading "0" group: "0,125" is not a grouped number, so it is never read as 125.
 */
function unsignedPlain(text: string, style: NumberStyle): string | null {
	const decimalCode = style.decimal.charCodeAt(0);
	let integer = '';
	let fraction: string | null = null;
	let grouped = false;
	let run = 0;
	for (let i = 0; i < text.length; i++) {
		const code = text.charCodeAt(i);
		if (isDigit(code)) {
			if (fraction === null) {
				integer += text[i];
				run++;
			} else fraction += text[i];
		} else if (fraction === null && code === decimalCode) {
			fraction = '';
		} else if (fraction === null && isGroupMark(code, style.grouping)) {
			if (run === 0) return null; // a mark first, or two in a row
			if (!grouped) {
				if (run > 3 || integer.charCodeAt(0) === 48) return null;
			} else if (run !== 3) return null;
			grouped = true;
			run = 0;
		} else return null;
	}
	if (grouped && run !== 3) return null;
	if (fraction === '') return null; // "12," is more likely a slip than twelve
	if (integer === '') {
		if (fraction === null) return null;
		integer = '0'; // ",5" as spreadsheets sometimes write it
	}
	let start = 0;
	while (start < integer.length - 1 && integer.charCodeAt(start) === 48) start++;
	const whole = start > 0 ? integer.slice(start) : integer;
	return fraction === null ? whole : `${whole}.${fraction}`;
}

/**
 * A written amount → plain decimal text ("1234.56", "-0.5", "1200"), or null when it is not a
 * number in that style (or has more digits than Strata stores: see validatePlainDecimal). The digits after the decimal mark are kept as written ("12,50" is
 * "12.50"); leading zeros go, and a negative zero is "0".
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
	// The everyday case first, with no peeling: "1234.56" in a dot style.
	if (style.decimal === '.' && PLAIN.test(text)) return checked(unsignedPlain(text, style));
	let rest = text.replace(SPACES, '');
	if (rest === '') return null;
	let sign = '';
	let parens = false;
	let currency = false;
	// Peel signs, a parenthesis and a currency mark off the front, in any order they come.
	for (;;) {
		const first = rest.charCodeAt(0);
		if ((first === 45 || first === 43 || first === 0x2212) && sign === '' && !parens) {
			sign = first === 43 ? '+' : '-';
		} else if (first === 40 && !parens && sign === '') {
			parens = true;
		} else if (!currency && !isDigit(first)) {
			const match = CURRENCY_BEFORE.exec(rest);
			if (!match) break;
			currency = true;
			rest = rest.slice(match[0].length).replace(SPACES, '');
			continue;
		} else break;
		rest = rest.slice(1).replace(SPACES, '');
	}
	let closed = !parens;
	for (;;) {
		const last = rest.charCodeAt(rest.length - 1);
		if (last === 41 && !closed) {
			closed = true;
		} else if ((last === 45 || last === 0x2212) && sign === '' && !parens) {
			sign = '-'; // "12,50-": how some banks write a debit
		} else if (!currency && !isDigit(last)) {
			const match = CURRENCY_AFTER.exec(rest);
			if (!match) break;
			currency = true;
			rest = rest.slice(0, rest.length - match[0].length).replace(SPACES, '');
			continue;
		} else break;
		rest = rest.slice(0, -1).replace(SPACES, '');
	}
	if (!closed || rest === '' || !isDigit(rest.charCodeAt(rest.length - 1))) return null;
	const digits = unsignedPlain(rest, style);
	if (digits === null) return null;
	const negative = (sign === '-' || parens) && /[1-9]/.test(digits);
	return checked(negative ? `-${digits}` : digits);
}

/** Past what Strata stores (20 integer digits, 30 after the dot), a cell is no amount. */
function checked(plain: string | null): string | null {
	return plain !== null && validatePlainDecimal(plain).ok ? plain : null;
}

/** The same sample shape reads the same way in every style, so each shape is tried once. */
function shapeOf(text: string): string {
	const firstDigit = text.search(/\d/);
	return text.replace(/\d/g, '9') + (text[firstDigit] === '0' ? '0' : '');
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
