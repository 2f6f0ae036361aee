/**
 * Gains, kept apart from the asset forms so the dashboard loads without their validation code:
 * an asset's gain since acquisition, as a share of what was paid, and that of everything bought.
 */
import type { Kysely } from 'kysely';
import type { Database } from '$lib/db/schema';
import { convertAmount } from './currencies';
import { type DateText } from './dates';
import {
	addDecimals,
	compareDecimals,
	divideDecimals,
	multiplyDecimals,
	subtractDecimals,
	sumDecimals
} from './money';
import { assetValuesOn, type AssetValue } from './net-worth';

/** Gain since acquisition: what it is worth (or brought in) over what it cost. */
export function gainOf(v: AssetValue | undefined): string | null {
	if (!v || v.cost === null || v.realised === null) return null;
	return addDecimals(subtractDecimals(v.value ?? '0', v.cost), v.realised);
}

/** A gain as a share of all that was paid for the asset: "12.5" (percent), null when nothing was. */
export function gainPercent(gain: string | null, invested: string | null): string | null {
	if (gain === null || invested === null || compareDecimals(invested, '0') <= 0) return null;
	return divideDecimals(multiplyDecimals(gain, '100'), invested, 2);
}

/**
 * The gain of everything that was bought (assets with transactions; debts aside): what it is
 * worth and what it brought in, over what it cost — with what was paid for it in all. Each
 * asset's gain is reckoned in its own currency and converted at the day's rate.
 */
export async function portfolioGain(
	db: Kysely<Database>,
	day: DateText
): Promise<{ gain: string; invested: string } | null> {
	const [groups, values] = await Promise.all([
		db
			.selectFrom('assets as a')
			.innerJoin('asset_types as t', 't.id', 'a.asset_type_id')
			.select(['a.id', 't.group'])
			.execute(),
		assetValuesOn(db, day)
	]);
	const gains: string[] = [];
	const invested: string[] = [];
	for (const { id, group } of groups) {
		const value = values.get(id);
		const gain = group === 'LIABILITIES' ? null : gainOf(value);
		if (gain === null || !value?.invested) continue;
		// In the base currency at the day's rate (an asset without one is left out, as in net worth).
		const rate = value.currency === value.base ? { num: '1', den: '1' } : value.rate;
		if (!rate) continue;
		gains.push(convertAmount(gain, rate.num, rate.den));
		invested.push(convertAmount(value.invested, rate.num, rate.den));
	}
	return gains.length ? { gain: sumDecimals(gains), invested: sumDecimals(invested) } : null;
}
