/**
 * Categories: a tree of any depth. A category with subcategories cannot be deleted, and a
 * category can never be moved under itself or one of its own descendants.
 */
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '$lib/db/schema';
import { NotFoundError, RefusedError, ValidationError, parseInput } from './errors';
import { assertNameFree, nameSchema } from './names';

export interface CategoryNode {
	id: string;
	name: string;
	parentId: string | null;
	depth: number;
	/** Names from the top of the tree down to this one: ["Financial", "Banking"]. */
	path: string[];
	children: number;
	assets: number;
}

const categoryInput = z.object({
	name: nameSchema('category'),
	parentId: z.string().nullable()
});
export type CategoryInput = z.input<typeof categoryInput>;

/** Every category in tree order: each parent followed by its children, siblings by name. */
export async function listCategories(db: Kysely<Database>): Promise<CategoryNode[]> {
	const rows = await db
		.selectFrom('categories as c')
		.leftJoin('asset_categories as ac', 'ac.category_id', 'c.id')
		.select((eb) => [
			'c.id',
			'c.name',
			'c.parent_id',
			eb.fn.count<number>('ac.asset_id').as('assets')
		])
		.groupBy('c.id')
		.execute();
	return toTree(rows);
}

function toTree(
	rows: { id: string; name: string; parent_id: string | null; assets: number }[]
): CategoryNode[] {
	const ids = new Set(rows.map((r) => r.id));
	const byParent = new Map<string | null, typeof rows>();
	for (const row of rows) {
		// A parent that is missing (or a cycle in imported data) puts the row at the top level.
		const parent = row.parent_id && ids.has(row.parent_id) ? row.parent_id : null;
		byParent.set(parent, [...(byParent.get(parent) ?? []), row]);
	}
	const out: CategoryNode[] = [];
	const seen = new Set<string>();
	const visit = (parent: string | null, depth: number, path: string[]) => {
		const children = (byParent.get(parent) ?? []).sort((a, b) => a.name.localeCompare(b.name));
		for (const row of children) {
			if (seen.has(row.id)) continue;
			seen.add(row.id);
			out.push({
				id: row.id,
				name: row.name,
				parentId: row.parent_id,
				depth,
				path: [...path, row.name],
				children: byParent.get(row.id)?.length ?? 0,
				assets: row.assets
			});
			visit(row.id, depth + 1, [...path, row.name]);
		}
	};
	visit(null, 0, []);
	// Rows only reachable through a cycle are still listed, at the top.
	for (const row of rows) {
		if (!seen.has(row.id)) {
			seen.add(row.id);
			out.push({
				id: row.id,
				name: row.name,
				parentId: row.parent_id,
				depth: 0,
				path: [row.name],
				children: 0,
				assets: row.assets
			});
		}
	}
	return out;
}

/** Ids of `id` and everything below it (UNION, not UNION ALL: ends even on a cycle). */
export async function subtreeIds(db: Kysely<Database>, id: string): Promise<Set<string>> {
	const rows = await db
		.withRecursive('sub(id)', (qb) =>
			qb
				.selectFrom('categories')
				.select('id')
				.where('id', '=', id)
				.union((qb2) =>
					qb2.selectFrom('categories as c').innerJoin('sub', 'sub.id', 'c.parent_id').select('c.id')
				)
		)
		.selectFrom('sub')
		.select('id')
		.execute();
	return new Set(rows.map((r) => r.id));
}

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
	if (!parent) throw new ValidationError({ parentId: 'That parent category no longer exists.' });
}

export async function createCategory(db: Kysely<Database>, input: CategoryInput): Promise<string> {
	const { name, parentId } = parseInput(categoryInput, input);
	return db.transaction().execute(async (trx) => {
		await assertUniqueName(trx, name);
		await assertParentExists(trx, parentId);
		const id = crypto.randomUUID();
		await trx.insertInto('categories').values({ id, name, parent_id: parentId }).execute();
		return id;
	});
}

/** Renames and/or moves a category. Moving it under itself or its own descendant is refused. */
export async function updateCategory(
	db: Kysely<Database>,
	id: string,
	input: CategoryInput
): Promise<void> {
	const { name, parentId } = parseInput(categoryInput, input);
	await db.transaction().execute(async (trx) => {
		const current = await trx
			.selectFrom('categories')
			.select('name')
			.where('id', '=', id)
			.executeTakeFirst();
		if (!current) throw new NotFoundError('This category no longer exists.');
		await assertUniqueName(trx, name, id);
		await assertParentExists(trx, parentId);
		if (parentId !== null && (await subtreeIds(trx, id)).has(parentId)) {
			const parent = await trx
				.selectFrom('categories')
				.select('name')
				.where('id', '=', parentId)
				.executeTakeFirstOrThrow();
			throw new ValidationError({
				parentId:
					parentId === id
						? `A category can't be its own parent.`
						: `“${current.name}” can't go under “${parent.name}”, which is inside it.`
			});
		}
		await trx
			.updateTable('categories')
			.set({ name, parent_id: parentId })
			.where('id', '=', id)
			.execute();
	});
}

/** Deletes a category without subcategories; its assets keep everything else. */
export async function deleteCategory(db: Kysely<Database>, id: string): Promise<void> {
	await db.transaction().execute(async (trx) => {
		const current = await trx
			.selectFrom('categories')
			.select('name')
			.where('id', '=', id)
			.executeTakeFirst();
		if (!current) throw new NotFoundError('This category no longer exists.');
		const children = await trx
			.selectFrom('categories')
			.select('name')
			.where('parent_id', '=', id)
			.orderBy('name')
			.execute();
		if (children.length > 0) {
			const names = children.map((c) => `“${c.name}”`).join(', ');
			throw new RefusedError(
				`“${current.name}” has subcategories (${names}). Move or delete them first.`
			);
		}
		await trx.deleteFrom('categories').where('id', '=', id).execute();
	});
}
