/**
 * Writes of transactions. Holdings come from them: quantity = Σ ACQUIRE − Σ DISPOSE + Σ ADJUST.
 * A sale is recorded by one function, whichever page it starts from (an asset's Dispose or a
 * DISPOSE on the Transactions page), and may be for part of the holding. The rules (nothing sold
 * that is not held, nothing dated before the acquisition or after a sale in full, nothing in the
 * future) are the gate's: see rules.ts and domain/holdings.ts.
 */
import type { Kysely } from 'kysely';
import type { Database, TransactionType } from '$lib/db/schema';
import { addDays, dayOf, endOfDay, formatDay, startOfDay } from '$lib/domain/dates';
import { NotFoundError, ValidationError, parseInput } from '$lib/domain/errors';
import { divideDecimals, multiplyDecimals, validatePlainDecimal } from '$lib/domain/money';
import { transactionInput } from '$lib/domain/transactions';
import { m } from '$lib/paraglide/messages';
import type { ChangeHandlers, Tools } from '../gate';
import { assetCurrency } from './currencies';

/** Σ of the asset's transactions up to `at` (all of them without): the quantity it holds then. */
export async function quantityHeld(
	db: Kysely<Database>,
	assetId: string,
	at?: string
): Promise<string | null> {
	const row = await db
		.selectFrom('transactions')
		.select((eb) =>
			eb
				.fn<string | null>('decimal_sum', [
					eb
						.case()
						.when('type', '=', 'DISPOSE')
						.then(eb.fn<string>('decimal_neg', ['quantity']))
						.else(eb.ref('quantity'))
						.end()
				])
				.as('held')
		)
		.where('asset_id', '=', assetId)
		.$if(at !== undefined, (q) => q.where('occurred_at', '<=', at!))
		.executeTakeFirst();
	return row?.held ?? null;
}

function assertStorable(unitPrice: string, quantity: string, field: string) {
	if (!validatePlainDecimal(multiplyDecimals(unitPrice, quantity)).ok) {
		throw new ValidationError({ [field]: m.transactions_too_large() });
	}
}

/**
 * Moves an asset's acquisition (its first ACQUIRE) back to `day`, when the user chose to after a
 * refusal of something dated before it. Nothing happens when it is already on or before it.
 */
export async function moveAcquisitionBack(
	db: Kysely<Database>,
	assetId: string,
	day: string | undefined
): Promise<void> {
	if (!day) return;
	const first = await db
		.selectFrom('transactions')
		.select(['id', 'occurred_at'])
		.where('asset_id', '=', assetId)
		.where('type', '=', 'ACQUIRE')
		.orderBy('occurred_at')
		.limit(1)
		.executeTakeFirst();
	if (first && dayOf(first.occurred_at) > day) {
		await db
			.updateTable('transactions')
			.set({ occurred_at: startOfDay(day) })
			.where('id', '=', first.id)
			.execute();
	}
}

/**
 * An asset from an older file holds its own quantity from its first valuation on, without any
 * transaction. The first transaction dated after that opens its holding with what it had: an
 * ACQUIRE of that quantity at the first valuation (at its value per unit), and for one marked
 * disposed a DISPOSE the day after its last valuation, so every day it counted keeps its value
 * and the new transaction comes on top. One dated on or before the first valuation is taken as
 * the asset's acquisition itself.
 */
export async function openHolding(
	db: Kysely<Database>,
	assetId: string,
	{ date, currency }: { date: string; currency: string }
): Promise<void> {
	const traded = await db
		.selectFrom('transactions')
		.select('id')
		.where('asset_id', '=', assetId)
		.limit(1)
		.executeTakeFirst();
	if (traded) return;
	const asset = await db
		.selectFrom('assets')
		.select(['quantity', 'disposed'])
		.where('id', '=', assetId)
		.executeTakeFirst();
	const valuations = db
		.selectFrom('asset_snapshots')
		.select(['value', 'observed_at', 'created_at'])
		.where('asset_id', '=', assetId);
	const first = await valuations.orderBy('observed_at').orderBy('created_at').executeTakeFirst();
	if (!asset || !first || dayOf(first.observed_at) >= date) return;
	const quantity = asset.quantity !== null && asset.quantity !== '0' ? asset.quantity : '1';
	const opening = {
		asset_id: assetId,
		quantity,
		currency,
		// Its own time of entry too: at the same moment, it comes before the valuation.
		created_at: first.created_at
	};
	await db
		.insertInto('transactions')
		.values({
			...opening,
			id: crypto.randomUUID(),
			type: 'ACQUIRE',
			unit_price: divideDecimals(first.value, quantity, 10),
			occurred_at: first.observed_at
		})
		.execute();
	if (asset.disposed !== 1) return;
	const last = await valuations
		.orderBy('observed_at', 'desc')
		.orderBy('created_at', 'desc')
		.executeTakeFirstOrThrow();
	await db
		.insertInto('transactions')
		.values({
			...opening,
			id: crypto.randomUUID(),
			type: 'DISPOSE',
			unit_price: divideDecimals(last.value, quantity, 10),
			occurred_at: startOfDay(addDays(dayOf(last.observed_at), 1))
		})
		.execute();
}

