/**
 * Writes of assets. Creating one records its acquisition (an ACQUIRE transaction and a first
 * valuation of price × quantity, per unit for a type valued per unit); editing its quantity
 * records an ADJUST (its quantity comes from its transactions); disposing records a sale
 * (through the one disposal function in transactions.ts); deleting takes its valuations,
 * transactions and links with it.
 */
import type { Kysely } from 'kysely';
import { isPerUnitByDefault } from '$lib/db/reference-data';
import type { Database } from '$lib/db/schema';
import { assetEditInput, disposalInput, newAssetInput } from '$lib/domain/assets';
import { startOfDay } from '$lib/domain/dates';
import { NotFoundError, ValidationError, parseInput } from '$lib/domain/errors';
import {
	compareDecimals,
	isNegativeDecimal,
	multiplyDecimals,
	subtractDecimals,
	validatePlainDecimal
} from '$lib/domain/money';
import type { ChangeHandlers } from '../gate';
import { m } from '$lib/paraglide/messages';
import { readBaseCurrency } from '$lib/domain/rates';
import { assetCurrency, setAssetCurrency } from './currencies';
import { quantityHeld, recordDisposal } from './transactions';

/** The type, categories and tags chosen on the form still exist. */
async function assertReferences(
	db: Kysely<Database>,
	{
		assetTypeId,
		categoryIds,
		tagIds
	}: { assetTypeId: string; categoryIds: string[]; tagIds: string[] }
) {
	const type = await db
		.selectFrom('asset_types')
		.select('id')
		.where('id', '=', assetTypeId)
		.executeTakeFirst();
	if (!type) throw new ValidationError({ assetTypeId: m.assets_type_gone() });
	if (categoryIds.length) {
		const found = await db
			.selectFrom('categories')
			.select('id')
			.where('id', 'in', categoryIds)
			.execute();
		if (found.length !== new Set(categoryIds).size) {
			throw new ValidationError({ categoryIds: m.assets_category_gone() });
		}
	}
	if (tagIds.length) {
		const found = await db.selectFrom('tags').select('id').where('id', 'in', tagIds).execute();
		if (found.length !== new Set(tagIds).size)
			throw new ValidationError({ tagIds: m.assets_tag_gone() });
	}
}

/** Sets the asset's categories and tags to exactly these (only what differs is written). */
async function setLinks(
	db: Kysely<Database>,
	assetId: string,
	categoryIds: string[],
	tagIds: string[]
) {
	const categories = [...new Set(categoryIds)];
	const tags = [...new Set(tagIds)];
	await db
		.deleteFrom('asset_categories')
		.where('asset_id', '=', assetId)
		.$if(categories.length > 0, (q) => q.where('category_id', 'not in', categories))
		.execute();
	await db
		.deleteFrom('asset_tags')
		.where('asset_id', '=', assetId)
		.$if(tags.length > 0, (q) => q.where('tag_id', 'not in', tags))
		.execute();
	if (categories.length) {
		await db
			.insertInto('asset_categories')
			.values(categories.map((category_id) => ({ asset_id: assetId, category_id })))
			.onConflict((oc) => oc.doNothing())
			.execute();
	}
	if (tags.length) {
		await db
			.insertInto('asset_tags')
			.values(tags.map((tag_id) => ({ asset_id: assetId, tag_id })))
			.onConflict((oc) => oc.doNothing())
			.execute();
	}
}

/** Whether assets of this type are valued per unit (stocks, crypto, bonds, or marked so). */
export async function isPricedPerUnit(db: Kysely<Database>, typeId: string): Promise<boolean> {
	const row = await db
		.selectFrom('asset_types as t')
		.leftJoin('asset_type_units as u', 'u.asset_type_id', 't.id')
		.select(['t.code', 'u.per_unit'])
		.where('t.id', '=', typeId)
		.executeTakeFirst();
	return row ? (row.per_unit ?? (isPerUnitByDefault(row.code) ? 1 : 0)) === 1 : false;
}

export async function assetName(db: Kysely<Database>, id: string): Promise<string> {
	const asset = await db
		.selectFrom('assets')
		.select('name')
		.where('id', '=', id)
		.executeTakeFirst();
	if (!asset) throw new NotFoundError(m.assets_gone());
	return asset.name;
}

export const assetHandlers: ChangeHandlers<
	'assets/create' | 'assets/update' | 'assets/dispose' | 'assets/delete'
