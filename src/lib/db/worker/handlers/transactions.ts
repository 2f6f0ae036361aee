/**
 * Writes of transactions. A disposal is recorded by one rule, whichever page it starts from (the
 * asset's Dispose, or a DISPOSE on the Transactions page): it is for the whole asset, once, on
 * or after the asset's first day, and marks the asset disposed.
 */
import type { Kysely } from 'kysely';
import type { Database, TransactionType } from '$lib/db/schema';
import { dayOf, startOfDay } from '$lib/domain/dates';
import { NotFoundError, ValidationError, parseInput } from '$lib/domain/errors';
import { compareDecimals, multiplyDecimals, validatePlainDecimal } from '$lib/domain/money';
import { transactionInput } from '$lib/domain/transactions';
import type { ChangeHandlers, Tools } from '../gate';

/** The asset is disposed while it has a DISPOSE (only a disposal changes the flag). */
async function syncDisposed(db: Kysely<Database>, assetId: string) {
	const dispose = await db
		.selectFrom('transactions')
		.select('id')
		.where('asset_id', '=', assetId)
		.where('type', '=', 'DISPOSE')
		.executeTakeFirst();
	await db
		.updateTable('assets')
		.set({ disposed: dispose ? 1 : 0, updated_at: new Date().toISOString() })
		.where('id', '=', assetId)
		.where('disposed', '=', dispose ? 0 : 1)
		.execute();
}

function assertStorable(unitPrice: string, quantity: string, field: string) {
	if (!validatePlainDecimal(multiplyDecimals(unitPrice, quantity)).ok) {
		throw new ValidationError({ [field]: 'Unit price × quantity is too large to store.' });
	}
}

/** Form field names, where the disposal's fields are named otherwise (the Dispose form). */
interface DisposalFields {
	date: string;
	unitPrice: string;
	quantity: string;
	type: string;
}

/**
 * The one disposal rule: for the whole quantity, at most one per asset, not before anything else
 * happened to the asset. `exceptId` is the DISPOSE being edited.
 */
async function assertDisposal(
	db: Kysely<Database>,
	asset: { id: string; quantity: string | null },
	{ date, quantity }: { date: string; quantity: string },
	fields: DisposalFields,
	exceptId?: string
) {
	const whole = asset.quantity ?? '1';
	if (compareDecimals(quantity, whole) !== 0) {
		throw new ValidationError({
			[fields.quantity]: `A disposal is for the whole asset (quantity ${whole}). For part of it, record an Adjust and add a valuation.`
		});
	}
	const others = await db
		.selectFrom('transactions')
		.select(['id', 'type'])
		.where('asset_id', '=', asset.id)
		.$if(exceptId !== undefined, (q) => q.where('id', '<>', exceptId!))
		.execute();
	if (others.some((t) => t.type === 'DISPOSE')) {
		throw new ValidationError({
			[fields.type]: 'This asset is already disposed. Edit its disposal instead.'
		});
	}
	const first = await db
		.selectFrom((eb) =>
			eb
				.selectFrom('asset_snapshots')
				.select('observed_at as at')
				.where('asset_id', '=', asset.id)
				.unionAll(
					eb
						.selectFrom('transactions')
						.select('occurred_at as at')
						.where('asset_id', '=', asset.id)
						.$if(exceptId !== undefined, (q) => q.where('id', '<>', exceptId!))
				)
				.as('events')
		)
		.select((eb) => eb.fn.min<string>('at').as('first'))
		.executeTakeFirst();
	if (first?.first && date < dayOf(first.first)) {
		throw new ValidationError({
			[fields.date]: 'The disposal date must be on or after the acquisition.'
		});
	}
}

const DISPOSE_FORM: DisposalFields = {
	date: 'disposalDate',
	unitPrice: 'disposalPrice',
	quantity: 'disposalPrice',
	type: 'disposalDate'
};

/** Records the sale (or end) of the whole asset at `unitPrice`; returns the asset's name. */
export async function recordDisposal(
	{ db, context }: Tools,
	{ assetId, date, unitPrice }: { assetId: string; date: string; unitPrice: string }
): Promise<string> {
	const asset = await db
		.selectFrom('assets')
		.select(['id', 'name', 'quantity'])
		.where('id', '=', assetId)
		.executeTakeFirst();
	if (!asset) throw new NotFoundError('This asset no longer exists.');
	const quantity = asset.quantity ?? '1';
	assertStorable(unitPrice, quantity, DISPOSE_FORM.unitPrice);
	await assertDisposal(db, asset, { date, quantity }, DISPOSE_FORM);
	await db
		.insertInto('transactions')
		.values({
			id: crypto.randomUUID(),
			asset_id: assetId,
			type: 'DISPOSE',
			unit_price: unitPrice,
			quantity,
			currency: context.currency,
			occurred_at: startOfDay(date)
		})
		.execute();
	await syncDisposed(db, assetId);
	return asset.name;
}

const TRANSACTION_FORM: DisposalFields = {
	date: 'date',
	unitPrice: 'unitPrice',
	quantity: 'quantity',
	type: 'type'
};

/** The asset a transaction is for, checked for the transaction's type. */
async function assetFor(
	db: Kysely<Database>,
	data: { assetId: string; type: TransactionType; date: string; quantity: string },
	exceptId?: string
) {
	const asset = await db
		.selectFrom('assets')
		.select(['id', 'name', 'quantity'])
		.where('id', '=', data.assetId)
		.executeTakeFirst();
	if (!asset) throw new ValidationError({ assetId: 'That asset no longer exists.' });
	if (data.type === 'DISPOSE') await assertDisposal(db, asset, data, TRANSACTION_FORM, exceptId);
	return asset;
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

export const transactionHandlers: ChangeHandlers<
	'transactions/add' | 'transactions/update' | 'transactions/delete'
> = {
	'transactions/add': {
		async run({ db, context }, { input }) {
			const data = parseInput(transactionInput(context.locale), input);
			assertStorable(data.unitPrice, data.quantity, 'unitPrice');
			const asset = await assetFor(db, data);
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
			if (data.type === 'DISPOSE') await syncDisposed(db, data.assetId);
			return {
				value: { id },
				summary: {
					what: 'transaction',
					verb: 'added',
					name: asset.name,
					type: data.type,
					day: data.date
				}
			};
		}
	},

	'transactions/update': {
		async run({ db, context }, { id, input }) {
			const data = parseInput(transactionInput(context.locale), input);
			assertStorable(data.unitPrice, data.quantity, 'unitPrice');
			const current = await currentTransaction(db, id);
			const asset = await assetFor(db, data, id);
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
			if (current.type === 'DISPOSE' || data.type === 'DISPOSE') {
				await syncDisposed(db, data.assetId);
				if (current.asset_id !== data.assetId) await syncDisposed(db, current.asset_id);
			}
			return {
				value: null,
				summary: {
					what: 'transaction',
					verb: 'edited',
					name: asset.name,
					type: data.type,
					day: data.date
				}
			};
		}
	},

	'transactions/delete': {
		async run({ db }, { id }) {
			const current = await currentTransaction(db, id);
			await db.deleteFrom('transactions').where('id', '=', id).execute();
			if (current.type === 'DISPOSE') await syncDisposed(db, current.asset_id);
			return {
				value: null,
				summary: {
					what: 'transaction',
					verb: 'deleted',
					name: current.name,
					type: current.type,
					day: dayOf(current.occurred_at)
				}
			};
		}
	}
};
