/**
 * Assets: what a person owns or owes. Creating one records its acquisition (an ACQUIRE
 * transaction and a first valuation of price × quantity) in the same transaction; disposing
 * records a DISPOSE; deleting takes its valuations and transactions with it.
 */
import type { Kysely, Transaction } from 'kysely';
import { z } from 'zod';
import type { AssetGroup } from '$lib/db/reference-data';
import type { Database } from '$lib/db/schema';
import { subtreeIds } from './categories';
import { startOfDay, type DateText } from './dates';
import { NotFoundError, RefusedError, ValidationError, parseInput } from './errors';
import { dayField, idField, moneyField, quantityField, type InputContext } from './fields';
import { compareDecimals, multiplyDecimals, negateDecimal, validatePlainDecimal } from './money';
import { nameSchema, nameKey } from './names';
import { assetFirstDay, assetValuesOn, refreshSnapshots } from './net-worth';

export interface Named {
	id: string;
	name: string;
}

export interface AssetRow {
	id: string;
	name: string;
	quantity: string | null;
	disposed: boolean;
	typeId: string;
	typeLabel: string;
	group: AssetGroup;
	/** Signed value counted in today's net worth (liabilities negative), null when not held. */
	value: string | null;
	/** The latest valuation, held or not (a disposed asset's last known value). */
	lastValue: string | null;
	heldFrom: string | null;
	heldUntil: string | null;
	categories: Named[];
	tags: Named[];
}

export type AssetSort = 'name' | 'type' | 'value';

export interface AssetFilter {
	/** Just this asset (the asset page). */
	id?: string;
	search?: string;
	typeId?: string;
	/** Includes the assets of its subcategories. */
	categoryId?: string;
	tagId?: string;
	showDisposed?: boolean;
	sort?: AssetSort;
	descending?: boolean;
}

const signed = (group: AssetGroup, value: string | null) =>
	value === null ? null : group === 'LIABILITIES' ? negateDecimal(value) : value;

/** The asset list, with each asset's value at the end of `day` (the same numbers as net worth). */
export async function listAssets(
	db: Kysely<Database>,
	filter: AssetFilter,
	day: DateText
): Promise<AssetRow[]> {
	let query = db
		.selectFrom('assets as a')
		.innerJoin('asset_types as t', 't.id', 'a.asset_type_id')
		.select([
			'a.id',
			'a.name',
			'a.quantity',
			'a.disposed',
			'a.asset_type_id',
			't.label',
			't.group'
		]);
	const only = filter.id ?? null;
	if (only) query = query.where('a.id', '=', only);
	if (!filter.showDisposed) query = query.where('a.disposed', '=', 0);
	if (filter.typeId) query = query.where('a.asset_type_id', '=', filter.typeId);
	if (filter.tagId) {
		const tagId = filter.tagId;
		query = query.where((eb) =>
			eb.exists(
				eb
					.selectFrom('asset_tags as x')
					.select('x.asset_id')
					.whereRef('x.asset_id', '=', 'a.id')
					.where('x.tag_id', '=', tagId)
			)
		);
	}
	if (filter.categoryId) {
		const ids = [...(await subtreeIds(db, filter.categoryId))];
		query = query.where((eb) =>
			eb.exists(
				eb
					.selectFrom('asset_categories as x')
					.select('x.asset_id')
					.whereRef('x.asset_id', '=', 'a.id')
					.where('x.category_id', 'in', ids)
			)
		);
	}
	const [assets, values, categories, tags] = await Promise.all([
		query.execute(),
		assetValuesOn(db, day, only),
		db
			.selectFrom('asset_categories as x')
			.innerJoin('categories as c', 'c.id', 'x.category_id')
			.select(['x.asset_id', 'c.id', 'c.name'])
			.$if(only !== null, (q) => q.where('x.asset_id', '=', only!))
			.execute(),
		db
			.selectFrom('asset_tags as x')
			.innerJoin('tags as g', 'g.id', 'x.tag_id')
			.select(['x.asset_id', 'g.id', 'g.name'])
			.$if(only !== null, (q) => q.where('x.asset_id', '=', only!))
			.execute()
	]);
	const group = <T extends { asset_id: string; id: string; name: string }>(rows: T[]) => {
		const map = new Map<string, Named[]>();
		for (const r of rows)
			map.set(r.asset_id, [...(map.get(r.asset_id) ?? []), { id: r.id, name: r.name }]);
		for (const list of map.values()) list.sort((x, y) => x.name.localeCompare(y.name));
		return map;
	};
	const categoriesOf = group(categories);
	const tagsOf = group(tags);
	const search = filter.search ? nameKey(filter.search) : '';
	const rows: AssetRow[] = assets
		.filter((a) => !search || nameKey(a.name).includes(search))
		.map((a) => {
			const v = values.get(a.id);
			return {
				id: a.id,
				name: a.name,
				quantity: a.quantity,
				disposed: a.disposed === 1,
				typeId: a.asset_type_id,
				typeLabel: a.label,
				group: a.group,
				value: signed(a.group, v?.value ?? null),
				lastValue: v?.lastValue ?? null,
				heldFrom: v?.heldFrom ?? null,
				heldUntil: v?.heldUntil ?? null,
				categories: categoriesOf.get(a.id) ?? [],
				tags: tagsOf.get(a.id) ?? []
			};
		});
	return sortAssets(rows, filter.sort ?? 'name', filter.descending ?? false);
}

