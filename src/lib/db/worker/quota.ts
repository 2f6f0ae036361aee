/**
 * Storage space: a write that would not fit is refused before it starts, with the numbers; a
 * write that runs out of space anyway has rolled back, and the message says so.
 */

/** Not enough storage space for what was asked; nothing was changed. */
export class QuotaError extends Error {
	override name = 'QuotaError';
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

/** SQLite (or OPFS) ran out of room: the quota was reached while writing. */
export function isOutOfSpace(error: unknown): boolean {
	const code = String((error as { code?: unknown })?.code ?? '');
	const text = `${(error as Error)?.name} ${(error as Error)?.message}`;
	return (
		code === 'SQLITE_FULL' ||
		code.startsWith('SQLITE_IOERR') ||
		/quota|QuotaExceeded|disk is full|database or disk is full/i.test(text)
	);
}

export function outOfSpaceError(what: string): QuotaError {
	return new QuotaError(
		`The browser ran out of storage space while trying to ${what}, so it was undone: nothing was changed. Free some space (old restore points, other sites' data) and try again.`
	);
}
