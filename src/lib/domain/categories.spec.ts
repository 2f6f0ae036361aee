import { describe, expect, it } from 'vitest';
import { fingerprint, testDatabase } from '../../../tests/helpers/sqlite';
import { createCategory, deleteCategory, listCategories, updateCategory } from './categories';
import { RefusedError, ValidationError } from './errors';
import { createTag, renameTag } from './tags';

describe('categories', () => {
	it('form a tree of any depth, listed parent first', async () => {
		const { db } = await testDatabase();
		const investments = await createCategory(db, { name: 'Investments', parentId: null });
		const equities = await createCategory(db, { name: 'Equities', parentId: investments });
		await createCategory(db, { name: 'Tech', parentId: equities });
		await createCategory(db, { name: 'Art', parentId: null });
		const tree = await listCategories(db);
		expect(tree.map((c) => [c.path.join(' › '), c.depth])).toEqual([
			['Art', 0],
			['Investments', 0],
			['Investments › Equities', 1],
			['Investments › Equities › Tech', 2]
		]);
	});

	it('refuse a move under their own descendant, and change nothing', async () => {
		const { engine, db } = await testDatabase();
		const top = await createCategory(db, { name: 'Financial', parentId: null });
		const mid = await createCategory(db, { name: 'Banking', parentId: top });
		const leaf = await createCategory(db, { name: 'Savings', parentId: mid });
		const before = fingerprint(engine.serialize());
		await expect(updateCategory(db, top, { name: 'Financial', parentId: leaf })).rejects.toThrow(
			"“Financial” can't go under “Savings”, which is inside it."
		);
		await expect(updateCategory(db, top, { name: 'Financial', parentId: top })).rejects.toThrow(
			"A category can't be its own parent."
		);
		expect(fingerprint(engine.serialize())).toBe(before);
		await updateCategory(db, leaf, { name: 'Savings accounts', parentId: top });
		expect((await listCategories(db)).map((c) => c.path.join(' › '))).toContain(
			'Financial › Savings accounts'
		);
	});

	it('refuse deletion while they have subcategories', async () => {
		const { db } = await testDatabase();
		const top = await createCategory(db, { name: 'Collections', parentId: null });
		const lego = await createCategory(db, { name: 'LEGO', parentId: top });
		await expect(deleteCategory(db, top)).rejects.toThrow(RefusedError);
		await expect(deleteCategory(db, top)).rejects.toThrow(
			'“Collections” has subcategories (“LEGO”). Move or delete them first.'
		);
		await deleteCategory(db, lego);
		await deleteCategory(db, top);
		expect(await listCategories(db)).toEqual([]);
	});

	it('have unique names, trimmed and compared regardless of case', async () => {
		const { db } = await testDatabase();
		await createCategory(db, { name: '  Wine ', parentId: null });
		expect((await listCategories(db))[0]!.name).toBe('Wine');
		const error = await createCategory(db, { name: 'WINE', parentId: null }).catch(
			(e: unknown) => e
		);
		expect(error).toBeInstanceOf(ValidationError);
		expect((error as ValidationError).fields).toEqual({
			name: 'A category named “Wine” already exists.'
		});
		await expect(createCategory(db, { name: '   ', parentId: null })).rejects.toThrow(
			'Enter a category name.'
		);
	});
});

describe('tags', () => {
	it('have unique names regardless of case, also when renamed', async () => {
		const { db } = await testDatabase();
		await createTag(db, { name: 'Liquid' });
		const other = await createTag(db, { name: 'insured' });
		await expect(createTag(db, { name: 'liquid' })).rejects.toThrow(
			'A tag named “Liquid” already exists.'
		);
		await expect(renameTag(db, other, { name: ' LIQUID ' })).rejects.toThrow(
			'A tag named “Liquid” already exists.'
		);
		await renameTag(db, other, { name: 'Insured' });
	});
});
