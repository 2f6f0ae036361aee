/** Shares of a whole, for the allocation chart: exact decimals, rounded only for display. */
import { Dec, toDecimal } from './money';

/** `part` as a percentage of `whole` (0 when the whole is 0), e.g. "41.3". */
export function percentOf(part: string, whole: string, decimals = 1): string {
	const total = toDecimal(whole);
	if (total.isZero()) return '0';
	return toDecimal(part)
		.times(100)
		.div(total)
		.toDecimalPlaces(decimals, Dec.ROUND_HALF_EVEN)
		.toFixed();
}
