/**
 * Writes validated backup rows into the database, all in one transaction: `replace` wipes every
 * domain table first; `merge` upserts by primary key and keeps the rest, matching asset types by
 * code, tags by name and categories by path (their ids are remapped), so two installs' backups
 * merge, and never changing the types, categories and tags the user already has.
 * Rows go in as one JSON text per table (json_each), never one statement per row.
 */
import { ensureReferenceAssetTypes } from '$lib/db/reference-data';
import { nameKey } from '$lib/domain/names';
import { rebuildAllConversions } from '$lib/db/worker/conversions';
import { rebuildAllDerived, rebuildAllHoldings } from '$lib/db/worker/derived';
import { rebuildAllSeries, refreshSeries } from '$lib/db/worker/series';
import type { CategoryKeptApart, ImportMode, ImportResult } from '$lib/db/messages';
import { m } from '$lib/paraglide/messages';
import type { SyncSql } from '$lib/db/sync-sql';
import {
	BackupError,
	TABLE_KEYS,
	TABLE_NAMES,
	countsOf,
	type BackupData,
	type TableKey
} from './format';

export type { ImportMode, ImportResult };

/**
 * How each table goes in: its rows are sent as one JSON array of arrays (positional fields are
 * read by SQLite about twice as fast as named ones), `?2` is the import time for rows that leave
 * out their timestamps, and `upsert` is what merge does when the primary key exists.
 */
interface TableInsert {
	fields: string[];
	sql: string;
	upsert: string;
}

const at = (i: number) => `value ->> ${i}`;

