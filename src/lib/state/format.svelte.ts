/**
 * Formatting with the user's display settings. Reading `settings` (and the base currency) inside
 * these functions makes every number and date in a template follow a change at once.
 */
import { formatDay, formatMoment } from '$lib/domain/dates';
import {
	decimalToInput,
	formatAxisMoney,
	formatDecimal,
	formatMoney,
	formatPercent
} from '$lib/domain/money';
import { unitRate } from '$lib/domain/currencies';
import { baseCurrency } from './currency.svelte';
import { settings } from './settings.svelte';

export const fmt = {
	/** An amount in `currency`: the base currency unless it is an asset's own. */
	money: (value: string, currency = baseCurrency.code, compact = false) =>
		formatMoney(value, { locale: settings.locale, currency, compact }),
	/** A gain or a change: "+€84.00", "−€12.50". */
	signedMoney: (value: string, currency = baseCurrency.code) =>
		formatMoney(value, { locale: settings.locale, currency, signed: true }),
	/** A share in percent of decimal text "12.5": "+12.5%". */
	percent: (value: string) => formatPercent(value, settings.locale),
	/** A chart's axis tick (in the base currency unless told otherwise). */
	axisMoney: (value: number, currency = baseCurrency.code) =>
		formatAxisMoney(value, { locale: settings.locale, currency }),
	/** "1 USD = 0.925926 EUR" from a factor (num ÷ den) of `from` into `to`. */
	rate: (from: string, to: string, num: string, den: string) =>
		`1 ${from} = ${formatDecimal(unitRate(num, den), settings.locale)} ${to}`,
	/** A quantity or a unit count, with the decimals it has (up to 8). */
	decimal: (value: string) => formatDecimal(value, settings.locale),
	day: (value: string, style: 'medium' | 'short' | 'month' = 'medium') =>
		formatDay(value, settings.locale, style),
	moment: (value: string) => formatMoment(value, settings.locale),
	/** A stored decimal as the user would type it in their locale. */
	input: (value: string) => decimalToInput(value, settings.locale)
};

/**
 * Builds the formatters the dashboard shows first. The first Intl formatter of a fresh browser
 * process costs tens of milliseconds (locale data loads): paid while the main thread waits for
 * SQLite to start, not between the query and the paint.
 */
export function warmFormats(): void {
	fmt.money('0');
	fmt.money('0', baseCurrency.code, true);
	fmt.day('2000-01-01');
}
