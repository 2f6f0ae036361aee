import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { describeDateOrder, detectDateOrder, parseDay, type DateOrder } from './csv-dates';

describe('parseDay', () => {
	it.each<[string, DateOrder, string]>([
		['31/12/2026', 'dmy', '2026-12-31'],
		['12/31/2026', 'mdy', '2026-12-31'],
		['2026-12-31', 'iso', '2026-12-31'],
		['2026-12-31', 'dmy', '2026-12-31'], // year first reads the same in every order
		['2026-12-31', 'mdy', '2026-12-31'],
		['2026/12/31', 'dmy', '2026-12-31'],
		['2026-1-5', 'iso', '2026-01-05'],
		['5/1/2026', 'dmy', '2026-01-05'],
		['5/1/2026', 'mdy', '2026-05-01'],
		['05-01-2026', 'dmy', '2026-01-05'],
		['05.01.2026', 'dmy', '2026-01-05'],
		['05,01,2026', 'dmy', '2026-01-05'],
		['6.7.24', 'mdy', '2024-06-07'],
		['31/12/69', 'dmy', '2069-12-31'],
		['01/01/70', 'dmy', '1970-01-01'],
		['15/03/99', 'dmy', '1999-03-15'],
		['29/02/2024', 'dmy', '2024-02-29'],
		[' 31/12/2026 ', 'dmy', '2026-12-31'],
		['31/12/2026 14:05', 'dmy', '2026-12-31'],
		['12/31/2026 2:05 PM', 'mdy', '2026-12-31'],
		['2024-06-30T12:34:56Z', 'iso', '2024-06-30'],
		['2024-06-30T23:30:00-05:00', 'iso', '2024-06-30'], // the date as written, not shifted to UTC
		['2024-06-30T00:15:00.000+02:00', 'dmy', '2024-06-30'],
		['2024-06-30 12:34', 'iso', '2024-06-30'],
		['2024-06-30 12:34:56', 'mdy', '2024-06-30'],
		['2024-06-30, 09:30:00', 'iso', '2024-06-30']
	])('%j in %s order is %s', (text, order, day) => {
		expect(parseDay(text, order)).toBe(day);
	});

	it.each<[string, DateOrder]>([
		['31/02/2024', 'dmy'], // no such day
		['29/02/2023', 'dmy'],
		['02/31/2024', 'mdy'],
		['31/12/2026', 'mdy'],
		['12/31/2026', 'dmy'],
		['31/12/2026', 'iso'],
		['2026-13-01', 'iso'],
		['2026-02-30', 'dmy'],
		['00/01/2026', 'dmy'],
		['31/12/226', 'dmy'], // three-digit year
		['31/12-2026', 'dmy'], // two different separators
		['31 12 2026', 'dmy'],
		['31/12', 'dmy'],
		['20261231', 'iso'],
		['yesterday', 'dmy'],
		['', 'iso'],
		['1 234,56', 'dmy'],
		['2024-06-30T25:00', 'iso']
	])('%j is not a day in %s order', (text, order) => {
		expect(parseDay(text, order)).toBeNull();
	});

	const days = fc
		.date({
			min: new Date('1970-01-01T00:00:00Z'),
			max: new Date('2069-12-31T00:00:00Z'),
			noInvalidDate: true
		})
		.map((date) => date.toISOString().slice(0, 10));

	it('round-trips any day written in any order, separator, padding and year length', () => {
		fc.assert(
			fc.property(
				days,
				fc.constantFrom<DateOrder>('iso', 'dmy', 'mdy'),
				fc.constantFrom('/', '-', '.'),
				fc.boolean(),
				fc.boolean(),
				(day, order, separator, padded, shortYear) => {
					const [y, m, d] = day.split('-') as [string, string, string];
					const pad = (part: string) => (padded ? part : String(Number(part)));
					const year = shortYear ? y.slice(2) : y;
					const text =
						order === 'iso'
							? `${y}${separator}${pad(m)}${separator}${pad(d)}`
							: order === 'dmy'
								? `${pad(d)}${separator}${pad(m)}${separator}${year}`
								: `${pad(m)}${separator}${pad(d)}${separator}${year}`;
					expect(parseDay(text, order)).toBe(day);
				}
			)
		);
	});
});

describe('detectDateOrder', () => {
	it('decides day first when a day above 12 is seen', () => {
		expect(detectDateOrder(['03/04/2026', '13/04/2026', '01/05/2026'])).toEqual({
			order: 'dmy',
			candidates: ['dmy']
		});
	});

	it('decides month first when a day above 12 comes second', () => {
		expect(detectDateOrder(['04/03/2026', '04/13/2026'])).toEqual({
			order: 'mdy',
			candidates: ['mdy']
		});
	});

	it('decides ISO when every date is year first', () => {
		expect(detectDateOrder(['2026-01-02', '2026-01-03T10:00:00Z'])).toEqual({
			order: 'iso',
			candidates: ['iso']
		});
	});

	it('asks, never guesses, when every day is 12 or less', () => {
		expect(detectDateOrder(['03/04/2026', '05/04/2026', '12/12/2026'])).toEqual({
			order: null,
			candidates: ['dmy', 'mdy']
		});
		// A day and month of the same number read alike and settle nothing.
		expect(detectDateOrder(['01/01/2026', '02/02/2026']).order).toBeNull();
	});

	it('reads year-first dates among others in the other order', () => {
		expect(detectDateOrder(['2026-01-02', '25/01/2026']).order).toBe('dmy');
	});

	it('offers the order reading the most dates first when no order reads them all', () => {
		expect(detectDateOrder(['31/01/2026', '01/31/2026', '30/01/2026'])).toEqual({
			order: null,
			candidates: ['dmy', 'mdy']
		});
		expect(detectDateOrder(['31/01/2026', '01/31/2026', '01/30/2026']).candidates).toEqual([
			'mdy',
			'dmy'
		]);
	});

	it('ignores cells that are not dates', () => {
		expect(detectDateOrder(['', 'Date', '25/01/2026', 'total']).order).toBe('dmy');
		expect(detectDateOrder(['', 'n/a'])).toEqual({ order: null, candidates: [] });
	});
});

describe('describeDateOrder', () => {
	it('labels each order with 31 December 2026', () => {
		expect(describeDateOrder('dmy')).toBe('31/12/2026');
		expect(describeDateOrder('mdy')).toBe('12/31/2026');
		expect(describeDateOrder('iso')).toBe('2026-12-31');
	});
});
