/**
 * Valuations: what an asset was worth on a day, at most one per asset per day. The writes are
 * the worker's (db/worker/handlers/valuations.ts).
 */
import type { Kysely } from 'kysely';
import { z } from '$lib/domain/zod-setup';
import type { Database } from '$lib/db/schema';
import { dayField, moneyField } from './fields';

export interface Valuation {
	id: string;
	/** The whole asset's value that day (for a unit price: price × the quantity held then). */
	value: string;
	/** Set when it was entered as a price per unit. */
	unitPrice: string | null;
	observedAt: string;
}

export interface Page<T> {
	rows: T[];
	total: number;
}

export function valuationInput(locale: string) {
	// A valuation may be negative: an overdrawn account, an asset that costs to get rid of.
	return z.object({ value: moneyField(locale, { allowNegative: true }), date: dayField });
}

/** Every valuation of an asset, oldest first. */
export async function valuationSeries(db: Kysely<Database>, assetId: string): Promise<Valuation[]> {
	return db
		.selectFrom('asset_snapshots as s')
		.leftJoin('valuation_prices as p', 'p.asset_snapshot_id', 's.id')
		.select(['s.id', 's.value', 'p.unit_price as unitPrice', 's.observed_at as observedAt'])
		.where('s.asset_id', '=', assetId)
		.orderBy('s.observed_at')
		.execute();
}

/** One day of an asset's history: what it counted for at the end of that day. */
export interface AssetDay {
	day: string;
	/** Null while it is not held. */
	value: string | null;
	quantity: string;
}

/**
 * An asset's value at the end of every day something happened to it, oldest first: what its
 * chart draws, the same numbers net worth adds up.
 */
export async function assetDays(db: Kysely<Database>, assetId: string): Promise<AssetDay[]> {
	return db
		.selectFrom('asset_days')
		.select(['day', 'value', 'quantity'])
		.where('asset_id', '=', assetId)
		.orderBy('day')
		.execute();
}