async function assetNamed(db: Kysely<Database>, assetId: string) {
	const asset = await db
		.selectFrom('assets')
		.select(['id', 'name'])
		.where('id', '=', assetId)
		.executeTakeFirst();
	if (!asset) throw new ValidationError({ assetId: m.transactions_that_asset_gone() });
	return asset;
}

/**
 * The one way a sale is recorded: `quantity` units (all that is held that day when left out)
 * at `unitPrice` each. Returns the asset's name.
 */
export async function recordDisposal(
	{ db }: Tools,
	{
		assetId,
		date,
		unitPrice,
		quantity,
		moveAcquisitionTo
	}: {
		assetId: string;
		date: string;
		unitPrice: string;
		quantity?: string;
		moveAcquisitionTo?: string;
	}
): Promise<{ id: string; name: string }> {
	const asset = await db
		.selectFrom('assets')
		.select(['id', 'name', 'quantity'])
		.where('id', '=', assetId)
		.executeTakeFirst();
	if (!asset) throw new NotFoundError(m.transactions_this_asset_gone());
	await openHolding(db, assetId, { date, currency: await assetCurrency(db, assetId) });
	await moveAcquisitionBack(db, assetId, moveAcquisitionTo);
	const held = (await quantityHeld(db, assetId, endOfDay(date))) ?? asset.quantity ?? '1';
	const sold = quantity ?? held;
	assertStorable(unitPrice, sold, 'unitPrice');
	const id = crypto.randomUUID();
	await db
		.insertInto('transactions')
		.values({
			id,
			asset_id: assetId,
			type: 'DISPOSE',
			unit_price: unitPrice,
			quantity: sold,
			currency: await assetCurrency(db, assetId),
			occurred_at: startOfDay(date)
		})
		.execute();
	return { id, name: asset.name };
}

async function acquisitionOf(db: Kysely<Database>, assetId: string) {
	return db
		.selectFrom('transactions')
		.select(['id', 'occurred_at'])
		.where('asset_id', '=', assetId)
		.where('type', '=', 'ACQUIRE')
		.orderBy('occurred_at')
		.orderBy('created_at')
		.limit(1)
		.executeTakeFirst();
}

/**
 * An asset's acquisition, edited, cannot start its holding after entries that depended on it
 * (offering to move it back would be offering this very edit): said plainly, with the date that
 * keeps them.
 */
async function assertStartKept(
	db: Kysely<Database>,
	current: { id: string; asset_id: string; occurred_at: string },
	data: { assetId: string; type: TransactionType; date: string },
	name: string,
	locale: string
): Promise<void> {
	const others = db.selectFrom('transactions').where('asset_id', '=', current.asset_id);
	const [entry, otherLot] = await Promise.all([
		db
			.selectFrom((eb) =>
				eb
					.selectFrom('asset_snapshots')
					.select('observed_at as at')
					.where('asset_id', '=', current.asset_id)
					.unionAll(
						others
							.select('occurred_at as at')
							.where('type', '<>', 'ACQUIRE')
							.where('id', '<>', current.id)
					)
					.as('entries')
			)
			.select((eb) => eb.fn.min<string | null>('at').as('first'))
			.where('at', '>=', current.occurred_at.slice(0, 10))
			.executeTakeFirst(),
		others
			.select((eb) => eb.fn.min<string | null>('occurred_at').as('first'))
			.where('type', '=', 'ACQUIRE')
			.where('id', '<>', current.id)
			.executeTakeFirst()
	]);
	const first = entry?.first ? dayOf(entry.first) : null;
	if (!first) return;
	const kept = data.assetId === current.asset_id && data.type === 'ACQUIRE' ? data.date : null;
	const lot = otherLot?.first ? dayOf(otherLot.first) : null;
	const start = [kept, lot].filter((d): d is string => d !== null).sort()[0] ?? null;
	// With no acquisition left at all, the gate's rules judge what remains.
	if (start === null || start <= first) return;
	throw new ValidationError({
		date: m.transactions_start_kept({ name, first: formatDay(first, locale) })
	});
}

