/**
 * Exact decimal arithmetic inside SQL. The sqlite-wasm build has no `decimal` extension, so we
 * register our own functions on every connection, backed by the money module: set work (sums per
 * date, per type) stays in SQL and no float ever touches a value.
 *
 *   decimal_sum(x)      aggregate and window function; NULL for no rows, like SUM
 *   decimal_add(a, b)   decimal_sub(a, b)   decimal_mul(a, b)   decimal_neg(a)
 *   decimal_cmp(a, b)   -1, 0 or 1
 *   uuid()              a random UUID v4, for ids made by set-based inserts
 */
import type { Database, Sqlite3Static, SqlValue } from '@sqlite.org/sqlite-wasm';
import {
	DecimalSum,
	negateDecimal,
	plainText,
	toDecimal,
	type Dec as Decimal
} from '../../domain/money';

/** Decimals live in TEXT columns; anything else (a float) is a bug and fails the statement. */
function text(value: SqlValue): string {
	if (typeof value === 'string') return value;
	throw new TypeError('decimal functions take decimal text, not ' + typeof value);
}

function read(value: SqlValue): Decimal | null {
	return value === null || value === undefined ? null : toDecimal(text(value));
}

export function registerSqlFunctions(sqlite3: Sqlite3Static, db: Database): void {
	const { capi } = sqlite3;
	// Running totals per aggregate instance, keyed by SQLite's aggregate context pointer.
	const totals = new Map<number, DecimalSum>();
	const slot = (ctx: number, create: boolean): number =>
		Number(capi.sqlite3_js_aggregate_context(ctx, create ? 8 : 0));
	const running = (ctx: number): DecimalSum => {
		const key = slot(ctx, true);
		let total = totals.get(key);
		if (!total) totals.set(key, (total = new DecimalSum()));
		return total;
	};

	db.createFunction({
		name: 'decimal_sum',
		arity: 1,
		deterministic: true,
		xStep(ctx: number, value: SqlValue) {
			if (value === null || value === undefined) return;
			running(ctx).add(text(value));
		},
		xInverse(ctx: number, value: SqlValue) {
			if (value === null || value === undefined) return;
			running(ctx).subtract(text(value));
		},
		xValue(ctx: number) {
			return totals.get(slot(ctx, true))?.toString() ?? null;
		},
		xFinal(ctx: number) {
			const key = slot(ctx, false);
			const total = key ? totals.get(key) : undefined;
			if (key) totals.delete(key);
			return total?.toString() ?? null;
		}
	});

	const binary = (name: string, op: (a: Decimal, b: Decimal) => Decimal) =>
		db.createFunction({
			name,
			arity: 2,
			deterministic: true,
			xFunc(_ctx: number, a: SqlValue, b: SqlValue) {
				const x = read(a);
				const y = read(b);
				return x === null || y === null ? null : plainText(op(x, y));
			}
		});
	binary('decimal_add', (a, b) => a.plus(b));
	binary('decimal_sub', (a, b) => a.minus(b));
	binary('decimal_mul', (a, b) => a.times(b));

	db.createFunction({
		name: 'decimal_neg',
		arity: 1,
		deterministic: true,
		xFunc(_ctx: number, a: SqlValue) {
			return a === null || a === undefined ? null : negateDecimal(text(a));
		}
	});
	db.createFunction({
		name: 'decimal_cmp',
		arity: 2,
		deterministic: true,
		xFunc(_ctx: number, a: SqlValue, b: SqlValue) {
			const x = read(a);
			const y = read(b);
			return x === null || y === null ? null : x.comparedTo(y);
		}
	});
	db.createFunction({
		name: 'uuid',
		arity: 0,
		xFunc: () => crypto.randomUUID()
	});
}
