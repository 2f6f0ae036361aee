/**
 * The benchmark's native side: the same workloads (JSON import, JSON export, net-worth history)
 * on better-sqlite3 in Node, with the same schema (our migrations), the same SQL (our modules)
 * and the same data: what this machine can do without a browser. Loaded by bench/run.ts through
 * Vite, so `$lib` and the bundled migrations resolve exactly as in the app.
 */
import Database from 'better-sqlite3';
import { readFileSync, rmSync } from 'node:fs';
import { exportBackupJson } from '$lib/backup/export-json';
import { parseBackup } from '$lib/backup/format';
import { importBackup } from '$lib/backup/import-json';
import { bundledMigrations } from '$lib/db/migrations';
import { ensureReferenceAssetTypes } from '$lib/db/reference-data';
import type { SyncSql } from '$lib/db/sync-sql';
import { DecimalSum } from '$lib/domain/money';
import { DECIMAL_FUNCTIONS, decimalSum } from '$lib/db/worker/sql-functions';
import type { SqlValue } from '@sqlite.org/sqlite-wasm';
import { loadHistory } from '$lib/domain/history';
import { localKysely } from '$lib/db/worker/local-kysely';
import type { Row } from '$lib/db/worker/engine';
import type { Database as Schema } from '$lib/db/schema';
import type { Kysely } from 'kysely';

type Native = Database.Database;

/** Our decimal SQL functions, on better-sqlite3: the very functions the worker registers. */
function registerFunctions(db: Native): void {
	// better-sqlite3 types an aggregate's row values like its running total: they are SQL values.
	db.aggregate('decimal_sum', {
		start: () => null as DecimalSum | null,
		step: (total, value) => decimalSum.add(total, value as unknown as SqlValue),
		inverse: (total, value) => decimalSum.remove(total, value as unknown as SqlValue),
		result: (total) => decimalSum.result(total)
	});
	for (const [name, fn] of Object.entries(DECIMAL_FUNCTIONS)) {
		db.function(name, { deterministic: true }, fn as (...args: unknown[]) => unknown);
	}
	db.function('uuid', () => crypto.randomUUID());
}

/** better-sqlite3 binds only plain `?`: our `?1 … ?1` become `? … ?` with values repeated. */
function positional(
	sql: string,
	params: readonly unknown[] = []
): { text: string; values: unknown[] } {
	if (!/\?\d/.test(sql)) return { text: sql, values: params.map(bindable) };
	const values: unknown[] = [];
	const text = sql.replace(/\?(\d+)/g, (_, n: string) => {
		values.push(bindable(params[Number(n) - 1]));
		return '?';
	});
	return { text, values };
}

function bindable(value: unknown): unknown {
	if (typeof value === 'boolean') return value ? 1 : 0;
	return value === undefined ? null : value;
}

/** The SyncSql surface our bulk code uses, over better-sqlite3. */
function syncSql(db: Native): SyncSql {
	let depth = 0;
	return {
		run(sql, params) {
			const { text, values } = positional(sql, params);
			return db.prepare(text).run(...values).changes;
		},
		all<T>(sql: string, params?: readonly unknown[]) {
			const { text, values } = positional(sql, params);
			return db.prepare(text).all(...values) as T[];
		},
		transaction<T>(work: () => T): T {
			const name = `s${depth}`;
			db.exec(depth === 0 ? 'BEGIN IMMEDIATE' : `SAVEPOINT ${name}`);
			depth++;
			try {
				const result = work();
				depth--;
				db.exec(depth === 0 ? 'COMMIT' : `RELEASE ${name}`);
				return result;
			} catch (error) {
				depth--;
				db.exec(depth === 0 ? 'ROLLBACK' : `ROLLBACK TO ${name}; RELEASE ${name}`);
				throw error;
			}
		}
	};
}

/** Kysely over better-sqlite3, through the same dialect as the page's. */
function nativeKysely(db: Native): Kysely<Schema> {
	return localKysely({
		get inTransaction() {
			return db.inTransaction;
		},
		execute(sql, params) {
			const { text, values } = positional(sql, params);
			const statement = db.prepare(text);
			if (statement.reader)
				return {
					rows: statement.all(...values) as Row[],
					changes: 0,
					lastInsertRowid: 0,
					inTransaction: db.inTransaction
				};
			const { changes, lastInsertRowid } = statement.run(...values);
			return {
				rows: [],
				changes,
				lastInsertRowid: Number(lastInsertRowid),
				inTransaction: db.inTransaction
			};
		}
	});
}

export async function openNative(
	file: string
): Promise<{ db: Kysely<Schema>; sql: SyncSql; close(): void }> {
	rmSync(file, { force: true });
	const db = new Database(file);
	db.pragma('foreign_keys = ON');
	registerFunctions(db);
	for (const migration of await bundledMigrations()) db.exec(migration.up);
	const sql = syncSql(db);
	ensureReferenceAssetTypes(sql);
	return { db: nativeKysely(db), sql, close: () => db.close() };
}

/** JSON import (replace): read the file, validate every row, write in one transaction. */
export async function nativeImport(jsonPath: string, dbFile: string): Promise<number> {
	const { sql, close } = await openNative(dbFile);
	try {
		const start = performance.now();
		const text = readFileSync(jsonPath, 'utf8');
		const { data } = parseBackup(text);
		importBackup(sql, data, 'replace');
		return performance.now() - start;
	} finally {
		close();
	}
}

/** A database holding a backup, for the export and history workloads. */
export async function nativeLoaded(jsonPath: string, dbFile: string) {
	const opened = await openNative(dbFile);
	importBackup(opened.sql, parseBackup(readFileSync(jsonPath, 'utf8')).data, 'replace');
	return opened;
}

export function nativeExport(sql: SyncSql): number {
	const start = performance.now();
	const text = exportBackupJson(sql, new Date());
	void new TextEncoder().encode(text);
	return performance.now() - start;
}

/** The dashboard's net-worth history (ALL range, by type, ending `today`): the page's own code. */
export async function nativeHistory(db: Kysely<Schema>, today: string): Promise<number> {
	const start = performance.now();
	await loadHistory(db, { range: 'ALL', by: 'type', today });
	return performance.now() - start;
}
