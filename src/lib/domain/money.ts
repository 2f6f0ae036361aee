/**
 * The one place where decimals (money and quantities) are parsed, validated, formatted and
 * computed. Values travel and are stored as plain decimal text ("-250.75"); arithmetic uses
 * decimal.js; formatting hands the text itself to Intl, so no float ever holds money.
 */
import Decimal from 'decimal.js';

/**
 * decimal.js tuned for money: 120 significant digits keep +, − and × of any two stored values
 * (≤ 20 integer and ≤ 30 fraction digits) exact, and exponents are never used in output.
 */
export const Dec = Decimal.clone({
	precision: 120,
	rounding: Decimal.ROUND_HALF_EVEN,
	toExpNeg: -9e15,
	toExpPos: 9e15
});
export type Dec = Decimal;

/** The original Strata's limit, kept for every decimal we accept. */
export const MAX_INTEGER_DIGITS = 20;
/** Far beyond any currency or quantity; keeps every sum and product exact at our precision. */
export const MAX_FRACTION_DIGITS = 30;
/** Forms take money with 2 decimal places and quantities with 8 (imports keep whatever they hold). */
export const MONEY_DECIMALS = 2;
export const QUANTITY_DECIMALS = 8;

export type DecimalResult = { ok: true; value: string } | { ok: false; error: string };

const PLAIN = /^-?\d+(\.\d+)?$/;

/**
 * Checks that `text` is a decimal in plain notation as stored and exported: an optional minus,
 * digits, an optional dot and digits. Returns the text unchanged (it is never rounded or
 * re-padded) or a reason that completes the sentence `"<text>" …`.
 *
 * @example validatePlainDecimal('4250.00') // { ok: true, value: '4250.00' }
 * @example validatePlainDecimal('1e5')     // { ok: false, error: '"1e5" is not a plain decimal …' }
 */
export function validatePlainDecimal(text: string): DecimalResult {
	if (text === '') return { ok: false, error: 'is empty: a decimal number is required' };
	const shown = () => JSON.stringify(text);
	if (!PLAIN.test(text)) {
		let hint = 'digits with an optional minus sign and one dot, like 1234.56';
		if (/^-?(\d+\.?\d*|\.\d+)e[+-]?\d+$/i.test(text)) hint = 'scientific notation is not accepted';
		else if (/^[+-]?(nan|infinity)$/i.test(text)) hint = 'it is not a finite number';
		else if (/^-?\d+,\d+$/.test(text)) hint = 'use a dot as the decimal separator, like 1.5';
		return { ok: false, error: `${shown()} is not a plain decimal (${hint})` };
	}
	// Counted without building substrings: this runs for every value of a 100,000-row backup.
	const start = text.charCodeAt(0) === 45 ? 1 : 0; // "-"
	const dot = text.indexOf('.', start);
	const integerEnd = dot === -1 ? text.length : dot;
	let firstDigit = start;
	while (firstDigit < integerEnd - 1 && text.charCodeAt(firstDigit) === 48) firstDigit++; // leading "0"s
	if (integerEnd - firstDigit > MAX_INTEGER_DIGITS) {
		return { ok: false, error: `${shown()} has more than ${MAX_INTEGER_DIGITS} integer digits` };
	}
	if (dot !== -1 && text.length - dot - 1 > MAX_FRACTION_DIGITS) {
		return {
			ok: false,
			error: `${shown()} has more than ${MAX_FRACTION_DIGITS} digits after the dot`
		};
	}
	return { ok: true, value: text };
}

export function isPlainDecimal(text: string): boolean {
	return validatePlainDecimal(text).ok;
}

/**
 * A Decimal from stored or computed plain text. Throws on anything else (that is a bug, not
 * input). Totals may exceed the 20 integer digits a single stored value is allowed.
 */
export function toDecimal(text: string): Decimal {
	if (!PLAIN.test(text)) throw new RangeError(`Not a plain decimal: ${JSON.stringify(text)}`);
	return new Dec(text);
}

