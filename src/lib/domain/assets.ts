/**
 * Assets: what a person owns or owes, as the pages read them, and the input their forms take.
 * The writes are the worker's (db/worker/handlers/assets.ts).
 */
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { AssetGroup } from '$lib/db/reference-data';
import type { Database } from '$lib/db/schema';
import { subtreeIds } from './categories';
import { type DateText } from './dates';
import { NotFoundError } from './errors';
import { dayField, idField, moneyField, quantityField } from './fields';
import { compareDecimals, negateDecimal } from './money';
import { nameSchema, nameKey } from './names';
import { assetValuesOn } from './net-worth';

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

/** What the new-asset form takes, read in the user's locale. */
export function newAssetInput(locale: string) {
	return z.object({
		name: nameSchema('asset'),
		assetTypeId: idField('a type'),
		quantity: quantityField(locale),
		acquisitionDate: dayField,
		acquisitionPrice: moneyField(locale),
		...links
	});
}

export function assetEditInput(locale: string) {
	return z.object({
		name: nameSchema('asset'),
		assetTypeId: idField('a type'),
		quantity: quantityField(locale),
		...links
	});
}

export function disposalInput(locale: string) {
	return z.object({ disposalDate: dayField, disposalPrice: moneyField(locale) });
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
