import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
	NUMBER_STYLES,
	describeNumberStyle,
	detectNumberStyle,
	parseAmount,
	type NumberStyle
} from './csv-numbers';
import { isPlainDecimal } from './money';

const FR: NumberStyle = { decimal: ',', grouping: ' ' };
const DE: NumberStyle = { decimal: ',', grouping: '.' };
const CH: NumberStyle = { decimal: '.', grouping: "'" };
const US: NumberStyle = { decimal: '.', grouping: ',' };
const PLAIN: NumberStyle = { decimal: '.', grouping: '' };
const COMMA: NumberStyle = { decimal: ',', grouping: '' };

describe('parseAmount', () => {
	it.each([
		['1 234,56', FR, '1234.56'],
		['1\u00a0234,56', FR, '1234.56'],
		['1\u202f234,56', FR, '1234.56'],
		['1 234 567,89', FR, '1234567.89'],
		['-1 234,56', FR, '-1234.56'],
		['1 234,56 €', FR, '1234.56'],
		['1\u00a0234,56\u00a0€', FR, '1234.56'],
		['−45,20', FR, '-45.20'],
		['12,50-', FR, '-12.50'],
		['12,50 €-', FR, '-12.50'],
		['1.234,56', DE, '1234.56'],
		['1.234.567', DE, '1234567'],
		['EUR 1.234,56', DE, '1234.56'],
		["1'234.56", CH, '1234.56'],
		['1’234.56', CH, '1234.56'],
		["CHF 1'234.56", CH, '1234.56'],
		["-1'234.56 CHF", CH, '-1234.56'],
		['1,234.56', US, '1234.56'],
		['$1,234.56', US, '1234.56'],
		['-$1,234.56', US, '-1234.56'],
		['$-1,234.56', US, '-1234.56'],
		['(12.50)', US, '-12.50'],
		['($1,234.50)', US, '-1234.50'],
		['US$ 99.99', US, '99.99'],
		['£12', US, '12'],
		['12.5 USD', US, '12.5'],
		['+12.5', US, '12.5'],
		['1234.56', PLAIN, '1234.56'],
		['1234,56', COMMA, '1234.56'],
		['1200', FR, '1200'],
		['1 200', FR, '1200'],
		['0,5', FR, '0.5'],
		[',5', FR, '0.5'],
		['-0,5', FR, '-0.5'],
		['007', PLAIN, '7'],
		['0.00', PLAIN, '0.00'],
		['-0,00', COMMA, '0.00'],
		['  42  ', PLAIN, '42'],
		['0.12345678', PLAIN, '0.12345678'],
		['1234.56', US, '1234.56']
	])('%j in %o is %s', (text, style, plain) => {
		expect(parseAmount(text, style)).toBe(plain);
	});

	it.each([
		['', FR],
		['   ', FR],
		['abc', FR],
		['€', FR],
		['-', FR],
		['()', US],
		['1 23,45', FR], // a group of two
		['12 3456', FR],
		['1,234.56', FR], // another style
		['1.234,56', US],
		['1,234', PLAIN],
		['1 234,56', COMMA], // no grouping in this style
		['0,125', US], // "0" is never a group of its own: not 125
		['1.234.56', DE],
		['12,', FR],
		['1,5,6', FR],
		['--5', PLAIN],
		['-(5)', PLAIN],
		['(-5)', PLAIN],
		['(5', PLAIN],
		['5)', PLAIN],
		['- 5 -', PLAIN],
		['1e5', PLAIN],
		['NaN', PLAIN],
		['Infinity', PLAIN],
		['0x1F', PLAIN],
		['12 € 50', FR],
		['€ 12 $', US],
		['12/01/2026', FR],
		['2026-01-12', PLAIN],
		['123456789012345678901', PLAIN], // more digits than any amount we store
		['1,234', { decimal: ',', grouping: ',' } as NumberStyle]
	])('%j is not a number in %o', (text, style) => {
		expect(parseAmount(text, style)).toBeNull();
	});

	it('reads the same digits differently in each style, as the style says', () => {
		expect(parseAmount('1,234', US)).toBe('1234');
		expect(parseAmount('1,234', FR)).toBe('1.234');
		expect(parseAmount('1.234', DE)).toBe('1234');
		expect(parseAmount('1.234', PLAIN)).toBe('1.234');
	});

	const digits = (min: number, max: number) =>
		fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: min, maxLength: max });
	const spaces = ['\u0020', '\u00a0', '\u202f'];

	/** Writes units in the style, as a bank or spreadsheet might. */
	function written(
		integer: string,
		fraction: string,
		style: NumberStyle,
		grouped: boolean,
		space: string
	): string {
		let whole = integer;
		if (grouped && style.grouping !== '') {
			const mark = style.grouping === ' ' ? space : style.grouping;
			whole = integer.replace(/\B(?=(\d{3})+(?!\d))/g, mark);
		}
		return fraction === '' ? whole : `${whole}${style.decimal}${fraction}`;
	}

	it('round-trips any decimal written in any style, with any sign and currency', () => {
		fc.assert(
			fc.property(
				fc.bigInt({ min: 0n, max: 10n ** 18n }),
				digits(0, 8),
				fc.constantFrom(...NUMBER_STYLES),
				fc.boolean(),
				fc.constantFrom(...spaces),
				fc.constantFrom('', '-', '−', 'trailing-', '()', '+'),
				fc.constantFrom('', '€ ', ' €', 'EUR ', ' USD', '$'),
				(units, fraction, style, grouped, space, sign, currency) => {
					let text = written(units.toString(), fraction, style, grouped, space);
					if (currency.startsWith(' ') || currency === ' €') text += currency;
					else text = currency + text;
					if (sign === '()') text = `(${text})`;
					else if (sign === 'trailing-') text += '-';
					else text = sign + text;
					const negative = sign !== '' && sign !== '+' && /[1-9]/.test(units + fraction);
					const expected = (negative ? '-' : '') + units + (fraction ? `.${fraction}` : '');
					expect(parseAmount(text, style)).toBe(expected);
				}
			)
		);
	});

	it('gives a plain decimal or null for any text at all', () => {
		fc.assert(
			fc.property(
				fc.string({ unit: fc.constantFrom(..."0123456789 .,'-+()€$\u00a0EURabc"), maxLength: 16 }),
				fc.constantFrom(...NUMBER_STYLES),
				(text, style) => {
					const plain = parseAmount(text, style);
					if (plain !== null) expect(isPlainDecimal(plain)).toBe(true);
				}
			)
		);
	});
});

