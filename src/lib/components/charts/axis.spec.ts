import { scaleUtc } from 'd3-scale';
import { describe, expect, it } from 'vitest';
import { fitXTicks, leftPadFor, textWidth, yTickCount } from './axis';

const FONT = '13px sans-serif';
const month = new Intl.DateTimeFormat('fr-FR', {
	year: 'numeric',
	month: 'short',
	timeZone: 'UTC'
});

describe('axis labels that fit', () => {
	it('chooses as many date labels as fit side by side, none past an edge', () => {
		for (const width of [360, 600, 1200]) {
			const x = scaleUtc()
				.domain([new Date('2024-01-01'), new Date('2026-12-03')])
				.range([70, width - 12]);
			const ticks = fitXTicks(x, (d) => month.format(d), {
				width,
				plotWidth: width - 82,
				font: FONT
			});
			expect(ticks.length).toBeGreaterThan(0);
			let right = -Infinity;
			for (const tick of ticks) {
				const w = textWidth(tick.text, FONT);
				const from =
					tick.anchor === 'start' ? tick.at : tick.anchor === 'end' ? tick.at - w : tick.at - w / 2;
				expect(from).toBeGreaterThanOrEqual(right);
				expect(from).toBeGreaterThanOrEqual(0);
				expect(from + w).toBeLessThanOrEqual(width);
				right = from + w;
			}
		}
		const narrow = scaleUtc()
			.domain([new Date('2024-01-01'), new Date('2026-12-03')])
			.range([70, 348]);
		const wide = scaleUtc()
			.domain([new Date('2024-01-01'), new Date('2026-12-03')])
			.range([70, 1188]);
		const count = (x: typeof narrow, width: number) =>
			fitXTicks(x, (d) => month.format(d), { width, plotWidth: width - 82, font: FONT }).length;
		expect(count(wide, 1200)).toBeGreaterThan(count(narrow, 360));
	});

	it('leaves room on the left for the widest value label, and fewer ticks on a short plot', () => {
		const labels = ['−1,2 M €', '0 €', '500 k €'];
		expect(leftPadFor(labels, FONT)).toBeGreaterThanOrEqual(textWidth('−1,2 M €', FONT) + 8);
		expect(yTickCount(100)).toBeLessThan(yTickCount(300));
		expect(yTickCount(20)).toBe(2);
	});
});