const INSERTS: Record<TableKey, TableInsert> = {
	assetTypes: {
		fields: ['id', 'code', 'label', 'group'],
		sql: `INSERT INTO asset_types (id, code, label, "group") SELECT ${at(0)}, ${at(1)}, ${at(2)}, ${at(3)}`,
		// A merge keeps the user's own label and group (and below: names, places, per-unit choice).
		upsert: `ON CONFLICT (id) DO NOTHING`
	},
	assetTypeUnits: {
		fields: ['assetTypeId', 'perUnit'],
		sql: `INSERT INTO asset_type_units (asset_type_id, per_unit)
      SELECT ${at(0)}, CASE WHEN ${at(1)} THEN 1 ELSE 0 END`,
		upsert: `ON CONFLICT (asset_type_id) DO NOTHING`
	},
	valuationPrices: {
		fields: ['assetSnapshotId', 'unitPrice'],
		sql: `INSERT INTO valuation_prices (asset_snapshot_id, unit_price) SELECT ${at(0)}, ${at(1)}`,
		upsert: `ON CONFLICT (asset_snapshot_id) DO UPDATE SET unit_price = excluded.unit_price`
	},
	categories: {
		fields: ['id', 'name', 'parentId'],
		sql: `INSERT INTO categories (id, name, parent_id) SELECT ${at(0)}, ${at(1)}, ${at(2)}`,
		upsert: `ON CONFLICT (id) DO NOTHING`
	},
	tags: {
		fields: ['id', 'name'],
		sql: `INSERT INTO tags (id, name) SELECT ${at(0)}, ${at(1)}`,
		upsert: `ON CONFLICT (id) DO NOTHING`
	},
	assets: {
		fields: ['id', 'name', 'quantity', 'disposed', 'assetTypeId', 'createdAt', 'updatedAt'],
		sql: `INSERT INTO assets (id, name, quantity, disposed, asset_type_id, created_at, updated_at)
      SELECT ${at(0)}, ${at(1)}, ${at(2)}, ${at(3)}, ${at(4)}, coalesce(${at(5)}, ?2), coalesce(${at(6)}, ?2)`,
		upsert: `ON CONFLICT (id) DO UPDATE SET name = excluded.name, quantity = excluded.quantity,
      disposed = excluded.disposed, asset_type_id = excluded.asset_type_id,
      created_at = excluded.created_at, updated_at = excluded.updated_at`
	},
	assetSnapshots: {
		fields: ['id', 'assetId', 'value', 'observedAt', 'createdAt'],
		sql: `INSERT INTO asset_snapshots (id, asset_id, value, observed_at, created_at)
      SELECT ${at(0)}, ${at(1)}, ${at(2)}, ${at(3)}, coalesce(${at(4)}, ?2)`,
		upsert: `ON CONFLICT (id) DO UPDATE SET asset_id = excluded.asset_id, value = excluded.value,
      observed_at = excluded.observed_at, created_at = excluded.created_at`
	},
	portfolioSnapshots: {
		fields: ['id', 'value', 'currency', 'notes', 'observedAt', 'createdAt'],
		sql: `INSERT INTO portfolio_snapshots (id, value, currency, notes, observed_at, created_at)
      SELECT ${at(0)}, ${at(1)}, ${at(2)}, ${at(3)}, ${at(4)}, coalesce(${at(5)}, ?2)`,
		upsert: `ON CONFLICT (id) DO UPDATE SET value = excluded.value, currency = excluded.currency,
      notes = excluded.notes, observed_at = excluded.observed_at, created_at = excluded.created_at`
	},
	transactions: {
		fields: [
			'id',
			'assetId',
			'type',
			'unitPrice',
			'quantity',
			'currency',
			'occurredAt',
			'createdAt'
		],
		sql: `INSERT INTO transactions (id, asset_id, type, unit_price, quantity, currency, occurred_at, created_at)
      SELECT ${at(0)}, ${at(1)}, ${at(2)}, ${at(3)}, ${at(4)}, ${at(5)}, ${at(6)}, coalesce(${at(7)}, ?2)`,
		upsert: `ON CONFLICT (id) DO UPDATE SET asset_id = excluded.asset_id, type = excluded.type,
      unit_price = excluded.unit_price, quantity = excluded.quantity, currency = excluded.currency,
      occurred_at = excluded.occurred_at, created_at = excluded.created_at`
	},
	assetDetails: {
		fields: ['assetId', 'currency'],
		sql: `INSERT INTO asset_details (asset_id, currency) SELECT ${at(0)}, ${at(1)}`,
		upsert: `ON CONFLICT (asset_id) DO UPDATE SET currency = excluded.currency`
	},
	exchangeRates: {
		fields: ['day', 'base', 'quote', 'rate'],
		sql: `INSERT INTO exchange_rates (day, base, quote, rate) SELECT ${at(0)}, ${at(1)}, ${at(2)}, ${at(3)}`,
		upsert: `ON CONFLICT (base, quote, day) DO UPDATE SET rate = excluded.rate`
	},
	settings: {
		fields: ['key', 'value'],
		sql: `INSERT INTO settings (key, value) SELECT ${at(0)}, ${at(1)}`,
		// A merge keeps this database's own settings: the file brings data, not preferences.
		upsert: `ON CONFLICT (key) DO NOTHING`
	},
	categoriesOnAssets: {
		fields: ['assetId', 'categoryId'],
		sql: `INSERT INTO asset_categories (asset_id, category_id) SELECT ${at(0)}, ${at(1)}`,
		upsert: `ON CONFLICT DO NOTHING`
	},
	tagsOnAssets: {
		fields: ['assetId', 'tagId'],
		sql: `INSERT INTO asset_tags (asset_id, tag_id) SELECT ${at(0)}, ${at(1)}`,
		upsert: `ON CONFLICT DO NOTHING`
	}
};

/** Writes one table's rows (one statement, whatever the number of rows). */
function insertRows(
	sql: SyncSql,
	key: TableKey,
	rows: readonly object[],
	stamp: string,
	merge: boolean
): void {
	if (rows.length === 0) return;
	const { fields, sql: insert, upsert } = INSERTS[key];
	const arrays = JSON.stringify(
		rows.map((row) => fields.map((field) => (row as Record<string, unknown>)[field] ?? null))
	);
	// jsonb_each hands each row over as binary JSON, so reading its fields does not parse the
	// row's text again for every column. "WHERE true" tells an upsert clause from a join's ON.
	const statement = `${insert} FROM jsonb_each(?1) WHERE true ${merge ? upsert : ''}`;
	sql.run(statement, statement.includes('?2') ? [arrays, stamp] : [arrays]);
}

