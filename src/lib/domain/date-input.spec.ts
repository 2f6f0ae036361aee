import { describe, expect, it } from 'vitest';
import { dateInputFormat, formatDateInput, parseDateInput } from './date-input';
import { addDays } from './dates';

const LOCALES = ['en-US', 'en-GB', 'fr-FR', 'de-DE', 'es-ES', 'it-IT', 'ja-JP'];

describe('days typed in the user’s format', () => {
	it('writes a day as each format does', () => {
		expect(formatDateInput('2026-12-31', 'fr-FR')).toBe('31/12/2026');
		expect(formatDateInput('2026-12-31', 'en-US')).toBe('12/31/2026');
		expect(formatDateInput('2026-12-31', 'de-DE')).toBe('31.12.2026');
		expect(formatDateInput('2026-12-31', 'ja-JP')).toBe('2026/12/31');
		expect(dateInputFormat('en-GB')).toEqual({ order: 'dmy', separator: '/' });
	});

	it('reads back every day it writes, in every format', () => {
		for (const locale of LOCALES) {
			for (let day = '2023-12-25'; day < '2025-01-10'; day = addDays(day, 7)) {
				expect(parseDateInput(formatDateInput(day, locale), locale), `${locale} ${day}`).toBe(day);
			}
		}
	});

	it('reads the user’s order, not the other one', () => {
		expect(parseDateInput('4/1/2021', 'fr-FR')).toBe('2021-01-04');
		expect(parseDateInput('4/1/2021', 'en-US')).toBe('2021-04-01');
		expect(parseDateInput('31/12/2026', 'en-US')).toBeNull();
		expect(parseDateInput('12/31/2026', 'fr-FR')).toBeNull();
	});

	it('takes any separator, eight digits, a short year and ISO', () => {
		expect(parseDateInput('31.12.2026', 'fr-FR')).toBe('2026-12-31');
		expect(parseDateInput('31-12-2026', 'fr-FR')).toBe('2026-12-31');
		expect(parseDateInput('31122026', 'fr-FR')).toBe('2026-12-31');
		expect(parseDateInput('20261231', 'ja-JP')).toBe('2026-12-31');
		expect(parseDateInput('31/12/26', 'fr-FR')).toBe('2026-12-31');
		expect(parseDateInput('2026-12-31', 'en-US')).toBe('2026-12-31');
		expect(parseDateInput(' 2026-12-31 ', 'fr-FR')).toBe('2026-12-31');
	});

	it('refuses what is not a real day', () => {
		for (const text of [
			'',
			'31/02/2024',
			'32/01/2024',
			'demain',
			'1/1',
			'2026-12-31T10:00',
			'12/12/12/12'
		])
			expect(parseDateInput(text, 'fr-FR'), text).toBeNull();
		expect(parseDateInput('29/02/2024', 'fr-FR')).toBe('2024-02-29');
		expect(parseDateInput('29/02/2023', 'fr-FR')).toBeNull();
	});
});
