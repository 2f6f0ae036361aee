/**
 * decimal.js, for what integers with a scale (money.ts) do not do simply: the holding rules'
 * average costs and the stored text of a number from an old file. Loaded by the database worker
 * and by backups, never before the page's first paint.
 */
import Decimal from 'decimal.js';
import { validatePlainDecimal } from './money';
import { m } from '$lib/paraglide/messages';

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

const PLAIN = /^-?\d+(\.\d+)?$/;

/**
 * A Decimal from stored or computed plain text. Throws on anything else (that is a bug, not
 * input). Totals may exceed the 20 integer digits a single stored value is allowed.
 */
export function toDecimal(text: string): Decimal {
	// not shown: a programming error (only stored or computed text reaches here)
	if (!PLAIN.test(text)) throw new RangeError(`Not a plain decimal: ${JSON.stringify(text)}`);
	return new Dec(text);
}

/** Plain text of any Decimal (no exponent, no trailing zeros, never "-0"), with no range check. */
export function plainText(value: Decimal): string {
	// not shown: a programming error (computed values are finite)
	if (!value.isFinite()) throw new RangeError('Not a finite decimal');
	return value.isZero() ? '0' : value.toFixed();
}

/** The stored text of a Decimal: plain notation, within the 20 integer digits a column holds. */
export function toStoredDecimal(value: Decimal): string {
	const text = plainText(value);
	const result = validatePlainDecimal(text);
	if (!result.ok) throw new RangeError(m.errors_decimal_out_of_range({ reason: result.error }));
	return text;
}

/**
 * A number read from a legacy column (the original Strata stored decimals as SQLite INTEGER or
 * REAL) as plain text: the shortest text that is that number, like JavaScript prints it.
 */
export function plainFromLegacyNumber(value: number | bigint): string {
	if (typeof value === 'bigint') return value.toString();
	// not shown: a programming error (SQLite stores no infinite number)
	if (!Number.isFinite(value)) throw new RangeError(`Not a finite number: ${value}`);
	return plainText(new Dec(value));
}
