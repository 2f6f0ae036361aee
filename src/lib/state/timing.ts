/**
 * User Timing marks for the benchmark (`npm run bench` reads them with performance.now()
 * semantics). Cheap, standard, and visible in the browser's performance panel too.
 */

/** Marks `name` once per page load, when the browser next paints. */
export function markPaintedOnce(name: string): void {
	if (performance.getEntriesByName(name, 'mark').length > 0) return;
	requestAnimationFrame(() => {
		if (performance.getEntriesByName(name, 'mark').length === 0) performance.mark(name);
	});
}

/** Records how long `work` took, as a measure named `name`. */
export async function measured<T>(name: string, work: () => Promise<T>): Promise<T> {
	const start = performance.now();
	const result = await work();
	performance.measure(name, { start, end: performance.now() });
	return result;
}

const WRITE_SENT = 'strata:write-sent';

/** A change leaves for the worker (the start of strata:change-repainted). */
export function markWriteSent(): void {
	performance.clearMarks(WRITE_SENT);
	performance.mark(WRITE_SENT);
}

/**
 * Once every one of `loadedAt` (reads' arrival times) is after the latest change sent, measures
 * change sent → painted as `name`, once per change.
 */
export function measureRepaintAfterWrite(name: string, loadedAt: number[]): void {
	const sent = performance.getEntriesByName(WRITE_SENT, 'mark').at(-1);
	if (!sent || loadedAt.some((at) => at < sent.startTime)) return;
	performance.clearMarks(WRITE_SENT);
	requestAnimationFrame(() => performance.measure(name, { start: sent.startTime }));
}
