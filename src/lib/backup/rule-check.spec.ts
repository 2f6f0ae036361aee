import { describe, expect, it } from 'vitest';
import { parseBackup } from './format';
import { ruleWarnings } from './rule-check';

const at = (day: string) => `${day}T00:00:00.000Z`;

/** A file that breaks each rule once: it imports as it is, and the preview says what breaks. */
const file = {
	schemaVersion: '1',
	data: {
		assetTypes: [
			{ id: 't_cash', code: 'CASH', label: 'Cash', group: 'FINANCIAL' },
			{ id: 't_loan', code: 'LOAN', label: 'Loan', group: 'LIABILITIES' },
			{ id: 't_stock', code: 'STOCKS', label: 'Stocks', group: 'FINANCIAL' }
		],
		assets: [
			{ id: 'loan', assetTypeId: 't_loan', name: 'Mortgage', quantity: '1' },
			{ id: 'cash', assetTypeId: 't_cash', name: 'Wallet', quantity: '1' },
			{ id: 'fund', assetTypeId: 't_stock', name: 'Fund', quantity: '0' }
		],
		assetSnapshots: [
			{ id: 's1', assetId: 'loan', value: '-150800', observedAt: at('2026-01-01') },
			{ id: 's2', assetId: 'cash', value: '20', observedAt: at('2027-01-01') },
			{ id: 's3', assetId: 'fund', value: '500', observedAt: at('2025-01-01') },
			{ id: 's4', assetId: 'fund', value: '700', observedAt: at('2026-06-01') }
		],
		transactions: [
			{
				id: 'x1',
				assetId: 'fund',
				type: 'ACQUIRE',
				unitPrice: '100',
				quantity: '5',
				occurredAt: at('2025-06-01')
			},
			{
				id: 'x2',
				assetId: 'fund',
				type: 'DISPOSE',
				unitPrice: '120',
				quantity: '7',
				occurredAt: at('2026-01-01')
			}
		]
	}
};

describe('the import preview’s rule check', () => {
	it('names each rule a file breaks, with the asset and the day, and writes nothing', () => {
		const { data } = parseBackup(JSON.stringify(file));
		const { warnings, count } = ruleWarnings(data, '2026-11-21');
		expect(count).toBe(warnings.length);
		expect(warnings).toEqual(
			expect.arrayContaining([
				expect.objectContaining({ kind: 'negative-debt', asset: 'Mortgage', day: '2026-01-01' }),
				expect.objectContaining({ kind: 'future', asset: 'Wallet', day: '2027-01-01' }),
				expect.objectContaining({ kind: 'before-acquisition', asset: 'Fund', day: '2025-01-01' }),
				expect.objectContaining({ kind: 'below-zero', asset: 'Fund', day: '2026-01-01' })
			])
		);
	});

	it('finds nothing in a file that keeps every rule', () => {
		const { data } = parseBackup(
			JSON.stringify({
				...file,
				data: {
					...file.data,
					assetSnapshots: file.data.assetSnapshots.slice(3),
					transactions: file.data.transactions.slice(0, 1)
				}
			})
		);
		expect(ruleWarnings(data, '2026-11-21')).toEqual({ warnings: [], count: 0 });
	});
});
