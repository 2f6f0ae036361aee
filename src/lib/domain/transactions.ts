/**
 * Transactions: ACQUIRE, DISPOSE and ADJUST records of an asset, with exact unit price and
 * quantity. The first ACQUIRE starts the asset's holding; a DISPOSE ends it (and marks the asset
 * disposed; deleting the last DISPOSE marks it held again). The writes are the worker's
 * (db/worker/handlers/transactions.ts).
 */
import { sql, type Kysely } from 'kysely';
import { z } from '$lib/domain/zod-setup';
import { m } from '$lib/paraglide/messages';
import type { Database, TransactionType } from '$lib/db/schema';
import { dayField, moneyField, quantityChangeField } from './fields';
import { compareDecimals, multiplyDecimals } from './money';
import type { Page } from './valuations';

export const TRANSACTION_TYPES = [
	'ACQUIRE',
	'DISPOSE',
	'ADJUST'
] as const satisfies readonly TransactionType[];

/** Each type's label in the interface language, read when used (a getter per type). */
export const TRANSACTION_LABELS: Readonly<Record<TransactionType, string>> = {
	get ACQUIRE() {
		return m.transactions_type_acquire();
	},
	get DISPOSE() {
		return m.transactions_type_dispose();
	},
	get ADJUST() {
		return m.transactions_type_adjust();
	}
};

export interface TransactionRow {
	id: string;
	assetId: string;
	assetName: string;
	type: TransactionType;
	unitPrice: string;
	quantity: string;
	/** unit price × quantity, exact (for a sale: what it was sold for). */
	total: string;
	/** For a sale: the gain it realised (what it brought in − what the units sold had cost). */
	gain: string | null;
	/** The asset's currency, which every amount of the row is in. */
	currency: string;
	occurredAt: string;
}

/** A transaction as its form takes it. Only an Adjust may take the quantity down. */
export function transactionInput(locale: string) {
	return z
		.object({
			assetId: z
				.string({ error: () => m.transactions_choose_asset() })
				.min(1, { error: () => m.transactions_choose_asset() }),
			type: z.enum(TRANSACTION_TYPES, { error: () => m.transactions_choose_type() }),
			date: dayField,
			unitPrice: moneyField(locale),
			quantity: quantityChangeField(locale)
		})
		.refine((data) => data.type === 'ADJUST' || compareDecimals(data.quantity, '0') > 0, {
			path: ['quantity'],
			error: () => m.transactions_quantity_positive()
		});
}

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
	let base = db
		.selectFrom('transactions as x')
		.innerJoin('assets as a', 'a.id', 'x.asset_id')
		.leftJoin('asset_details as d', 'd.asset_id', 'x.asset_id')
		.leftJoin('sale_results as r', 'r.transaction_id', 'x.id');
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
				sql<string>`coalesce(d.currency, 'EUR')`.as('currency'),
				'x.occurred_at as occurredAt',
				'r.gain'
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
