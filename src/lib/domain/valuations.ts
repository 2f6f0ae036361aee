/**
 * Valuations: what an asset was worth on a day. At most one per asset per day; changing one
 * brings the stored net-worth points up to date from that day on, in the same transaction.
 */
import type { Kysely, Transaction } from 'kysely';
import { z } from 'zod';
import type { Database } from '$lib/db/schema';
import { addDays, dayOf, formatDay, startOfDay, type DateText } from './dates';
import { NotFoundError, ValidationError, parseInput } from './errors';
import { dayField, moneyField, type InputContext } from './fields';
import { assetFirstDay, earliest, refreshSnapshots } from './net-worth';

export interface Valuation {
	id: string;
	value: string;
	observedAt: string;
}

export interface Page<T> {
	rows: T[];
	total: number;
}

function valuationInput(locale: string) {
	// A valuation may be negative: an overdrawn account, an asset that costs to get rid of.
	return z.object({ value: moneyField(locale, { allowNegative: true }), date: dayField });
}
export type ValuationInput = z.input<ReturnType<typeof valuationInput>>;

/** A second valuation on the same day: the form offers to edit the existing one instead. */
export class SameDayValuationError extends ValidationError {
	override name = 'SameDayValuationError';
	constructor(
		readonly existingId: string,
		day: DateText,
		locale: string
	) {
		super({
			date: `There is already a valuation on ${formatDay(day, locale)}. Edit that one instead, or pick another date.`
		});
	}
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

async function assertFreeDay(
	trx: Transaction<Database>,
	assetId: string,
	day: DateText,
	locale: string,
	exceptId?: string
) {
	let query = trx
		.selectFrom('asset_snapshots')
		.select('id')
		.where('asset_id', '=', assetId)
		.where('observed_at', '>=', startOfDay(day))
		.where('observed_at', '<', startOfDay(addDays(day, 1)));
	if (exceptId) query = query.where('id', '<>', exceptId);
	const existing = await query.executeTakeFirst();
	if (existing) throw new SameDayValuationError(existing.id, day, locale);
}

export async function addValuation(
	db: Kysely<Database>,
	assetId: string,
	input: ValuationInput,
	ctx: InputContext
): Promise<string> {
	const { value, date } = parseInput(valuationInput(ctx.locale), input);
	return db.transaction().execute(async (trx) => {
		const asset = await trx
			.selectFrom('assets')
			.select('id')
			.where('id', '=', assetId)
			.executeTakeFirst();
		if (!asset) throw new NotFoundError('This asset no longer exists.');
		await assertFreeDay(trx, assetId, date, ctx.locale);
		const first = await assetFirstDay(trx, assetId);
		const id = crypto.randomUUID();
		await trx
			.insertInto('asset_snapshots')
			.values({ id, asset_id: assetId, value, observed_at: startOfDay(date) })
			.execute();
		await refreshSnapshots(trx, earliest(date, first)!, ctx.currency);
		return id;
	});
}

export async function updateValuation(
	db: Kysely<Database>,
	id: string,
	input: ValuationInput,
	ctx: InputContext
): Promise<void> {
	const { value, date } = parseInput(valuationInput(ctx.locale), input);
	await db.transaction().execute(async (trx) => {
		const current = await trx
			.selectFrom('asset_snapshots')
			.select(['asset_id', 'observed_at'])
			.where('id', '=', id)
			.executeTakeFirst();
		if (!current) throw new NotFoundError('This valuation no longer exists.');
		await assertFreeDay(trx, current.asset_id, date, ctx.locale, id);
		const first = await assetFirstDay(trx, current.asset_id);
		// Keep the time of day of an imported valuation when only its value changes.
		const observedAt = dayOf(current.observed_at) === date ? current.observed_at : startOfDay(date);
		await trx
			.updateTable('asset_snapshots')
			.set({ value, observed_at: observedAt })
			.where('id', '=', id)
			.execute();
		await refreshSnapshots(trx, earliest(date, dayOf(current.observed_at), first)!, ctx.currency);
	});
}

export async function deleteValuation(
	db: Kysely<Database>,
	id: string,
	currency: string
): Promise<void> {
	await db.transaction().execute(async (trx) => {
		const current = await trx
			.selectFrom('asset_snapshots')
			.select(['asset_id', 'observed_at'])
			.where('id', '=', id)
			.executeTakeFirst();
		if (!current) throw new NotFoundError('This valuation no longer exists.');
		const first = await assetFirstDay(trx, current.asset_id);
		await trx.deleteFrom('asset_snapshots').where('id', '=', id).execute();
		await refreshSnapshots(trx, earliest(dayOf(current.observed_at), first)!, currency);
	});
}
