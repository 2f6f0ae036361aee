/**
 * Writes a Strata v1 JSON backup straight from SQL: each table becomes one JSON array built by
 * SQLite (json_group_array), inside one read transaction, so the file is a consistent snapshot
 * and no row crosses into JavaScript. Decimals come out exactly as stored.
 */
import type { SyncSql } from '$lib/db/sync-sql';
import { SCHEMA_VERSION, TABLE_KEYS, TABLE_NAMES, type TableKey } from './format';

/** For each table key of the backup: the row as a JSON object, in the original's field order. */
const ROW_OBJECT: Record<TableKey, string> = {
	assetTypes: `json_object('id', id, 'code', code, 'label', label, 'group', "group")`,
	assetTypeUnits: `json_object('assetTypeId', asset_type_id,
      'perUnit', json(CASE per_unit WHEN 1 THEN 'true' ELSE 'false' END))`,
	valuationPrices: `json_object('assetSnapshotId', asset_snapshot_id, 'unitPrice', unit_price)`,
	categories: `json_object('id', id, 'name', name, 'parentId', parent_id)`,
	tags: `json_object('id', id, 'name', name)`,
	assets: `json_object('id', id, 'name', name, 'quantity', quantity,
      'disposed', json(CASE disposed WHEN 1 THEN 'true' ELSE 'false' END),
      'assetTypeId', asset_type_id, 'createdAt', created_at, 'updatedAt', updated_at)`,
	assetSnapshots: `json_object('id', id, 'assetId', asset_id, 'value', value, 'observedAt', observed_at, 'createdAt', created_at)`,
	portfolioSnapshots: `json_object('id', id, 'value', value, 'currency', currency, 'notes', notes,
      'observedAt', observed_at, 'createdAt', created_at)`,
	transactions: `json_object('id', id, 'assetId', asset_id, 'type', type, 'unitPrice', unit_price,
      'quantity', quantity, 'currency', currency, 'occurredAt', occurred_at, 'createdAt', created_at)`,
	categoriesOnAssets: `json_object('assetId', asset_id, 'categoryId', category_id)`,
	tagsOnAssets: `json_object('assetId', asset_id, 'tagId', tag_id)`,
	assetDetails: `json_object('assetId', asset_id, 'currency', currency)`,
	exchangeRates: `json_object('day', day, 'base', base, 'quote', quote, 'rate', rate)`,
	settings: `json_object('key', key, 'value', value)`
};

/** Rows in insertion order; a table without rowids in its key's. */
const ORDER: Partial<Record<TableKey, string>> = { exchangeRates: 'base, quote, day' };

/**
 * The whole database as a v1 backup. Rows keep their insertion order, so export → import →
 * export gives the same file (but for exportedAt).
 *
 * @example exportBackupJson(engine, new Date()) // '{"schemaVersion":"1","exportedAt":…,"data":{…}}'
 */
export function exportBackupJson(sql: SyncSql, exportedAt: Date): string {
	return sql.transaction(() => {
		const tables = TABLE_KEYS.map((key) => {
			const [row] = sql.all<{ rows: string }>(
				// json_object's text is JSON already: json_group_array takes it as it is.
				`SELECT coalesce(json_group_array(${ROW_OBJECT[key]}), '[]') AS rows
         FROM (SELECT * FROM ${TABLE_NAMES[key]} ORDER BY ${ORDER[key] ?? 'rowid'})`
			);
			return `${JSON.stringify(key)}:${row!.rows}`;
		});
		return `{"schemaVersion":${JSON.stringify(SCHEMA_VERSION)},"exportedAt":${JSON.stringify(exportedAt.toISOString())},"data":{${tables.join(',')}}}`;
	});
}
