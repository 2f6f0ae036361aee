/**
 * What each CSV export holds, built from the very rows its page shows (the asset list as
 * filtered, an asset's valuations, the transactions, the chart's series), so the file and the
 * screen cannot disagree. Amounts are the stored decimal text, each with a Currency column.
 */
import type { AssetRow } from './assets';
import { dayOf, type DateText } from './dates';
import type { History } from './history';
import { subtractDecimals } from './money';
import type { TransactionType } from '$lib/db/schema';
import type { TransactionRow } from './transactions';
import type { Valuation } from './valuations';
import type { CsvColumn, CsvTable } from './csv-format';

/**
 * The headers and the words of the cells are a file format (scripts and Strata's own import read
 * them): English, whatever the interface language.
 */
const text = (header: string): CsvColumn => ({ header, kind: 'text' });
const decimal = (header: string): CsvColumn => ({ header, kind: 'decimal' });
const day = (header: string): CsvColumn => ({ header, kind: 'day' });

/** The asset list as shown: value today (debts negative, as net worth counts them), and in the base. */
export function assetsCsv(assets: AssetRow[]): CsvTable {
	return {
		columns: [
			text('Name'),
			text('Type'),
			text('Categories'),
			text('Tags'),
			decimal('Quantity'),
			decimal('Value'),
			text('Currency'),
			decimal('Value in base currency'), // not shown: a CSV header, a file format kept in English
			text('Base currency'), // not shown: a CSV header, a file format kept in English
			text('Disposed')
		],
		rows: assets.map((a) => [
			a.name,
			a.typeLabel,
			a.categories.map((c) => c.name).join(', '),
			a.tags.map((t) => t.name).join(', '),
			a.quantity,
			a.value,
			a.currency,
			a.baseValue,
			a.base,
			a.disposed ? 'yes' : 'no'
		])
	};
}

/** An asset's valuations, newest first as on its page, in the asset's currency. */
export function valuationsCsv(valuations: Valuation[], currency: string): CsvTable {
	return {
		columns: [day('Date'), decimal('Value'), decimal('Price per unit'), text('Currency')], // not shown: a CSV header, a file format kept in English
		rows: [...valuations]
			.reverse()
			.map((v) => [dayOf(v.observedAt), v.value, v.unitPrice, currency])
	};
}

/** A transaction's type as the file writes it (Strata's import reads these words back). */
const TYPE_WORDS: Record<TransactionType, string> = {
	ACQUIRE: 'Acquire',
	DISPOSE: 'Dispose',
	ADJUST: 'Adjust'
};

/** Transactions, newest first as listed; each row in its asset's currency. */
export function transactionsCsv(rows: TransactionRow[]): CsvTable {
	return {
		columns: [
			day('Date'),
			text('Asset'),
			text('Type'),
			decimal('Quantity'),
			decimal('Unit price'), // not shown: a CSV header, a file format kept in English
			decimal('Total'),
			decimal('Gain'),
			text('Currency')
		],
		rows: rows.map((t) => [
			dayOf(t.occurredAt),
			t.assetName,
			TYPE_WORDS[t.type],
			t.quantity,
			t.unitPrice,
			t.total,
			t.gain,
			t.currency
		])
	};
}

export type ChartRows = 'daily' | 'monthly';

export const INCOMPLETE = 'Incomplete (an asset has no exchange rate yet)'; // not shown: a CSV header, a file format kept in English

/**
 * The last day of each month of the history that it holds (today for the current month): the
 * net worth at the end of each month, read from the same series.
 */
export function monthEnds(days: DateText[]): number[] {
	const picked: number[] = [];
	days.forEach((d, i) => {
		if (days[i + 1]?.slice(0, 7) !== d.slice(0, 7)) picked.push(i);
	});
	return picked;
}

/**
 * The chart's numbers: one row per day of the history, or per month (its last day) with the
 * change in net worth from the month before. Each series of the breakdown is a column (empty on
 * a day it counts nothing), as in the chart's "Show the numbers" table; when some days leave out
 * an asset for want of an exchange rate, a last column marks them.
 */
export function chartCsv(history: History, currency: string, rows: ChartRows): CsvTable {
	const { days, series, totals } = history;
	const breakdown = series.length > 1 ? series : [];
	const picked = rows === 'daily' ? days.map((_, i) => i) : monthEnds(days);
	// As the chart's note says: a day whose total leaves out an asset with no rate yet says so.
	const incomplete = new Set(history.incomplete);
	const columns = [
		day('Date'),
		...breakdown.map((s) => decimal(s.label)),
		decimal('Net worth'), // not shown: a CSV header, a file format kept in English
		...(rows === 'monthly' ? [decimal('Change from the month before')] : []), // not shown: a CSV header, a file format kept in English
		text('Currency'),
		...(incomplete.size ? [text(INCOMPLETE)] : [])
	];
	return {
		columns,
		rows: picked.map((i, n) => {
			const total = totals[i] ?? '0';
			const before = n > 0 ? totals[picked[n - 1]!] : undefined;
			const change = rows === 'monthly' ? [before ? subtractDecimals(total, before) : null] : [];
			const marked = incomplete.size ? [incomplete.has(days[i]!) ? 'yes' : null] : [];
			return [
				days[i]!,
				...breakdown.map((s) => s.values[i] ?? null),
				total,
				...change,
				currency,
				...marked
			];
		})
	};
}