function sortAssets(rows: AssetRow[], sort: AssetSort, descending: boolean): AssetRow[] {
	const byName = (a: AssetRow, b: AssetRow) => a.name.localeCompare(b.name);
	const compare: Record<AssetSort, (a: AssetRow, b: AssetRow) => number> = {
		name: byName,
		type: (a, b) => a.typeLabel.localeCompare(b.typeLabel) || byName(a, b),
		// Assets without a value today sort after all others.
		value: (a, b) =>
			a.value === null || b.value === null
				? Number(a.value === null) - Number(b.value === null)
				: compareDecimals(a.value, b.value) || byName(a, b)
	};
	const sorted = [...rows].sort(compare[sort]);
	return descending ? sorted.reverse() : sorted;
}

export async function getAsset(db: Kysely<Database>, id: string, day: DateText): Promise<AssetRow> {
	const [found] = await listAssets(db, { id, showDisposed: true }, day);
	if (!found) throw new NotFoundError('This asset does not exist (it may have been deleted).');
	return found;
}

const links = {
	categoryIds: z.array(z.string()).default([]),
	tagIds: z.array(z.string()).default([])
};

function newAssetInput(locale: string) {
	return z.object({
		name: nameSchema('asset'),
		assetTypeId: idField('a type'),
		quantity: quantityField(locale),
		acquisitionDate: dayField,
		acquisitionPrice: moneyField(locale),
		...links
	});
}
export type NewAssetInput = z.input<ReturnType<typeof newAssetInput>>;

function assetEditInput(locale: string) {
	return z.object({
		name: nameSchema('asset'),
		assetTypeId: idField('a type'),
		quantity: quantityField(locale),
		...links
	});
}
export type AssetEditInput = z.input<ReturnType<typeof assetEditInput>>;

async function assertReferences(
	trx: Transaction<Database>,
	{
		assetTypeId,
		categoryIds,
		tagIds
	}: { assetTypeId: string; categoryIds: string[]; tagIds: string[] }
) {
	const type = await trx
		.selectFrom('asset_types')
		.select('id')
		.where('id', '=', assetTypeId)
		.executeTakeFirst();
	if (!type)
		throw new ValidationError({ assetTypeId: 'That type no longer exists. Choose another.' });
	if (categoryIds.length) {
		const found = await trx
			.selectFrom('categories')
			.select('id')
			.where('id', 'in', categoryIds)
			.execute();
		if (found.length !== new Set(categoryIds).size) {
			throw new ValidationError({ categoryIds: 'A chosen category no longer exists.' });
		}
	}
	if (tagIds.length) {
		const found = await trx.selectFrom('tags').select('id').where('id', 'in', tagIds).execute();
		if (found.length !== new Set(tagIds).size)
			throw new ValidationError({ tagIds: 'A chosen tag no longer exists.' });
	}
}

async function replaceLinks(
	trx: Transaction<Database>,
	assetId: string,
	categoryIds: string[],
	tagIds: string[]
) {
	await trx.deleteFrom('asset_categories').where('asset_id', '=', assetId).execute();
	await trx.deleteFrom('asset_tags').where('asset_id', '=', assetId).execute();
	const uniqueCategories = [...new Set(categoryIds)];
	const uniqueTags = [...new Set(tagIds)];
	if (uniqueCategories.length) {
		await trx
			.insertInto('asset_categories')
			.values(uniqueCategories.map((category_id) => ({ asset_id: assetId, category_id })))
			.execute();
	}
	if (uniqueTags.length) {
		await trx
			.insertInto('asset_tags')
			.values(uniqueTags.map((tag_id) => ({ asset_id: assetId, tag_id })))
			.execute();
	}
}

/**
 * Adds an asset with its acquisition: an ACQUIRE transaction (price, quantity) and a first
 * valuation of price × quantity on that day, all in one transaction.
 *
 * @example await createAsset(db, { name: 'Livret A', assetTypeId, quantity: '1',
 *   acquisitionDate: '2025-01-15', acquisitionPrice: '22950' }, { locale: 'fr-FR', currency: 'EUR' })
 */
