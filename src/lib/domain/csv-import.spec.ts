/**
 * The parts of a CSV import that need no database: the mapping guessed from a header (English
 * and French), the questions left open (asked, never guessed), a broker's words, rows read into
 * entries or refused with their line, and the last balance of a day by the file's own order.
 */
import { describe, expect, it } from 'vitest';
import type { CsvColumnLook } from '$lib/db/messages';
import {
	guessMapping,
	lastOfEachDay,
	mappingProblem,
	openQuestions,
	readValuationRows,
	transactionTypeOf
} from './csv-import';

describe('the mapping guessed from the header', () => {
	it('reads a French statement’s balance (Solde) as the value, its operation date as the date', () => {
		expect(
			guessMapping(['Date opération', 'Date valeur', 'Libellé', 'Débit', 'Crédit', 'Solde'], true)
		).toEqual({ kind: 'valuations', columns: { date: 0, value: 5 } });
	});

	it('reads a broker’s activity as transactions, by its English words', () => {
		expect(
			guessMapping(
				['Date', 'Symbol', 'Name', 'Action', 'Quantity', 'Price', 'Currency', 'Fees'],
				false
			)
		).toEqual({
			kind: 'transactions',
			columns: { date: 0, asset: 2, type: 3, quantity: 4, price: 5, currency: 6 }
		});
	});

	it('knows the French words, with or without accents and in any case', () => {
		expect(guessMapping(['DATE', 'Titre', 'Sens', 'Quantité', 'Cours', 'Devise'], false)).toEqual({
			kind: 'transactions',
			columns: { date: 0, asset: 1, type: 2, quantity: 3, price: 4, currency: 5 }
		});
		expect(guessMapping(['Jour', 'Compte', 'Montant'], false)).toEqual({
			kind: 'valuations',
			columns: { date: 0, asset: 1, value: 2 }
		});
	});

	it('leaves out the asset’s column for one asset, and says what is still to choose', () => {
		const mapping = guessMapping(['Date', 'Account', 'Balance'], true);
		expect(mapping.columns).toEqual({ date: 0, value: 2 });
		expect(mappingProblem(mapping, true)).toBeNull();
		expect(mappingProblem({ kind: 'valuations', columns: { date: 0 } }, false)).toBe(
			'Choose the column of “Asset”, “Value”.'
		);
		expect(
			mappingProblem({ kind: 'valuations', columns: { date: 0, asset: 0, value: 1 } }, false)
		).toBe('Each column can be read as one field only.');
	});
});

const look = (partial: Partial<CsvColumnLook>): CsvColumnLook => ({
	numberStyle: null,
	numberCandidates: [],
	dateOrder: null,
	dateCandidates: [],
	...partial
});

describe('the questions a mapping leaves open', () => {
	const comma = { decimal: ',', grouping: ' ' } as const;
	const dot = { decimal: '.', grouping: ',' } as const;

	it('are settled when the cells allow one answer', () => {
		const looks = [
			look({ dateOrder: 'dmy', dateCandidates: ['dmy'] }),
			look({ numberStyle: comma, numberCandidates: [comma] })
		];
		const questions = openQuestions({ kind: 'valuations', columns: { date: 0, value: 1 } }, looks);
		expect(questions.numberStyle.settled).toEqual(comma);
		expect(questions.dateOrder.settled).toBe('dmy');
	});

	it('are asked when the dates read both ways, or the amounts fit two styles', () => {
		const looks = [
			look({ dateCandidates: ['dmy', 'mdy'] }),
			look({ numberCandidates: [dot, comma] })
		];
		const questions = openQuestions({ kind: 'valuations', columns: { date: 0, value: 1 } }, looks);
		expect(questions.dateOrder).toEqual({ settled: null, candidates: ['dmy', 'mdy'] });
		expect(questions.numberStyle).toEqual({ settled: null, candidates: [dot, comma] });
	});

	it('take every amount column into account: a price settles what a quantity leaves open', () => {
		const looks = [
			look({ dateOrder: 'iso', dateCandidates: ['iso'] }),
			look({ numberCandidates: [dot, comma] }),
			look({ numberStyle: dot, numberCandidates: [dot] })
		];
		const questions = openQuestions(
			{ kind: 'transactions', columns: { date: 0, quantity: 1, price: 2 } },
			looks
		);
		expect(questions.numberStyle.settled).toEqual(dot);
	});
});

describe('a broker’s words', () => {
	it('are our buys, sales and adjustments, in English and French', () => {
		for (const word of ['Buy', 'BOUGHT', 'Achat', 'purchase'])
			expect(transactionTypeOf(word)).toEqual({ type: 'ACQUIRE' });
		for (const word of ['Sell', 'Vente', 'sold'])
			expect(transactionTypeOf(word)).toEqual({ type: 'DISPOSE' });
		expect(transactionTypeOf('Ajustement')).toEqual({ type: 'ADJUST' });
	});

	it('what we do not record, or do not know, says so', () => {
		expect(transactionTypeOf('Dividend')).toEqual({
			reason:
				'“Dividend” is not something Strata records (only buys, sales and adjustments of a holding).'
		});
		expect(transactionTypeOf('Swap')).toEqual({
			reason: '“Swap” is not a type Strata knows: write Buy, Sell or Adjust.'
		});
	});
});

describe('rows read into entries', () => {
	const options = {
		mapping: { kind: 'valuations' as const, columns: { date: 0, value: 1 } },
		numberStyle: { decimal: ',' as const, grouping: ' ' as const },
		dateOrder: 'dmy' as const,
		asset: 'Compte courant',
		today: '2026-03-01'
	};

	it('keep each amount exactly, and list every bad row with its line and why', () => {
		const read = readValuationRows(
			[
				{ line: 2, cells: ['24/02/2026', '1 234,56'] },
				{ line: 3, cells: ['31/02/2026', '12,00'] },
				{ line: 4, cells: ['20/02/2026', 'douze'] },
				{ line: 5, cells: ['02/04/2026', '1,00'] },
				{ line: 6, cells: ['', '1,00'] }
			],
			options
		);
		expect(read.entries).toEqual([
			{ line: 2, asset: 'Compte courant', day: '2026-02-24', value: '1234.56', currency: null }
		]);
		expect(read.bad).toEqual([
			{ line: 3, reason: '“31/02/2026” is not a date written like 31/12/2026.' },
			{ line: 4, reason: 'the value “douze” is not a number written like 1 234,56.' },
			{ line: 5, reason: '02/04/2026 is in the future.' },
			{ line: 6, reason: 'it has no date.' }
		]);
	});

	it('a day of several rows keeps its last balance in time: the first row of a newest-first file', () => {
		const entry = (line: number, day: string, value: string) => ({
			line,
			asset: 'A',
			day,
			value,
			currency: null
		});
		const newestFirst = [
			entry(2, '2026-01-16', '3'),
			entry(3, '2026-01-15', '2'),
			entry(4, '2026-01-15', '1')
		];
		expect(lastOfEachDay(newestFirst, (e) => e.asset)).toEqual({
			kept: [entry(3, '2026-01-15', '2'), entry(2, '2026-01-16', '3')],
			folded: 1
		});
		const oldestFirst = [
			entry(2, '2026-01-15', '1'),
			entry(3, '2026-01-15', '2'),
			entry(4, '2026-01-16', '3')
		];
		expect(lastOfEachDay(oldestFirst, (e) => e.asset).kept.map((e) => e.value)).toEqual(['2', '3']);
	});
});
