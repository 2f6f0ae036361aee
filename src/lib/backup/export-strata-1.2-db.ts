/**
 * "Export .db for Strata 1.2": a database file in the original's own schema, to copy in place
 * of a self-hosted Strata 1.2's `strata.db`. The rows are our JSON export (the one mapping of
 * our data onto the original's nine tables), written by SQLite from that text with json_each
 * into a fresh in-memory database built from the original's DDL and Prisma's migration record,
 * and stored the way Prisma stores them:
 * - timestamps as text with an offset, `2025-01-15T00:00:00.000+00:00` (ours end in `Z`);
 * - decimals in DECIMAL columns, whose numeric affinity keeps them as INTEGER or REAL, as the
 *   original's are (a value past 15 significant digits is rounded there, as in the original);
 * - booleans as 0/1, ids as the same text.
 * What only we keep (our extra tables: per-asset currencies, exchange rates, unit prices, types
 * valued per unit, settings) has no place in it and is left out.
 */
import type { Sqlite3Static } from '@sqlite.org/sqlite-wasm';
import type { SyncSql } from '$lib/db/sync-sql';
import { Engine } from '$lib/db/worker/engine';
import { exportBackupJson } from './export-json';
import type { TableKey } from './format';
import STRATA_1_2_SCHEMA from './strata-1.2-schema.sql?raw';

/** How a field of a backup row is stored in the original's column. */
type Cell = 'as-is' | 'time';

/** Each of the original's tables: its columns, in its order, and the backup field each holds. */
const TABLES: { table: string; key: TableKey; columns: [string, string, Cell?][] }[] = [
	{
		table: 'asset_types',
		key: 'assetTypes',
		columns: [
			['id', 'id'],
			['code', 'code'],
			['label', 'label'],
			['group', 'group']
		]
	},
	{
		table: 'categories',
		key: 'categories',
		columns: [
			['id', 'id'],
			['name', 'name'],
			['parent_id', 'parentId']
		]
	},
	{
		table: 'tags',
		key: 'tags',
		columns: [
			['id', 'id'],
			['name', 'name']
		]
	},
	{
		table: 'assets',
		key: 'assets',
		columns: [
			['id', 'id'],
			['name', 'name'],
			['quantity', 'quantity'],
			// JSON true/false read with ->> is SQL 1/0: the original's booleans.
			['disposed', 'disposed'],
			['asset_type_id', 'assetTypeId'],
			['created_at', 'createdAt', 'time'],
			['updated_at', 'updatedAt', 'time']
		]
	},
	{
		table: 'asset_snapshots',
		key: 'assetSnapshots',
		columns: [
			['id', 'id'],
			['asset_id', 'assetId'],
			['value', 'value'],
			['observed_at', 'observedAt', 'time'],
			['created_at', 'createdAt', 'time']
		]
	},
	{
		table: 'portfolio_snapshots',
		key: 'portfolioSnapshots',
		columns: [
			['id', 'id'],
			['value', 'value'],
			['currency', 'currency'],
			['notes', 'notes'],
			['observed_at', 'observedAt', 'time'],
			['created_at', 'createdAt', 'time']
		]
	},
	{
		table: 'transactions',
		key: 'transactions',
		columns: [
			['id', 'id'],
			['asset_id', 'assetId'],
			['type', 'type'],
			['unit_price', 'unitPrice'],
			['quantity', 'quantity'],
			['currency', 'currency'],
			['occurred_at', 'occurredAt', 'time'],
			['created_at', 'createdAt', 'time']
		]
	},
	{
		table: 'asset_categories',
		key: 'categoriesOnAssets',
		columns: [
			['asset_id', 'assetId'],
			['category_id', 'categoryId']
		]
	},
	{
		table: 'asset_tags',
		key: 'tagsOnAssets',
		columns: [
			['asset_id', 'assetId'],
			['tag_id', 'tagId']
		]
	}
];

/**
 * A field of the row `value` (json_each's column) as the original stores it. A decimal is read
 * as its text: the DECIMAL column's affinity turns it into the INTEGER or REAL the original
 * holds, without a JavaScript float in between. Our timestamps are always `…sssZ` (a CHECK
 * says so); Prisma writes `…sss+00:00`.
 */
function cellSql(field: string, cell: Cell = 'as-is'): string {
	const read = `value ->> '$.${field}'`;
	return cell === 'time' ? `substr(${read}, 1, 23) || '+00:00'` : read;
}

/** Writes the rows of a v1 JSON backup into the original's tables, in the file's order. */
function writeRows(file: Engine, json: string): void {
	file.transaction(() => {
		// A category may come before its parent: references are checked at commit.
		file.run('PRAGMA defer_foreign_keys = ON');
		for (const { table, key, columns } of TABLES) {
			file.run(
				`INSERT INTO "${table}" (${columns.map(([c]) => `"${c}"`).join(', ')})
         SELECT ${columns.map(([, field, cell]) => cellSql(field, cell)).join(', ')}
         FROM json_each(?, '$.data.${key}') ORDER BY key`,
				[json]
			);
		}
	});
}

/**
 * The database `source` as a file Strata 1.2 boots on and writes to: its schema exactly, its
 * migration record, and the rows of its nine tables, read in one transaction of `source`.
 *
 * @example exportStrata12Db(sqlite3, engine, new Date()) // Uint8Array: "SQLite format 3\0…"
 */
export function exportStrata12Db(sqlite3: Sqlite3Static, source: SyncSql, now: Date): Uint8Array {
	const json = exportBackupJson(source, now);
	const file = Engine.memory(sqlite3);
	try {
		// The original's file has SQLite's usual 4 KiB pages (this build's default is 8 KiB).
		file.exec('PRAGMA page_size = 4096');
		file.exec(STRATA_1_2_SCHEMA);
		writeRows(file, json);
		return file.serialize();
	} finally {
		file.close();
	}
}
