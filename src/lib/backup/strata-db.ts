/**
 * Reading a database file written by the original, self-hosted Strata 1.2.x (Prisma on SQLite):
 * the same table names with snake_case columns, decimals stored as INTEGER or REAL, timestamps
 * as text with an offset, booleans as 0/1, and a `_prisma_migrations` table. Its rows become a
 * v1 backup, which then goes through the same validation as any JSON backup.
 */
import type { SqlValue } from '@sqlite.org/sqlite-wasm';
import { MODEL_TABLES } from '$lib/db/messages';
import type { Engine } from '$lib/db/worker/engine';
import { plainFromLegacyNumber } from '$lib/domain/decimal';

/** The original uses the same nine table names as ours. */
export const ORIGINAL_TABLES: readonly string[] = MODEL_TABLES;

export function isOriginalStrata(tables: string[]): boolean {
	return tables.includes('_prisma_migrations') && ORIGINAL_TABLES.every((t) => tables.includes(t));
}

/** A legacy decimal cell as plain text; anything else is left for validation to report. */
function decimal(value: SqlValue | undefined): unknown {
	if (typeof value === 'number' || typeof value === 'bigint') return plainFromLegacyNumber(value);
	return value;
}

/** A legacy timestamp cell: text as it is (validation normalises offsets), epoch ms as ISO. */
function time(value: SqlValue | undefined): unknown {
	if (typeof value === 'number') return new Date(value).toISOString();
	return value;
}

function flag(value: SqlValue | undefined): unknown {
	return value === 0 || value === 1 ? value === 1 : value;
}

/** The columns of the original's tables that hold what a backup carries. */
export const ORIGINAL_COLUMNS: Record<string, readonly string[]> = {
	asset_types: ['id', 'code', 'label', 'group'],
	categories: ['id', 'name', 'parent_id'],
	tags: ['id', 'name'],
	assets: ['id', 'name', 'quantity', 'disposed', 'asset_type_id', 'created_at', 'updated_at'],
	asset_snapshots: ['id', 'asset_id', 'value', 'observed_at', 'created_at'],
	portfolio_snapshots: ['id', 'value', 'currency', 'notes', 'observed_at', 'created_at'],
	transactions: [
		'id',
		'asset_id',
		'type',
		'unit_price',
		'quantity',
		'currency',
		'occurred_at',
		'created_at'
	],
	asset_categories: ['asset_id', 'category_id'],
	asset_tags: ['asset_id', 'tag_id']
};

/** The original's rows in the v1 backup shape (not yet validated). */
export function originalAsBackupData(engine: Engine): Record<string, unknown[]> {
	// Only the columns the original has, by name: nothing the file computes is read.
	const rows = (table: string) => {
		const present = new Set(
			engine.all<{ name: string }>(`PRAGMA table_info("${table}")`).map((c) => c.name)
		);
		const columns = ORIGINAL_COLUMNS[table]!.map((c) =>
			present.has(c) ? `"${c}"` : `NULL AS "${c}"`
		);
		return engine.all<Record<string, SqlValue>>(
			`SELECT ${columns.join(', ')} FROM "${table}" ORDER BY rowid`
		);
	};
	return {
		assetTypes: rows('asset_types').map((r) => ({
			id: r.id,
			code: r.code,
			label: r.label,
			group: r.group
		})),
		categories: rows('categories').map((r) => ({ id: r.id, name: r.name, parentId: r.parent_id })),
		tags: rows('tags').map((r) => ({ id: r.id, name: r.name })),
		assets: rows('assets').map((r) => ({
			id: r.id,
			name: r.name,
			quantity: r.quantity === null ? null : decimal(r.quantity),
			disposed: flag(r.disposed),
			assetTypeId: r.asset_type_id,
			createdAt: time(r.created_at),
			updatedAt: time(r.updated_at)
		})),
		assetSnapshots: rows('asset_snapshots').map((r) => ({
			id: r.id,
			assetId: r.asset_id,
			value: decimal(r.value),
			observedAt: time(r.observed_at),
			createdAt: time(r.created_at)
		})),
		portfolioSnapshots: rows('portfolio_snapshots').map((r) => ({
			id: r.id,
			value: decimal(r.value),
			currency: r.currency,
			notes: r.notes,
			observedAt: time(r.observed_at),
			createdAt: time(r.created_at)
		})),
		transactions: rows('transactions').map((r) => ({
			id: r.id,
			assetId: r.asset_id,
			type: r.type,
			unitPrice: decimal(r.unit_price),
			quantity: decimal(r.quantity),
			currency: r.currency,
			occurredAt: time(r.occurred_at),
			createdAt: time(r.created_at)
		})),
		categoriesOnAssets: rows('asset_categories').map((r) => ({
			assetId: r.asset_id,
			categoryId: r.category_id
		})),
		tagsOnAssets: rows('asset_tags').map((r) => ({ assetId: r.asset_id, tagId: r.tag_id }))
	};
}
