/**
 * Hybrid logical clocks: a time for every change that orders all changes of all devices the
 * same way everywhere, follows the wall clock when it can, and never goes backwards (a device
 * whose clock is behind still gives its changes times after everything it has seen).
 *
 * A clock is text that sorts as it orders: 15 digits of milliseconds since 1970, 5 digits of a
 * counter for changes within the same millisecond, and the device's id, which breaks ties.
 *
 * @example nextClock(null, Date.parse('2026-12-03T10:00:00Z'), 'ab12cd')
 * // '001764756000000:00000:ab12cd'
 */

export const CLOCK = /^\d{15}:\d{5}:[a-z0-9]{6}$/;

interface Parts {
	millis: number;
	counter: number;
}

function parse(clock: string): Parts {
	return { millis: Number(clock.slice(0, 15)), counter: Number(clock.slice(16, 21)) };
}

function format({ millis, counter }: Parts, device: string): string {
	return `${String(millis).padStart(15, '0')}:${String(counter).padStart(5, '0')}:${device}`;
}

/** The time of a change made now, after `last` (this device's clock). */
export function nextClock(last: string | null, now: number, device: string): string {
	const before = last ? parse(last) : { millis: 0, counter: 0 };
	if (now > before.millis) return format({ millis: now, counter: 0 }, device);
	return format(advance(before), device);
}

/** This device's clock after seeing `remote`: at least as late, so later changes sort after it. */
export function receiveClock(
	last: string | null,
	remote: string,
	now: number,
	device: string
): string {
	const seen = [last, remote].filter((c): c is string => c !== null).sort();
	const latest = parse(seen[seen.length - 1]!);
	if (now > latest.millis) return format({ millis: now, counter: 0 }, device);
	return format(advance(latest), device);
}

/** The next counter, spilling into the next millisecond rather than overflowing. */
function advance({ millis, counter }: Parts): Parts {
	return counter < 99_999 ? { millis, counter: counter + 1 } : { millis: millis + 1, counter: 0 };
}
