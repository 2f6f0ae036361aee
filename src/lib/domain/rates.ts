/**
 * What the pages read about currencies: the base, the currencies in use with the rate each
 * converts by on a day, the rates stored, and what importing a file of rates would change.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '$lib/db/schema';
import type { ExchangeRate } from '$lib/db/messages';
import { DEFAULT_CURRENCY } from './currencies';
import type { DateText } from './dates';

/** The database's base currency. */
export async function readBaseCurrency(db: Kysely<Database>): Promise<string> {
	const row = await db
		.selectFrom('settings')
		.select('value')
		.where('key', '=', 'base_currency')
		.executeTakeFirst();
	return row?.value ?? DEFAULT_CURRENCY;
}

export interface CurrencyInUse {
	currency: string;
	/** How many assets are in it. */
	assets: number;
	/** How it converts into the base on the day (null: the base itself, or no rate yet). */
	rate: { num: string; den: string; day: string; via: 'direct' | 'EUR' } | null;
}

/** The currencies of the assets, the base first, each with the rate it converts by on `day`. */
export async function currenciesInUse(
	db: Kysely<Database>,
	day: DateText
): Promise<{ base: string; currencies: CurrencyInUse[] }> {
	const base = await readBaseCurrency(db);
	const rows = await db
		.selectFrom('assets as a')
		.leftJoin('asset_details as d', 'd.asset_id', 'a.id')
		.select([
			sql<string>`coalesce(d.currency, ${DEFAULT_CURRENCY})`.as('currency'),
			(eb) => eb.fn.countAll<number>().as('assets'),
			sql<string | null>`(SELECT json_array(c.num, c.den, c.rate_day, c.via) FROM currency_days c
        WHERE c.currency = coalesce(d.currency, ${DEFAULT_CURRENCY}) AND c.day <= ${day}
        ORDER BY c.day DESC LIMIT 1)`.as('rate')
		])
		.groupBy(sql`coalesce(d.currency, ${DEFAULT_CURRENCY})`)
		.execute();
	const currencies = rows
		.map((r) => {
			const rate = r.rate
				? (JSON.parse(r.rate) as [string, string, string, 'direct' | 'EUR'])
				: null;
			return {
				currency: r.currency,
				assets: r.assets,
				rate:
					r.currency === base || !rate
						? null
						: { num: rate[0], den: rate[1], day: rate[2], via: rate[3] }
			};
		})
		.sort((a, b) =>
			a.currency === base ? -1 : b.currency === base ? 1 : a.currency.localeCompare(b.currency)
		);
	return { base, currencies };
}

/** The stored rates, newest day first, `limit` of them from `offset`, and how many there are. */
export async function listRates(
	db: Kysely<Database>,
	{ limit = 20, offset = 0 }: { limit?: number; offset?: number } = {}
): Promise<{ rows: ExchangeRate[]; total: number }> {
	const [rows, total] = await Promise.all([
		db
			.selectFrom('exchange_rates')
			.select(['day', 'base', 'quote', 'rate'])
			.orderBy('day', 'desc')
			.orderBy('base')
			.orderBy('quote')
			.limit(limit)
			.offset(offset)
			.execute(),
		db
			.selectFrom('exchange_rates')
			.select((eb) => eb.fn.countAll<number>().as('n'))
			.executeTakeFirstOrThrow()
	]);
	return { rows, total: total.n };
}

export interface RatesImportPreview {
	count: number;
	currencies: string[];
	firstDay: string;
	lastDay: string;
	/** Rates of a day and pair already stored with another value: the file's replace them. */
	replaced: number;
	/** Already stored exactly so. */
	unchanged: number;
}

/** What importing these rates would do; writes nothing. */
export async function previewRatesImport(
	db: Kysely<Database>,
	rates: readonly ExchangeRate[]
): Promise<RatesImportPreview> {
	const [row] = (
		await sql<{ replaced: number; unchanged: number }>`
      SELECT count(*) FILTER (WHERE r.rate <> value ->> 'rate') AS replaced,
             count(*) FILTER (WHERE r.rate = value ->> 'rate') AS unchanged
      FROM json_each(${JSON.stringify(rates)}) j
      JOIN exchange_rates r ON r.day = j.value ->> 'day' AND r.base = j.value ->> 'base'
        AND r.quote = j.value ->> 'quote'`.execute(db)
	).rows;
	const days = rates.map((r) => r.day).sort();
	return {
		count: rates.length,
		currencies: [...new Set(rates.map((r) => r.quote))].sort(),
		firstDay: days[0]!,
		lastDay: days.at(-1)!,
		replaced: row?.replaced ?? 0,
		unchanged: row?.unchanged ?? 0
	};
}