/** Plain text of any Decimal (no exponent, no trailing zeros, never "-0"), with no range check. */
export function plainText(value: Decimal): string {
	if (!value.isFinite()) throw new RangeError('Not a finite decimal');
	return value.isZero() ? '0' : value.toFixed();
}

/** The stored text of a Decimal: plain notation, within the 20 integer digits a column holds. */
export function toStoredDecimal(value: Decimal): string {
	const text = plainText(value);
	const result = validatePlainDecimal(text);
	if (!result.ok) throw new RangeError(`Decimal out of range: ${result.error}`);
	return text;
}

/**
 * An exact running sum of decimal texts as one scaled integer (units × 10^-scale). The sums
 * behind every chart add tens of thousands of values; a BigInt addition per value is several
 * times cheaper than parsing each one into a Decimal, and just as exact.
 */
export class DecimalSum {
	#units = 0n;
	#scale = 0;

	/** Adds plain decimal text (throws on anything else). */
	add(text: string): void {
		this.#addScaled(text, false);
	}

	/** Takes plain decimal text away again (a sliding window's row leaving the frame). */
	subtract(text: string): void {
		this.#addScaled(text, true);
	}

	#addScaled(text: string, negate: boolean): void {
		if (!PLAIN.test(text)) throw new RangeError(`Not a plain decimal: ${JSON.stringify(text)}`);
		const dot = text.indexOf('.');
		const scale = dot === -1 ? 0 : text.length - dot - 1;
		let units = BigInt(dot === -1 ? text : text.slice(0, dot) + text.slice(dot + 1));
		if (negate) units = -units;
		if (scale > this.#scale) {
			this.#units *= 10n ** BigInt(scale - this.#scale);
			this.#scale = scale;
		} else if (scale < this.#scale) {
			units *= 10n ** BigInt(this.#scale - scale);
		}
		this.#units += units;
	}

