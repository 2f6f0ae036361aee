/**
 * Axis labels that fit: how many ticks an axis has is chosen from the room there is and the
 * width of its labels as they are written (in the user's number and date format, where "janv."
 * or "−1 234 567 €" are wider than their English), so no two labels overlap and none is cut at
 * the edge of the chart.
 */

/** The font of the axis labels (their CSS sets 13px), with the family the chart inherits. */
export const AXIS_FONT_SIZE = 13;

let context: CanvasRenderingContext2D | null | undefined;

/** The width of `text` in `font` (a CSS font), in pixels; an estimate where nothing can measure. */
export function textWidth(text: string, font: string): number {
	if (context === undefined)
		context =
			typeof document === 'undefined' ? null : document.createElement('canvas').getContext('2d');
	if (!context) return text.length * AXIS_FONT_SIZE * 0.62;
	context.font = font;
	// A little more than measured: the SVG may round or hint the glyphs wider.
	return Math.ceil(context.measureText(text).width * 1.04) + 1;
}

/** The font of the labels inside `element` (the chart's box): the family it inherits. */
export function axisFont(element: HTMLElement | undefined): string {
	const family =
		element && typeof getComputedStyle === 'function'
			? getComputedStyle(element).fontFamily
			: 'sans-serif'; // not shown: a CSS font family
	return `${AXIS_FONT_SIZE}px ${family || 'sans-serif'}`; // not shown: a CSS font
}

/** At most this many value ticks, at least this far apart (px), on a plot this tall. */
export function yTickCount(plotHeight: number): number {
	return Math.max(2, Math.min(5, Math.floor(plotHeight / (AXIS_FONT_SIZE * 2.4))));
}

/** The left margin that holds the widest value label, its gap to the plot, and a margin. */
export function leftPadFor(labels: string[], font: string, gap = 8): number {
	const widest = Math.max(0, ...labels.map((l) => textWidth(l, font)));
	return Math.max(36, Math.ceil(widest + gap + 4));
}

export interface XTick {
	time: number;
	at: number;
	text: string;
	anchor: 'start' | 'middle' | 'end';
}

interface TimeScale {
	(value: Date): number;
	ticks(count: number): Date[];
}

/**
 * The most date ticks whose labels fit side by side between 0 and `width` with `gap` between
 * them: centred under their tick, or ending (starting) on it near the right (left) edge.
 */
export function fitXTicks(
	x: TimeScale,
	format: (day: Date) => string,
	{
		width,
		plotWidth,
		font,
		gap = 12
	}: { width: number; plotWidth: number; font: string; gap?: number }
): XTick[] {
	const widthOf = new Map<string, number>();
	const measure = (text: string) => {
		let w = widthOf.get(text);
		if (w === undefined) widthOf.set(text, (w = textWidth(text, font)));
		return w;
	};
	const placed = (days: Date[]): XTick[] | null => {
		let right = -Infinity;
		const ticks: XTick[] = [];
		for (const day of days) {
			const text = format(day);
			const w = measure(text);
			const at = x(day);
			let anchor: XTick['anchor'] = 'middle';
			let from = at - w / 2;
			if (from < 1) [anchor, from] = ['start', at];
			if (from + w > width - 1) [anchor, from] = ['end', at - w];
			if (from < 1 || from < right + gap) return null;
			right = from + w;
			ticks.push({ time: day.getTime(), at, text, anchor });
		}
		return ticks;
	};
	// d3's ticks at fewer and fewer of them, and every other (third…) one of each set: d3 jumps
	// from ticks every 3 months to one a year, where every other 3 months still fits.
	let best: XTick[] = [];
	for (let count = Math.max(1, Math.floor(plotWidth / 40)); count >= 1; count--) {
		const days = x.ticks(count);
		for (let stride = 1; stride <= days.length; stride++) {
			if (Math.ceil(days.length / stride) <= best.length) break;
			const ticks = placed(days.filter((_, i) => i % stride === 0));
			if (ticks) {
				best = ticks;
				break;
			}
		}
	}
	if (best.length) return best;
	// Not even one label fits whole (a chart narrower than a date): the first alone.
	const first = x.ticks(1)[0];
	return first
		? [{ time: first.getTime(), at: x(first), text: format(first), anchor: 'start' }]
		: [];
}
