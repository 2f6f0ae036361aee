/**
 * Writes validated backup rows into the database, all in one transaction: `replace` wipes every
 * domain table first; `merge` upserts by primary key and keeps the rest, matching asset types by
 * code and categories and tags by name (their ids are remapped), so two installs' backups merge.
 * Rows go in as one JSON text per table (json_each), never one statement per row.
 */
import { ensureReferenceAssetTypes } from '$lib/db/reference-data';
import { nameKey } from '$lib/domain/names';
import { refreshSnapshotsStatements } from '$lib/domain/net-worth';
import type { SyncSql } from '$lib/db/sync-sql';
import { TABLE_KEYS, type BackupData, type TableKey } from './format';

export type ImportMode = 'replace' | 'merge';

export interface ImportResult {
	schemaVersion: '1';
	mode: ImportMode;
	/** Rows of the file written (inserted or updated) per table. */
	counts: Record<TableKey, number>;
}

const INSERTS: Record<TableKey, { sql: string; upsert: string }> = {
	assetTypes: {
		sql: `INSERT INTO asset_types (id, code, label, "group")
      SELECT value ->> 'id', value ->> 'code', value ->> 'label', value ->> 'group' FROM json_each(?1) WHERE true`,
		upsert: `ON CONFLICT (id) DO UPDATE SET label = excluded.label, "group" = excluded."group"`
	},
	categories: {
		sql: `INSERT INTO categories (id, name, parent_id)
      SELECT value ->> 'id', value ->> 'name', value ->> 'parentId' FROM json_each(?1) WHERE true`,
		upsert: `ON CONFLICT (id) DO UPDATE SET name = excluded.name, parent_id = excluded.parent_id`
	},
	tags: {
		sql: `INSERT INTO tags (id, name) SELECT value ->> 'id', value ->> 'name' FROM json_each(?1) WHERE true`,
		upsert: `ON CONFLICT (id) DO UPDATE SET name = excluded.name`
	},
	assets: {
		sql: `INSERT INTO assets (id, name, quantity, disposed, asset_type_id, created_at, updated_at)
      SELECT value ->> 'id', value ->> 'name', value ->> 'quantity', value ->> 'disposed',
             value ->> 'assetTypeId', coalesce(value ->> 'createdAt', ?2), coalesce(value ->> 'updatedAt', ?2)
      FROM json_each(?1) WHERE true`,
		upsert: `ON CONFLICT (id) DO UPDATE SET name = excluded.name, quantity = excluded.quantity,
      disposed = excluded.disposed, asset_type_id = excluded.asset_type_id,
      created_at = excluded.created_at, updated_at = excluded.updated_at`
	},
	assetSnapshots: {
		sql: `INSERT INTO asset_snapshots (id, asset_id, value, observed_at, created_at)
      SELECT value ->> 'id', value ->> 'assetId', value ->> 'value', value ->> 'observedAt',
             coalesce(value ->> 'createdAt', ?2)
      FROM json_each(?1) WHERE true`,
		upsert: `ON CONFLICT (id) DO UPDATE SET asset_id = excluded.asset_id, value = excluded.value,
      observed_at = excluded.observed_at, created_at = excluded.created_at`
	},
	portfolioSnapshots: {
		sql: `INSERT INTO portfolio_snapshots (id, value, currency, notes, observed_at, created_at)
      SELECT value ->> 'id', value ->> 'value', value ->> 'currency', value ->> 'notes',
             value ->> 'observedAt', coalesce(value ->> 'createdAt', ?2)
      FROM json_each(?1) WHERE true`,
		upsert: `ON CONFLICT (id) DO UPDATE SET value = excluded.value, currency = excluded.currency,
      notes = excluded.notes, observed_at = excluded.observed_at, created_at = excluded.created_at`
	},
	transactions: {
		sql: `INSERT INTO transactions (id, asset_id, type, unit_price, quantity, currency, occurred_at, created_at)
      SELECT value ->> 'id', value ->> 'assetId', value ->> 'type', value ->> 'unitPrice',
             value ->> 'quantity', value ->> 'currency', value ->> 'occurredAt', coalesce(value ->> 'createdAt', ?2)
      FROM json_each(?1) WHERE true`,
		upsert: `ON CONFLICT (id) DO UPDATE SET asset_id = excluded.asset_id, type = excluded.type,
      unit_price = excluded.unit_price, quantity = excluded.quantity, currency = excluded.currency,
      occurred_at = excluded.occurred_at, created_at = excluded.created_at`
	},
	categoriesOnAssets: {
		sql: `INSERT INTO asset_categories (asset_id, category_id)
      SELECT value ->> 'assetId', value ->> 'categoryId' FROM json_each(?1) WHERE true`,
		upsert: `ON CONFLICT DO NOTHING`
	},
	tagsOnAssets: {
		sql: `INSERT INTO asset_tags (asset_id, tag_id)
      SELECT value ->> 'assetId', value ->> 'tagId' FROM json_each(?1) WHERE true`,
		upsert: `ON CONFLICT DO NOTHING`
	}
};

const DOMAIN_TABLES_CHILDREN_FIRST = [
	'asset_tags',
	'asset_categories',
	'transactions',
	'asset_snapshots',
	'portfolio_snapshots',
	'assets',
	'categories',
	'tags',
	'asset_types'
];

