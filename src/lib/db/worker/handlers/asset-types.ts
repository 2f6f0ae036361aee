/**
 * Writes of asset types. The 13 reference types can be renamed or regrouped but not deleted; a
 * type in use cannot be deleted. A change of group can turn assets into liabilities (or back):
 * the gate sees the type changed and brings the net-worth points up to date.
 */
import type { Kysely } from 'kysely';
import { isPerUnitByDefault, isReferenceTypeCode } from '$lib/db/reference-data';
import type { Database } from '$lib/db/schema';
import { assetTypeInput, codeFor } from '$lib/domain/asset-types';
import { NotFoundError, RefusedError, parseInput } from '$lib/domain/errors';
import { assertNameFree } from '$lib/domain/names';
import type { ChangeHandlers } from '../gate';
import { m } from '$lib/paraglide/messages';

async function assertUniqueLabel(db: Kysely<Database>, label: string, exceptId?: string) {
	const rows = await db.selectFrom('asset_types').select(['id', 'label as name']).execute();
	assertNameFree(rows, label, { what: 'type', field: 'label', exceptId });
}

/**
 * Whether the type is valued per unit: stored only where it differs from the type's default, so
 * an untouched reference type follows the app's. Only new valuations follow a change: the
 * existing ones keep what they were entered as.
 */
async function setPerUnit(db: Kysely<Database>, id: string, code: string, perUnit?: boolean) {
	if (perUnit === undefined) return;
	if (perUnit === isPerUnitByDefault(code)) {
		await db.deleteFrom('asset_type_units').where('asset_type_id', '=', id).execute();
		return;
	}
	await db
		.insertInto('asset_type_units')
		.values({ asset_type_id: id, per_unit: perUnit ? 1 : 0 })
		.onConflict((oc) => oc.column('asset_type_id').doUpdateSet({ per_unit: perUnit ? 1 : 0 }))
		.execute();
}

async function currentType(db: Kysely<Database>, id: string) {
	const type = await db
		.selectFrom('asset_types')
		.select(['label', 'code'])
		.where('id', '=', id)
		.executeTakeFirst();
	if (!type) throw new NotFoundError(m.organise_type_gone());
	return type;
}

export const assetTypeHandlers: ChangeHandlers<
	'asset-types/create' | 'asset-types/update' | 'asset-types/delete'
> = {
	'asset-types/create': {
		async run({ db }, { input }) {
			const { label, group } = parseInput(assetTypeInput, input);
			await assertUniqueLabel(db, label);
			const codes = await db.selectFrom('asset_types').select('code').execute();
			const id = crypto.randomUUID();
			const code = codeFor(label, new Set(codes.map((c) => c.code)));
			await db.insertInto('asset_types').values({ id, code, label, group }).execute();
			await setPerUnit(db, id, code, input.perUnit);
			return { value: { id }, summary: { what: 'asset-type', verb: 'added', name: label } };
		}
	},

	'asset-types/update': {
		async run({ db }, { id, input }) {
			const { label, group } = parseInput(assetTypeInput, input);
			const current = await currentType(db, id);
			await assertUniqueLabel(db, label, id);
			await db.updateTable('asset_types').set({ label, group }).where('id', '=', id).execute();
			await setPerUnit(db, id, current.code, input.perUnit);
			return { value: null, summary: { what: 'asset-type', verb: 'edited', name: label } };
		}
	},

	'asset-types/delete': {
		async run({ db }, { id }) {
			const type = await currentType(db, id);
			if (isReferenceTypeCode(type.code)) {
				throw new RefusedError(m.organise_type_builtin_refused({ name: type.label }));
			}
			const used = await db
				.selectFrom('assets')
				.select((eb) => eb.fn.countAll<number>().as('n'))
				.where('asset_type_id', '=', id)
				.executeTakeFirstOrThrow();
			if (used.n > 0) {
				throw new RefusedError(
					m.organise_type_in_use({ name: type.label, count: used.n, shown: String(used.n) })
				);
			}
			await db.deleteFrom('asset_types').where('id', '=', id).execute();
			return {
				value: null,
				summary: { what: 'asset-type', verb: 'deleted', name: type.label }
			};
		}
	}
};
