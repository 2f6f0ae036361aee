/**
 * Storage space: a write that would not fit is refused before it starts, with the numbers; a
 * write that runs out of space anyway has rolled back, and the message says so.
 */

import { AppError } from '$lib/domain/errors';
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
	return `${(bytes / 1024 / 1024).toFixed(bytes < 10 * 1024 * 1024 ? 1 : 0)} MB`;
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
			`Not enough storage space to ${what}: it needs about ${megabytes(needed)}, and this browser has ${megabytes(free)} left for Strata (${megabytes(usage)} used of ${megabytes(quota)}). Nothing was changed. Delete old restore points, or free space on this device, then try again.`
		);
	}
}

const SQLITE_IOERR = 10;
const SQLITE_FULL = 13;

/**
 * SQLite (or OPFS) ran out of room: the quota was reached while writing. Told by SQLite's result
 * code (the OPFS pool reports a failed write as an I/O error) or the browser's own error name.
 */
export function isOutOfSpace(error: unknown): boolean {
	if (error instanceof SqlError)
		return error.primaryCode === SQLITE_FULL || error.primaryCode === SQLITE_IOERR;
	return error instanceof DOMException && error.name === 'QuotaExceededError';
}

export function outOfSpaceError(what: string): QuotaError {
	return new QuotaError(
		`The browser ran out of storage space while trying to ${what}, so it was undone: nothing was changed. Free some space (old restore points, other sites' data) and try again.`
	);
}