/** Empties every domain table (not the migration history). Call inside a transaction. */
export function wipeDomainTables(sql: SyncSql): void {
	for (const table of DOMAIN_TABLES_CHILDREN_FIRST) sql.run(`DELETE FROM ${table}`);
}

/** One JSON text of rows, and the import time where the statement fills in missing timestamps. */
function paramsFor(statement: string, rows: unknown[], stamp: string): unknown[] {
	return statement.includes('?2') ? [JSON.stringify(rows), stamp] : [JSON.stringify(rows)];
}

function countsOf(data: BackupData): Record<TableKey, number> {
	return Object.fromEntries(TABLE_KEYS.map((key) => [key, data[key].length])) as Record<
		TableKey,
		number
	>;
}

/**
 * Merge matches asset types by code and categories and tags by name: the file's rows take the
 * ids already in the database, and every row of the file that points to them is rewritten.
 */
function remapForMerge(sql: SyncSql, data: BackupData): BackupData {
	const fresh = () => crypto.randomUUID();
	const match = <R extends { id: string }>(
		rows: R[],
		existing: { id: string; key: string }[],
		keyOf: (row: R) => string
	): Map<string, string> => {
		const byKey = new Map(existing.map((e) => [e.key, e.id]));
		const takenIds = new Map(existing.map((e) => [e.id, e.key]));
		const map = new Map<string, string>();
		for (const row of rows) {
			const key = keyOf(row);
			const found = byKey.get(key);
			// Same natural key: use the existing row. Same id but another thing: give it a new id.
			if (found) map.set(row.id, found);
			else if (takenIds.has(row.id)) map.set(row.id, fresh());
			else map.set(row.id, row.id);
		}
		return map;
	};
	const types = match(
		data.assetTypes,
		sql.all<{ id: string; key: string }>('SELECT id, code AS key FROM asset_types'),
		(r) => r.code
	);
	const categories = match(
		data.categories,
		sql
			.all<{ id: string; name: string }>('SELECT id, name FROM categories')
			.map((r) => ({ id: r.id, key: nameKey(r.name) })),
		(r) => nameKey(r.name)
	);
	const tags = match(
		data.tags,
		sql
			.all<{ id: string; name: string }>('SELECT id, name FROM tags')
			.map((r) => ({ id: r.id, key: nameKey(r.name) })),
		(r) => nameKey(r.name)
	);
	const to = (map: Map<string, string>, id: string) => map.get(id) ?? id;
	return {
		...data,
		assetTypes: data.assetTypes.map((r) => ({ ...r, id: to(types, r.id) })),
		categories: data.categories.map((r) => ({
			...r,
			id: to(categories, r.id),
			parentId: r.parentId === null ? null : to(categories, r.parentId)
		})),
		tags: data.tags.map((r) => ({ ...r, id: to(tags, r.id) })),
		assets: data.assets.map((r) => ({ ...r, assetTypeId: to(types, r.assetTypeId) })),
		categoriesOnAssets: data.categoriesOnAssets.map((r) => ({
			...r,
			categoryId: to(categories, r.categoryId)
		})),
		tagsOnAssets: data.tagsOnAssets.map((r) => ({ ...r, tagId: to(tags, r.tagId) }))
	};
}

/**
 * Imports validated backup data in one transaction; any failure rolls all of it back.
 *
 * @example importBackup(engine, parseBackup(text).data, 'replace', { now, currency: 'EUR' })
 */
export function importBackup(
	sql: SyncSql,
	data: BackupData,
	mode: ImportMode,
	{ now = new Date(), currency = 'EUR' }: { now?: Date; currency?: string } = {}
): ImportResult {
	const stamp = now.toISOString();
	sql.transaction(() => {
		// Rows point at each other (a category at its parent): check references at commit.
		sql.run('PRAGMA defer_foreign_keys = ON');
		if (mode === 'replace') {
			wipeDomainTables(sql);
			for (const key of TABLE_KEYS) {
				if (data[key].length)
					sql.run(INSERTS[key].sql, paramsFor(INSERTS[key].sql, data[key], stamp));
			}
		} else {
			const rows = remapForMerge(sql, data);
			// A point of the net-worth series in the file replaces whatever the database has then.
			sql.run(
				`DELETE FROM portfolio_snapshots WHERE observed_at IN (SELECT value ->> 'observedAt' FROM json_each(?1))
         AND id NOT IN (SELECT value ->> 'id' FROM json_each(?1))`,
				[JSON.stringify(rows.portfolioSnapshots)]
			);
			for (const key of TABLE_KEYS) {
				if (rows[key].length) {
					const statement = `${INSERTS[key].sql} ${INSERTS[key].upsert}`;
					sql.run(statement, paramsFor(statement, rows[key], stamp));
				}
			}
			// New valuations change net worth from their first day on: bring the points up to date.
			const days = [
				...rows.assetSnapshots.map((r) => r.observedAt),
				...rows.transactions.map((r) => r.occurredAt)
			].sort();
			if (days[0]) {
				for (const statement of refreshSnapshotsStatements(days[0].slice(0, 10), currency)) {
					sql.run(statement.sql, statement.params);
				}
			}
		}
		ensureReferenceAssetTypes(sql);
	});
	return { schemaVersion: '1', mode, counts: countsOf(data) };
}
