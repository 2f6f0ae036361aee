/**
 * Writes of currencies: the base currency every total is converted into (a setting of the
 * database, undoable like any change), and the exchange rates, typed one at a time or read from
 * a file. What they change in the totals is the gate's: it recomputes the conversion factors
 * and the net-worth points (conversions.ts).
 */
import type { Kysely } from 'kysely';
import { z } from '$lib/domain/zod-setup';
import { m } from '$lib/paraglide/messages';
import type { Database } from '$lib/db/schema';
import { DEFAULT_CURRENCY } from '$lib/domain/currencies';
import { isDateText } from '$lib/domain/dates';
import { ValidationError, NotFoundError, parseInput } from '$lib/domain/errors';
import { currencyField, dayField, rateField } from '$lib/domain/fields';
import { readBaseCurrency } from '$lib/domain/rates';
import type { ChangeHandlers } from '../gate';

/** The currency an asset's amounts are in (EUR for one from the original's files). */
export async function assetCurrency(db: Kysely<Database>, assetId: string): Promise<string> {
	const row = await db
		.selectFrom('asset_details')
		.select('currency')
		.where('asset_id', '=', assetId)
		.executeTakeFirst();
	return row?.currency ?? DEFAULT_CURRENCY;
}

/**
 * Sets the currency of an asset, and stamps its transactions with it (the field the original's
 * files carry). Its amounts are not converted: they were in that currency all along.
 */
export async function setAssetCurrency(
	db: Kysely<Database>,
	assetId: string,
	currency: string
): Promise<void> {
	await db
		.insertInto('asset_details')
		.values({ asset_id: assetId, currency })
		.onConflict((oc) => oc.column('asset_id').doUpdateSet({ currency }))
		.execute();
	await db
		.updateTable('transactions')
		.set({ currency })
		.where('asset_id', '=', assetId)
		.where('currency', '<>', currency)
		.execute();
}

const rateInput = (locale: string) =>
	z
		.object({
			day: dayField,
			base: currencyField,
			quote: currencyField,
			rate: rateField(locale)
		})
		.refine((r) => r.base !== r.quote, {
			error: () => m.errors_rates_same_currency(),
			path: ['quote']
		});

/** Rows of a rates file, as the page read them (rates-csv.ts), checked again here. */
const importedRates = z
	.array(
		z.object({
			day: z.string().refine(isDateText),
			base: z.string().regex(/^[A-Z]{3}$/),
			quote: z.string().regex(/^[A-Z]{3}$/),
			rate: z
				.string()
				.regex(/^\d{1,20}(\.\d{1,30})?$/)
				.refine((r) => /[1-9]/.test(r))
		})
	)
	.min(1);

const key = (
	db: Kysely<Database>,
	{ day, base, quote }: { day: string; base: string; quote: string }
) =>
	db
		.selectFrom('exchange_rates')
		.select('rate')
		.where('day', '=', day)
		.where('base', '=', base)
		.where('quote', '=', quote)
		.executeTakeFirst();

export const currencyHandlers: ChangeHandlers<
	'settings/base-currency' | 'rates/set' | 'rates/delete' | 'rates/import'
> = {
	'settings/base-currency': {
		async run({ db }, args) {
			const { currency } = parseInput(z.object({ currency: currencyField }), args);
			const from = await readBaseCurrency(db);
			await db
				.insertInto('settings')
				.values({ key: 'base_currency', value: currency })
				.onConflict((oc) => oc.column('key').doUpdateSet({ value: currency }))
				.execute();
			return {
				value: null,
				summary: { what: 'base-currency', verb: 'changed', from, to: currency }
			};
		}
	},

	'rates/set': {
		async run({ db, context }, { input }) {
			const data = parseInput(rateInput(context.locale), input);
			const existing = await key(db, data);
			await db
				.insertInto('exchange_rates')
				.values(data)
				.onConflict((oc) => oc.columns(['base', 'quote', 'day']).doUpdateSet({ rate: data.rate }))
				.execute();
			return {
				value: null,
				summary: {
					what: 'rate',
					verb: existing ? 'edited' : 'added',
					base: data.base,
					quote: data.quote,
					day: data.day
				}
			};
		}
	},

	'rates/delete': {
		async run({ db }, args) {
			if (!(await key(db, args))) throw new NotFoundError(m.errors_rate_gone());
			await db
				.deleteFrom('exchange_rates')
				.where('day', '=', args.day)
				.where('base', '=', args.base)
				.where('quote', '=', args.quote)
				.execute();
			return {
				value: null,
				summary: {
					what: 'rate',
					verb: 'deleted',
					base: args.base,
					quote: args.quote,
					day: args.day
				}
			};
		}
	},

	'rates/import': {
		async run({ engine }, { rates, file }) {
			const checked = importedRates.safeParse(rates);
			if (!checked.success || checked.data.some((r) => r.base === r.quote))
				throw new ValidationError({ file: m.errors_rates_read_again() });
			// One statement for the whole file, however many rates it holds.
			engine.run(
				`INSERT INTO exchange_rates (day, base, quote, rate)
         SELECT value ->> 'day', value ->> 'base', value ->> 'quote', value ->> 'rate'
         FROM json_each(?1) WHERE true
         ON CONFLICT (base, quote, day) DO UPDATE SET rate = excluded.rate
         WHERE exchange_rates.rate <> excluded.rate`,
				[JSON.stringify(checked.data)]
			);
			const count = checked.data.length;
			return { value: { count }, summary: { what: 'rates', verb: 'imported', file, count } };
		}
	}
};
