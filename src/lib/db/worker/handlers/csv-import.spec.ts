/**
 * CSV import through the app's own worker and gate, on the real engine: a French bank's
 * statement into one account, a broker's activity into new assets, conflicts with what Strata
 * has, bad rows with their lines — and every refused file or import leaving the database byte
 * for byte as it was, an import undone giving it back exactly, its restore point kept.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { dumpOf, openTestApp, type TestApp } from '../../../../../tests/helpers/app';
import { DatabaseError } from '$lib/db/client';
import type { CsvChoices, CsvLayout } from '$lib/db/messages';
import { openQuestions } from '$lib/domain/csv-import';

const fixture = (name: string) => {
	const bytes = readFileSync(`tests/fixtures/csv/${name}`);
	return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
};
const textFile = (text: string) => new TextEncoder().encode(text).buffer as ArrayBuffer;

const refusal = (promise: Promise<unknown>) =>
	promise.then(
		() => {
			throw new Error('expected a refusal');
		},
		(e: unknown) => e as DatabaseError
	);

const typeId = (app: TestApp, code: string) =>
	app.engine().value<string>('SELECT id FROM asset_types WHERE code = ?', [code])!;

async function account(app: TestApp, name = 'Compte courant', date = '2025-12-01') {
	const reply = await app.write('assets/create', {
		input: {
			name,
			assetTypeId: typeId(app, 'CHECKING_ACCOUNT'),
			currency: 'EUR',
			quantity: '1',
			acquisitionDate: date,
			acquisitionPrice: '1000'
		}
	});
	return reply.value.id;
}

const read = (app: TestApp, name: string, bytes: ArrayBuffer, assetId?: string) =>
	app.client.call('csv/read', { fileName: name, bytes, assetId });

/** The choices the page starts from: the guessed mapping, and the settled answers. */
function choicesOf(layout: CsvLayout, extra: Partial<CsvChoices> = {}): CsvChoices {
	const questions = openQuestions(layout.suggested, layout.looks);
	return {
		mapping: layout.suggested,
		numberStyle: questions.numberStyle.settled ?? { decimal: '.', grouping: '' },
		dateOrder: questions.dateOrder.settled ?? 'iso',
		newAssetTypes: {},
		conflicts: 'keep',
		...extra
	};
}

const preview = (app: TestApp, choices: CsvChoices) =>
	app.client.call('csv/preview', { choices, today: '2026-11-21', locale: 'en-US' });

const valuations = (app: TestApp, assetId: string) =>
	app.engine().all<{
		day: string;
		value: string;
	}>('SELECT substr(observed_at, 1, 10) AS day, value FROM asset_snapshots WHERE asset_id = ? ORDER BY observed_at', [assetId]);

describe('a French bank statement into one account', () => {
	it('is read as Windows-1252, “;”, 1 234,56 and day/month/year, the balance column as the value', async () => {
		const app = await openTestApp();
		const id = await account(app);
		const layout = await read(app, 'releve.csv', fixture('fr-bank-releve.csv'), id);
		expect(layout).toMatchObject({
			encoding: 'windows-1252',
			delimiter: ';',
			hasHeader: true,
			asset: { id, name: 'Compte courant' },
			suggested: { kind: 'valuations', columns: { date: 0, value: 5 } }
		});
		expect(layout.columns).toEqual([
			'Date opération',
			'Date valeur',
			'Libellé',
			'Débit',
			'Crédit',
			'Solde'
		]);
		const questions = openQuestions(layout.suggested, layout.looks);
		expect(questions.numberStyle.settled).toEqual({ decimal: ',', grouping: ' ' });
		expect(questions.dateOrder.settled).toBe('dmy');
	});

	it('keeps each day’s last balance in the file’s own time order (newest first), says so, and imports it with a restore point and an undo', async () => {
		const app = await openTestApp();
		const id = await account(app);
		const before = dumpOf(app.engine());
		const layout = await read(app, 'releve.csv', fixture('fr-bank-releve.csv'), id);
		const choices = choicesOf(layout);
		const plan = await preview(app, choices);
		expect(plan.sameDay).toEqual({ rows: 1, order: 'newest-first' });
		expect(plan.badRowCount).toBe(0);
		expect(plan.assets).toEqual([
			expect.objectContaining({
				name: 'Compte courant',
				assetId: id,
				valuationsAdded: layout.rowCount - 1,
				valuationsReplaced: 0,
				firstDay: '2026-01-02',
				lastDay: '2026-02-24'
			})
		]);
		// The preview wrote nothing.
		expect(dumpOf(app.engine())).toBe(before);

		const reply = await app.write('csv/import', choices);
		expect(reply.value).toMatchObject({ assetsCreated: 0, valuationsAdded: layout.rowCount - 1 });
		expect(reply.value.restorePoint.reason).toBe('Before importing releve.csv');
		const points = await app.client.call('restore-points/list', null);
		expect(points.map((p) => p.reason)).toContain('Before importing releve.csv');
		const rows = valuations(app, id);
		// Two rows of 15/01: the later in time is the first in this newest-first file.
		expect(rows.find((r) => r.day === '2026-01-15')?.value).toBe('4492.72');
		expect(rows.find((r) => r.day === '2026-02-24')?.value).toBe('5576.98');
		expect(reply.change.entry?.undo).toBe('changeset');

		await app.write('history/undo', { id: reply.change.entry!.id, at: reply.change.entry!.at });
		expect(dumpOf(app.engine())).toBe(before);
	});

	it('lists an existing valuation of the same day with both values: kept, or replaced by the file’s', async () => {
		const app = await openTestApp();
		const id = await account(app);
		await app.write('valuations/add', { assetId: id, input: { value: '999', date: '2026-02-24' } });
		const layout = await read(app, 'releve.csv', fixture('fr-bank-releve.csv'), id);
		const kept = await preview(app, choicesOf(layout));
		expect(kept.conflicts).toEqual([
			{
				line: 2,
				asset: 'Compte courant',
				day: '2026-02-24',
				ours: '999',
				theirs: '5576.98',
				currency: 'EUR'
			}
		]);
		expect(kept.assets[0]).toMatchObject({ valuationsKept: 1, valuationsReplaced: 0 });
		const replace = choicesOf(layout, { conflicts: 'replace' });
		expect((await preview(app, replace)).assets[0]).toMatchObject({ valuationsReplaced: 1 });
		await app.write('csv/import', replace);
		expect(valuations(app, id).find((r) => r.day === '2026-02-24')?.value).toBe('5576.98');
	});
});

