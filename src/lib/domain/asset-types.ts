/**
 * Asset types and their groups. The 13 reference types exist in every database (they are
 * re-added when missing), so they can be renamed or regrouped but not deleted.
 */
import type { Kysely } from 'kysely';
import { z } from 'zod';
import {
	ASSET_GROUPS,
	GROUP_LABELS,
	isReferenceTypeCode,
	type AssetGroup
} from '$lib/db/reference-data';
import type { Database } from '$lib/db/schema';
import { NotFoundError, RefusedError, parseInput } from './errors';
import { assertNameFree, nameSchema } from './names';
import { refreshSnapshots } from './net-worth';

export { ASSET_GROUPS, GROUP_LABELS, type AssetGroup };

export interface AssetTypeRow {
	id: string;
	code: string;
	label: string;
	group: AssetGroup;
	/** One of the 13 types every database holds. */
	builtIn: boolean;
	assets: number;
}

const typeInput = z.object({
	label: nameSchema('type'),
	group: z.enum(ASSET_GROUPS, { error: 'Choose a group.' })
});
export type AssetTypeInput = z.input<typeof typeInput>;

export async function listAssetTypes(db: Kysely<Database>): Promise<AssetTypeRow[]> {
	const rows = await db
		.selectFrom('asset_types as t')
		.leftJoin('assets as a', 'a.asset_type_id', 't.id')
		.select((eb) => [
			't.id',
			't.code',
			't.label',
			't.group',
			eb.fn.count<number>('a.id').as('assets')
		])
		.groupBy('t.id')
		.execute();
	return rows
		.map((row) => ({ ...row, builtIn: isReferenceTypeCode(row.code) }))
		.sort((a, b) => a.label.localeCompare(b.label));
}

/** "Fine wine" → "FINE_WINE", made unique among existing codes. */
function codeFor(label: string, taken: Set<string>): string {
	const base =
		label
			.normalize('NFKD')
			.replace(/[\u0300-\u036f]/g, '')
			.toUpperCase()
			.replace(/[^A-Z0-9]+/g, '_')
			.replace(/^_+|_+$/g, '') || 'TYPE';
	let code = base;
	for (let n = 2; taken.has(code); n++) code = `${base}_${n}`;
	return code;
}

async function assertUniqueLabel(db: Kysely<Database>, label: string, exceptId?: string) {
	const rows = await db.selectFrom('asset_types').select(['id', 'label as name']).execute();
	assertNameFree(rows, label, { what: 'type', field: 'label', exceptId });
}

export async function createAssetType(
	db: Kysely<Database>,
	input: AssetTypeInput
): Promise<string> {
	const { label, group } = parseInput(typeInput, input);
	return db.transaction().execute(async (trx) => {
		await assertUniqueLabel(trx, label);
		const codes = await trx.selectFrom('asset_types').select('code').execute();
		const id = crypto.randomUUID();
		const code = codeFor(label, new Set(codes.map((c) => c.code)));
		await trx.insertInto('asset_types').values({ id, code, label, group }).execute();
		return id;
	});
}

/**
 * Renames a type or moves it to another group. A change of group can turn its assets into
 * liabilities (or back), so the stored net-worth points are brought up to date as well.
 */
export async function updateAssetType(
	db: Kysely<Database>,
	id: string,
	input: AssetTypeInput,
	currency: string
): Promise<void> {
	const { label, group } = parseInput(typeInput, input);
	await db.transaction().execute(async (trx) => {
		const current = await trx
			.selectFrom('asset_types')
			.select('group')
			.where('id', '=', id)
			.executeTakeFirst();
		if (!current) throw new NotFoundError('This asset type no longer exists.');
		await assertUniqueLabel(trx, label, id);
		await trx.updateTable('asset_types').set({ label, group }).where('id', '=', id).execute();
		if (current.group !== group) {
			const earliest = await trx
				.selectFrom('asset_snapshots as s')
				.innerJoin('assets as a', 'a.id', 's.asset_id')
				.select((eb) => eb.fn.min('s.observed_at').as('first'))
				.where('a.asset_type_id', '=', id)
				.executeTakeFirst();
			if (earliest?.first) await refreshSnapshots(trx, earliest.first.slice(0, 10), currency);
		}
	});
}

/** Deletes a type nobody uses. Refused for built-in types and for types in use. */
export async function deleteAssetType(db: Kysely<Database>, id: string): Promise<void> {
	await db.transaction().execute(async (trx) => {
		const type = await trx
			.selectFrom('asset_types')
			.select(['label', 'code'])
			.where('id', '=', id)
			.executeTakeFirst();
		if (!type) throw new NotFoundError('This asset type no longer exists.');
		if (isReferenceTypeCode(type.code)) {
			throw new RefusedError(
				`“${type.label}” is one of Strata's built-in types and can't be deleted. You can rename it instead.`
			);
		}
		const used = await trx
			.selectFrom('assets')
			.select((eb) => eb.fn.countAll<number>().as('n'))
			.where('asset_type_id', '=', id)
			.executeTakeFirstOrThrow();
		if (used.n > 0) {
			throw new RefusedError(
				`“${type.label}” is used by ${used.n === 1 ? '1 asset' : `${used.n} assets`}. Give ${used.n === 1 ? 'it' : 'them'} another type first.`
			);
		}
		await trx.deleteFrom('asset_types').where('id', '=', id).execute();
	});
}
