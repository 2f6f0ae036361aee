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
import { Dec, plainText, toDecimal, type Dec as Decimal } from '$lib/domain/money';
import { HOLDINGS, breakdownSqlForTests, rangeStart, sampleDays } from '$lib/domain/net-worth';

type Native = Database.Database;

/** Our decimal SQL functions, on better-sqlite3, with the same semantics as in the worker. */
function registerFunctions(db: Native): void {
	const read = (v: unknown) => (v === null || v === undefined ? null : toDecimal(String(v)));
	db.aggregate('decimal_sum', {
		start: () => null as Decimal | null,
		step: (total: Decimal | null, v: unknown) => {
			const d = read(v);
			return d === null ? total : (total ?? new Dec(0)).plus(d);
		},
		inverse: (total: Decimal | null, v: unknown) => {
			const d = read(v);
			return d === null ? total : (total ?? new Dec(0)).minus(d);
		},
		result: (total: Decimal | null) => (total === null ? null : plainText(total))
	});
	const binary = (name: string, op: (a: Decimal, b: Decimal) => Decimal) =>
		db.function(name, { deterministic: true }, (a: unknown, b: unknown) => {
			const x = read(a);
			const y = read(b);
			return x === null || y === null ? null : plainText(op(x, y));
		});
	binary('decimal_add', (a, b) => a.plus(b));
	binary('decimal_sub', (a, b) => a.minus(b));
	binary('decimal_mul', (a, b) => a.times(b));
	db.function('decimal_neg', { deterministic: true }, (a: unknown) => {
		const x = read(a);
		return x === null ? null : plainText(x.negated());
	});
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

export async function openNative(
	file: string
): Promise<{ db: Native; sql: SyncSql; close(): void }> {
	rmSync(file, { force: true });
	const db = new Database(file);
	db.pragma('foreign_keys = ON');
	registerFunctions(db);
	for (const migration of await bundledMigrations()) db.exec(migration.up);
	const sql = syncSql(db);
	ensureReferenceAssetTypes(sql);
	return { db, sql, close: () => db.close() };
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

/**
 * The dashboard's history query (ALL range, by type, ending `today`) as the page runs it: the
 * first day held, the sampled days, then one statement for the totals per day and type.
 */
export function nativeHistory(sql: SyncSql, today: string): number {
	const start = performance.now();
	const [row] = sql.all<{ first: string | null }>(
		`WITH ${HOLDINGS} SELECT min(held_from) AS first FROM holdings`
	);
	const days = sampleDays(rangeStart('ALL', today, row?.first?.slice(0, 10) ?? null), today);
	sql.all(breakdownSqlForTests('type'), [JSON.stringify(days)]);
	return performance.now() - start;
}