	/** The sum as plain text without trailing zeros: "0" for zero, never "-0". */
	toString(): string {
		if (this.#units === 0n) return '0';
		const negative = this.#units < 0n;
		let digits = (negative ? -this.#units : this.#units).toString();
		let scale = this.#scale;
		while (scale > 0 && digits.endsWith('0')) {
			digits = digits.slice(0, -1);
			scale--;
		}
		if (scale > 0) {
			digits = digits.padStart(scale + 1, '0');
			digits = `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
		}
		return negative ? `-${digits}` : digits;
	}
}

/** Exact sum of stored decimals. @example sumDecimals(['0.1', '0.2']) // '0.3' */
export function sumDecimals(values: Iterable<string>): string {
	const total = new DecimalSum();
	for (const value of values) total.add(value);
	return total.toString();
}

export function addDecimals(a: string, b: string): string {
	return plainText(toDecimal(a).plus(toDecimal(b)));
}

export function subtractDecimals(a: string, b: string): string {
	return plainText(toDecimal(a).minus(toDecimal(b)));
}

/** Exact product, e.g. unit price × quantity. @example multiplyDecimals('0.01', '3') // '0.03' */
export function multiplyDecimals(a: string, b: string): string {
	return plainText(toDecimal(a).times(toDecimal(b)));
}

/**
 * a ÷ b rounded to `places` decimals (half to even), for what is not exact: a unit price from
 * a whole value. @example divideDecimals('100', '3', 2) // '33.33'
 */
export function divideDecimals(a: string, b: string, places: number): string {
	return plainText(toDecimal(a).dividedBy(toDecimal(b)).toDecimalPlaces(places));
}

/** −a, by flipping the sign of its text (no parse): "250.00" → "-250.00", "0.0" stays. */
export function negateDecimal(a: string): string {
	if (!PLAIN.test(a)) throw new RangeError(`Not a plain decimal: ${JSON.stringify(a)}`);
	if (a.charCodeAt(0) === 45) return a.slice(1);
	return /[1-9]/.test(a) ? `-${a}` : a;
}

export function compareDecimals(a: string, b: string): -1 | 0 | 1 {
	return toDecimal(a).comparedTo(toDecimal(b)) as -1 | 0 | 1;
}

export function isNegativeDecimal(a: string): boolean {
	return toDecimal(a).isNegative() && !toDecimal(a).isZero();
}

/** A decimal as a float, for drawing only (pixel positions); never for sums or display. */
export function decimalToChartNumber(a: string): number {
	return toDecimal(a).toNumber();
}

// ---------------------------------------------------------------------------------------------
// User input in the user's locale

interface Separators {
	group: string;
	decimal: string;
}

const separatorCache = new Map<string, Separators>();

function separatorsOf(locale: string): Separators {
	let found = separatorCache.get(locale);
	if (!found) {
		const parts = new Intl.NumberFormat(locale).formatToParts(1234567.5);
		found = {
			group: parts.find((p) => p.type === 'group')?.value ?? ',',
			decimal: parts.find((p) => p.type === 'decimal')?.value ?? '.'
		};
		separatorCache.set(locale, found);
	}
	return found;
}

const SPACE = '\\s\\u00a0\\u202f\\u2009';

export interface InputOptions {
	/** Most decimal places accepted (2 for money, 8 for quantities). */
	maxDecimals: number;
	allowNegative?: boolean;
}

/**
 * Reads a number typed by the user in their locale (`1 234,56` in fr-FR, `1.234,56` in de-DE,
 * `1,234.56` in en-US) into stored plain text ("1234.56"). Grouping separators (the locale's, or
 * a space) are accepted only between groups of three digits, so `1234.56` typed in de-DE is
 * refused with a hint instead of silently becoming 123456. Messages are shown under the field.
 *
 * @example parseDecimalInput('1 234,56', 'fr-FR', { maxDecimals: 2 }) // { ok: true, value: '1234.56' }
 */
export function parseDecimalInput(
	input: string,
	locale: string,
	{ maxDecimals, allowNegative = false }: InputOptions
): DecimalResult {
	const { group, decimal } = separatorsOf(locale);
	let text = input.trim().replace(/\u2212/g, '-');
	if (text === '') return { ok: false, error: 'Enter a number.' };
	if (/e|nan|infinity/i.test(text)) return invalid(locale);
	const negative = text.startsWith('-');
	if (negative) text = text.slice(1).trimStart();
	if (negative && !allowNegative) return { ok: false, error: 'Enter a number of zero or more.' };

	// A mark that is neither this locale's group nor its decimal separator can only be a decimal
	// separator typed out of habit (a dot in fr-FR): accept it, it cannot be misread.
	const other = decimal === ',' ? '.' : ',';
	const decimalMarks = group === other ? [decimal] : [decimal, other];
	const markAt = Math.max(...decimalMarks.map((mark) => text.lastIndexOf(mark)));
	const integerPart = markAt >= 0 ? text.slice(0, markAt) : text;
	const fraction = markAt >= 0 ? text.slice(markAt + 1) : '';
	if (markAt >= 0 && !/^\d+$/.test(fraction)) return invalid(locale);
	// "1.000" typed in fr-FR may mean one thousand: a foreign mark before exactly three digits is
	// ambiguous, so the user is asked to write it the locale's way.
	if (markAt >= 0 && text[markAt] !== decimal && fraction.length === 3) return invalid(locale);

	const groupSeparator = new RegExp(`[${SPACE}${group.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}]`);
	const groups = integerPart.split(groupSeparator);
	const [first, ...rest] = groups;
	if (!first || !/^\d+$/.test(first)) return invalid(locale);
	if (rest.length > 0 && (first.length > 3 || rest.some((g) => !/^\d{3}$/.test(g)))) {
		return invalid(locale);
	}
	if (fraction.length > maxDecimals) {
		return {
			ok: false,
			error:
				maxDecimals === 0 ? 'Enter a whole number.' : `Use at most ${maxDecimals} decimal places.`
		};
	}
	const plain = (negative ? '-' : '') + groups.join('') + (fraction ? '.' + fraction : '');
	if (!validatePlainDecimal(plain).ok) {
		return {
			ok: false,
			error: `Use at most ${MAX_INTEGER_DIGITS} digits before the decimal mark.`
		};
	}
	return { ok: true, value: toStoredDecimal(new Dec(plain)) };
}

function example(locale: string): string {
	return formatDecimal('1234.56', locale, { minDecimals: 2 });
}

function invalid(locale: string): DecimalResult {
	return { ok: false, error: `Enter a number like ${example(locale)}.` };
}

// ---------------------------------------------------------------------------------------------
// Display

const formatCache = new Map<string, Intl.NumberFormat>();

function numberFormat(locale: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
	const key = locale + JSON.stringify(options);
	let format = formatCache.get(key);
	if (!format) {
		format = new Intl.NumberFormat(locale, options);
		formatCache.set(key, format);
	}
	return format;
}

// Intl formats a numeric string exactly (no detour through a float): ES2023 Intl.NumberFormat v3.
type NumericText = Intl.StringNumericLiteral;

/**
 * A stored decimal as money in the display currency, rounded for display only (the currency's
 * own digits: 2 for EUR, 0 for JPY).
 *
 * @example formatMoney('239200', { locale: 'fr-FR', currency: 'EUR' }) // '239 200,00 €'
 */
export function formatMoney(
	value: string,
	{
		locale,
		currency,
		compact = false,
		signed = false
	}: { locale: string; currency: string; compact?: boolean; signed?: boolean }
): string {
	const options: Intl.NumberFormatOptions = compact
		? compactMoney(currency)
		: { style: 'currency', currency };
	// A gain or a change says its sign, zero included ("+€0.00" reads as "no change").
	if (signed) options.signDisplay = 'exceptZero';
	return numberFormat(locale, options).format(toDecimal(value).toFixed() as NumericText);
}

/** A percentage given as decimal text ("12.5" is 12.5 %), with its sign: "+12.5%". */
export function formatPercent(value: string, locale: string): string {
	return numberFormat(locale, {
		style: 'percent',
		maximumFractionDigits: 2,
		signDisplay: 'exceptZero'
	}).format(toDecimal(value).dividedBy(100).toFixed() as NumericText);
}

const compactMoney = (currency: string): Intl.NumberFormatOptions => ({
	style: 'currency',
	currency,
	notation: 'compact',
	maximumFractionDigits: 1
});

/** A chart axis tick (a number a scale chose, not a stored value), as short money: "€240K". */
export function formatAxisMoney(
	value: number,
	{ locale, currency }: { locale: string; currency: string }
): string {
	return numberFormat(locale, compactMoney(currency)).format(value);
}

/** A stored decimal (a quantity, a unit price) with as many decimals as it has, up to 8. */
export function formatDecimal(
	value: string,
	locale: string,
	{
		minDecimals = 0,
		maxDecimals = QUANTITY_DECIMALS
	}: { minDecimals?: number; maxDecimals?: number } = {}
): string {
	return numberFormat(locale, {
		minimumFractionDigits: minDecimals,
		maximumFractionDigits: maxDecimals
	}).format(toDecimal(value).toFixed() as NumericText);
}

/** A stored decimal written back into an input field in the user's locale, without grouping. */
export function decimalToInput(value: string, locale: string): string {
	const { decimal } = separatorsOf(locale);
	return value.replace('.', decimal);
}

/**
 * A number read from a legacy column (the original Strata stored decimals as SQLite INTEGER or
 * REAL) as plain text: the shortest text that is that number, like JavaScript prints it.
 */
export function plainFromLegacyNumber(value: number | bigint): string {
	if (typeof value === 'bigint') return value.toString();
	if (!Number.isFinite(value)) throw new RangeError(`Not a finite number: ${value}`);
	return plainText(new Dec(value));
}
