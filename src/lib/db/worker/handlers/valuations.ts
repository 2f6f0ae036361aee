/** Writes of valuations: what an asset was worth on a day, at most one per asset per day. */
import type { Kysely } from 'kysely';
import type { Database } from '$lib/db/schema';
import { addDays, dayOf, startOfDay } from '$lib/domain/dates';
import { NotFoundError, parseInput } from '$lib/domain/errors';
import { sameDayValuation, valuationInput } from '$lib/domain/valuations';
import type { ChangeHandlers } from '../gate';
import { assetName } from './assets';

async function assertFreeDay(
	db: Kysely<Database>,
	assetId: string,
	day: string,
	locale: string,
	exceptId?: string
) {
	const existing = await db
		.selectFrom('asset_snapshots')
		.select('id')
		.where('asset_id', '=', assetId)
		.where('observed_at', '>=', startOfDay(day))
		.where('observed_at', '<', startOfDay(addDays(day, 1)))
		.$if(exceptId !== undefined, (q) => q.where('id', '<>', exceptId!))
		.executeTakeFirst();
	if (existing) throw sameDayValuation(existing.id, day, locale);
}

async function currentValuation(db: Kysely<Database>, id: string) {
	const row = await db
		.selectFrom('asset_snapshots as s')
		.innerJoin('assets as a', 'a.id', 's.asset_id')
		.select(['s.asset_id', 's.observed_at', 'a.name'])
		.where('s.id', '=', id)
		.executeTakeFirst();
	if (!row) throw new NotFoundError('This valuation no longer exists.');
	return row;
}

export const valuationHandlers: ChangeHandlers<
	'valuations/add' | 'valuations/update' | 'valuations/delete'
> = {
	'valuations/add': {
		async run({ db, context }, { assetId, input }) {
			const { value, date } = parseInput(valuationInput(context.locale), input);
			const name = await assetName(db, assetId);
			await assertFreeDay(db, assetId, date, context.locale);
			const id = crypto.randomUUID();
			await db
				.insertInto('asset_snapshots')
				.values({ id, asset_id: assetId, value, observed_at: startOfDay(date) })
				.execute();
			return { value: { id }, summary: { what: 'valuation', verb: 'added', name, day: date } };
		}
	},

	'valuations/update': {
		async run({ db, context }, { id, input }) {
			const { value, date } = parseInput(valuationInput(context.locale), input);
			const current = await currentValuation(db, id);
			await assertFreeDay(db, current.asset_id, date, context.locale, id);
			// Keep the time of day of an imported valuation when only its value changes.
			const observedAt =
				dayOf(current.observed_at) === date ? current.observed_at : startOfDay(date);
			await db
				.updateTable('asset_snapshots')
				.set({ value, observed_at: observedAt })
				.where('id', '=', id)
				.execute();
			return {
				value: null,
				summary: { what: 'valuation', verb: 'edited', name: current.name, day: date }
			};
		}
	},

	'valuations/delete': {
		async run({ db }, { id }) {
			const current = await currentValuation(db, id);
			await db.deleteFrom('asset_snapshots').where('id', '=', id).execute();
			return {
				value: null,
				summary: {
					what: 'valuation',
					verb: 'deleted',
					name: current.name,
					day: dayOf(current.observed_at)
				}
			};
		}
	}
};