describe('a broker’s activity', () => {
	it('creates each asset by name with the type chosen, in the currency of its rows, with its buys and sales', async () => {
		const app = await openTestApp();
		const layout = await read(app, 'broker-activity.csv', fixture('broker-activity.csv'));
		expect(layout.suggested.kind).toBe('transactions');
		expect(layout.columns[layout.suggested.columns.asset!]).toBe('Name');
		const stocks = typeId(app, 'STOCKS');
		const plan = await preview(app, choicesOf(layout));
		const names = plan.assets.map((a) => a.name);
		expect(names).toEqual([
			'Vanguard FTSE All-World UCITS ETF',
			'Apple Inc',
			'Booking Holdings, Inc',
			'Microsoft Corp'
		]);
		expect(plan.unused).toEqual(['Symbol', 'Fees']);
		// Without a type for the new assets, nothing is written.
		const before = dumpOf(app.engine());
		const untyped = await refusal(app.write('csv/import', choicesOf(layout)));
		expect(untyped.code).toBe('validation');
		expect(untyped.message).toContain('Choose a type for “Vanguard FTSE All-World UCITS ETF”');
		expect(dumpOf(app.engine())).toBe(before);

		const choices = choicesOf(layout, {
			newAssetTypes: Object.fromEntries(names.map((n) => [n, stocks]))
		});
		const reply = await app.write('csv/import', choices);
		expect(reply.value).toMatchObject({ assetsCreated: 4, transactionsAdded: layout.rowCount });
		const held = app.engine().all<{
			name: string;
			currency: string;
			quantity: string;
		}>('SELECT a.name, d.currency, a.quantity FROM assets a JOIN asset_details d ON d.asset_id = a.id ORDER BY a.name');
		expect(held).toEqual([
			{ name: 'Apple Inc', currency: 'USD', quantity: '6' },
			{ name: 'Booking Holdings, Inc', currency: 'USD', quantity: '0.2' },
			{ name: 'Microsoft Corp', currency: 'USD', quantity: '0' },
			{ name: 'Vanguard FTSE All-World UCITS ETF', currency: 'EUR', quantity: '47.759' }
		]);

		// The same file again adds nothing: every row is already there.
		await read(app, 'broker-activity.csv', fixture('broker-activity.csv'));
		const again = await preview(app, choices);
		expect(again.assets.every((a) => a.transactionsAdded === 0)).toBe(true);
		const twice = dumpOf(app.engine());
		const nothing = await refusal(app.write('csv/import', choices));
		expect(nothing.code).toBe('refused');
		expect(dumpOf(app.engine())).toBe(twice);
	});

	it('lists a sale of more than is held, a dividend and a date in the future by line, and imports the rest', async () => {
		const app = await openTestApp();
		const file = [
			'Date,Name,Action,Quantity,Price',
			'2025-01-06,ACME,Buy,10,5',
			'2025-02-06,ACME,Sell,12,6',
			'2025-03-06,ACME,Dividend,0,1.5',
			'2030-01-01,ACME,Buy,1,5',
			'2025-04-06,ACME,Sell,4,7'
		].join('\n');
		const layout = await read(app, 'acme.csv', textFile(file));
		const choices = choicesOf(layout, { newAssetTypes: { ACME: typeId(app, 'STOCKS') } });
		const plan = await preview(app, choices);
		expect(plan.badRows).toEqual([
			{ line: 3, reason: 'it would leave -2 of “ACME” on Feb 6, 2025: more sold than held.' },
			{
				line: 4,
				reason:
					'“Dividend” is not something Strata records (only buys, sales and adjustments of a holding).'
			},
			{ line: 5, reason: '2030-01-01 is in the future.' }
		]);
		expect(plan.assets[0]).toMatchObject({ name: 'ACME', transactionsAdded: 2 });
		await app.write('csv/import', choices);
		expect(app.engine().value('SELECT quantity FROM assets')).toBe('6');
	});
});

