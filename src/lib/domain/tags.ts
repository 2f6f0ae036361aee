/** Tags: free labels on assets. Names are unique regardless of case. */
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '$lib/db/schema';
import { NotFoundError, parseInput } from './errors';
import { assertNameFree, nameSchema } from './names';

export interface TagRow {
	id: string;
	name: string;
	/** How many assets carry it. */
	assets: number;
}

const tagInput = z.object({ name: nameSchema('tag') });
export type TagInput = z.input<typeof tagInput>;

export async function listTags(db: Kysely<Database>): Promise<TagRow[]> {
	return db
		.selectFrom('tags as t')
		.leftJoin('asset_tags as at', 'at.tag_id', 't.id')
		.select((eb) => ['t.id', 't.name', eb.fn.count<number>('at.asset_id').as('assets')])
		.groupBy('t.id')
		.orderBy((eb) => eb.fn('lower', ['t.name']))
		.execute();
}

async function assertUniqueName(db: Kysely<Database>, name: string, exceptId?: string) {
	const existing = await db.selectFrom('tags').select(['id', 'name']).execute();
	assertNameFree(existing, name, { what: 'tag', exceptId });
}

/** @example await createTag(db, { name: 'liquid' }) // the new tag's id */
export async function createTag(db: Kysely<Database>, input: TagInput): Promise<string> {
	const { name } = parseInput(tagInput, input);
	return db.transaction().execute(async (trx) => {
		await assertUniqueName(trx, name);
		const id = crypto.randomUUID();
		await trx.insertInto('tags').values({ id, name }).execute();
		return id;
	});
}

export async function renameTag(db: Kysely<Database>, id: string, input: TagInput): Promise<void> {
	const { name } = parseInput(tagInput, input);
	await db.transaction().execute(async (trx) => {
		await assertUniqueName(trx, name, id);
		const result = await trx
			.updateTable('tags')
			.set({ name })
			.where('id', '=', id)
			.executeTakeFirst();
		if (result.numUpdatedRows === 0n) throw new NotFoundError('This tag no longer exists.');
	});
}

/** Deletes a tag; the assets that carried it keep everything else. */
export async function deleteTag(db: Kysely<Database>, id: string): Promise<void> {
	await db.deleteFrom('tags').where('id', '=', id).execute();
}
