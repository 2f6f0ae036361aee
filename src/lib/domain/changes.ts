/** A change of the history, in words: "Valuation of “Flat” on Jun 1, 2025 added". */
import type { ChangeSummary, FileWarning, TransactionType } from '$lib/db/messages';
import { m } from '$lib/paraglide/messages';

type Thing = 'asset' | 'category' | 'tag' | 'asset-type';
const THINGS: Record<Thing, (inputs: { verb: string; name: string }) => string> = {
	asset: m.errors_change_asset,
	category: m.errors_change_category,
	tag: m.errors_change_tag,
	'asset-type': m.errors_change_asset_type
};
const TYPES: Record<TransactionType, () => string> = {
	ACQUIRE: m.errors_change_type_acquire,
	DISPOSE: m.errors_change_type_dispose,
	ADJUST: m.errors_change_type_adjust
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
			return THINGS[summary.what]({ verb: summary.verb, name: summary.name });
		case 'valuation':
			return m.errors_change_valuation({
				verb: summary.verb,
				name: summary.name,
				day: day(summary.day)
			});
		case 'transaction':
			return m.errors_change_transaction({
				verb: summary.verb,
				type: TYPES[summary.type](),
				name: summary.name,
				day: day(summary.day)
			});
		case 'data':
			switch (summary.verb) {
				case 'imported':
					return summary.mode === 'merge'
						? m.errors_change_merged({ file: summary.file })
						: m.errors_change_replaced({ file: summary.file });
				case 'restored':
					return m.errors_change_restored({ copy: summary.copyOf });
				case 'erased':
					return m.errors_change_erased();
				case 'demo-reset':
					return m.errors_change_demo_reset();
			}
			break;
		case 'base-currency':
			return m.errors_change_base_currency({ from: summary.from, to: summary.to });
		case 'rate':
			return m.errors_change_rate({
				verb: summary.verb,
				base: summary.base,
				quote: summary.quote,
				day: day(summary.day)
			});
		case 'rates':
			return m.errors_change_rates({ count: summary.count, file: summary.file });
		case 'csv': {
			const parts: string[] = [];
			if (summary.valuations > 0)
				parts.push(m.errors_change_valuations({ count: summary.valuations }));
			if (summary.transactions > 0)
				parts.push(m.errors_change_transactions({ count: summary.transactions }));
			const what =
				parts.length === 2
					? m.errors_change_and({ first: parts[0]!, second: parts[1]! })
					: (parts[0] ?? '');
			return m.errors_change_csv({ what, file: summary.file });
		}
		case 'sync':
			return summary.verb === 'applied'
				? m.errors_change_sync_applied({ device: summary.device })
				: summary.verb === 'joined'
					? m.errors_change_sync_joined({ device: summary.device })
					: m.errors_change_sync_resolved({ device: summary.device });
		case 'undo':
			return m.errors_change_undone({ change: describeChange(summary.of, day) });
		case 'redo':
			return m.errors_change_redone({ change: describeChange(summary.of, day) });
	}
}

/** Something in a backup that breaks a rule, in words (the import preview lists these). */
export function describeWarning(
	warning: FileWarning,
	day: (day: string) => string,
	quantity: (value: string) => string
): string {
	const name = warning.asset;
	switch (warning.kind) {
		case 'future':
			return m.errors_warning_future({ name, day: day(warning.day) });
		case 'negative-debt':
			return m.errors_warning_negative_debt({
				name,
				value: quantity(warning.value ?? '0'),
				day: day(warning.day)
			});
		case 'before-acquisition':
			return m.errors_warning_before_acquisition({
				name,
				day: day(warning.day),
				since: day(warning.since ?? warning.day)
			});
		case 'after-sale':
			return m.errors_warning_after_sale({
				name,
				day: day(warning.day),
				since: day(warning.since ?? warning.day)
			});
		case 'below-zero':
			return m.errors_warning_below_zero({
				name,
				day: day(warning.day),
				value: quantity(warning.value ?? '0')
			});
	}
}
