/**
 * The base currency of the open database: every total, chart and allocation is in it, and
 * formatting uses it unless an amount says otherwise (an asset's own currency). Set when the
 * database opens, and again whenever its settings change (the layout follows them).
 */
import { DEFAULT_CURRENCY } from '$lib/domain/currencies';

class BaseCurrency {
	code = $state<string>(DEFAULT_CURRENCY);
}

export const baseCurrency = new BaseCurrency();