const DOMAIN_TABLES_CHILDREN_FIRST = TABLE_KEYS.map((key) => TABLE_NAMES[key]).reverse();

/** Empties every domain table and what is derived from them (not the migration history). */
export function wipeDomainTables(sql: SyncSql): void {
	for (const table of DOMAIN_TABLES_CHILDREN_FIRST) sql.run(`DELETE FROM ${table}`);
	for (const table of ['asset_days', 'sale_results']) sql.run(`DELETE FROM ${table}`);
}

interface CategoryRow {
	id: string;
	name: string;
	parentId: string | null;
}

/** "Financial › Investments": a category's names from the top level down. */
function pathOf(rows: ReadonlyMap<string, CategoryRow>, id: string): string {
	const names: string[] = [];
	const seen = new Set<string>();
	for (let row = rows.get(id); row && !seen.has(row.id); row = rows.get(row.parentId ?? '')) {
		seen.add(row.id);
		names.unshift(row.name);
	}
	return names.join(' › ');
}

/**
 * Which existing category each of the file's stands for. The same row (same id) is the user's,
 * whatever its name and wherever they have put it since; otherwise a category matches only at the same path
 * (same name under the category its parent matched). One that matches nowhere is added, and when
 * its name is taken elsewhere it is added apart under "… (imported)": a merge never moves or
 * renames what the user has.
 */
export function matchCategories(
	sql: SyncSql,
	rows: readonly CategoryRow[]
): { ids: Map<string, string>; names: Map<string, string>; apart: CategoryKeptApart[] } {
	const existing = sql.all<CategoryRow>(
		'SELECT id, name, parent_id AS parentId FROM categories ORDER BY id'
	);
	const ours = new Map(existing.map((row) => [row.id, row]));
	const atPath = new Map(
		existing.map((row) => [`${row.parentId ?? ''}/${nameKey(row.name)}`, row.id])
	);
	const taken = new Set(existing.map((row) => nameKey(row.name)));
	const inFile = new Set(rows.map((row) => nameKey(row.name)));
	const theirs = new Map(rows.map((row) => [row.id, row]));
	const ids = new Map<string, string>();
	const names = new Map<string, string>();
	const apart: CategoryKeptApart[] = [];
	const place = (row: CategoryRow, visiting: Set<string>): void => {
		if (ids.has(row.id)) return;
		// Parents first (the file's tree was checked to have no cycle; `visiting` guards anyway).
		visiting.add(row.id);
		const parent = row.parentId === null ? undefined : theirs.get(row.parentId);
		if (parent && !visiting.has(parent.id)) place(parent, visiting);
		const key = nameKey(row.name);
		const same = ours.get(row.id);
		const parentId = row.parentId === null ? '' : (ids.get(row.parentId) ?? row.parentId);
		// The same id is the same category, whatever the user has renamed it to or wherever they
		// moved it since (ids are random: two installs never share one by chance).
		const found = same ? same.id : atPath.get(`${parentId}/${key}`);
		if (found) {
			ids.set(row.id, found);
			return;
		}
		ids.set(row.id, row.id);
		if (!taken.has(key)) return;
		// Not a name of ours, nor one of the file's own (its "X (imported)" would collide).
		const free = (name: string) => !taken.has(nameKey(name)) && !inFile.has(nameKey(name));
		let addedAs = `${row.name} (imported)`;
		for (let n = 2; !free(addedAs); n++) addedAs = `${row.name} (imported ${n})`;
		taken.add(nameKey(addedAs));
		names.set(row.id, addedAs);
		const oursNamed = existing.find((other) => nameKey(other.name) === key);
		apart.push({
			name: row.name,
			addedAs,
			filePath: pathOf(theirs, row.id),
			ourPath: oursNamed ? pathOf(ours, oursNamed.id) : row.name
		});
	};
	for (const row of rows) place(row, new Set());
	return { ids, names, apart };
}

