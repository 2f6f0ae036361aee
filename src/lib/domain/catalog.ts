/** The lists a form chooses from: asset types (by group), categories (as a tree) and tags. */
import type { Kysely } from 'kysely';
import type { Database } from '$lib/db/schema';
import { ASSET_GROUPS, groupLabel, listAssetTypes, type AssetTypeRow } from './asset-types';
import { listCategories, type CategoryNode } from './categories';
import { listTags, type TagRow } from './tags';

export interface Catalog {
	types: AssetTypeRow[];
	categories: CategoryNode[];
	tags: TagRow[];
}

export async function loadCatalog(db: Kysely<Database>): Promise<Catalog> {
	const [types, categories, tags] = await Promise.all([
		listAssetTypes(db),
		listCategories(db),
		listTags(db)
	]);
	return { types, categories, tags };
}

/** Asset types grouped for a select's optgroups, in the groups' usual order. */
export function typeGroups(types: AssetTypeRow[]) {
	return ASSET_GROUPS.map((group) => ({
		label: groupLabel(group),
		options: types.filter((t) => t.group === group).map((t) => ({ value: t.id, label: t.name }))
	})).filter((g) => g.options.length > 0);
}
