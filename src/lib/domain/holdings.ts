/**
 * The rules of a holding, as one walk through an asset's events (its transactions and its
 * valuations) in the order they happened. Everything the app shows about an asset on a day —
 * quantity, value, cost basis, gains — and everything that counts in net worth comes from this
 * walk, stored per day by the write gate (table asset_days). The rules, in words, are in the
 * README's "Net worth" section; a test recomputes them naively.
 *
 * - Quantity on a day: Σ ACQUIRE − Σ DISPOSE + Σ ADJUST up to the end of that day. An asset with
 *   no transactions (imported files) keeps its own quantity (1 when it has none).
 * - Held while the quantity is above 0 (without transactions: from the first valuation, until
 *   the day after the last valuation when it is marked disposed).
 * - Value: the latest price point — a valuation of the whole asset counts as it is; a unit price
 *   (a valuation entered per unit, or the price of a buy or a sell) counts × the quantity.
 * - Cost basis: Σ buys − the cost of what was sold, at average cost (a sale of q out of Q units
 *   takes cost × q ÷ Q, rounded to the cent; a sale of everything takes all that is left).
 *   Realised gain of a sale: what it brought in − the cost of the units sold.
 */
import { dayOf, addDays } from './dates';
import { Dec, plainText, toDecimal, type Dec as Decimal } from './decimal';

export interface TransactionEvent {
	kind: 'transaction';
	id: string;
	type: 'ACQUIRE' | 'DISPOSE' | 'ADJUST';
	quantity: string;
	unitPrice: string;
	at: string;
	createdAt: string;
}

export interface ValuationEvent {
	kind: 'valuation';
	id: string;
	/** The value of the whole asset (for a unit-priced valuation, price × quantity that day). */
	value: string;
	/** Set when the valuation was entered per unit: then it counts × the quantity held. */
	unitPrice: string | null;
	at: string;
	createdAt: string;
}

export type HoldingEvent = TransactionEvent | ValuationEvent;

/** An asset's state at the end of a day on which something happened to it. */
export interface HoldingDay {
	day: string;
	quantity: string;
	/** What it counts for in net worth (positive for a liability too); null when not held. */
	value: string | null;
	/** The unit price in effect, when the value comes from one. */
	price: string | null;
	/** Cost basis of what is held, Σ paid for all buys, realised gains so far (with transactions). */
	cost: string | null;
	invested: string | null;
	realised: string | null;
}

/** What a sale brought in and what it realised. */
export interface SaleResult {
	transactionId: string;
	proceeds: string;
	cost: string;
	gain: string;
}

export type ProblemKind = 'before-acquisition' | 'after-sale' | 'below-zero';

/** An event that breaks a rule of the holding. */
export interface HoldingProblem {
	kind: ProblemKind;
	eventId: string;
	eventKind: HoldingEvent['kind'];
	day: string;
	/** before-acquisition: the acquisition's day; after-sale: the day it was sold in full. */
	since?: string;
	/** below-zero: the quantity it would leave. */
	quantity?: string;
}

export interface HoldingWalk {
	days: HoldingDay[];
	sales: SaleResult[];
	problems: HoldingProblem[];
}

