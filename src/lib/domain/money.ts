/**
 * The one place where decimals (money and quantities) are parsed, validated, formatted and
 * computed. Values travel and are stored as plain decimal text ("-250.75"); arithmetic is exact,
 * on integers with a scale (BigInt: "-250.75" is -25075 × 10^-2); formatting hands the text
 * itself to Intl, so no float ever holds money. The page needs no decimal library before its
 * first paint; decimal.js (decimal.ts) does what needs more: the holding rules' averages.
 */
import { m } from '$lib/paraglide/messages';

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
	if (text === '') return { ok: false, error: m.errors_decimal_empty() };
	const shown = () => JSON.stringify(text);
	if (!PLAIN.test(text)) {
		let hint = m.errors_decimal_hint_digits();
		if (/^-?(\d+\.?\d*|\.\d+)e[+-]?\d+$/i.test(text)) hint = m.errors_decimal_hint_scientific();
		else if (/^[+-]?(nan|infinity)$/i.test(text)) hint = m.errors_decimal_hint_not_finite();
		else if (/^-?\d+,\d+$/.test(text)) hint = m.errors_decimal_hint_comma();
		return { ok: false, error: m.errors_decimal_not_plain({ text: shown(), hint }) };
	}
	// Counted without building substrings: this runs for every value of a 100,000-row backup.
	const start = text.charCodeAt(0) === 45 ? 1 : 0; // "-"
	const dot = text.indexOf('.', start);
	const integerEnd = dot === -1 ? text.length : dot;
	let firstDigit = start;
	while (firstDigit < integerEnd - 1 && text.charCodeAt(firstDigit) === 48) firstDigit++; // leading "0"s
	if (integerEnd - firstDigit > MAX_INTEGER_DIGITS) {
		return {
			ok: false,
			error: m.errors_decimal_integer_digits({ text: shown(), max: MAX_INTEGER_DIGITS })
		};
	}
	if (dot !== -1 && text.length - dot - 1 > MAX_FRACTION_DIGITS) {
		return {
			ok: false,
			error: m.errors_decimal_fraction_digits({ text: shown(), max: MAX_FRACTION_DIGITS })
		};
	}
	return { ok: true, value: text };
}

export function isPlainDecimal(text: string): boolean {
	return validatePlainDecimal(text).ok;
}

/**
 * Stored or computed plain text in its one canonical form: no trailing zeros after the dot, no
 * leading zeros, never "-0" ("0120.50" is "120.5"). Throws on anything else (a bug, not input).
 */
export function normalDecimal(text: string): string {
	const [units, scale] = toScaled(text);
	return scaledText(units, scale);
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
		const [units, scale] = toScaled(text);
		this.addUnits(negate ? -units : units, scale);
	}

	/** Adds units ÷ 10^scale (toScaled's pair). */
	addUnits(units: bigint, scale: number): void {
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
		return scaledText(this.#units, this.#scale);
	}
}

/** Plain decimal text as an integer and its scale: "-1.25" is [-125n, 2]. */
export function toScaled(text: string): [bigint, number] {
	// not shown: a programming error (stored and validated text only reaches here)
	if (!PLAIN.test(text)) throw new RangeError(`Not a plain decimal: ${JSON.stringify(text)}`);
	const dot = text.indexOf('.');
	if (dot === -1) return [BigInt(text), 0];
	return [BigInt(text.slice(0, dot) + text.slice(dot + 1)), text.length - dot - 1];
}