async function currentTransaction(db: Kysely<Database>, id: string) {
	const row = await db
		.selectFrom('transactions as x')
		.innerJoin('assets as a', 'a.id', 'x.asset_id')
		.select(['x.id', 'x.asset_id', 'x.occurred_at', 'x.type', 'a.name'])
		.where('x.id', '=', id)
		.executeTakeFirst();
	if (!row) throw new NotFoundError(m.transactions_this_transaction_gone());
	return row;
}

const summary = (
	verb: 'added' | 'edited' | 'deleted',
	name: string,
	type: TransactionType,
	day: string
) => ({ what: 'transaction', verb, name, type, day }) as const;

export const transactionHandlers: ChangeHandlers<
	'transactions/add' | 'transactions/update' | 'transactions/delete'
> = {
	'transactions/add': {
		async run(tools, { input }) {
			const { db, context } = tools;
			const data = parseInput(transactionInput(context.locale), input);
			assertStorable(data.unitPrice, data.quantity, 'unitPrice');
			const asset = await assetNamed(db, data.assetId);
			if (data.type === 'DISPOSE') {
				const { id } = await recordDisposal(tools, {
					assetId: data.assetId,
					date: data.date,
					unitPrice: data.unitPrice,
					quantity: data.quantity,
					moveAcquisitionTo: input.moveAcquisitionTo
				});
				return { value: { id }, summary: summary('added', asset.name, data.type, data.date) };
			}
			await openHolding(db, data.assetId, {
				date: data.date,
				currency: await assetCurrency(db, data.assetId)
			});
			if (data.type !== 'ACQUIRE')
				await moveAcquisitionBack(db, data.assetId, input.moveAcquisitionTo);
			const id = crypto.randomUUID();
			await db
				.insertInto('transactions')
				.values({
					id,
					asset_id: data.assetId,
					type: data.type,
					unit_price: data.unitPrice,
					quantity: data.quantity,
					currency: await assetCurrency(db, data.assetId),
					occurred_at: startOfDay(data.date)
				})
				.execute();
			return { value: { id }, summary: summary('added', asset.name, data.type, data.date) };
		}
	},

	'transactions/update': {
		async run({ db, context }, { id, input }) {
			const data = parseInput(transactionInput(context.locale), input);
			assertStorable(data.unitPrice, data.quantity, 'unitPrice');
			const current = await currentTransaction(db, id);
			const asset = await assetNamed(db, data.assetId);
			const acquisition = await acquisitionOf(db, current.asset_id);
			if (acquisition?.id === id)
				await assertStartKept(db, current, data, asset.name, context.locale);
			else await moveAcquisitionBack(db, data.assetId, input.moveAcquisitionTo);
			if (data.assetId !== current.asset_id)
				await openHolding(db, data.assetId, {
					date: data.date,
					currency: await assetCurrency(db, data.assetId)
				});
			// Keep the time of day of an imported transaction when only its other fields change.
			const occurredAt =
				dayOf(current.occurred_at) === data.date ? current.occurred_at : startOfDay(data.date);
			await db
				.updateTable('transactions')
				.set({
					asset_id: data.assetId,
					type: data.type,
					unit_price: data.unitPrice,
					quantity: data.quantity,
					occurred_at: occurredAt
				})
				.where('id', '=', id)
				.execute();
			return { value: null, summary: summary('edited', asset.name, data.type, data.date) };
		}
	},

	'transactions/delete': {
		async run({ db }, { id }) {
			const current = await currentTransaction(db, id);
			await db.deleteFrom('transactions').where('id', '=', id).execute();
			return {
				value: null,
				summary: summary('deleted', current.name, current.type, dayOf(current.occurred_at))
			};
		}
	}
};