/** Events in the order they happened; at the same moment, the one entered first comes first. */
export function compareEvents(a: HoldingEvent, b: HoldingEvent): number {
	if (a.at !== b.at) return a.at < b.at ? -1 : 1;
	if (a.createdAt !== b.createdAt) return a.createdAt < b.createdAt ? -1 : 1;
	if (a.kind !== b.kind) return a.kind === 'transaction' ? -1 : 1;
	return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

const ZERO = new Dec(0);

function signedQuantity(event: TransactionEvent): Decimal {
	const quantity = toDecimal(event.quantity);
	return event.type === 'DISPOSE' ? quantity.negated() : quantity;
}

/**
 * Walks one asset's events (any order; they are sorted here).
 *
 * @example holdingWalk([buy 10 @ 5 on Jan 1, valuation 6 per unit on Feb 1], { quantity: '10',
 *   disposed: false }).days // [{ day: Jan 1, quantity: '10', value: '50', … },
 *   { day: Feb 1, quantity: '10', value: '60', price: '6', … }]
 */
export function holdingWalk(
	input: readonly HoldingEvent[],
	asset: { quantity: string | null; disposed: boolean },
	/** Only the days from this one on are wanted (the others are known): the walk still reads all. */
	from: string | null = null
): HoldingWalk {
	const events = [...input].sort(compareEvents);
	const transactions = events.some((e) => e.kind === 'transaction');
	if (!transactions) return walkWithoutTransactions(events, asset);

	const days: HoldingDay[] = [];
	const sales: SaleResult[] = [];
	const problems: HoldingProblem[] = [];
	const acquisition = events.find((e) => e.kind === 'transaction' && e.type === 'ACQUIRE');
	const acquiredOn = acquisition ? dayOf(acquisition.at) : null;
	let quantity = ZERO;
	let cost = ZERO;
	let invested = ZERO;
	let realised = ZERO;
	let point: { whole: Decimal } | { unit: Decimal } | null = null;
	let soldOutOn: string | null = null;

	const state = (day: string): HoldingDay => {
		const held = quantity.greaterThan(0) && point !== null;
		const value =
			!held || point === null ? null : 'whole' in point ? point.whole : point.unit.times(quantity);
		return {
			day,
			quantity: plainText(quantity),
			value: value && plainText(value),
			price: held && point && 'unit' in point ? plainText(point.unit) : null,
			cost: plainText(cost),
			invested: plainText(invested),
			realised: plainText(realised)
		};
	};

	for (const event of events) {
		const day = dayOf(event.at);
		if (soldOutOn !== null && day > soldOutOn)
			problems.push({
				kind: 'after-sale',
				eventId: event.id,
				eventKind: event.kind,
				day,
				since: soldOutOn
			});
		const isAcquire = event.kind === 'transaction' && event.type === 'ACQUIRE';
		if (!isAcquire && acquiredOn !== null && day < acquiredOn)
			problems.push({
				kind: 'before-acquisition',
				eventId: event.id,
				eventKind: event.kind,
				day,
				since: acquiredOn
			});
		if (event.kind === 'valuation') {
			point =
				event.unitPrice !== null
					? { unit: toDecimal(event.unitPrice) }
					: { whole: toDecimal(event.value) };
		} else {
			const units = toDecimal(event.quantity);
			const price = toDecimal(event.unitPrice);
			if (event.type === 'ACQUIRE') {
				cost = cost.plus(price.times(units));
				invested = invested.plus(price.times(units));
				point = { unit: price };
			} else if (event.type === 'DISPOSE') {
				// Average cost: what the units sold cost, out of what is held before the sale.
				const soldCost =
					units.greaterThanOrEqualTo(quantity) || quantity.isZero()
						? cost
						: cost.times(units).dividedBy(quantity).toDecimalPlaces(2, Dec.ROUND_HALF_EVEN);
				const proceeds = price.times(units);
				sales.push({
					transactionId: event.id,
					proceeds: plainText(proceeds),
					cost: plainText(soldCost),
					gain: plainText(proceeds.minus(soldCost))
				});
				realised = realised.plus(proceeds.minus(soldCost));
				cost = cost.minus(soldCost);
				point = { unit: price };
			}
			quantity = quantity.plus(signedQuantity(event));
			if (quantity.isNegative() && !quantity.isZero())
				problems.push({
					kind: 'below-zero',
					eventId: event.id,
					eventKind: event.kind,
					day,
					quantity: plainText(quantity)
				});
			if (quantity.isZero() && event.type !== 'ACQUIRE' && soldOutOn === null) soldOutOn = day;
			if (quantity.greaterThan(0)) soldOutOn = null;
		}
		if (from !== null && day < from) continue;
		const last = days.at(-1);
		if (last?.day === day) days[days.length - 1] = state(day);
		else days.push(state(day));
	}
	return { days, sales, problems };
}

/** The original's assets without transactions: their own quantity, held from the first value. */
function walkWithoutTransactions(
	events: HoldingEvent[],
	asset: { quantity: string | null; disposed: boolean }
): HoldingWalk {
	const quantity = asset.quantity ?? '1';
	const days: HoldingDay[] = [];
	for (const event of events) {
		if (event.kind !== 'valuation') continue;
		const row: HoldingDay = {
			day: dayOf(event.at),
			quantity,
			value:
				event.unitPrice !== null
					? plainText(toDecimal(event.unitPrice).times(toDecimal(quantity)))
					: event.value,
			price: event.unitPrice,
			cost: null,
			invested: null,
			realised: null
		};
		if (days.at(-1)?.day === row.day) days[days.length - 1] = row;
		else days.push(row);
	}
	// Marked disposed without a sale: it counted until the end of its last valuation's day.
	const last = days.at(-1);
	if (asset.disposed && last) {
		days.push({ ...last, day: addDays(last.day, 1), value: null, price: null });
	}
	return { days, sales: [], problems: [] };
}
