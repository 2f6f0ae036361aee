/**
 * zod pieces for form input: numbers typed in the user's locale become stored decimal text, days
 * must be real calendar days. Every message is written for the field it appears under.
 */
import { z } from '$lib/domain/zod-setup';
import { m } from '$lib/paraglide/messages';
import { isCurrencyCode } from './currencies';
import { isDateText } from './dates';
import { MONEY_DECIMALS, QUANTITY_DECIMALS, compareDecimals, parseDecimalInput } from './money';

function decimalField(locale: string, maxDecimals: number, allowNegative: boolean) {
	return z.string({ error: () => m.errors_number_required() }).transform((text, ctx) => {
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
		{ error: () => m.errors_quantity_positive() }
	);
}

/** An exchange rate as typed: above zero, up to 12 decimals. */
export function rateField(locale: string) {
	return decimalField(locale, 12, false).refine((value) => compareDecimals(value, '0') > 0, {
		error: () => m.errors_rate_positive()
	});
}

/** An ISO 4217 code, from the list the forms offer. */
export const currencyField = z
	.string({ error: () => m.errors_currency_required() })
	.refine(isCurrencyCode, { error: () => m.errors_currency_from_list() });

/** What an asset holds now: zero once sold in full, never negative. */
export function heldQuantityField(locale: string) {
	return decimalField(locale, QUANTITY_DECIMALS, false);
}

/** A change of quantity: positive or negative (an adjustment), never zero. */
export function quantityChangeField(locale: string) {
	return decimalField(locale, QUANTITY_DECIMALS, true).refine(
		(value) => compareDecimals(value, '0') !== 0,
		{ error: () => m.errors_quantity_not_zero() }
	);
}

export const dayField = z
	.string({ error: () => m.errors_date_required() })
	.refine((text) => text !== '', { error: () => m.errors_date_required() })
	.refine((text) => text === '' || isDateText(text), { error: () => m.errors_date_valid() });

/** `what` is said after "Choose": a message (called at validation time) or text. */
export const idField = (what: string | (() => string)) => {
	const choose = () => m.errors_choose({ what: typeof what === 'string' ? what : what() });
	return z.string({ error: choose }).min(1, { error: choose });
};