/** units ÷ 10^scale as plain text without trailing zeros: "0" for zero, never "-0". */
export function scaledText(units: bigint, scale: number): string {
	if (units === 0n) return '0';
	const negative = units < 0n;
	let digits = (negative ? -units : units).toString();
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

/** Exact sum of stored decimals. @example sumDecimals(['0.1', '0.2']) // '0.3' */
export function sumDecimals(values: Iterable<string>): string {
	const total = new DecimalSum();
	for (const value of values) total.add(value);
	return total.toString();
}

/** Both at the larger of their scales: [a units, b units, scale]. */
function aligned(a: string, b: string): [bigint, bigint, number] {
	const [x, xs] = toScaled(a);
	const [y, ys] = toScaled(b);
	const scale = Math.max(xs, ys);
	return [x * 10n ** BigInt(scale - xs), y * 10n ** BigInt(scale - ys), scale];
}

export function addDecimals(a: string, b: string): string {
	const [x, y, scale] = aligned(a, b);
	return scaledText(x + y, scale);
}

export function subtractDecimals(a: string, b: string): string {
	const [x, y, scale] = aligned(a, b);
	return scaledText(x - y, scale);
}

/** Exact product, e.g. unit price × quantity. @example multiplyDecimals('0.01', '3') // '0.03' */
export function multiplyDecimals(a: string, b: string): string {
	const [x, xs] = toScaled(a);
	const [y, ys] = toScaled(b);
	return scaledText(x * y, xs + ys);
}

/**
 * top ÷ bottom (integers) rounded half to even to a whole number; `inexact` says that digits
 * beyond were left out before (a tie is then no tie).
 */
export function roundedQuotient(top: bigint, bottom: bigint, inexact = false): bigint {
	// not shown: a programming error (callers never divide by zero)
	if (bottom === 0n) throw new RangeError('Division by zero');
	if (bottom < 0n) {
		top = -top;
		bottom = -bottom;
	}
	const negative = top < 0n;
	const size = negative ? -top : top;
	let quotient = size / bottom;
	const twice = (size % bottom) * 2n;
	if (twice > bottom || (twice === bottom && (inexact || quotient % 2n === 1n))) quotient += 1n;
	return negative ? -quotient : quotient;
}

/**
 * a ÷ b rounded to `places` decimals (half to even), for what is not exact: a unit price from
 * a whole value. @example divideDecimals('100', '3', 2) // '33.33'
 */
export function divideDecimals(a: string, b: string, places: number): string {
	const [x, xs] = toScaled(a);
	const [y, ys] = toScaled(b);
	// x / 10^xs ÷ (y / 10^ys), in units of 10^-places.
	const top = x * 10n ** BigInt(ys + places);
	const bottom = y * 10n ** BigInt(xs);
	return scaledText(roundedQuotient(top, bottom), places);
}

/** −a, by flipping the sign of its text (no parse): "250.00" → "-250.00", "0.0" stays. */
export function negateDecimal(a: string): string {
	// not shown: a programming error (stored and validated text only reaches here)
	if (!PLAIN.test(a)) throw new RangeError(`Not a plain decimal: ${JSON.stringify(a)}`);
	if (a.charCodeAt(0) === 45) return a.slice(1);
	return /[1-9]/.test(a) ? `-${a}` : a;
}

export function compareDecimals(a: string, b: string): -1 | 0 | 1 {
	const [x, y] = aligned(a, b);
	return x < y ? -1 : x > y ? 1 : 0;
}

export function isNegativeDecimal(a: string): boolean {
	return toScaled(a)[0] < 0n;
}

/** A decimal as a float, for drawing only (pixel positions); never for sums or display. */
export function decimalToChartNumber(a: string): number {
	return Number(normalDecimal(a));
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

/** The decimal mark the locale writes ("," in fr-FR, "." in en-US): what a CSV for its spreadsheets uses. */
export function decimalMarkOf(locale: string): string {
	return separatorsOf(locale).decimal;
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
	if (text === '') return { ok: false, error: m.errors_number_required() };
	if (/e|nan|infinity/i.test(text)) return invalid(locale);
	const negative = text.startsWith('-');
	if (negative) text = text.slice(1).trimStart();
	if (negative && !allowNegative) return { ok: false, error: m.errors_number_not_negative() };

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
				maxDecimals === 0 ? m.errors_number_whole() : m.errors_number_decimals({ max: maxDecimals })
		};
	}
	const plain = (negative ? '-' : '') + groups.join('') + (fraction ? '.' + fraction : '');
	if (!validatePlainDecimal(plain).ok) {
		return {
			ok: false,
			error: m.errors_number_integer_digits({ max: MAX_INTEGER_DIGITS })
		};
	}
	return { ok: true, value: normalDecimal(plain) };
}

function example(locale: string): string {
	return formatDecimal('1234.56', locale, { minDecimals: 2 });
}

function invalid(locale: string): DecimalResult {
	return { ok: false, error: m.errors_number_like({ example: example(locale) }) };
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
	return numberFormat(locale, options).format(normalDecimal(value) as NumericText);
}

/** A percentage given as decimal text ("12.5" is 12.5 %), with its sign: "+12.5%". */
export function formatPercent(value: string, locale: string): string {
	return numberFormat(locale, {
		style: 'percent',
		maximumFractionDigits: 2,
		signDisplay: 'exceptZero'
	}).format(scaledText(...hundredth(toScaled(value))) as NumericText);
}

/** A hundredth of units × 10^-scale: a percentage as a fraction. */
const hundredth = ([units, scale]: [bigint, number]): [bigint, number] => [units, scale + 2];

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
	}).format(normalDecimal(value) as NumericText);
}

/** A stored decimal written back into an input field in the user's locale, without grouping. */
export function decimalToInput(value: string, locale: string): string {
	const { decimal } = separatorsOf(locale);
	return value.replace('.', decimal);
}
