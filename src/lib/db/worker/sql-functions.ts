/**
 * Exact decimal arithmetic inside SQL. The sqlite-wasm build has no `decimal` extension, so we
 * register our own functions on every connection, backed by the money module: set work (sums per
 * date, per type) stays in SQL and no float ever touches a value.
 *
 *   decimal_sum(x)      aggregate and window function; NULL for no rows, like SUM
 *   decimal_add(a, b)   decimal_sub(a, b)   decimal_mul(a, b)   decimal_neg(a)
 *   decimal_cmp(a, b)   -1, 0 or 1
 *   decimal_convert(value, 'num/den')   value × num ÷ den (domain/currencies.ts); NULL for NULL
 *   uuid()              a random UUID v4, for ids made by set-based inserts
 */
import type { Database, Sqlite3Static, SqlValue } from '@sqlite.org/sqlite-wasm';
import { convertAmount } from '../../domain/currencies';
import {
	addDecimals,
	compareDecimals,
	DecimalSum,
	multiplyDecimals,
	negateDecimal,
	subtractDecimals
} from '../../domain/money';

/** Decimals live in TEXT columns; anything else (a float) is a bug and fails the statement. */
function text(value: SqlValue): string {
	if (typeof value === 'string') return value;
	// not shown: a programming error (a float in a decimal column)
	throw new TypeError('decimal functions take decimal text, not ' + typeof value);
}

const binary =
	(op: (a: string, b: string) => string) =>
	(a: SqlValue, b: SqlValue): SqlValue =>
		a === null || a === undefined || b === null || b === undefined ? null : op(text(a), text(b));

/**
 * The scalar functions, independent of the SQLite binding: the worker registers them on
 * sqlite-wasm, the benchmark on native SQLite, so both run exactly the same code.
 */
export const DECIMAL_FUNCTIONS: Record<string, (...args: SqlValue[]) => SqlValue> = {
	decimal_add: binary(addDecimals),
	decimal_sub: binary(subtractDecimals),
	decimal_mul: binary(multiplyDecimals),
	decimal_neg: (a) => (a === null || a === undefined ? null : negateDecimal(text(a))),
	decimal_convert: (value, factor) => {
		if (value === null || value === undefined || factor === null || factor === undefined)
			return null;
		const fraction = text(factor);
		const slash = fraction.indexOf('/');
		return convertAmount(text(value), fraction.slice(0, slash), fraction.slice(slash + 1));
	},
	decimal_cmp: (a, b) =>
		a === null || a === undefined || b === null || b === undefined
			? null
			: compareDecimals(text(a), text(b))
};

/** decimal_sum's steps over one running exact total: NULL until a value comes, like SUM. */
export const decimalSum = {
	add(total: DecimalSum | null, value: SqlValue): DecimalSum | null {
		if (value === null || value === undefined) return total;
		(total ??= new DecimalSum()).add(text(value));
		return total;
	},
	remove(total: DecimalSum | null, value: SqlValue): DecimalSum | null {
		if (value === null || value === undefined) return total;
		(total ??= new DecimalSum()).subtract(text(value));
		return total;
	},
	result: (total: DecimalSum | null | undefined): string | null => total?.toString() ?? null
};

export function registerSqlFunctions(sqlite3: Sqlite3Static, db: Database): void {
	const { capi } = sqlite3;
	// Running totals per aggregate instance, keyed by SQLite's aggregate context pointer.
	const totals = new Map<number, DecimalSum | null>();
	const slot = (ctx: number, create: boolean): number =>
		Number(capi.sqlite3_js_aggregate_context(ctx, create ? 8 : 0));
	const step = (ctx: number, next: DecimalSum | null) => {
		if (next) totals.set(slot(ctx, true), next);
	};

	db.createFunction({
		name: 'decimal_sum',
		arity: 1,
		deterministic: true,
		xStep(ctx: number, value: SqlValue) {
			step(ctx, decimalSum.add(totals.get(slot(ctx, true)) ?? null, value));
		},
		xInverse(ctx: number, value: SqlValue) {
			step(ctx, decimalSum.remove(totals.get(slot(ctx, true)) ?? null, value));
		},
		xValue(ctx: number) {
			return decimalSum.result(totals.get(slot(ctx, true)));
		},
		xFinal(ctx: number) {
			const key = slot(ctx, false);
			const total = key ? totals.get(key) : undefined;
			if (key) totals.delete(key);
			return decimalSum.result(total);
		}
	});

	for (const [name, fn] of Object.entries(DECIMAL_FUNCTIONS)) {
		db.createFunction({
			name,
			arity: fn.length,
			deterministic: true,
			xFunc: (_ctx: number, ...args: SqlValue[]) => fn(...args)
		});
	}
	db.createFunction({
		name: 'uuid',
		arity: 0,
		xFunc: () => crypto.randomUUID()
	});
}
