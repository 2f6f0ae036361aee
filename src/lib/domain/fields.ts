/**
 * zod pieces for form input: numbers typed in the user's locale become stored decimal text, days
 * must be real calendar days. Every message is written for the field it appears under.
 */
import { z } from '$lib/domain/zod-setup';
import { isCurrencyCode } from './currencies';
import { isDateText } from './dates';
import { MONEY_DECIMALS, QUANTITY_DECIMALS, compareDecimals, parseDecimalInput } from './money';

function decimalField(locale: string, maxDecimals: number, allowNegative: boolean) {
	return z.string({ error: 'Enter a number.' }).transform((text, ctx) => {
		const parsed = parseDecimalInput(text, locale, { maxDecimals, allowNegative });
		if (!parsed.ok) {
			ctx.addIssue({ code: 'custom', message: parsed.error });
			return z.NEVER;
		}
		return parsed.value;
	});
}

/** An amount of money with at most 2 decimals. */
export function moneyField(locale: string, { allowNegative = false } = {}) {
	return decimalField(locale, MONEY_DECIMALS, allowNegative);
}

/** A quantity: more than zero, at most 8 decimals. */
export function quantityField(locale: string) {
	return decimalField(locale, QUANTITY_DECIMALS, false).refine(
		(value) => compareDecimals(value, '0') > 0,
		'Enter a quantity greater than zero.'
	);
}

/** An exchange rate as typed: above zero, up to 12 decimals. */
export function rateField(locale: string) {
	return decimalField(locale, 12, false).refine(
		(value) => compareDecimals(value, '0') > 0,
		'Enter a rate greater than zero.'
	);
}

/** An ISO 4217 code, from the list the forms offer. */
export const currencyField = z
	.string({ error: 'Choose a currency.' })
	.refine(isCurrencyCode, 'Choose a currency from the list.');

/** What an asset holds now: zero once sold in full, never negative. */
export function heldQuantityField(locale: string) {
	return decimalField(locale, QUANTITY_DECIMALS, false);
}

/** A change of quantity: positive or negative (an adjustment), never zero. */
export function quantityChangeField(locale: string) {
	return decimalField(locale, QUANTITY_DECIMALS, true).refine(
		(value) => compareDecimals(value, '0') !== 0,
		'Enter a quantity other than zero.'
	);
}

export const dayField = z
	.string({ error: 'Enter a date.' })
	.refine((text) => text !== '', 'Enter a date.')
	.refine((text) => text === '' || isDateText(text), 'Enter a valid date.');

export const idField = (what: string) =>
	z.string({ error: `Choose ${what}.` }).min(1, `Choose ${what}.`);
