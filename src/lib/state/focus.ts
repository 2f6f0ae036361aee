/**
 * Where keyboard and screen-reader users land: on a new page's heading after a navigation, on
 * the first invalid field after a failed save. Focus is only moved while nothing else holds it,
 * so a user who has already moved on (typed in a field, clicked a button) keeps their place.
 */

/** Focus is nowhere in particular: on the page itself or its main region. */
function resting(): boolean {
	const active = document.activeElement;
	return active === null || active === document.body || active.id === 'main';
}

let pending: (() => void) | null = null;

/**
 * Focuses the main region's h1, waiting for it (a page may render it once its data has loaded)
 * for a few seconds at most. A heading is made focusable with tabindex="-1": reachable by script,
 * not by Tab.
 */
export function focusPageHeading(timeout = 5000): void {
	pending?.();
	const main = document.getElementById('main');
	if (!main) return;
	const attempt = (): boolean => {
		if (!resting()) return true;
		const heading = main.querySelector('h1');
		if (!heading) return false;
		if (!heading.hasAttribute('tabindex')) heading.tabIndex = -1;
		heading.focus({ preventScroll: true });
		return true;
	};
	if (attempt()) return;
	const observer = new MutationObserver(() => {
		if (attempt()) stop();
	});
	const timer = setTimeout(stop, timeout);
	function stop() {
		observer.disconnect();
		clearTimeout(timer);
		if (pending === stop) pending = null;
	}
	observer.observe(main, { childList: true, subtree: true });
	pending = stop;
}

/** Focuses the first field marked aria-invalid in the form (in document order); true if one was. */
export function focusFirstInvalid(scope: ParentNode | null | undefined): boolean {
	const field = scope?.querySelector<HTMLElement>('[aria-invalid="true"]');
	if (!field) return false;
	field.focus();
	return true;
}
