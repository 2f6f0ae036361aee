import { describe, expect, it } from 'vitest';
import { CLOCK, nextClock, receiveClock } from './hlc';

const at = (iso: string) => Date.parse(iso);

describe('hybrid logical clocks', () => {
	it('follow the wall clock, and sort as text in the order they were given', () => {
		const first = nextClock(null, at('2026-12-03T10:00:00Z'), 'ab12cd');
		expect(first).toBe('001796292000000:00000:ab12cd');
		expect(first).toMatch(CLOCK);
		const second = nextClock(first, at('2026-12-03T10:00:01Z'), 'ab12cd');
		expect(second > first).toBe(true);
	});

	it('never go backwards when the wall clock does, nor repeat within a millisecond', () => {
		const now = at('2026-12-03T10:00:00Z');
		const clocks = [nextClock(null, now, 'ab12cd')];
		for (let i = 0; i < 5; i++) clocks.push(nextClock(clocks.at(-1)!, now - 60_000, 'ab12cd'));
		expect([...clocks].sort()).toEqual(clocks);
		expect(new Set(clocks).size).toBe(clocks.length);
	});

	it('give a device that saw a later change, even from a clock ahead, later times after it', () => {
		const mine = nextClock(null, at('2026-12-03T10:00:00Z'), 'aaaaaa');
		// The other device's clock is an hour ahead.
		const theirs = nextClock(null, at('2026-12-03T11:00:00Z'), 'zzzzzz');
		const seen = receiveClock(mine, theirs, at('2026-12-03T10:00:01Z'), 'aaaaaa');
		const next = nextClock(seen, at('2026-12-03T10:00:02Z'), 'aaaaaa');
		expect(seen > theirs).toBe(true);
		expect(next > theirs).toBe(true);
	});

	it('break a tie of the same time by the device id', () => {
		const now = at('2026-12-03T10:00:00Z');
		expect(nextClock(null, now, 'aaaaaa') < nextClock(null, now, 'bbbbbb')).toBe(true);
	});
});
