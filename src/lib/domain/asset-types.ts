/**
 * Asset types and their groups. The 13 reference types exist in every database (they are
 * re-added when missing), so they can be renamed or regrouped but not deleted (the rules are the
 * worker's: db/worker/handlers/asset-types.ts).
 */
import { groupLabel, typeName } from './type-names';
import { sql, type Kysely } from 'kysely';
import { z } from '$lib/domain/zod-setup';
import {
	ASSET_GROUPS,
	GROUP_LABELS,
	PER_UNIT_SQL,
	isReferenceTypeCode,
	type AssetGroup
} from '$lib/db/reference-data';
import type { Database } from '$lib/db/schema';
import { m } from '$lib/paraglide/messages';
import { nameSchema } from './names';

export { ASSET_GROUPS, GROUP_LABELS, type AssetGroup };
export { groupLabel };

export interface AssetTypeRow {
	id: string;
	code: string;
	/** As stored (and edited). */
	label: string;
	/** As shown: a built-in type in the interface's language until renamed (type-names.ts). */
	name: string;
	group: AssetGroup;
	/** One of the 13 types every database holds. */
	builtIn: boolean;
	/** Valued per unit (a price × the quantity held), like stocks. */
	perUnit: boolean;
	assets: number;
}

export const assetTypeInput = z.object({
	label: nameSchema('type'),
	group: z.enum(ASSET_GROUPS, { error: () => m.organise_type_choose_group() }),
	perUnit: z.boolean().optional()
});

export async function listAssetTypes(db: Kysely<Database>): Promise<AssetTypeRow[]> {
	const rows = await db
		.selectFrom('asset_types as t')
		.leftJoin('assets as a', 'a.asset_type_id', 't.id')
		.leftJoin('asset_type_units as u', 'u.asset_type_id', 't.id')
		.select((eb) => [
			't.id',
			't.code',
			't.label',
			't.group',
			sql<number>`${sql.raw(PER_UNIT_SQL)}`.as('per_unit'),
			eb.fn.count<number>('a.id').as('assets')
		])
		.groupBy('t.id')
		.execute();
	return rows
		.map(({ per_unit, ...row }) => ({
			...row,
			name: typeName(row.code, row.label),
			perUnit: per_unit === 1,
			builtIn: isReferenceTypeCode(row.code)
		}))
		.sort((a, b) => a.name.localeCompare(b.name));
}

/** "Fine wine" → "FINE_WINE", made unique among existing codes. */
export function codeFor(label: string, taken: Set<string>): string {
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