/**
 * Merge matches asset types by code, tags by name and categories by path (matchCategories): the
 * file's rows take the ids already in the database, and every row of the file that points to
 * them is rewritten. What matched keeps the user's own label, group, name and place.
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
	const ourTypes = sql.all<{ id: string; key: string }>('SELECT id, code AS key FROM asset_types');
	const types = match(data.assetTypes, ourTypes, (r) => r.code);
	const ourTypeIds = new Set(ourTypes.map((type) => type.id));
	const categories = matchCategories(sql, data.categories);
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
			id: to(categories.ids, r.id),
			name: categories.names.get(r.id) ?? r.name,
			parentId: r.parentId === null ? null : to(categories.ids, r.parentId)
		})),
		tags: data.tags.map((r) => ({ ...r, id: to(tags, r.id) })),
		// Whether a type is valued per unit is the user's choice for the types they already have.
		assetTypeUnits: data.assetTypeUnits
			.map((r) => ({ ...r, assetTypeId: to(types, r.assetTypeId) }))
			.filter((r) => !ourTypeIds.has(r.assetTypeId)),
		assets: data.assets.map((r) => ({ ...r, assetTypeId: to(types, r.assetTypeId) })),
		categoriesOnAssets: data.categoriesOnAssets.map((r) => ({
			...r,
			categoryId: to(categories.ids, r.categoryId)
		})),
		tagsOnAssets: data.tagsOnAssets.map((r) => ({ ...r, tagId: to(tags, r.tagId) }))
	};
}

/**
 * Runs the bulk inserts of validated rows. Every row was checked against the same rules as the
 * columns' CHECK constraints (plain decimals, canonical timestamps, known enums) before the
 * transaction began, so SQLite skips re-checking them here, which more than halves the cost of
 * a large import. Foreign keys stay enforced, and the constraints are back on right after.
 */
function bulk(sql: SyncSql, work: () => void): void {
	sql.run('PRAGMA ignore_check_constraints = ON');
	try {
		work();
	} finally {
		sql.run('PRAGMA ignore_check_constraints = OFF');
	}
}

/**
 * Replace rewrites every domain table, so the references are checked once over the result
 * (assertReferencesHold) rather than row by row: with enforcement off, emptying a table is
 * SQLite's quick truncate instead of a row-by-row delete, and no insert looks up its parent.
 * The pragma only takes effect outside a transaction; called inside one, enforcement stays on.
 */
function withReferencesCheckedAtEnd(sql: SyncSql, work: () => void): void {
	sql.run('PRAGMA foreign_keys = OFF');
	try {
		work();
	} finally {
		sql.run('PRAGMA foreign_keys = ON');
	}
}

/** Every reference in the database points at a row (the file's rows were checked before). */
function assertReferencesHold(sql: SyncSql): void {
	const [broken] = sql.all<{ table: string; parent: string }>('PRAGMA foreign_key_check');
	if (broken) {
		throw new BackupError(
			m.backupfile_import_broken_ref({ table: broken.table, parent: broken.parent })
		);
	}
}

/**
 * Imports validated backup data in one transaction; any failure rolls all of it back.
 *
 * @example importBackup(engine, parseBackup(text).data, 'replace', { now })
 */
