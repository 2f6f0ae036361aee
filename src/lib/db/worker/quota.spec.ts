import { describe, expect, it } from 'vitest';
import { SqlError } from './engine';
import { QuotaError, assertRoom, nearlyFull, spaceFailure } from './quota';

describe('storage space', () => {
	it('refuses work that would not fit, before it starts, with the numbers', () => {
		const estimate = { usage: 1_000 * 1024 * 1024, quota: 1_010 * 1024 * 1024 };
		expect(() => assertRoom(30 * 1024 * 1024, estimate, 'import this backup')).toThrow(QuotaError);
		expect(() => assertRoom(30 * 1024 * 1024, estimate, 'import this backup')).toThrow(
			'Not enough storage space to import this backup: it needs about 30 MB, and this browser has 10 MB left for Strata (1000 MB used of 1010 MB). Nothing was changed.'
		);
		expect(() => assertRoom(5 * 1024 * 1024, estimate, 'import this backup')).not.toThrow();
	});

	it('recognises running out of space, from SQLite or from OPFS', () => {
		expect(spaceFailure(new SqlError('database or disk is full', 'SQLITE_FULL', 13))).toBe('full');
		expect(spaceFailure(new DOMException('The operation failed', 'QuotaExceededError'))).toBe(
			'full'
		);
		// The OPFS pool reports a refused write as an I/O error: the storage left tells which.
		expect(spaceFailure(new SqlError('disk I/O error', 'SQLITE_IOERR_WRITE', 10))).toBe('io');
		expect(nearlyFull({ usage: 995e6, quota: 1e9 })).toBe(true);
		expect(nearlyFull({ usage: 100e6, quota: 1e9 })).toBe(false);
		expect(
			spaceFailure(
				new SqlError('UNIQUE constraint failed: tags.name', 'SQLITE_CONSTRAINT_UNIQUE', 19)
			)
		).toBe(null);
	});
});
