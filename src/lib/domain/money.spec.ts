import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Dec, plainText, toDecimal, toStoredDecimal } from './decimal';
import {
	DecimalSum,
	addDecimals,
	compareDecimals,
	divideDecimals,
	formatMoney,
	formatPercent,
	negateDecimal,
	multiplyDecimals,
	normalDecimal,
	parseDecimalInput,
	subtractDecimals,
	sumDecimals,
	validatePlainDecimal
} from './money';

describe('stored decimals', () => {
	it.each(['0.12345678', '12345678901234567.89', '-250.75', '4250.00', '0'])(
		'round-trips %s exactly',
		(text) => {
			expect(validatePlainDecimal(text)).toEqual({ ok: true, value: text });
			expect(toDecimal(text).toFixed()).toBe(toStoredDecimal(toDecimal(text)));
			expect(toStoredDecimal(toDecimal(text))).toBe(text.replace(/\.?0+$/, '') || '0');
		}
	);

	it.each([
		['1e5', '"1e5" is not a plain decimal (scientific notation is not accepted)'],
		['NaN', '"NaN" is not a plain decimal (it is not a finite number)'],
		['', 'is empty: a decimal number is required'],
		['1,5', '"1,5" is not a plain decimal (use a dot as the decimal separator, like 1.5)'],
		['123456789012345678901', '"123456789012345678901" has more than 20 integer digits'],
		[
			' 1',
			'" 1" is not a plain decimal (digits with an optional minus sign and one dot, like 1234.56)'
		]
	])('rejects %j with a clear message', (text, message) => {
		expect(validatePlainDecimal(text)).toEqual({ ok: false, error: message });
	});

	it('refuses to compute with text that is not a plain decimal', () => {
		for (const text of ['1e5', 'NaN', '', '1,5']) expect(() => toDecimal(text)).toThrow(RangeError);
	});

	it('adds and multiplies without float error', () => {
		expect(addDecimals('0.1', '0.2')).toBe('0.3');
		expect(sumDecimals(['12345678901234567.89', '0.01', '-0.9'])).toBe('12345678901234567');
		expect(multiplyDecimals('50000', '0.12345678')).toBe('6172.839');
		expect(sumDecimals([])).toBe('0');
		expect(addDecimals('-0.5', '0.5')).toBe('0');
	});

	it('sums any mix of scales and signs exactly, as decimal.js does', () => {
		// A deterministic spread of values: up to 20 integer and 30 fraction digits, both signs.
		let seed = 7;
		const next = () => (seed = (seed * 48271) % 2147483647);
		const digits = (n: number) => Array.from({ length: n }, () => next() % 10).join('');
		const values = Array.from({ length: 500 }, () => {
			const fraction = next() % 31;
			const text = `${digits(1 + (next() % 20))}${fraction ? `.${digits(fraction)}` : ''}`;
			return next() % 3 === 0 ? `-${text}` : text;
		});
		const expected = values.reduce((sum, v) => sum.plus(v), new Dec(0));
		expect(sumDecimals(values)).toBe(expected.isZero() ? '0' : expected.toFixed());
	});

	it('takes values away again, as a sliding window does, and prints no "-0"', () => {
		const sum = new DecimalSum();
		for (const v of ['0.10', '-1', '250.005', '0.000000000000000000000000000001']) sum.add(v);
		expect(sum.toString()).toBe('249.105000000000000000000000000001');
		sum.subtract('0.000000000000000000000000000001');
		expect(sum.toString()).toBe('249.105');
		for (const v of ['0.10', '-1', '250.005']) sum.subtract(v);
		expect(sum.toString()).toBe('0');
		sum.add('-0.05');
		expect(sum.toString()).toBe('-0.05');
		expect(() => sum.add('1e5')).toThrow(RangeError);
	});

	it('negates by sign, keeping zero unsigned', () => {
		expect(negateDecimal('250.00')).toBe('-250.00');
		expect(negateDecimal('-0.5')).toBe('0.5');
		expect(negateDecimal('0.00')).toBe('0.00');
		expect(() => negateDecimal('--1')).toThrow(RangeError);
	});
});

