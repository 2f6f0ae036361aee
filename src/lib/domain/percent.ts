/** Shares of a whole, for the allocation chart: exact decimals, rounded only for display. */
import { compareDecimals, divideDecimals, multiplyDecimals } from './money';

/** `part` as a percentage of `whole` (0 when the whole is 0), e.g. "41.3". */
export function percentOf(part: string, whole: string, decimals = 1): string {
	if (compareDecimals(whole, '0') === 0) return '0';
	return divideDecimals(multiplyDecimals(part, '100'), whole, decimals);
}
