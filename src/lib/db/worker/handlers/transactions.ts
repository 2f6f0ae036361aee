/**
 * Writes of transactions. Holdings come from them: quantity = Σ ACQUIRE − Σ DISPOSE + Σ ADJUST.
 * A sale is recorded by one function, whichever page it starts from (an asset's Dispose or a
 * DISPOSE on the Transactions page), and may be for part of the holding. The rules (nothing sold
 * that is not held, nothing dated before the acquisition or after a sale in full, nothing in the
 * future) are the gate's: see rules.ts and domain/holdings.ts.
 */
import type { Kysely } from 'kysely';
import type { Database, TransactionType } from '$lib/db/schema';
import { dayOf, endOfDay, startOfDay } from '$lib/domain/dates';
import { NotFoundError, ValidationError, parseInput } from '$lib/domain/errors';
import { multiplyDecimals, validatePlainDecimal } from '$lib/domain/money';
import { transactionInput } from '$lib/domain/transactions';
import type { ChangeHandlers, Tools } from '../gate';

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

/**
 * Keeps the asset's own quantity and disposed flag (what a backup carries, and Strata 1.2 reads)
 * in step with its transactions: the quantity held after all of them, disposed once it is 0.
 */
export async function syncHolding(db: Kysely<Database>, assetId: string): Promise<void> {
	const held = await quantityHeld(db, assetId);
	if (held === null) return;
	await db
		.updateTable('assets')
		.set({ quantity: held, disposed: held === '0' ? 1 : 0 })
		.where('id', '=', assetId)
		.where((eb) =>
			eb.or([eb('quantity', 'is not', held), eb('disposed', '<>', held === '0' ? 1 : 0)])
		)
		.execute();
}

function assertStorable(unitPrice: string, quantity: string, field: string) {
	if (!validatePlainDecimal(multiplyDecimals(unitPrice, quantity)).ok) {
		throw new ValidationError({ [field]: 'Unit price × quantity is too large to store.' });
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

async function assetNamed(db: Kysely<Database>, assetId: string) {
	const asset = await db
		.selectFrom('assets')
		.select(['id', 'name'])
		.where('id', '=', assetId)
		.executeTakeFirst();
	if (!asset) throw new ValidationError({ assetId: 'That asset no longer exists.' });
	return asset;
}

/**
 * The one way a sale is recorded: `quantity` units (all that is held that day when left out)
 * at `unitPrice` each. Returns the asset's name.
 */
export async function recordDisposal(
	{ db, context }: Tools,
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
	if (!asset) throw new NotFoundError('This asset no longer exists.');
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
			currency: context.currency,
			occurred_at: startOfDay(date)
		})
		.execute();
	await syncHolding(db, assetId);
	return { id, name: asset.name };
}

async function currentTransaction(db: Kysely<Database>, id: string) {
	const row = await db
		.selectFrom('transactions as x')
		.innerJoin('assets as a', 'a.id', 'x.asset_id')
		.select(['x.asset_id', 'x.occurred_at', 'x.type', 'a.name'])
		.where('x.id', '=', id)
		.executeTakeFirst();
	if (!row) throw new NotFoundError('This transaction no longer exists.');
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
					currency: context.currency,
					occurred_at: startOfDay(data.date)
				})
				.execute();
			await syncHolding(db, data.assetId);
			return { value: { id }, summary: summary('added', asset.name, data.type, data.date) };
		}
	},

	'transactions/update': {
		async run({ db, context }, { id, input }) {
			const data = parseInput(transactionInput(context.locale), input);
			assertStorable(data.unitPrice, data.quantity, 'unitPrice');
			const current = await currentTransaction(db, id);
			const asset = await assetNamed(db, data.assetId);
			await moveAcquisitionBack(db, data.assetId, input.moveAcquisitionTo);
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
			await syncHolding(db, data.assetId);
			if (current.asset_id !== data.assetId) await syncHolding(db, current.asset_id);
			return { value: null, summary: summary('edited', asset.name, data.type, data.date) };
		}
	},

	'transactions/delete': {
		async run({ db }, { id }) {
			const current = await currentTransaction(db, id);
			await db.deleteFrom('transactions').where('id', '=', id).execute();
			await syncHolding(db, current.asset_id);
			return {
				value: null,
				summary: summary('deleted', current.name, current.type, dayOf(current.occurred_at))
			};
		}
	}
};
