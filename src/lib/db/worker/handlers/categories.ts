/**
 * Writes of categories: a tree of any depth. A category with subcategories cannot be deleted,
 * and a category can never be moved under itself or one of its own descendants.
 */
import type { Kysely } from 'kysely';
import type { Database } from '$lib/db/schema';
import { categoryInput, subtreeIds } from '$lib/domain/categories';
import { NotFoundError, RefusedError, ValidationError, parseInput } from '$lib/domain/errors';
import { assertNameFree } from '$lib/domain/names';
import type { ChangeHandlers } from '../gate';
import { m } from '$lib/paraglide/messages';

async function assertUniqueName(db: Kysely<Database>, name: string, exceptId?: string) {
	const rows = await db.selectFrom('categories').select(['id', 'name']).execute();
	assertNameFree(rows, name, { what: 'category', exceptId });
}

async function assertParentExists(db: Kysely<Database>, parentId: string | null) {
	if (parentId === null) return;
	const parent = await db
		.selectFrom('categories')
		.select('id')
		.where('id', '=', parentId)
		.executeTakeFirst();
	if (!parent) throw new ValidationError({ parentId: m.organise_category_parent_gone() });
}

async function categoryName(db: Kysely<Database>, id: string): Promise<string> {
	const row = await db
		.selectFrom('categories')
		.select('name')
		.where('id', '=', id)
		.executeTakeFirst();
	if (!row) throw new NotFoundError(m.organise_category_gone());
	return row.name;
}

export const categoryHandlers: ChangeHandlers<
	'categories/create' | 'categories/update' | 'categories/delete'
> = {
	'categories/create': {
		async run({ db }, { input }) {
			const { name, parentId } = parseInput(categoryInput, input);
			await assertUniqueName(db, name);
			await assertParentExists(db, parentId);
			const id = crypto.randomUUID();
			await db.insertInto('categories').values({ id, name, parent_id: parentId }).execute();
			return { value: { id }, summary: { what: 'category', verb: 'added', name } };
		}
	},

	'categories/update': {
		async run({ db }, { id, input }) {
			const { name, parentId } = parseInput(categoryInput, input);
			const currentName = await categoryName(db, id);
			await assertUniqueName(db, name, id);
			await assertParentExists(db, parentId);
			if (parentId !== null && (await subtreeIds(db, id)).has(parentId)) {
				throw new ValidationError({
					parentId:
						parentId === id
							? m.organise_category_own_parent()
							: m.organise_category_cycle({
									name: currentName,
									parent: await categoryName(db, parentId)
								})
				});
			}
			await db
				.updateTable('categories')
				.set({ name, parent_id: parentId })
				.where('id', '=', id)
				.execute();
			return { value: null, summary: { what: 'category', verb: 'edited', name } };
		}
	},

	'categories/delete': {
		async run({ db }, { id }) {
			const name = await categoryName(db, id);
			const children = await db
				.selectFrom('categories')
				.select('name')
				.where('parent_id', '=', id)
				.orderBy('name')
				.execute();
			if (children.length > 0) {
				const names = children.map((c) => m.organise_quoted({ name: c.name })).join(', ');
				throw new RefusedError(m.organise_category_has_children({ name, names }));
			}
			await db.deleteFrom('categories').where('id', '=', id).execute();
			return { value: null, summary: { what: 'category', verb: 'deleted', name } };
		}
	}
};
