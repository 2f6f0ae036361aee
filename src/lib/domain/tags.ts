/** Tags: free labels on assets. Names are unique regardless of case (db/worker/handlers/tags.ts). */
import type { Kysely } from 'kysely';
import { z } from '$lib/domain/zod-setup';
import type { Database } from '$lib/db/schema';
import { nameSchema } from './names';

export interface TagRow {
	id: string;
	name: string;
	/** How many assets carry it. */
	assets: number;
}

export const tagInput = z.object({ name: nameSchema('tag') });

export async function listTags(db: Kysely<Database>): Promise<TagRow[]> {
	return db
		.selectFrom('tags as t')
		.leftJoin('asset_tags as at', 'at.tag_id', 't.id')
		.select((eb) => ['t.id', 't.name', eb.fn.count<number>('at.asset_id').as('assets')])
		.groupBy('t.id')
		.orderBy((eb) => eb.fn('lower', ['t.name']))
		.execute();
}
