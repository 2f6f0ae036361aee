import { describe, expect, it } from 'vitest';
import { addMonths, isDateText, normalizeTimestamp } from './dates';

describe('timestamps', () => {
	it.each([
		['2025-01-15T00:00:00.000Z', '2025-01-15T00:00:00.000Z'],
		['2024-02-29T10:00:00.000Z', '2024-02-29T10:00:00.000Z'],
		['2024-06-30T12:34:56.789+00:00', '2024-06-30T12:34:56.789Z'],
		['2024-06-30T14:34:56.789+02:00', '2024-06-30T12:34:56.789Z'],
		['2024-06-30T12:34:56Z', '2024-06-30T12:34:56.000Z'],
		['2024-06-30', '2024-06-30T00:00:00.000Z']
	])('%s is stored as %s', (input, stored) => {
		expect(normalizeTimestamp(input)).toBe(stored);
	});

	it.each([
		'2025-02-29T00:00:00.000Z',
		'2025-13-01T00:00:00.000Z',
		'2025-01-32T00:00:00.000Z',
		'2025-01-01T24:00:00.000Z',
		'2025-01-01T00:60:00.000Z',
		'yesterday',
		'',
		'2025-1-1'
	])('%j is refused', (input) => {
		expect(normalizeTimestamp(input)).toBeNull();
	});

	it('knows real calendar days and month ends', () => {
		expect(isDateText('2024-02-29')).toBe(true);
		expect(isDateText('2023-02-29')).toBe(false);
		expect(addMonths('2025-01-31', 1)).toBe('2025-02-28');
		expect(addMonths('2026-11-21', -14)).toBe('2025-09-21');
	});
});
