/**
 * What in a backup breaks the rules the app keeps when it writes (README "Net worth"): a file
 * imports exactly as it is — values are never changed — but the preview lists each of these, so
 * the user knows what to fix. Pure: runs on the file's rows before anything is written.
 */
import type { FileWarning } from '$lib/db/messages';
import { dayOf } from '$lib/domain/dates';
import { holdingWalk, type HoldingEvent } from '$lib/domain/holdings';
import { isNegativeDecimal } from '$lib/domain/money';
import type { BackupData } from './format';

/** At most this many are listed; the count says how many there are. */
export const MAX_WARNINGS = 20;

export function ruleWarnings(
	data: BackupData,
	today: string
): { warnings: FileWarning[]; count: number } {
	const warnings: FileWarning[] = [];
	let count = 0;
	const add = (warning: FileWarning) => {
		count += 1;
		if (warnings.length < MAX_WARNINGS) warnings.push(warning);
	};
	const groupOf = new Map(data.assetTypes.map((t) => [t.id, t.group]));
	const unitPrice = new Map(data.valuationPrices.map((p) => [p.assetSnapshotId, p.unitPrice]));
	const events = new Map<string, HoldingEvent[]>();
	const push = (assetId: string, event: HoldingEvent) => {
		let list = events.get(assetId);
		if (!list) events.set(assetId, (list = []));
		list.push(event);
	};
	for (const t of data.transactions)
		push(t.assetId, {
			kind: 'transaction',
			id: t.id,
			type: t.type,
			quantity: t.quantity,
			unitPrice: t.unitPrice,
			at: t.occurredAt,
			createdAt: t.createdAt ?? t.occurredAt
		});
	for (const s of data.assetSnapshots)
		push(s.assetId, {
			kind: 'valuation',
			id: s.id,
			value: s.value,
			unitPrice: unitPrice.get(s.id) ?? null,
			at: s.observedAt,
			createdAt: s.createdAt ?? s.observedAt
		});
	for (const asset of data.assets) {
		const own = events.get(asset.id) ?? [];
		const liability = groupOf.get(asset.assetTypeId) === 'LIABILITIES';
		for (const event of own) {
			const day = dayOf(event.at);
			if (day > today) add({ kind: 'future', asset: asset.name, day });
			if (
				liability &&
				event.kind === 'valuation' &&
				isNegativeDecimal(event.unitPrice ?? event.value)
			)
				add({
					kind: 'negative-debt',
					asset: asset.name,
					day,
					value: event.unitPrice ?? event.value
				});
		}
		for (const problem of holdingWalk(own, { quantity: asset.quantity, disposed: asset.disposed })
			.problems)
			add({
				kind: problem.kind,
				asset: asset.name,
				day: problem.day,
				since: problem.since,
				value: problem.quantity
			});
	}
	return { warnings, count };
}
