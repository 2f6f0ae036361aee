import { describe, expect, it } from 'vitest';
import { csvFileName } from './file-name';

describe('CSV file names', () => {
	it('name what the file holds and the day, and an asset by its letters and digits', () => {
		expect(csvFileName('assets', '2026-12-02')).toBe('strata-assets-2026-12-02.csv');
		expect(csvFileName('valuations', '2026-12-02', 'ETF MSCI World')).toBe(
			'strata-valuations-etf-msci-world-2026-12-02.csv'
		);
		expect(csvFileName('valuations', '2026-12-02', 'Café <b>&amp; "Ünïcödé"</b>')).toBe(
			'strata-valuations-cafe-b-amp-unicode-b-2026-12-02.csv'
		);
		// Nothing left of a name (all symbols, or another script): the file is named without it.
		expect(csvFileName('transactions', '2026-12-02', '€€€')).toBe(
			'strata-transactions-2026-12-02.csv'
		);
		expect(csvFileName('valuations', '2026-12-02', 'x'.repeat(80))).toBe(
			`strata-valuations-${'x'.repeat(40)}-2026-12-02.csv`
		);
	});
});
