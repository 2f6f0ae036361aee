/**
 * Assets: what a person owns or owes, as the pages read them, and the input their forms take.
 * The writes are the worker's (db/worker/handlers/assets.ts).
 */
import { typeName } from './type-names';
import { sql, type Kysely } from 'kysely';
import { z } from '$lib/domain/zod-setup';
import { PER_UNIT_SQL, type AssetGroup } from '$lib/db/reference-data';
import type { Database } from '$lib/db/schema';
import { subtreeIds } from './categories';
import { type DateText } from './dates';
import { NotFoundError } from './errors';
import { m } from '$lib/paraglide/messages';
import {
	currencyField,
	dayField,
	heldQuantityField,
	idField,
	moneyField,
	quantityField
} from './fields';
import { compareDecimals, negateDecimal } from './money';
import { nameSchema, nameKey } from './names';
import { assetValuesOn, type AssetValue } from './net-worth';
import { gainOf } from './gains';

export interface Named {
	id: string;
	name: string;
}

export interface AssetRow {
	id: string;
	name: string;
	/** Held at the end of the day (0 once sold in full). */
	quantity: string | null;
	/** Sold in full (or marked disposed) by the end of the day. */
	disposed: boolean;
	typeId: string;
	/** Its type's name as shown: a built-in type in the interface's language (type-names.ts). */
	typeLabel: string;
	group: AssetGroup;
	/** Its type is valued per unit: valuations are entered as a price per unit. */
	perUnit: boolean;
	/** Signed value counted in the day's net worth (liabilities negative), null when not held. */
	value: string | null;
	/** The latest value, held or not (a sold asset's last known value), unsigned. */
	lastValue: string | null;
	/** The unit price the value comes from, when it does. */
	price: string | null;
	/** Cost basis of what is held, Σ paid for every buy, realised gains (null without transactions). */
	cost: string | null;
	invested: string | null;
	realised: string | null;
	/** (value − cost basis) + realised; null for a debt and without transactions. */
	gain: string | null;
	heldFrom: string | null;
	heldUntil: string | null;
	categories: Named[];
	tags: Named[];
	/** The currency of every amount above. */
	currency: string;
	/** The base currency, and `value` and `lastValue` converted into it (null without a rate). */
	base: string;
	baseValue: string | null;
	baseLastValue: string | null;
	/** The rate used for the base amounts (null in the base currency itself, or without one). */
	rate: AssetValue['rate'];
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
		.leftJoin('asset_type_units as u', 'u.asset_type_id', 't.id')
		.select([
			sql<number>`${sql.raw(PER_UNIT_SQL)}`.as('per_unit'),
			'a.id',
			'a.name',
			'a.asset_type_id',
			't.code',
			't.label',
			't.group'
		]);
	const only = filter.id ?? null;
	if (only) query = query.where('a.id', '=', only);
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
			const disposed = v?.heldUntil != null;
			return {
				id: a.id,
				name: a.name,
				quantity: v?.quantity ?? null,
				disposed,
				typeId: a.asset_type_id,
				typeLabel: typeName(a.code, a.label),
				group: a.group,
				perUnit: a.per_unit === 1,
				value: signed(a.group, v?.value ?? null),
				lastValue: v?.lastValue ?? null,
				price: v?.price ?? null,
				cost: v?.cost ?? null,
				invested: v?.invested ?? null,
				realised: v?.realised ?? null,
				gain: a.group === 'LIABILITIES' ? null : gainOf(v),
				heldFrom: v?.heldFrom ?? null,
				heldUntil: v?.heldUntil ?? null,
				categories: categoriesOf.get(a.id) ?? [],
				tags: tagsOf.get(a.id) ?? [],
				currency: v?.currency ?? 'EUR',
				base: v?.base ?? 'EUR',
				baseValue: signed(a.group, v?.baseValue ?? null),
				baseLastValue: v?.baseLastValue ?? null,
				rate: v?.rate ?? null
			};
		})
		// Sold in full (by the end of the day): shown only when asked for.
		.filter((a) => filter.showDisposed || !a.disposed);
	return sortAssets(rows, filter.sort ?? 'name', filter.descending ?? false);
}

function sortAssets(rows: AssetRow[], sort: AssetSort, descending: boolean): AssetRow[] {
	const byName = (a: AssetRow, b: AssetRow) => a.name.localeCompare(b.name);
	const compare: Record<AssetSort, (a: AssetRow, b: AssetRow) => number> = {
		name: byName,
		type: (a, b) => a.typeLabel.localeCompare(b.typeLabel) || byName(a, b),
		// By what they count for in the base currency; without a value (or a rate), after all others.
		value: (a, b) =>
			a.baseValue === null || b.baseValue === null
				? Number(a.baseValue === null) - Number(b.baseValue === null)
				: compareDecimals(a.baseValue, b.baseValue) || byName(a, b)
	};
	const sorted = [...rows].sort(compare[sort]);
	return descending ? sorted.reverse() : sorted;
}

export async function getAsset(db: Kysely<Database>, id: string, day: DateText): Promise<AssetRow> {
	const [found] = await listAssets(db, { id, showDisposed: true }, day);
	if (!found) throw new NotFoundError(m.assets_not_found());
	return found;
}

const links = {
	categoryIds: z.array(z.string()).default([]),
	tagIds: z.array(z.string()).default([])
};

/**
 * What the new-asset form takes, read in the user's locale. The price may be negative (an
 * account opened overdrawn); the gate refuses that for a debt, whose balance is what is owed.
 */
export function newAssetInput(locale: string) {
	return z.object({
		name: nameSchema('asset'),
		assetTypeId: idField('a type'),
		currency: currencyField.optional(),
		quantity: quantityField(locale),
		acquisitionDate: dayField,
		acquisitionPrice: moneyField(locale, { allowNegative: true }),
		...links
	});
}

export function assetEditInput(locale: string) {
	return z.object({
		name: nameSchema('asset'),
		assetTypeId: idField('a type'),
		currency: currencyField.optional(),
		// Zero only for one sold in full, which the handler checks against what it holds.
		quantity: heldQuantityField(locale),
		...links
	});
}

/** A sale: when, at what price per unit, and how many units (all that is held when empty). */
export function disposalInput(locale: string) {
	return z.object({
		disposalDate: dayField,
		disposalPrice: moneyField(locale),
		disposalQuantity: z
			.string()
			.optional()
			.transform((text) => (text?.trim() ? text : undefined))
			.pipe(quantityField(locale).optional())
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
