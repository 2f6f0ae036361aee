/**
 * Categories: a tree of any depth. A category with subcategories cannot be deleted, and a
 * category can never be moved under itself or one of its own descendants (the rules are the
 * worker's: db/worker/handlers/categories.ts).
 */
import { sql, type Kysely } from 'kysely';
import { z } from '$lib/domain/zod-setup';
import type { Database } from '$lib/db/schema';
import { nameSchema } from './names';

export interface CategoryNode {
	id: string;
	name: string;
	parentId: string | null;
	depth: number;
	/** Names from the top of the tree down to this one: ["Financial", "Banking"]. */
	path: string[];
	children: number;
	/** Assets filed under this category itself. */
	assets: number;
	/** Assets under this category or any below it, each counted once. */
	allAssets: number;
}

export const categoryInput = z.object({
	name: nameSchema('category'),
	parentId: z.string().nullable()
});

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
	// Each category with everything below it (UNION ends even on a cycle in imported data).
	const totals = await sql<{ root: string; assets: number }>`
		WITH RECURSIVE subtree(root, id) AS (
			SELECT id, id FROM categories
			UNION SELECT subtree.root, c.id FROM categories c JOIN subtree ON c.parent_id = subtree.id
		)
		SELECT subtree.root AS root, COUNT(DISTINCT ac.asset_id) AS assets
		FROM subtree JOIN asset_categories ac ON ac.category_id = subtree.id
		GROUP BY subtree.root`.execute(db);
	const all = new Map(totals.rows.map((row) => [row.root, Number(row.assets)]));
	return toTree(rows).map((node) => ({ ...node, allAssets: all.get(node.id) ?? 0 }));
}

function toTree(
	rows: { id: string; name: string; parent_id: string | null; assets: number }[]
): Omit<CategoryNode, 'allAssets'>[] {
	const ids = new Set(rows.map((r) => r.id));
	const byParent = new Map<string | null, typeof rows>();
	for (const row of rows) {
		// A parent that is missing (or a cycle in imported data) puts the row at the top level.
		const parent = row.parent_id && ids.has(row.parent_id) ? row.parent_id : null;
		byParent.set(parent, [...(byParent.get(parent) ?? []), row]);
	}
	const out: Omit<CategoryNode, 'allAssets'>[] = [];
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