export async function createAsset(
	db: Kysely<Database>,
	input: NewAssetInput,
	ctx: InputContext
): Promise<string> {
	const data = parseInput(newAssetInput(ctx.locale), input);
	const value = multiplyDecimals(data.acquisitionPrice, data.quantity);
	if (!validatePlainDecimal(value).ok) {
		throw new ValidationError({ acquisitionPrice: 'Price × quantity is too large to store.' });
	}
	const at = startOfDay(data.acquisitionDate);
	return db.transaction().execute(async (trx) => {
		await assertReferences(trx, data);
		const id = crypto.randomUUID();
		await trx
			.insertInto('assets')
			.values({
				id,
				name: data.name,
				quantity: data.quantity,
				disposed: 0,
				asset_type_id: data.assetTypeId
			})
			.execute();
		await trx
			.insertInto('transactions')
			.values({
				id: crypto.randomUUID(),
				asset_id: id,
				type: 'ACQUIRE',
				unit_price: data.acquisitionPrice,
				quantity: data.quantity,
				currency: ctx.currency,
				occurred_at: at
			})
			.execute();
		await trx
			.insertInto('asset_snapshots')
			.values({ id: crypto.randomUUID(), asset_id: id, value, observed_at: at })
			.execute();
		await replaceLinks(trx, id, data.categoryIds, data.tagIds);
		await refreshSnapshots(trx, data.acquisitionDate, ctx.currency);
		return id;
	});
}

export async function updateAsset(
	db: Kysely<Database>,
	id: string,
	input: AssetEditInput,
	ctx: InputContext
): Promise<void> {
	const data = parseInput(assetEditInput(ctx.locale), input);
	await db.transaction().execute(async (trx) => {
		const current = await trx
			.selectFrom('assets')
			.select('asset_type_id')
			.where('id', '=', id)
			.executeTakeFirst();
		if (!current) throw new NotFoundError('This asset no longer exists.');
		await assertReferences(trx, data);
		await trx
			.updateTable('assets')
			.set({
				name: data.name,
				quantity: data.quantity,
				asset_type_id: data.assetTypeId,
				updated_at: new Date().toISOString()
			})
			.where('id', '=', id)
			.execute();
		await replaceLinks(trx, id, data.categoryIds, data.tagIds);
		if (current.asset_type_id !== data.assetTypeId) {
			// Another type may be another group (an asset may become a liability).
			const first = await assetFirstDay(trx, id);
			if (first) await refreshSnapshots(trx, first, ctx.currency);
		}
	});
}

function disposalInput(locale: string) {
	return z.object({ disposalDate: dayField, disposalPrice: moneyField(locale) });
}
export type DisposalInput = z.input<ReturnType<typeof disposalInput>>;

/**
 * Records the sale (or end) of an asset: a DISPOSE transaction at the price per unit, and the
 * asset marked disposed. It still counts in net worth before that day.
 */
export async function disposeAsset(
	db: Kysely<Database>,
	id: string,
	input: DisposalInput,
	ctx: InputContext
): Promise<void> {
	const data = parseInput(disposalInput(ctx.locale), input);
	await db.transaction().execute(async (trx) => {
		const asset = await trx
			.selectFrom('assets')
			.select(['quantity', 'disposed'])
			.where('id', '=', id)
			.executeTakeFirst();
		if (!asset) throw new NotFoundError('This asset no longer exists.');
		if (asset.disposed) throw new RefusedError('This asset is already disposed.');
		const first = await assetFirstDay(trx, id);
		if (first && data.disposalDate < first) {
			throw new ValidationError({
				disposalDate: 'The disposal date must be on or after the acquisition.'
			});
		}
		await trx
			.insertInto('transactions')
			.values({
				id: crypto.randomUUID(),
				asset_id: id,
				type: 'DISPOSE',
				unit_price: data.disposalPrice,
				quantity: asset.quantity ?? '1',
				currency: ctx.currency,
				occurred_at: startOfDay(data.disposalDate)
			})
			.execute();
		await trx
			.updateTable('assets')
			.set({ disposed: 1, updated_at: new Date().toISOString() })
			.where('id', '=', id)
			.execute();
		await refreshSnapshots(trx, data.disposalDate, ctx.currency);
	});
}

export interface DeletionImpact {
	valuations: number;
	transactions: number;
}

/** What deleting an asset takes with it, for the confirmation. */
export async function deletionImpact(db: Kysely<Database>, id: string): Promise<DeletionImpact> {
	const [valuations, transactions] = await Promise.all([
		db
			.selectFrom('asset_snapshots')
			.select((eb) => eb.fn.countAll<number>().as('n'))
			.where('asset_id', '=', id)
			.executeTakeFirstOrThrow(),
		db
			.selectFrom('transactions')
			.select((eb) => eb.fn.countAll<number>().as('n'))
			.where('asset_id', '=', id)
			.executeTakeFirstOrThrow()
	]);
	return { valuations: valuations.n, transactions: transactions.n };
}

/** Deletes an asset with its valuations, transactions, categories and tags links. */
export async function deleteAsset(
	db: Kysely<Database>,
	id: string,
	currency: string
): Promise<void> {
	await db.transaction().execute(async (trx) => {
		const first = await assetFirstDay(trx, id);
		const result = await trx.deleteFrom('assets').where('id', '=', id).executeTakeFirst();
		if (result.numDeletedRows === 0n) throw new NotFoundError('This asset no longer exists.');
		if (first) await refreshSnapshots(trx, first, currency);
	});
}
