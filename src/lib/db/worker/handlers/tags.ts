/** Writes of tags: free labels on assets, names unique regardless of case. */
import type { Kysely } from 'kysely';
import type { Database } from '$lib/db/schema';
import { NotFoundError, parseInput } from '$lib/domain/errors';
import { assertNameFree } from '$lib/domain/names';
import { tagInput } from '$lib/domain/tags';
import type { ChangeHandlers } from '../gate';
import { m } from '$lib/paraglide/messages';

async function assertUniqueName(db: Kysely<Database>, name: string, exceptId?: string) {
	const existing = await db.selectFrom('tags').select(['id', 'name']).execute();
	assertNameFree(existing, name, { what: 'tag', exceptId });
}

async function tagName(db: Kysely<Database>, id: string): Promise<string> {
	const row = await db.selectFrom('tags').select('name').where('id', '=', id).executeTakeFirst();
	if (!row) throw new NotFoundError(m.organise_tag_gone());
	return row.name;
}

export const tagHandlers: ChangeHandlers<'tags/create' | 'tags/rename' | 'tags/delete'> = {
	'tags/create': {
		async run({ db }, { input }) {
			const { name } = parseInput(tagInput, input);
			await assertUniqueName(db, name);
			const id = crypto.randomUUID();
			await db.insertInto('tags').values({ id, name }).execute();
			return { value: { id }, summary: { what: 'tag', verb: 'added', name } };
		}
	},

	'tags/rename': {
		async run({ db }, { id, input }) {
			const { name } = parseInput(tagInput, input);
			await tagName(db, id);
			await assertUniqueName(db, name, id);
			await db.updateTable('tags').set({ name }).where('id', '=', id).execute();
			return { value: null, summary: { what: 'tag', verb: 'edited', name } };
		}
	},

	/** The assets that carried the tag keep everything else. */
	'tags/delete': {
		async run({ db }, { id }) {
			const name = await tagName(db, id);
			await db.deleteFrom('tags').where('id', '=', id).execute();
			return { value: null, summary: { what: 'tag', verb: 'deleted', name } };
		}
	}
};
