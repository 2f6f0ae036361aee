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
