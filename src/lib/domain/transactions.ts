/**
 * Transactions: ACQUIRE, DISPOSE and ADJUST records of an asset, with exact unit price and
 * quantity. The first ACQUIRE starts the asset's holding; a DISPOSE ends it (and marks the asset
 * disposed; deleting the last DISPOSE marks it held again).
 */
import type { Kysely, Transaction } from 'kysely';
import { z } from 'zod';
import type { Database, TransactionType } from '$lib/db/schema';
import { dayOf, startOfDay } from './dates';
import { NotFoundError, ValidationError, parseInput } from './errors';
import { dayField, idField, moneyField, quantityField, type InputContext } from './fields';
import { multiplyDecimals, validatePlainDecimal } from './money';
import { refreshSnapshots } from './net-worth';
import type { Page } from './valuations';

export const TRANSACTION_TYPES: readonly TransactionType[] = ['ACQUIRE', 'DISPOSE', 'ADJUST'];

export const TRANSACTION_LABELS: Record<TransactionType, string> = {
	ACQUIRE: 'Acquire',
	DISPOSE: 'Dispose',
	ADJUST: 'Adjust'
};

export interface TransactionRow {
	id: string;
	assetId: string;
	assetName: string;
	type: TransactionType;
	unitPrice: string;
	quantity: string;
	/** unit price × quantity, exact. */
	total: string;
	currency: string;
	occurredAt: string;
}

function transactionInput(locale: string) {
	return z.object({
		assetId: idField('an asset'),
		type: z.enum(['ACQUIRE', 'DISPOSE', 'ADJUST'], { error: 'Choose a type.' }),
		date: dayField,
		unitPrice: moneyField(locale),
		quantity: quantityField(locale)
	});
}
export type TransactionInput = z.input<ReturnType<typeof transactionInput>>;

export interface TransactionFilter {
	assetId?: string;
	type?: TransactionType;
	page?: number;
	pageSize?: number;
}

/** Transactions, newest first, of one asset or of all of them, a page at a time. */
export async function listTransactions(
	db: Kysely<Database>,
	{ assetId, type, page = 0, pageSize = 25 }: TransactionFilter = {}
): Promise<Page<TransactionRow>> {
	let base = db.selectFrom('transactions as x').innerJoin('assets as a', 'a.id', 'x.asset_id');
	if (assetId) base = base.where('x.asset_id', '=', assetId);
	if (type) base = base.where('x.type', '=', type);
	const [rows, count] = await Promise.all([
		base
			.select([
				'x.id',
				'x.asset_id as assetId',
				'a.name as assetName',
				'x.type',
				'x.unit_price as unitPrice',
				'x.quantity',
				'x.currency',
				'x.occurred_at as occurredAt'
			])
			.orderBy('x.occurred_at', 'desc')
			.orderBy('x.created_at', 'desc')
			.limit(pageSize)
			.offset(page * pageSize)
			.execute(),
		base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
	]);
	return {
		rows: rows.map((row) => ({ ...row, total: multiplyDecimals(row.unitPrice, row.quantity) })),
		total: count.n
	};
}

async function syncDisposed(trx: Transaction<Database>, assetId: string) {
	const dispose = await trx
		.selectFrom('transactions')
		.select('id')
		.where('asset_id', '=', assetId)
		.where('type', '=', 'DISPOSE')
		.executeTakeFirst();
	await trx
		.updateTable('assets')
		.set({ disposed: dispose ? 1 : 0, updated_at: new Date().toISOString() })
		.where('id', '=', assetId)
		.execute();
}

function checked(data: { unitPrice: string; quantity: string }) {
	if (!validatePlainDecimal(multiplyDecimals(data.unitPrice, data.quantity)).ok) {
		throw new ValidationError({ unitPrice: 'Unit price × quantity is too large to store.' });
	}
}

export async function addTransaction(
	db: Kysely<Database>,
	input: TransactionInput,
	ctx: InputContext
): Promise<string> {
	const data = parseInput(transactionInput(ctx.locale), input);
	checked(data);
	return db.transaction().execute(async (trx) => {
		const asset = await trx
			.selectFrom('assets')
			.select('id')
			.where('id', '=', data.assetId)
			.executeTakeFirst();
		if (!asset) throw new ValidationError({ assetId: 'That asset no longer exists.' });
		const id = crypto.randomUUID();
		await trx
			.insertInto('transactions')
			.values({
				id,
				asset_id: data.assetId,
				type: data.type,
				unit_price: data.unitPrice,
				quantity: data.quantity,
				currency: ctx.currency,
				occurred_at: startOfDay(data.date)
			})
			.execute();
		await syncDisposed(trx, data.assetId);
		await refreshSnapshots(trx, data.date, ctx.currency);
		return id;
	});
}

export async function updateTransaction(
	db: Kysely<Database>,
	id: string,
	input: TransactionInput,
	ctx: InputContext
): Promise<void> {
	const data = parseInput(transactionInput(ctx.locale), input);
	checked(data);
	await db.transaction().execute(async (trx) => {
		const current = await trx
			.selectFrom('transactions')
			.select(['asset_id', 'occurred_at'])
			.where('id', '=', id)
			.executeTakeFirst();
		if (!current) throw new NotFoundError('This transaction no longer exists.');
		const asset = await trx
			.selectFrom('assets')
			.select('id')
			.where('id', '=', data.assetId)
			.executeTakeFirst();
		if (!asset) throw new ValidationError({ assetId: 'That asset no longer exists.' });
		const occurredAt =
			dayOf(current.occurred_at) === data.date ? current.occurred_at : startOfDay(data.date);
		await trx
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
		await syncDisposed(trx, data.assetId);
		if (current.asset_id !== data.assetId) await syncDisposed(trx, current.asset_id);
		await refreshSnapshots(trx, [data.date, dayOf(current.occurred_at)].sort()[0]!, ctx.currency);
	});
}

export async function deleteTransaction(
	db: Kysely<Database>,
	id: string,
	currency: string
): Promise<void> {
	await db.transaction().execute(async (trx) => {
		const current = await trx
			.selectFrom('transactions')
			.select(['asset_id', 'occurred_at'])
			.where('id', '=', id)
			.executeTakeFirst();
		if (!current) throw new NotFoundError('This transaction no longer exists.');
		await trx.deleteFrom('transactions').where('id', '=', id).execute();
		await syncDisposed(trx, current.asset_id);
		await refreshSnapshots(trx, dayOf(current.occurred_at), currency);
	});
}