export function importBackup(
	sql: SyncSql,
	data: BackupData,
	mode: ImportMode,
	{ now = new Date(), series = true }: { now?: Date; series?: boolean } = {}
): ImportResult {
	const stamp = now.toISOString();
	const write = () =>
		sql.transaction(() => {
			// Rows point at each other (a category at its parent): check references at commit.
			sql.run('PRAGMA defer_foreign_keys = ON');
			if (mode === 'replace') {
				wipeDomainTables(sql);
				bulk(sql, () => {
					for (const key of TABLE_KEYS) insertRows(sql, key, data[key], stamp, false);
				});
				assertReferencesHold(sql);
				// The file's own net-worth points stay as they are; the holdings are ours to compute.
				rebuildAllDerived(sql, { points: false, series });
			} else {
				const rows = remapForMerge(sql, data);
				// The file wins where it has a row for the same thing under another id: a valuation of
				// the same asset on the same day, a net-worth point at the same instant (below).
				sql.run(
					`DELETE FROM asset_snapshots
         WHERE (asset_id, substr(observed_at, 1, 10)) IN
               (SELECT value ->> 'assetId', substr(value ->> 'observedAt', 1, 10) FROM json_each(?1))
           AND id NOT IN (SELECT value ->> 'id' FROM json_each(?1))`,
					[JSON.stringify(rows.assetSnapshots)]
				);
				// A valuation the file has as a whole value (no price per unit with it) is one.
				sql.run(
					`DELETE FROM valuation_prices
         WHERE asset_snapshot_id IN (SELECT value ->> 'id' FROM json_each(?1))
           AND asset_snapshot_id NOT IN (SELECT value ->> 'assetSnapshotId' FROM json_each(?2))`,
					[JSON.stringify(rows.assetSnapshots), JSON.stringify(rows.valuationPrices)]
				);
				bulk(sql, () => {
					for (const key of TABLE_KEYS) {
						if (key !== 'portfolioSnapshots') insertRows(sql, key, rows[key], stamp, true);
					}
				});
				rebuildAllHoldings(sql);
				const convertedFrom = rebuildAllConversions(sql);
				// New valuations change net worth from their first day on: bring the points up to date from
				// there (the series everywhere: categories may have moved),
				// then put in the file's own points (recomputing must not drop what was imported).
				let first: string | null = convertedFrom;
				for (const row of [...rows.assetSnapshots, ...rows.transactions]) {
					const at = ('observedAt' in row ? row.observedAt : row.occurredAt).slice(0, 10);
					if (first === null || at < first) first = at;
				}
				// An asset whose currency the file changed counts otherwise from its first day.
				for (const row of rows.assetDetails) {
					const [held] = sql.all<{ day: string | null }>(
						'SELECT min(day) AS day FROM asset_days WHERE asset_id = ?1',
						[row.assetId]
					);
					if (held?.day && (first === null || held.day < first)) first = held.day;
				}
				rebuildAllSeries(sql, { points: false });
				if (first) refreshSeries(sql, { changed: [], from: first });
				// The file's own points were its net worth, not the merged one's: the points follow the
				// end-of-day rule like everywhere else. Points with a note are someone's own: the file's
				// come in, in place of a worked-out point of the same moment, but never over the user's.
				const ours = sql.all<{ id: string; observed_at: string }>(
					'SELECT id, observed_at FROM portfolio_snapshots WHERE notes IS NOT NULL'
				);
				const taken = new Set(ours.flatMap((row) => [row.id, row.observed_at]));
				const noted = rows.portfolioSnapshots.filter(
					(row) => row.notes && !taken.has(row.id) && !taken.has(row.observedAt)
				);
				sql.run(
					`DELETE FROM portfolio_snapshots WHERE notes IS NULL AND (
           observed_at IN (SELECT value ->> 'observedAt' FROM json_each(?1))
           OR id IN (SELECT value ->> 'id' FROM json_each(?1)))`,
					[JSON.stringify(noted)]
				);
				bulk(sql, () => insertRows(sql, 'portfolioSnapshots', noted, stamp, false));
			}
			ensureReferenceAssetTypes(sql);
		});
	if (mode === 'replace') withReferencesCheckedAtEnd(sql, write);
	else write();
	return { schemaVersion: '1', mode, counts: countsOf(data) };
}