describe('detectNumberStyle', () => {
	it('decides French numbers from a column of them', () => {
		expect(detectNumberStyle(['1 234,56', '12,00', '-3,5'])).toEqual({
			style: FR,
			candidates: [FR]
		});
		expect(detectNumberStyle(['1\u00a0234,56', '5\u202f000,00']).style).toEqual(FR);
	});

	it.each([
		[['1.234,56', '12,00'], DE],
		[['1.234.567'], DE],
		[["1'234.56", '3.5'], CH],
		[['1,234.56', '12.00'], US],
		[['1 234.56'], { decimal: '.', grouping: ' ' }],
		[['1234.56', '12.5'], US], // grouping not seen: the usual one with a dot
		[['1234,56', '12,5'], FR], // and with a comma
		[['12', '300', '-4'], US], // integers read alike in every style
		[['1 234', '12'], FR]
	])('decides %j as %o', (samples, style) => {
		expect(detectNumberStyle(samples).style).toEqual(style);
	});

	it('does not guess "1,234": one thousand two hundred and thirty-four, or 1.234?', () => {
		const { style, candidates } = detectNumberStyle(['1,234', '5,678']);
		expect(style).toBeNull();
		expect(candidates).toEqual([US, FR]);
		expect(candidates.map((c) => parseAmount('1,234', c))).toEqual(['1234', '1.234']);
	});

	it('does not guess "1.234" either', () => {
		const { style, candidates } = detectNumberStyle(['1.234']);
		expect(style).toBeNull();
		expect(candidates.map((c) => parseAmount('1.234', c)).sort()).toEqual(['1.234', '1234']);
	});

	it('takes the preferred style when the samples allow it, and offers it first when they do not', () => {
		expect(detectNumberStyle(['12', '300'], DE).style).toEqual(DE);
		expect(detectNumberStyle(['12.50'], DE).style).toEqual(US); // DE cannot read 12.50
		expect(detectNumberStyle(['1,234'], FR)).toEqual({ style: null, candidates: [FR, US] });
	});

	it('ignores cells that are not numbers', () => {
		expect(detectNumberStyle(['', 'n/a', '1 234,56', 'Total']).style).toEqual(FR);
		expect(detectNumberStyle(['', 'n/a', 'Total'])).toEqual({ style: null, candidates: [] });
		expect(detectNumberStyle([])).toEqual({ style: null, candidates: [] });
	});

	it('offers the styles reading the most cells when no style reads them all', () => {
		const { style, candidates } = detectNumberStyle(['1,5', '2,25', '1.5']);
		expect(style).toBeNull();
		expect(candidates[0]).toEqual(FR);
		expect(candidates.every((c) => parseAmount('1,5', c) === '1.5')).toBe(true);
	});

	it('agrees with parseAmount: the style found reads every sample', () => {
		fc.assert(
			fc.property(
				fc.constantFrom(...NUMBER_STYLES.filter((s) => s.grouping !== '')),
				fc.array(fc.bigInt({ min: 1000n, max: 10n ** 9n }), { minLength: 1, maxLength: 5 }),
				(style, values) => {
					const samples = values.map(
						(v) =>
							v.toString().replace(/\B(?=(\d{3})+(?!\d))/g, style.grouping) + style.decimal + '25'
					);
					expect(detectNumberStyle(samples).style).toEqual(style);
				}
			)
		);
	});
});

describe('describeNumberStyle', () => {
	it.each([
		[FR, '1 234,56'],
		[US, '1,234.56'],
		[DE, '1.234,56'],
		[CH, "1'234.56"],
		[PLAIN, '1234.56'],
		[COMMA, '1234,56']
	])('labels %o as %s', (style, label) => {
		expect(describeNumberStyle(style)).toBe(label);
	});
});
