import { describe, expect, it } from 'vitest';
import { openTestApp } from '../../../../../tests/helpers/app';
import { fingerprint } from '../../../../../tests/helpers/sqlite';
import { DatabaseError } from '$lib/db/client';
import { listCategories } from '$lib/domain/categories';
import { Ledger } from '../../../../../tests/factories/ledger';

async function setup() {
	const app = await openTestApp();
	const create = async (name: string, parentId: string | null = null) =>
		(await app.write('categories/create', { input: { name, parentId } })).value.id;
	return { app, create };
}

describe('categories', () => {
	it('form a tree of any depth, listed parent first', async () => {
		const { app, create } = await setup();
		const investments = await create('Investments');
		const equities = await create('Equities', investments);
		await create('Tech', equities);
		await create('Art');
		const tree = await listCategories(app.db);
		expect(tree.map((c) => [c.path.join(' › '), c.depth])).toEqual([
			['Art', 0],
			['Investments', 0],
			['Investments › Equities', 1],
			['Investments › Equities › Tech', 2]
		]);
	});

	it('refuse a move under their own descendant, and change nothing', async () => {
		const { app, create } = await setup();
		const top = await create('Financial');
		const mid = await create('Banking', top);
		const leaf = await create('Savings', mid);
		const before = fingerprint(app.engine().serialize());
		const move = (parentId: string) =>
			app.write('categories/update', { id: top, input: { name: 'Financial', parentId } });
		await expect(move(leaf)).rejects.toThrow(
			"“Financial” can't go under “Savings”, which is inside it."
		);
		await expect(move(top)).rejects.toThrow("A category can't be its own parent.");
		expect(fingerprint(app.engine().serialize())).toBe(before);
		await app.write('categories/update', {
			id: leaf,
			input: { name: 'Savings accounts', parentId: top }
		});
		expect((await listCategories(app.db)).map((c) => c.path.join(' › '))).toContain(
			'Financial › Savings accounts'
		);
	});

	it('refuse deletion while they have subcategories', async () => {
		const { app, create } = await setup();
		const top = await create('Collections');
		const lego = await create('LEGO', top);
		const refused = await app
			.write('categories/delete', { id: top })
			.catch((e: unknown) => e as DatabaseError);
		expect(refused).toBeInstanceOf(DatabaseError);
		expect(refused).toMatchObject({
			code: 'refused',
			message: '“Collections” has subcategories (“LEGO”). Move or delete them first.'
		});
		await app.write('categories/delete', { id: lego });
		await app.write('categories/delete', { id: top });
		expect(await listCategories(app.db)).toEqual([]);
	});

	it('have unique names, trimmed and compared regardless of case', async () => {
		const { app, create } = await setup();
		await create('  Wine ');
		expect((await listCategories(app.db))[0]!.name).toBe('Wine');
		const error = await create('WINE').catch((e: unknown) => e as DatabaseError);
		expect(error).toMatchObject({
			code: 'validation',
			fields: { name: 'A category named “Wine” already exists.' }
		});
		await expect(create('   ')).rejects.toThrow('Enter a category name.');
	});
});

describe('tags', () => {
	it('have unique names regardless of case, also when renamed', async () => {
		const app = await openTestApp();
		const create = async (name: string) =>
			(await app.write('tags/create', { input: { name } })).value.id;
		await create('Liquid');
		const other = await create('insured');
		await expect(create('liquid')).rejects.toThrow('A tag named “Liquid” already exists.');
		await expect(
			app.write('tags/rename', { id: other, input: { name: ' LIQUID ' } })
		).rejects.toThrow('A tag named “Liquid” already exists.');
		await app.write('tags/rename', { id: other, input: { name: 'Insured' } });
	});

	it('count the assets below them too, each once, beside those filed directly', async () => {
		const { app, create } = await setup();
		const ledger = new Ledger(app.engine());
		const investments = await create('Investments');
		const equities = await create('Equities', investments);
		const tech = await create('Tech', equities);
		const file = (asset: string, ...categories: string[]) => {
			for (const category of categories)
				app
					.engine()
					.run('INSERT INTO asset_categories (asset_id, category_id) VALUES (?, ?)', [
						asset,
						category
					]);
		};
		file(ledger.asset({}), investments);
		// Filed twice in one branch, still one asset of Investments.
		file(ledger.asset({}), equities, tech);
		file(ledger.asset({}), tech);
		ledger.asset({});
		const tree = await listCategories(app.db);
		// Recounted naively: the distinct assets of each category and of every one below it.
		const pairs = app
			.engine()
			.all<{ asset_id: string; category_id: string }>('SELECT * FROM asset_categories');
		const below = (id: string): string[] => [
			id,
			...tree.filter((c) => c.parentId === id).flatMap((c) => below(c.id))
		];
		for (const category of tree) {
			const ids = new Set(below(category.id));
			expect(category.allAssets).toBe(
				new Set(pairs.filter((p) => ids.has(p.category_id)).map((p) => p.asset_id)).size
			);
		}
		expect(tree.map((c) => [c.name, c.allAssets, c.assets])).toEqual([
			['Investments', 3, 1],
			['Equities', 2, 1],
			['Tech', 2, 2]
		]);
	});
});
