/** A change of the history, in words: "Valuation of “Flat” on Jun 1, 2025 added". */
import type { ChangeSummary, FileWarning, TransactionType } from '$lib/db/messages';

const THINGS = { asset: 'Asset', category: 'Category', tag: 'Tag', 'asset-type': 'Asset type' };
const TYPES: Record<TransactionType, string> = {
	ACQUIRE: 'Acquire',
	DISPOSE: 'Dispose',
	ADJUST: 'Adjust'
};

/**
 * @param day formats a day (YYYY-MM-DD) in the user's locale
 * @example describeChange({ what: 'tag', verb: 'added', name: 'liquid' }, d) // 'Tag “liquid” added'
 */
export function describeChange(summary: ChangeSummary, day: (day: string) => string): string {
	switch (summary.what) {
		case 'asset':
		case 'category':
		case 'tag':
		case 'asset-type':
			return `${THINGS[summary.what]} “${summary.name}” ${summary.verb}`;
		case 'valuation':
			return `Valuation of “${summary.name}” on ${day(summary.day)} ${summary.verb}`;
		case 'transaction':
			return `${TYPES[summary.type]} transaction of “${summary.name}” on ${day(summary.day)} ${summary.verb}`;
		case 'data':
			switch (summary.verb) {
				case 'imported':
					return summary.mode === 'merge'
						? `${summary.file} merged into the data`
						: `Data replaced by ${summary.file}`;
				case 'restored':
					return `Copy of ${summary.copyOf} restored`;
				case 'erased':
					return 'All data erased';
				case 'demo-reset':
					return 'Demo reset';
			}
			break;
		case 'base-currency':
			return `Base currency changed from ${summary.from} to ${summary.to}`;
		case 'rate':
			return `Rate ${summary.base}→${summary.quote} of ${day(summary.day)} ${summary.verb}`;
		case 'rates':
			return `${summary.count} exchange rate${summary.count === 1 ? '' : 's'} imported from ${summary.file}`;
		case 'csv': {
			const parts = [
				summary.valuations > 0 &&
					`${summary.valuations} valuation${summary.valuations === 1 ? '' : 's'}`,
				summary.transactions > 0 &&
					`${summary.transactions} transaction${summary.transactions === 1 ? '' : 's'}`
			].filter(Boolean);
			return `${parts.join(' and ')} imported from ${summary.file}`;
		}
		case 'undo':
			return `Undone: ${describeChange(summary.of, day)}`;
		case 'redo':
			return `Redone: ${describeChange(summary.of, day)}`;
	}
}

/** Something in a backup that breaks a rule, in words (the import preview lists these). */
export function describeWarning(
	warning: FileWarning,
	day: (day: string) => string,
	quantity: (value: string) => string
): string {
	const name = `“${warning.asset}”`;
	switch (warning.kind) {
		case 'future':
			return `${name} has an entry dated ${day(warning.day)}, in the future.`;
		case 'negative-debt':
			return `${name} is a debt valued at ${quantity(warning.value ?? '0')} on ${day(warning.day)}: what is owed should be positive (it counts as owed money as it is).`;
		case 'before-acquisition':
			return `${name} has an entry on ${day(warning.day)}, before its acquisition on ${day(warning.since ?? warning.day)}.`;
		case 'after-sale':
			return `${name} has an entry on ${day(warning.day)}, after it was sold in full on ${day(warning.since ?? warning.day)}.`;
		case 'below-zero':
			return `${name} is sold below zero on ${day(warning.day)} (${quantity(warning.value ?? '0')} left).`;
	}
}
