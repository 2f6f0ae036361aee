/**
 * Currencies and their conversion (the rules: README "Net worth"). Every asset is in its own
 * currency; totals are in the database's base currency. A value in currency C on day D counts
 * in the base B as value × the latest rate between C and B on or before D — a direct one, or
 * one through the euro (C → EUR → B) when that is more recent — and never at 1:1: without a
 * rate, the value is left out and the total says it is incomplete.
 *
 * A rate is stored as the exchange rate tables publish it: 1 `base` = `rate` `quote`. A factor
 * is a fraction num ÷ den, so that an inverse or a cross rate stays exact until the one division
 * of a conversion.
 */
import { multiplyDecimals, normalDecimal, roundedQuotient, scaledText, toScaled } from './money';

/** The currencies most households hold, first in every list. */
export const COMMON_CURRENCIES = [
	'EUR',
	'USD',
	'GBP',
	'CHF',
	'JPY',
	'CAD',
	'AUD',
	'SEK',
	'NOK',
	'DKK',
	'PLN',
	'CZK'
] as const;

/** Where nothing says otherwise (an asset of the original's files, a new database): euros. */
export const DEFAULT_CURRENCY = 'EUR';

const CODE = /^[A-Z]{3}$/;

/** Every ISO 4217 code this browser knows, the common ones first. */
export function currencyCodes(): string[] {
	let known: string[] = [];
	try {
		known = Intl.supportedValuesOf('currency');
	} catch {
		// An engine without the list: the common ones still work.
	}
	const common = new Set<string>(COMMON_CURRENCIES);
	return [...COMMON_CURRENCIES, ...known.filter((c) => CODE.test(c) && !common.has(c)).sort()];
}

/** Whether `code` is an ISO 4217 currency code (as this browser knows them). */
export function isCurrencyCode(code: string): boolean {
	return CODE.test(code) && currencyCodes().includes(code);
}

/** "US Dollar" for USD, in the user's language; the code itself when unknown. */
export function currencyName(code: string, locale: string): string {
	try {
		return new Intl.DisplayNames([locale], { type: 'currency' }).of(code) ?? code;
	} catch {
		return code;
	}
}

/** Decimals of a conversion that has to divide (an inverse or cross rate). */
export const CONVERSION_PLACES = 10;

/**
 * value × num ÷ den: exact when den is 1 (a rate as published), else rounded half to even to
 * 10 decimal places — far below a cent, and the only rounding before display.
 *
 * @example convertAmount('100', '1', '1.08') // '92.5925925926'
 */
export function convertAmount(value: string, num: string, den: string): string {
	const [units, scale] = convertScaled(
		toScaled(value),
		toScaled(num),
		den === '1' ? null : toScaled(den)
	);
	return scaledText(units, scale);
}

/**
 * convertAmount on integers with their scale (BigInt; `den` null for a published rate, which
 * multiplies exactly). The chart's series convert every asset on every day: this is several
 * times faster than decimal.js and gives the same digits (a test compares them).
 */
export function convertScaled(
	[v, vScale]: [bigint, number],
	[n, nScale]: [bigint, number],
	den: [bigint, number] | null
): [bigint, number] {
	if (den === null) return [v * n, vScale + nScale];
	const [d, dScale] = den;
	// v·n / 10^(vScale+nScale) ÷ (d / 10^dScale), in units of 10^-CONVERSION_PLACES.
	const top = v * n * 10n ** BigInt(dScale + CONVERSION_PLACES);
	return [roundedQuotient(top, d * 10n ** BigInt(vScale + nScale)), CONVERSION_PLACES];
}

/** One published rate: 1 base = rate quote on day. */
export interface Rate {
	day: string;
	base: string;
	quote: string;
	rate: string;
}

/** From a day on, currency × num ÷ den is its worth in the base; `rateDay` is its latest rate. */
export interface Factor {
	day: string;
	num: string;
	den: string;
	rateDay: string;
	via: 'direct' | 'EUR';
}

/** A rate as a fraction: num ÷ den (plain decimal text). */
interface Leg {
	day: string;
	num: string;
	den: string;
}

/** The rates that say how much one `from` is worth in `to`, as legs, by day. */
function legsOf(rates: readonly Rate[], from: string, to: string): Map<string, Leg> {
	const legs = new Map<string, Leg>();
	for (const r of rates) {
		if (r.base === from && r.quote === to) {
			legs.set(r.day, { day: r.day, num: normalDecimal(r.rate), den: '1' });
		}
	}
	// The inverse pair counts only where the pair itself gave no rate that day.
	for (const r of rates) {
		if (r.base === to && r.quote === from && !legs.has(r.day)) {
			legs.set(r.day, { day: r.day, num: '1', den: normalDecimal(r.rate) });
		}
	}
	return legs;
}

/**
 * The factors converting `currency` into `base`, one per day on which they change, from the
 * first day a rate makes them known. Days before the first have no factor: no rate yet.
 */
export function conversionFactors(
	rates: readonly Rate[],
	currency: string,
	base: string
): Factor[] {
	if (currency === base) return [];
	const direct = legsOf(rates, currency, base);
	const throughEuro = currency !== 'EUR' && base !== 'EUR';
	const toEuro = throughEuro ? legsOf(rates, currency, 'EUR') : new Map<string, Leg>();
	const fromEuro = throughEuro ? legsOf(rates, 'EUR', base) : new Map<string, Leg>();
	const days = [...new Set([...direct.keys(), ...toEuro.keys(), ...fromEuro.keys()])].sort();
	const factors: Factor[] = [];
	let pair: Leg | undefined;
	let first: Leg | undefined;
	let second: Leg | undefined;
	for (const day of days) {
		pair = direct.get(day) ?? pair;
		first = toEuro.get(day) ?? first;
		second = fromEuro.get(day) ?? second;
		let next: Factor | null = null;
		const crossDay = first && second ? (first.day < second.day ? first.day : second.day) : null;
		// The most recent information wins: a direct rate unless both euro legs are newer.
		if (pair && (crossDay === null || pair.day >= crossDay)) {
			next = {
				day,
				num: pair.num,
				den: pair.den,
				rateDay: pair.day,
				via: 'direct'
			};
		} else if (first && second) {
			next = {
				day,
				num: multiplyDecimals(first.num, second.num),
				den: multiplyDecimals(first.den, second.den),
				rateDay: first.day > second.day ? first.day : second.day,
				via: 'EUR'
			};
		}
		const last = factors.at(-1);
		if (
			next &&
			!(last && last.num === next.num && last.den === next.den && last.rateDay === next.rateDay)
		)
			factors.push(next);
	}
	return factors;
}

/** 1 `from` = how many `to`, for display: "1 USD = 0.925926 EUR" (6 significant digits). */
export function unitRate(num: string, den: string): string {
	const [n, nScale] = toScaled(num);
	const [d, dScale] = toScaled(den);
	if (n === 0n) return '0';
	// num ÷ den with 40 more decimals than needed, then rounded to 6 significant digits (half to
	// even; what the 40 decimals left out still counts, so a near-tie is never taken for one).
	const extra = 40;
	const top = n * 10n ** BigInt(dScale + extra);
	const bottom = d * 10n ** BigInt(nScale);
	const quotient = top / bottom;
	const inexact = top % bottom !== 0n;
	const digits = (quotient < 0n ? -quotient : quotient).toString().length;
	const drop = Math.max(0, digits - 6);
	const rounded = roundedQuotient(quotient, 10n ** BigInt(drop), inexact);
	return scaledText(rounded * 10n ** BigInt(drop), extra);
}
