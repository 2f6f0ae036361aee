/**
 * Writes of valuations: what an asset was worth on a day — the value of the whole asset, or a
 * price per unit (which counts × the quantity held on each day after it). The rules (one per
 * day, never in the future nor before the acquisition, a debt never negative) are the gate's.
 */
import type { Kysely } from 'kysely';
import type { Database } from '$lib/db/schema';
import { dayOf, endOfDay, startOfDay } from '$lib/domain/dates';
import { NotFoundError, ValidationError, parseInput } from '$lib/domain/errors';
import { multiplyDecimals, validatePlainDecimal } from '$lib/domain/money';
import { valuationInput } from '$lib/domain/valuations';
import type { ChangeHandlers } from '../gate';
import { m } from '$lib/paraglide/messages';
import { assetName } from './assets';
import { moveAcquisitionBack, quantityHeld } from './transactions';

async function currentValuation(db: Kysely<Database>, id: string) {
	const row = await db
		.selectFrom('asset_snapshots as s')
		.innerJoin('assets as a', 'a.id', 's.asset_id')
		.select(['s.asset_id', 's.observed_at', 'a.name'])
		.where('s.id', '=', id)
		.executeTakeFirst();
	if (!row) throw new NotFoundError(m.assets_valuation_gone());
	return row;
}

/**
 * What the valuation row holds: the whole asset's value; for a price per unit, that price ×
 * the quantity held that day (what Strata 1.2 reads), and the price itself.
 */
async function valuationRow(
	db: Kysely<Database>,
	assetId: string,
	{ value, date, perUnit }: { value: string; date: string; perUnit: boolean }
): Promise<{ value: string; unitPrice: string | null }> {
	if (!perUnit) return { value, unitPrice: null };
	const asset = await db
		.selectFrom('assets')
		.select('quantity')
		.where('id', '=', assetId)
		.executeTakeFirst();
	const held = (await quantityHeld(db, assetId, endOfDay(date))) ?? asset?.quantity ?? '1';
	const whole = multiplyDecimals(value, held);
	if (!validatePlainDecimal(whole).ok) throw new ValidationError({ value: m.assets_too_large() });
	return { value: whole, unitPrice: value };
}

async function setUnitPrice(db: Kysely<Database>, valuationId: string, unitPrice: string | null) {
	if (unitPrice === null) {
		await db.deleteFrom('valuation_prices').where('asset_snapshot_id', '=', valuationId).execute();
		return;
	}
	await db
		.insertInto('valuation_prices')
		.values({ asset_snapshot_id: valuationId, unit_price: unitPrice })
		.onConflict((oc) => oc.column('asset_snapshot_id').doUpdateSet({ unit_price: unitPrice }))
		.execute();
}

export const valuationHandlers: ChangeHandlers<
	'valuations/add' | 'valuations/update' | 'valuations/delete'
> = {
	'valuations/add': {
		async run({ db, context }, { assetId, input }) {
			const data = parseInput(valuationInput(context.locale), input);
			const name = await assetName(db, assetId);
			await moveAcquisitionBack(db, assetId, input.moveAcquisitionTo);
			const row = await valuationRow(db, assetId, { ...data, perUnit: input.perUnit === true });
			const id = crypto.randomUUID();
			await db
				.insertInto('asset_snapshots')
				.values({ id, asset_id: assetId, value: row.value, observed_at: startOfDay(data.date) })
				.execute();
			await setUnitPrice(db, id, row.unitPrice);
			return {
				value: { id },
				summary: { what: 'valuation', verb: 'added', name, day: data.date }
			};
		}
	},

	'valuations/update': {
		async run({ db, context }, { id, input }) {
			const data = parseInput(valuationInput(context.locale), input);
			const current = await currentValuation(db, id);
			await moveAcquisitionBack(db, current.asset_id, input.moveAcquisitionTo);
			const row = await valuationRow(db, current.asset_id, {
				...data,
				perUnit: input.perUnit === true
			});
			// Keep the time of day of an imported valuation when only its value changes.
			const observedAt =
				dayOf(current.observed_at) === data.date ? current.observed_at : startOfDay(data.date);
			await db
				.updateTable('asset_snapshots')
				.set({ value: row.value, observed_at: observedAt })
				.where('id', '=', id)
				.execute();
			await setUnitPrice(db, id, row.unitPrice);
			return {
				value: null,
				summary: { what: 'valuation', verb: 'edited', name: current.name, day: data.date }
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
