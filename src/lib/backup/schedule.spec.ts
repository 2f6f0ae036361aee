import { describe, expect, it } from 'vitest';
import {
	AFTER_CHANGE_MS,
	AT_MOST_AFTER_CHANGE_MS,
	DAILY_MS,
	MIN_GAP_MS,
	nextBackupAt,
	type BackupTimes
} from './schedule';

const T = Date.UTC(2026, 11, 2, 14, 0, 0);
const MIN = 60_000;
const times = (partial: Partial<BackupTimes>): BackupTimes => ({
	lastBackupAt: null,
	lastAttemptAt: null,
	pendingSince: null,
	lastChangeAt: null,
	...partial
});

describe('when the next automatic backup is due', () => {
	it('at once when there has never been one', () => {
		expect(nextBackupAt(times({}))).toBeLessThanOrEqual(T);
	});

	it('a day after the last one when nothing changed (on start-up: at once if older)', () => {
		expect(nextBackupAt(times({ lastBackupAt: T }))).toBe(T + DAILY_MS);
		expect(nextBackupAt(times({ lastBackupAt: T - 2 * DAILY_MS }))).toBeLessThanOrEqual(T);
	});

	it('a minute after the last of several changes', () => {
		const last = times({ lastBackupAt: T - DAILY_MS / 2, lastAttemptAt: T - DAILY_MS / 2 });
		expect(nextBackupAt({ ...last, pendingSince: T, lastChangeAt: T })).toBe(T + AFTER_CHANGE_MS);
		expect(nextBackupAt({ ...last, pendingSince: T, lastChangeAt: T + 40_000 })).toBe(
			T + 40_000 + AFTER_CHANGE_MS
		);
	});

	it('no later than 10 minutes after the first change, however long edits go on', () => {
		expect(nextBackupAt(times({ pendingSince: T, lastChangeAt: T + 9.5 * MIN }))).toBe(
			T + AT_MOST_AFTER_CHANGE_MS
		);
	});

	it('never within 5 minutes of the last attempt, written or failed', () => {
		expect(
			nextBackupAt(
				times({ lastBackupAt: T, lastAttemptAt: T, pendingSince: T + MIN, lastChangeAt: T + MIN })
			)
		).toBe(T + MIN_GAP_MS);
		// A failed attempt (the last written one is two days old) waits too: no loop against a full disk.
		expect(nextBackupAt(times({ lastBackupAt: T - 2 * DAILY_MS, lastAttemptAt: T }))).toBe(
			T + MIN_GAP_MS
		);
	});
});