describe('input in the user locale', () => {
	const money = { maxDecimals: 2 };
	it.each([
		['1 234,56', 'fr-FR', '1234.56'],
		['1\u202f234,56', 'fr-FR', '1234.56'],
		['1234.56', 'fr-FR', '1234.56'],
		['1.234,56', 'de-DE', '1234.56'],
		['1,234.56', 'en-US', '1234.56'],
		['1234', 'ja-JP', '1234'],
		['0,5', 'it-IT', '0.5'],
		['12.345.678,9', 'es-ES', '12345678.9'],
		['  42  ', 'en-GB', '42']
	])('reads %j in %s as %s', (input, locale, stored) => {
		expect(parseDecimalInput(input, locale, money)).toEqual({ ok: true, value: stored });
	});

	it.each([
		['1234.56', 'de-DE', 'Enter a number like 1.234,56.'],
		['1,5', 'en-US', 'Enter a number like 1,234.56.'],
		['abc', 'en-US', 'Enter a number like 1,234.56.'],
		['1e5', 'en-US', 'Enter a number like 1,234.56.'],
		['', 'en-US', 'Enter a number.'],
		['1.234', 'en-US', 'Use at most 2 decimal places.'],
		['-5', 'en-US', 'Enter a number of zero or more.']
	])('refuses %j in %s', (input, locale, error) => {
		expect(parseDecimalInput(input, locale, money)).toEqual({ ok: false, error });
	});

	it('accepts negatives only where asked', () => {
		expect(parseDecimalInput('-250,75', 'fr-FR', { maxDecimals: 2, allowNegative: true })).toEqual({
			ok: true,
			value: '-250.75'
		});
	});
});

describe('display', () => {
	it('formats exactly in the chosen locale and currency', () => {
		expect(formatMoney('239200', { locale: 'fr-FR', currency: 'EUR' })).toBe(
			'239\u202f200,00\u00a0€'
		);
		expect(formatMoney('12345678901234567.89', { locale: 'en-US', currency: 'USD' })).toBe(
			'$12,345,678,901,234,567.89'
		);
		expect(formatMoney('-180000', { locale: 'de-DE', currency: 'EUR' })).toBe('-180.000,00\u00a0€');
		expect(formatMoney('4250', { locale: 'ja-JP', currency: 'JPY' })).toBe('￥4,250');
	});
});

describe('ambiguous and extreme input', () => {
	it('refuses a dot before exactly three digits in a comma locale (1.000 may mean a thousand)', () => {
		expect(parseDecimalInput('1.000', 'fr-FR', { maxDecimals: 8 })).toEqual({
			ok: false,
			error: 'Enter a number like 1\u202f234,56.'
		});
		expect(parseDecimalInput('1.5', 'fr-FR', { maxDecimals: 8 })).toEqual({
			ok: true,
			value: '1.5'
		});
		expect(parseDecimalInput('1,000', 'fr-FR', { maxDecimals: 8 })).toEqual({
			ok: true,
			value: '1'
		});
	});

	it('limits digits after the dot, so every sum stays exact', () => {
		expect(validatePlainDecimal('0.' + '1'.repeat(30)).ok).toBe(true);
		expect(validatePlainDecimal('0.' + '1'.repeat(31))).toEqual({
			ok: false,
			error: `"0.${'1'.repeat(31)}" has more than 30 digits after the dot`
		});
		const big = '99999999999999999999.' + '9'.repeat(30);
		expect(multiplyDecimals(big, big)).toBe(toDecimal(big).times(toDecimal(big)).toFixed());
		expect(multiplyDecimals(big, big).replace('.', '').length).toBe(100);
	});
});

describe('arithmetic on integers with a scale', () => {
	const decimal = fc
		.tuple(fc.bigInt({ min: -(10n ** 24n), max: 10n ** 24n }), fc.integer({ min: 0, max: 14 }))
		.map(([units, scale]) => {
			const negative = units < 0n;
			const digits = (negative ? -units : units).toString().padStart(scale + 1, '0');
			const text = scale ? `${digits.slice(0, -scale)}.${digits.slice(-scale)}` : digits;
			return negative ? `-${text}` : text;
		});

	it('gives exactly what decimal.js gives, for +, −, ×, ÷ (half to even), comparison and form', () => {
		fc.assert(
			fc.property(decimal, decimal, fc.integer({ min: 0, max: 12 }), (a, b, places) => {
				const [x, y] = [toDecimal(a), toDecimal(b)];
				expect(addDecimals(a, b)).toBe(plainText(x.plus(y)));
				expect(subtractDecimals(a, b)).toBe(plainText(x.minus(y)));
				expect(multiplyDecimals(a, b)).toBe(plainText(x.times(y)));
				expect(compareDecimals(a, b)).toBe(x.comparedTo(y));
				expect(normalDecimal(a)).toBe(plainText(x));
				if (!y.isZero())
					expect(divideDecimals(a, b, places)).toBe(
						plainText(x.dividedBy(y).toDecimalPlaces(places))
					);
			}),
			{ numRuns: 3000 }
		);
		expect(divideDecimals('0.125', '1', 2)).toBe('0.12');
		expect(divideDecimals('-0.135', '1', 2)).toBe('-0.14');
		expect(formatPercent('12.5', 'en-US')).toBe('+12.5%');
	});
});
