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
import { compareDecimals, multiplyDecimals, validatePlainDecimal } from './money';
import { assetFirstDay, earliest, refreshSnapshots } from './net-worth';
import type { Page } from './valuations';

export const TRANSACTION_TYPES = [
	'ACQUIRE',
	'DISPOSE',
	'ADJUST'
] as const satisfies readonly TransactionType[];

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
		type: z.enum(TRANSACTION_TYPES, { error: 'Choose a type.' }),
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

/** The asset is disposed while it has a DISPOSE (only a disposal changes the flag). */
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

/**
 * The asset a transaction is for. A disposal ends the whole holding, so a DISPOSE must be for
 * the asset's whole quantity, and an asset is disposed of once.
 */
async function assetFor(
	trx: Transaction<Database>,
	data: { assetId: string; type: TransactionType; quantity: string },
	exceptId?: string
) {
	const asset = await trx
		.selectFrom('assets')
		.select(['id', 'quantity'])
		.where('id', '=', data.assetId)
		.executeTakeFirst();
	if (!asset) throw new ValidationError({ assetId: 'That asset no longer exists.' });
	if (data.type === 'DISPOSE') {
		const whole = asset.quantity ?? '1';
		if (compareDecimals(data.quantity, whole) !== 0) {
			throw new ValidationError({
				quantity: `A disposal is for the whole asset (quantity ${whole}). For part of it, record an Adjust and add a valuation.`
			});
		}
		let other = trx
			.selectFrom('transactions')
			.select('id')
			.where('asset_id', '=', data.assetId)
			.where('type', '=', 'DISPOSE');
		if (exceptId) other = other.where('id', '<>', exceptId);
		if (await other.executeTakeFirst()) {
			throw new ValidationError({
				type: 'This asset already has a disposal. Edit that one instead.'
			});
		}
	}
	return asset;
}

export async function addTransaction(
	db: Kysely<Database>,
	input: TransactionInput,
	ctx: InputContext
): Promise<string> {
	const data = parseInput(transactionInput(ctx.locale), input);
	checked(data);
	return db.transaction().execute(async (trx) => {
		await assetFor(trx, data);
		const first = await assetFirstDay(trx, data.assetId);
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
		if (data.type === 'DISPOSE') await syncDisposed(trx, data.assetId);
		// An ACQUIRE can move the start of the holding: refresh from the earliest day it can touch.
		await refreshSnapshots(trx, earliest(data.date, first)!, ctx.currency);
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
			.select(['asset_id', 'occurred_at', 'type'])
			.where('id', '=', id)
			.executeTakeFirst();
		if (!current) throw new NotFoundError('This transaction no longer exists.');
		await assetFor(trx, data, id);
		// Moved to another asset: both assets' histories change, from the earlier first day.
		const firsts = [await assetFirstDay(trx, data.assetId)];
		if (current.asset_id !== data.assetId) firsts.push(await assetFirstDay(trx, current.asset_id));
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
		if (current.type === 'DISPOSE' || data.type === 'DISPOSE') {
			await syncDisposed(trx, data.assetId);
			if (current.asset_id !== data.assetId) await syncDisposed(trx, current.asset_id);
		}
		await refreshSnapshots(
			trx,
			earliest(data.date, dayOf(current.occurred_at), ...firsts)!,
			ctx.currency
		);
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
			.select(['asset_id', 'occurred_at', 'type'])
			.where('id', '=', id)
			.executeTakeFirst();
		if (!current) throw new NotFoundError('This transaction no longer exists.');
		const first = await assetFirstDay(trx, current.asset_id);
		await trx.deleteFrom('transactions').where('id', '=', id).execute();
		if (current.type === 'DISPOSE') await syncDisposed(trx, current.asset_id);
		await refreshSnapshots(trx, earliest(dayOf(current.occurred_at), first)!, currency);
	});
}
