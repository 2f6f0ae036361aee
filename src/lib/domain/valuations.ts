/**
 * Valuations: what an asset was worth on a day, at most one per asset per day. The writes are
 * the worker's (db/worker/handlers/valuations.ts).
 */
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '$lib/db/schema';
import { dayField, moneyField } from './fields';

export interface Valuation {
	id: string;
	value: string;
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

/** Every valuation of an asset, oldest first, for its chart. */
export async function valuationSeries(db: Kysely<Database>, assetId: string): Promise<Valuation[]> {
	return db
		.selectFrom('asset_snapshots')
		.select(['id', 'value', 'observed_at as observedAt'])
		.where('asset_id', '=', assetId)
		.orderBy('observed_at')
		.execute();
}
