/**
 * Storage space: a write that would not fit is refused before it starts, with the numbers; a
 * write that runs out of space anyway has rolled back, and the message says so.
 */

import { AppError } from '$lib/domain/errors';
import { m } from '$lib/paraglide/messages';
import { SqlError } from './engine';

/** Not enough storage space for what was asked; nothing was changed. */
export class QuotaError extends AppError {
	override name = 'QuotaError';
	constructor(message: string) {
		super('quota', message);
	}
}

/** Every figure of the message in one unit, so they compare at a glance. */
function megabytes(bytes: number): string {
	return m.errors_megabytes({
		size: (bytes / 1024 / 1024).toFixed(bytes < 10 * 1024 * 1024 ? 1 : 0)
	});
}

/**
 * Throws a QuotaError when `needed` bytes do not fit in what the browser still gives this site.
 *
 * @example assertRoom(60e6, { usage: 9.96e9, quota: 1e10 }, 'import this backup') // throws
 */
export function assertRoom(
	needed: number,
	{ usage = 0, quota = Infinity }: StorageEstimate,
	what: string
): void {
	const free = Math.max(0, quota - usage);
	if (needed > free) {
		throw new QuotaError(
			m.errors_quota_not_enough({
				what,
				needed: megabytes(needed),
				free: megabytes(free),
				used: megabytes(usage),
				quota: megabytes(quota)
			})
		);
	}
}

const SQLITE_IOERR = 10;
const SQLITE_FULL = 13;

/**
 * How a write failed for lack of room: 'full' when SQLite or the browser said so, 'io' when the
 * file could not be written (the OPFS pool reports a quota refusal as a plain I/O error, so the
 * caller checks the storage left to tell the two apart), null for any other failure.
 */
export function spaceFailure(error: unknown): 'full' | 'io' | null {
	if (error instanceof DOMException && error.name === 'QuotaExceededError') return 'full';
	if (!(error instanceof SqlError)) return null;
	if (error.primaryCode === SQLITE_FULL) return 'full';
	return error.primaryCode === SQLITE_IOERR ? 'io' : null;
}

/** The storage left is nearly gone: less than 20 MB, or than 2% of what the browser allows. */
export function nearlyFull({ usage = 0, quota = Infinity }: StorageEstimate): boolean {
	const free = quota - usage;
	return free < Math.max(20 * 1024 * 1024, quota * 0.02);
}

/** The file could not be written for another reason: the transaction rolled back all the same. */
export function writeFailedError(what: string, error: Error): AppError {
	return new AppError('internal', m.errors_quota_write_failed({ what, reason: error.message }));
}

export function outOfSpaceError(what: string): QuotaError {
	return new QuotaError(m.errors_quota_out_of_space({ what }));
}
