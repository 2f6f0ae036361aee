import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
	CONVERSION_PLACES,
	conversionFactors,
	convertAmount,
	unitRate,
	type Rate
} from './currencies';
import { plainText, toDecimal } from './decimal';

/** The rule as it reads, in decimal.js: the integer code must give the same digits. */
function convertAmountByDecimal(value: string, num: string, den: string): string {
	const product = toDecimal(value).times(toDecimal(num));
	if (den === '1') return plainText(product);
	return plainText(product.dividedBy(toDecimal(den)).toDecimalPlaces(CONVERSION_PLACES));
}
import { RatesFileError, parseRatesCsv } from './rates-csv';

const fixture = (name: string) =>
	readFileSync(new URL(`../../../tests/fixtures/rates/${name}`, import.meta.url), 'utf8');

const rate = (day: string, base: string, quote: string, value: string): Rate => ({
	day,
	base,
	quote,
	rate: value
});

const decimalText = (positive: boolean) =>
	fc
		.tuple(
			fc.bigInt({ min: positive ? 1n : -(10n ** 22n), max: 10n ** 22n }),
			fc.integer({ min: 0, max: 12 })
		)
		.map(([units, scale]) => {
			const negative = units < 0n;
			const digits = (negative ? -units : units).toString().padStart(scale + 1, '0');
			const text = scale ? `${digits.slice(0, -scale)}.${digits.slice(-scale)}` : digits;
			return negative ? `-${text}` : text;
		});

describe('converting an amount', () => {
	it('gives in integers exactly the digits decimal.js gives, rounding included', () => {
		fc.assert(
			fc.property(
				decimalText(false),
				decimalText(true),
				fc.oneof(fc.constant('1'), decimalText(true)),
				(value, num, den) => {
					expect(convertAmount(value, num, den)).toBe(convertAmountByDecimal(value, num, den));
				}
			),
			{ numRuns: 3000 }
		);
		// The rate shown, to 6 significant digits, as decimal.js rounds it.
		fc.assert(
			fc.property(decimalText(true), decimalText(true), (num, den) => {
				expect(unitRate(num, den)).toBe(
					plainText(toDecimal(num).dividedBy(toDecimal(den)).toSignificantDigits(6))
				);
			}),
			{ numRuns: 2000 }
		);
		// Ties at the 10th decimal go to the even digit, either sign.
		for (const [value, den] of <[string, string][]>[
			['0.00000000005', '1'],
			['0.00000000015', '1'],
			['-0.00000000025', '1'],
			['1', '3'],
			['-2', '3']
		]) {
			expect(convertAmount(value, '1', den === '1' ? '1.0' : den)).toBe(
				convertAmountByDecimal(value, '1', den === '1' ? '1.0' : den)
			);
		}
	});

	it('multiplies exactly by a published rate, and divides to 10 decimals otherwise', () => {
		expect(convertAmount('5400', '1', '1.08')).toBe('5000');
		expect(convertAmount('100', '1.0842', '1')).toBe('108.42');
		expect(convertAmount('0.1', '3', '1')).toBe('0.3');
		expect(convertAmount('100', '1', '3')).toBe('33.3333333333');
		expect(convertAmount('-250.75', '1', '0.93')).toBe('-269.623655914');
	});
});

describe('conversion factors', () => {
	it('use the rate of the pair, or its inverse, from the day it is known', () => {
		const rates = [
			rate('2026-01-02', 'EUR', 'USD', '1.10'),
			rate('2026-01-05', 'EUR', 'USD', '1.08')
		];
		expect(conversionFactors(rates, 'USD', 'EUR')).toEqual([
			{ day: '2026-01-02', num: '1', den: '1.1', rateDay: '2026-01-02', via: 'direct' },
			{ day: '2026-01-05', num: '1', den: '1.08', rateDay: '2026-01-05', via: 'direct' }
		]);
		expect(conversionFactors(rates, 'EUR', 'USD')).toEqual([
			{ day: '2026-01-02', num: '1.1', den: '1', rateDay: '2026-01-02', via: 'direct' },
			{ day: '2026-01-05', num: '1.08', den: '1', rateDay: '2026-01-05', via: 'direct' }
		]);
		expect(conversionFactors(rates, 'EUR', 'EUR')).toEqual([]);
	});

	it('go through the euro when no direct rate exists, exactly as a fraction', () => {
		const rates = [
			rate('2026-01-02', 'EUR', 'USD', '1.08'),
			rate('2026-01-03', 'EUR', 'CHF', '0.93')
		];
		// 1 CHF = 1/0.93 EUR = 1.08/0.93 USD, from the day both legs are known.
		expect(conversionFactors(rates, 'CHF', 'USD')).toEqual([
			{ day: '2026-01-03', num: '1.08', den: '0.93', rateDay: '2026-01-03', via: 'EUR' }
		]);
		expect(convertAmount('9300', '1.08', '0.93')).toBe('10800');
	});

	it('take the most recent: a direct rate until both euro legs are newer', () => {
		const rates = [
			rate('2026-01-02', 'USD', 'CHF', '0.86'),
			rate('2026-01-05', 'EUR', 'USD', '1.08'),
			rate('2026-01-06', 'EUR', 'CHF', '0.93')
		];
		expect(conversionFactors(rates, 'USD', 'CHF')).toEqual([
			{ day: '2026-01-02', num: '0.86', den: '1', rateDay: '2026-01-02', via: 'direct' },
			{ day: '2026-01-06', num: '0.93', den: '1.08', rateDay: '2026-01-06', via: 'EUR' }
		]);
	});

	it('take the direct rate when it is as recent as the euro legs', () => {
		const rates = [
			rate('2026-01-05', 'USD', 'CHF', '0.86'),
			rate('2026-01-05', 'EUR', 'USD', '1.08'),
			rate('2026-01-05', 'EUR', 'CHF', '0.93')
		];
		expect(conversionFactors(rates, 'USD', 'CHF')).toEqual([
			{ day: '2026-01-05', num: '0.86', den: '1', rateDay: '2026-01-05', via: 'direct' }
		]);
	});

	it('prefer the pair as given over its inverse on the same day', () => {
		const rates = [
			rate('2026-01-02', 'USD', 'EUR', '0.9'),
			rate('2026-01-02', 'EUR', 'USD', '1.2')
		];
		expect(conversionFactors(rates, 'USD', 'EUR')[0]).toMatchObject({ num: '0.9', den: '1' });
	});

	it('have nothing before the first rate: such a value is never counted at 1:1', () => {
		expect(conversionFactors([], 'USD', 'EUR')).toEqual([]);
		const onlyOneLeg = [rate('2026-01-02', 'EUR', 'USD', '1.08')];
		expect(conversionFactors(onlyOneLeg, 'CHF', 'USD')).toEqual([]);
	});
});