describe('a file that cannot be imported changes nothing', () => {
	it('not a CSV, empty, only a header: refused as a bad file, with what to do', async () => {
		const app = await openTestApp();
		await account(app);
		const before = dumpOf(app.engine());
		for (const name of ['not-a-csv.bin', 'empty.csv', 'header-only.csv']) {
			const error = await refusal(read(app, name, fixture(name)));
			expect(error.code, name).toBe('bad-file');
			expect(error.message.length, name).toBeGreaterThan(20);
			expect(dumpOf(app.engine()), name).toBe(before);
		}
	});

	it('every row bad: the preview lists the first 20 with the total, and the import is refused', async () => {
		const app = await openTestApp();
		const id = await account(app);
		const rows = Array.from(
			{ length: 25 },
			(_, i) => `${String(i + 1).padStart(2, '0')}/13/2026;12,00`
		);
		const layout = await read(app, 'bad.csv', textFile(['Date;Solde', ...rows].join('\r\n')), id);
		const choices = choicesOf(layout, {
			dateOrder: 'dmy',
			numberStyle: { decimal: ',', grouping: ' ' }
		});
		const plan = await preview(app, choices);
		expect(plan.badRowCount).toBe(25);
		expect(plan.badRows).toHaveLength(20);
		expect(plan.badRows[0]).toEqual({
			line: 2,
			reason: '“01/13/2026” is not a date written like 31/12/2026.'
		});
		const before = dumpOf(app.engine());
		const error = await refusal(app.write('csv/import', choices));
		expect(error.code).toBe('refused');
		expect(error.message).toContain('Nothing was changed.');
		expect(dumpOf(app.engine())).toBe(before);
	});

	it('a rule broken: a debt’s negative balance and a day before the acquisition are bad rows, never written', async () => {
		const app = await openTestApp();
		const loan = await app.write('assets/create', {
			input: {
				name: 'Car loan',
				assetTypeId: typeId(app, 'LOAN'),
				quantity: '1',
				acquisitionDate: '2025-02-01',
				acquisitionPrice: '14000'
			}
		});
		const file = ['date,asset,value', '2025-01-31,Car loan,14200', '2025-03-31,car LOAN,-13500'];
		const layout = await read(app, 'loan.csv', textFile(file.join('\n')));
		const plan = await preview(app, choicesOf(layout));
		expect(plan.badRows).toEqual([
			{
				line: 2,
				reason: '“Car loan” was acquired on Feb 1, 2025: nothing can be dated before that.'
			},
			{
				line: 3,
				reason:
					'“Car loan” is a loan or debt: what is owed is entered as a positive amount, not -13500.'
			}
		]);
		const before = dumpOf(app.engine());
		expect((await refusal(app.write('csv/import', choicesOf(layout)))).code).toBe('refused');
		expect(dumpOf(app.engine())).toBe(before);
		expect(valuations(app, loan.value.id)).toHaveLength(1);
	});
});

describe('many assets in one file', () => {
	it('checks a new asset’s rows as a debt’s once a loan type is chosen for it', async () => {
		const app = await openTestApp();
		const file = 'date,asset,value\n2025-01-31,Family loan,-100\n2025-02-28,Family loan,200';
		const layout = await read(app, 'loan.csv', textFile(file));
		const asCash = await preview(
			app,
			choicesOf(layout, { newAssetTypes: { 'Family loan': typeId(app, 'CASH') } })
		);
		expect(asCash.badRowCount).toBe(0);
		const loan = choicesOf(layout, { newAssetTypes: { 'Family loan': typeId(app, 'LOAN') } });
		const asLoan = await preview(app, loan);
		expect(asLoan.badRows.map((r) => r.line)).toEqual([2]);
		expect(asLoan.assets[0]).toMatchObject({ typeId: typeId(app, 'LOAN'), valuationsAdded: 1 });
		await app.write('csv/import', loan);
		expect(
			app.engine().value('SELECT t.code FROM assets a JOIN asset_types t ON t.id = a.asset_type_id')
		).toBe('LOAN');
	});

	it('matches names in any case, creates the others, and reads each asset’s currency', async () => {
		const app = await openTestApp();
		await account(app, 'livret a', '2025-01-01');
		const layout = await read(app, 'many.csv', fixture('valuations-many-assets.csv'));
		expect(layout.suggested).toEqual({
			kind: 'valuations',
			columns: { date: 0, asset: 1, value: 2, currency: 3 }
		});
		const plan = await preview(app, choicesOf(layout));
		const livret = plan.assets.find((a) => a.name === 'livret a');
		expect(livret?.assetId).not.toBeNull();
		expect(plan.assets.find((a) => a.name === 'US brokerage')).toMatchObject({
			assetId: null,
			currency: 'USD'
		});
	});
});
