/**
 * When the next automatic backup is due. Pure, in milliseconds since the epoch: the state
 * (`state/auto-backup.svelte.ts`) keeps the times and sets one timer for the answer.
 */

/** A change is backed up this long after the last change (edits in a row make one backup)… */
export const AFTER_CHANGE_MS = 60_000;
/** …but no later than this after the first change not backed up, however long edits go on. */
export const AT_MOST_AFTER_CHANGE_MS = 10 * 60_000;
/** Never two attempts closer than this (a failed one included: no loop against a full disk). */
export const MIN_GAP_MS = 5 * 60_000;
/** With no change, a backup this long after the last one: at least daily while Strata is open. */
export const DAILY_MS = 24 * 60 * 60_000;
/** How often the timer is set again from the clock, for a computer that slept past it. */
export const CHECK_EVERY_MS = 10 * 60_000;

export interface BackupTimes {
	/** The last backup written, if any. */
	lastBackupAt: number | null;
	/** The last backup tried, written or not. */
	lastAttemptAt: number | null;
	/** The first change not backed up yet, if any. */
	pendingSince: number | null;
	/** The latest change not backed up yet. */
	lastChangeAt: number | null;
}

/**
 * The moment the next backup is due (in the past: due now).
 *
 * @example nextBackupAt({ lastBackupAt: null, lastAttemptAt: null, pendingSince: null, lastChangeAt: null }) // 0: now
 */
export function nextBackupAt(times: BackupTimes): number {
	const earliest = times.lastAttemptAt === null ? 0 : times.lastAttemptAt + MIN_GAP_MS;
	if (times.pendingSince !== null) {
		const lastChange = times.lastChangeAt ?? times.pendingSince;
		const settled = Math.min(
			lastChange + AFTER_CHANGE_MS,
			times.pendingSince + AT_MOST_AFTER_CHANGE_MS
		);
		return Math.max(settled, earliest);
	}
	if (times.lastBackupAt === null) return earliest;
	return Math.max(times.lastBackupAt + DAILY_MS, earliest);
}
