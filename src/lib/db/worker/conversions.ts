/**
 * Derived: currency_days, the factors that convert each currency in use into the base currency
 * from each day on (domain/currencies.ts), computed from the rates and kept by the write gate.
 * The net-worth reads find a factor with one seek; a currency the database does not use, or the
 * base itself, has none.
 */
import type { SyncSql } from '../sync-sql';
import { conversionFactors, type Factor, type Rate } from '$lib/domain/currencies';
import { BASE_CURRENCY_SQL, earliest } from '$lib/domain/net-worth';
import { derivedCurrent, markDerived, rowChanges } from './derived-rows';

/** The version of the conversion rules the stored factors were computed by. */
export const CONVERSIONS_VERSION = 1;

const json = JSON.stringify;

/** The base currency of the database. */
export function baseCurrency(sql: SyncSql): string {
	return sql.all<{ code: string }>(`SELECT ${BASE_CURRENCY_SQL} AS code`)[0]!.code;
}

/** The currencies of the assets (EUR for an asset without one of its own). */
export function currenciesInUse(sql: SyncSql): string[] {
	return sql
		.all<{ code: string }>(
			`SELECT DISTINCT coalesce(ad.currency, 'EUR') AS code
       FROM assets a LEFT JOIN asset_details ad ON ad.asset_id = a.id ORDER BY code`
		)
		.map((r) => r.code);
}

type Stored = Factor & { currency: string };

/**
 * Recomputes the factors of some currencies (all with null) and writes only what differs.
 * Returns the earliest day whose factor changed: net worth may differ from it on.
 */
export function rebuildConversions(sql: SyncSql, only: ReadonlySet<string> | null): string | null {
	const base = baseCurrency(sql);
	const inUse = currenciesInUse(sql).filter((c) => c !== base);
	const storedCurrencies = sql
		.all<{ currency: string }>('SELECT DISTINCT currency FROM currency_days')
		.map((r) => r.currency);
	const targets = [...new Set([...inUse, ...storedCurrencies])].filter(
		(c) => only === null || only.has(c)
	);
	if (targets.length === 0) return null;
	const computed = inUse.filter((c) => targets.includes(c));
	const involved = [...new Set([...computed, base, 'EUR'])];
	const rates = computed.length
		? sql.all<Rate>(
				`SELECT day, base, quote, rate FROM exchange_rates
         WHERE base IN (SELECT value FROM json_each(?1)) AND quote IN (SELECT value FROM json_each(?1))`,
				[json(involved)]
			)
		: [];
	const wanted: Stored[] = computed.flatMap((currency) =>
		conversionFactors(rates, currency, base).map((f) => ({ ...f, currency }))
	);
	const before = new Map(
		sql
			.all<{
				currency: string;
				day: string;
				num: string;
				den: string;
				rate_day: string;
				via: 'direct' | 'EUR';
			}>(
				`SELECT currency, day, num, den, rate_day, via FROM currency_days
         WHERE currency IN (SELECT value FROM json_each(?1))`,
				[json(targets)]
			)
			.map((r) => [`${r.currency}|${r.day}`, r])
	);
	const { upserts, gone } = rowChanges(
		wanted,
		before,
		(row) => `${row.currency}|${row.day}`,
		(old, row) =>
			old.num === row.num &&
			old.den === row.den &&
			old.rate_day === row.rateDay &&
			old.via === row.via
	);
	const changed = [...upserts, ...gone].map((row) => row.day);
	if (gone.length) {
		sql.run(
			`DELETE FROM currency_days WHERE (currency, day) IN
         (SELECT value ->> 0, value ->> 1 FROM json_each(?1))`,
			[json(gone.map((r) => [r.currency, r.day]))]
		);
	}
	if (upserts.length) {
		sql.run(
			`INSERT INTO currency_days (currency, day, num, den, rate_day, via)
       SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4, value ->> 5
       FROM json_each(?1) WHERE true
       ON CONFLICT (currency, day) DO UPDATE SET num = excluded.num, den = excluded.den,
         rate_day = excluded.rate_day, via = excluded.via`,
			[json(upserts.map((r) => [r.currency, r.day, r.num, r.den, r.rateDay, r.via]))]
		);
	}
	return earliest(...changed);
}

/** Recomputes every factor by the current rules, and says which rules they follow. */
export function rebuildAllConversions(sql: SyncSql): string | null {
	const from = rebuildConversions(sql, null);
	markDerived(sql, 'conversions', CONVERSIONS_VERSION);
	return from;
}

/** Whether the stored factors were computed by the current rules. */
export function conversionsCurrent(sql: SyncSql): boolean {
	return derivedCurrent(sql, 'conversions', CONVERSIONS_VERSION);
}