describe('exchange-rate files', () => {
	it("read the ECB's daily file as published (spaces, a written date, a trailing comma)", () => {
		const file = parseRatesCsv(fixture('eurofxref.csv'));
		expect(file.format).toBe('ecb-daily');
		expect(file.rates).toHaveLength(30);
		expect(file.rates[0]).toEqual({ day: '2021-06-03', base: 'EUR', quote: 'USD', rate: '1.2187' });
		expect(file.rates.find((r) => r.quote === 'CHF')?.rate).toBe('1.0985');
		expect(file.skipped).toBe(0);
	});

	it("read the ECB's history, leaving out N/A, keeping every digit as written", () => {
		const file = parseRatesCsv(fixture('eurofxref-hist.csv'));
		expect(file.format).toBe('ecb-history');
		expect(file.rates.filter((r) => r.quote === 'USD').map((r) => [r.day, r.rate])).toEqual([
			['2019-04-10', '1.1279'],
			['2019-04-09', '1.1277'],
			['2019-04-08', '1.1246']
		]);
		expect(file.rates.find((r) => r.quote === 'ISK' && r.day === '2019-04-10')?.rate).toBe('135.0');
		// CYP, EEK, LTL, LVL, MTL, ROL, SIT, SKK and TRL have no rate on these days.
		expect(file.skipped).toBe(27);
		expect(file.rates).toHaveLength(3 * 41 - 27);
	});

	it('read a plain date,currency,rate file', () => {
		expect(parseRatesCsv(fixture('plain.csv'))).toEqual({
			format: 'plain',
			skipped: 0,
			rates: [
				{ day: '2026-11-20', base: 'EUR', quote: 'USD', rate: '1.0842' },
				{ day: '2026-11-20', base: 'EUR', quote: 'CHF', rate: '0.9312' },
				{ day: '2026-11-19', base: 'EUR', quote: 'USD', rate: '1.0839' }
			]
		});
	});

	it('are refused whole, with each line that is not right', () => {
		const error = (text: string) => {
			try {
				parseRatesCsv(text);
			} catch (e) {
				return e as RatesFileError;
			}
			throw new Error('expected a refusal');
		};
		const bad = error(
			'date,currency,rate\n2026-11-20,USD,1.0842\n2026-13-01,USD,1.1\n2026-11-20,usd,1\n2026-11-21,USD,-1\n2026-11-20,USD,1.09\n'
		);
		expect(bad.code).toBe('bad-file');
		expect(bad.message).toBe('4 lines are not right in this file: nothing was imported.');
		expect(bad.extra.problems).toEqual([
			'line 3: "2026-13-01" is not a date like 2026-11-20',
			'line 4: "usd" is not a currency code other than EUR (like USD)',
			'line 5: USD: "-1" is not a rate above zero (like 1.0842)',
			'line 6: USD on 2026-11-20 is given twice (also on line 2)'
		]);
		expect(error('').message).toBe('The file is empty: there are no rates in it.');
		expect(error('name,value\nx,1\n').message).toContain('not an exchange-rate file');
		expect(error('Date,USD,Dollars,\n2019-04-10,1.1,2,\n').message).toContain('"Dollars"');
		expect(error('Date,USD,\n2019-04-10,N/A,\n').message).toBe(
			'This file holds no rates (every cell is empty or N/A).'
		);
	});
});