> = {
	'assets/create': {
		fields: { date: 'acquisitionDate', value: 'acquisitionPrice' },
		async run({ db, context }, { input }) {
			const data = parseInput(newAssetInput(context.locale), input);
			const value = multiplyDecimals(data.acquisitionPrice, data.quantity);
			if (!validatePlainDecimal(value).ok) {
				throw new ValidationError({ acquisitionPrice: m.assets_too_large() });
			}
			const at = startOfDay(data.acquisitionDate);
			await assertReferences(db, data);
			const perUnit = await isPricedPerUnit(db, data.assetTypeId);
			if (perUnit && isNegativeDecimal(data.acquisitionPrice)) {
				throw new ValidationError({ acquisitionPrice: m.assets_negative_unit_price() });
			}
			const currency = data.currency ?? (await readBaseCurrency(db));
			const id = crypto.randomUUID();
			await db
				.insertInto('assets')
				.values({
					id,
					name: data.name,
					quantity: data.quantity,
					disposed: 0,
					asset_type_id: data.assetTypeId
				})
				.execute();
			await setAssetCurrency(db, id, currency);
			await db
				.insertInto('transactions')
				.values({
					id: crypto.randomUUID(),
					asset_id: id,
					type: 'ACQUIRE',
					unit_price: data.acquisitionPrice,
					quantity: data.quantity,
					currency,
					occurred_at: at
				})
				.execute();
			const valuation = crypto.randomUUID();
			await db
				.insertInto('asset_snapshots')
				.values({ id: valuation, asset_id: id, value, observed_at: at })
				.execute();
			if (perUnit) {
				await db
					.insertInto('valuation_prices')
					.values({ asset_snapshot_id: valuation, unit_price: data.acquisitionPrice })
					.execute();
			}
			await setLinks(db, id, data.categoryIds, data.tagIds);
			return { value: { id }, summary: { what: 'asset', verb: 'added', name: data.name } };
		}
	},

	'assets/update': {
		// A new quantity is an adjustment dated today: a date rule concerns the quantity.
		fields: { type: 'assetTypeId', date: 'quantity' },
		async run({ db, context }, { id, input }) {
			const data = parseInput(assetEditInput(context.locale), input);
			await assetName(db, id);
			await assertReferences(db, data);
			// Its quantity comes from its transactions: a new quantity is an adjustment, today.
			const held = await quantityHeld(db, id);
			if (
				compareDecimals(data.quantity, '0') === 0 &&
				(held === null || compareDecimals(held, '0') !== 0)
			)
				throw new ValidationError({ quantity: m.assets_quantity_zero() });
			if (held !== null && compareDecimals(held, data.quantity) !== 0) {
				await db
					.insertInto('transactions')
					.values({
						id: crypto.randomUUID(),
						asset_id: id,
						type: 'ADJUST',
						unit_price: '0',
						quantity: subtractDecimals(data.quantity, held),
						currency: await assetCurrency(db, id),
						occurred_at: startOfDay(context.today)
					})
					.execute();
			}
			await db
				.updateTable('assets')
				.set({
					name: data.name,
					asset_type_id: data.assetTypeId,
					...(held === null ? { quantity: data.quantity } : {}),
					updated_at: new Date().toISOString()
				})
				.where('id', '=', id)
				.execute();
			if (data.currency && data.currency !== (await assetCurrency(db, id)))
				await setAssetCurrency(db, id, data.currency);
			await setLinks(db, id, data.categoryIds, data.tagIds);
			return { value: null, summary: { what: 'asset', verb: 'edited', name: data.name } };
		}
	},

	'assets/dispose': {
		fields: { date: 'disposalDate', quantity: 'disposalQuantity', value: 'disposalPrice' },
		async run(tools, { id, input }) {
			const data = parseInput(disposalInput(tools.context.locale), input);
			const { name } = await recordDisposal(tools, {
				assetId: id,
				date: data.disposalDate,
				unitPrice: data.disposalPrice,
				quantity: data.disposalQuantity,
				moveAcquisitionTo: input.moveAcquisitionTo
			});
			return { value: null, summary: { what: 'asset', verb: 'disposed', name } };
		}
	},

	'assets/delete': {
		async run({ db }, { id }) {
			const name = await assetName(db, id);
			await db.deleteFrom('assets').where('id', '=', id).execute();
			return { value: null, summary: { what: 'asset', verb: 'deleted', name } };
		}
	}
};
