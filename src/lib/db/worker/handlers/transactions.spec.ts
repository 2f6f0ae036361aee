/**
 * Transactions and the rows that follow from them: an asset's own quantity and disposed flag,
 * a per-unit valuation's whole value (what a backup carries for Strata 1.2), kept by the gate
 * and undone exactly; the acquisition's own edits; the rules judged on what a change breaks.
 */
import { describe, expect, it } from 'vitest';
import { dumpOf, openTestApp, type TestApp } from '../../../../../tests/helpers/app';
import { Ledger } from '../../../../../tests/factories/ledger';
import { fingerprint } from '../../../../../tests/helpers/sqlite';
import { DatabaseError } from '$lib/db/client';
import { getAsset } from '$lib/domain/assets';

async function setup() {
	const app = await openTestApp();
	return { app, engine: app.engine(), db: app.db, ledger: new Ledger(app.engine()) };
}

const refusal = (promise: Promise<unknown>) =>
	promise.then(
		() => {
			throw new Error('expected a refusal');
		},
		(e: unknown) => e as DatabaseError
	);

async function shares(app: TestApp, ledger: Ledger, quantity = '10') {
	const reply = await app.write('assets/create', {
		input: {
			name: 'Shares',
			assetTypeId: ledger.typeId('STOCKS'),
			quantity,
			acquisitionDate: '2025-01-01',
			acquisitionPrice: '5'
		}
	});
	return reply.value.id;
}

const buy = (app: TestApp, assetId: string, date: string, quantity: string) =>
	app.write('transactions/add', {
		input: { assetId, type: 'ACQUIRE', date, unitPrice: '5', quantity }
	});

const undo = (app: TestApp, entry: { id: number; at: string } | null) =>
	app.write('history/undo', { id: entry!.id, at: entry!.at });

const own = (app: TestApp, id: string) =>
	app
		.engine()
		.get<{ quantity: string; disposed: number }>(
			'SELECT quantity, disposed FROM assets WHERE id = ?',
			[id]
		);

describe("an asset's own quantity", () => {
	it('follows its transactions, and an older buy undoes while a newer one stays', async () => {
		const { app, ledger } = await setup();
		const id = await shares(app, ledger);
		const first = await buy(app, id, '2025-02-01', '5');
		await buy(app, id, '2025-03-01', '2');
		expect(own(app, id)).toEqual({ quantity: '17', disposed: 0 });
		await undo(app, first.change.entry);
		expect(own(app, id)).toEqual({ quantity: '12', disposed: 0 });
		await app.write('assets/dispose', {
			id,
			input: { disposalDate: '2025-04-01', disposalPrice: '6' }
		});
		expect(own(app, id)).toEqual({ quantity: '0', disposed: 1 });
	});

	it('may be saved as 0 once sold in full, and is refused as 0 while held', async () => {
		const { app, db, ledger } = await setup();
		const id = await shares(app, ledger);
		const edit = (quantity: string) =>
			app.write('assets/update', {
				id,
				input: { name: 'Shares', assetTypeId: ledger.typeId('STOCKS'), quantity }
			});
		const held = await refusal(edit('0'));
		expect(held.fields.quantity).toBe(
			'Enter a quantity greater than zero. To record a sale, use Dispose.'
		);
		await app.write('assets/dispose', {
			id,
			input: { disposalDate: '2025-04-01', disposalPrice: '6' }
		});
		await edit('0');
		expect(await getAsset(db, id, '2025-04-01')).toMatchObject({ quantity: '0', disposed: true });
		const after = await refusal(edit('3'));
		expect(after.fields.quantity).toBe(
			'“Shares” was sold in full on Apr 1, 2025: nothing can be dated after that.'
		);
	});
});

describe('a valuation entered per unit', () => {
	it('is worth its price × what is held that day, also after an earlier buy, and undoes exactly', async () => {
		const { app, engine, ledger } = await setup();
		const id = await shares(app, ledger);
		await app.write('valuations/add', {
			assetId: id,
			input: { value: '7', date: '2025-03-01', perUnit: true }
		});
		const whole = () =>
			engine.value<string>(
				"SELECT value FROM asset_snapshots WHERE asset_id = ? AND observed_at LIKE '2025-03-01%'",
				[id]
			);
		expect(whole()).toBe('70');
		const before = dumpOf(engine);
		const earlier = await buy(app, id, '2025-02-01', '4');
		expect(whole()).toBe('98');
		await undo(app, earlier.change.entry);
		expect(whole()).toBe('70');
		// Every row as it was, derived ones included (history aside).
		expect(dumpOf(engine)).toBe(before);
	});
});

describe("an asset's acquisition, edited", () => {
	it('cannot start after the entries that need it held, and says which date keeps them', async () => {
		const { app, engine, ledger } = await setup();
		const id = await shares(app, ledger);
		await app.write('valuations/add', { assetId: id, input: { value: '60', date: '2025-02-01' } });
		const acquisition = engine.value<string>("SELECT id FROM transactions WHERE type = 'ACQUIRE'")!;
		const before = fingerprint(engine.serialize());
		const moved = await refusal(
			app.write('transactions/update', {
				id: acquisition,
				input: {
					assetId: id,
					type: 'ACQUIRE',
					date: '2025-03-01',
					unitPrice: '5',
					quantity: '10',
					moveAcquisitionTo: '2025-02-01'
				}
			})
		);
		// Adding the asset valued it on its acquisition day, Jan 1: that valuation needs it held.
		expect(moved.fields.date).toBe(
			"“Shares” has entries from Jan 1, 2025, which need it held: its acquisition can't come after them. Pick Jan 1, 2025 or an earlier date."
		);
		expect(moved.details.moveAcquisitionTo).toBeUndefined();
		expect(fingerprint(engine.serialize())).toBe(before);
	});
});

describe('the holding rules', () => {
	it('refuse only what a change breaks: data that came in broken stays editable', async () => {
		const { app, engine, ledger } = await setup();
		// As an older file may hold it: a valuation before the acquisition.
		const id = ledger.asset({ name: 'Old fund', type: 'STOCKS' });
		ledger.valuation(id, '2024-01-01', '90');
		ledger.transaction(id, 'ACQUIRE', '2024-06-01', { unitPrice: '100' });
		const later = ledger.valuation(id, '2024-09-01', '110');
		await app.write('valuations/update', {
			id: later,
			input: { value: '120', date: '2024-09-01' }
		});
		expect(engine.value('SELECT value FROM asset_snapshots WHERE id = ?', [later])).toBe('120');
		// A new one before the acquisition is still refused.
		const broken = await refusal(
			app.write('valuations/add', { assetId: id, input: { value: '95', date: '2024-03-01' } })
		);
		expect(broken.fields.date).toBe(
			'“Old fund” was acquired on Jun 1, 2024: nothing can be dated before that. Move the acquisition back to Mar 1, 2024, or pick a later date.'
		);
	});

	it('move a transaction to another asset on top of what it held, and undo exactly', async () => {
		const { app, engine, ledger } = await setup();
		const a = await shares(app, ledger);
		const b = await shares(app, ledger);
		const [fromB] = engine.all<{ id: string }>(
			"SELECT id FROM transactions WHERE asset_id = ? AND type = 'ACQUIRE'",
			[b]
		);
		const before = dumpOf(engine);
		// Moving b's only acquisition to a leaves b with no transaction and a's quantity doubled.
		const moved = await app.write('transactions/update', {
			id: fromB!.id,
			input: { assetId: a, type: 'ACQUIRE', date: '2025-01-01', unitPrice: '5', quantity: '10' }
		});
		expect(own(app, a)).toEqual({ quantity: '20', disposed: 0 });
		// b keeps what it had as its own quantity, valued from its first valuation.
		expect(own(app, b)).toEqual({ quantity: '10', disposed: 0 });
		// A transaction moved to b on Feb 1 comes on top of what b held since Jan 1.
		const [fromA] = engine.all<{ id: string }>(
			"SELECT id FROM transactions WHERE asset_id = ? AND id <> ? AND type = 'ACQUIRE'",
			[a, fromB!.id]
		);
		const back = await app.write('transactions/update', {
			id: fromA!.id,
			input: { assetId: b, type: 'ACQUIRE', date: '2025-02-01', unitPrice: '5', quantity: '10' }
		});
		expect(own(app, b)).toEqual({ quantity: '20', disposed: 0 });
		expect(
			engine.all('SELECT quantity, occurred_at FROM transactions WHERE asset_id = ? ORDER BY 2', [
				b
			])
		).toEqual([
			{ quantity: '10', occurred_at: '2025-01-01T00:00:00.000Z' },
			{ quantity: '10', occurred_at: '2025-02-01T00:00:00.000Z' }
		]);
		await undo(app, back.change.entry);
		await undo(app, moved.change.entry);
		expect(dumpOf(engine)).toBe(before);
	});
});

describe('a debt', () => {
	it('is never negative, also when an asset becomes one by its type or its group', async () => {
		const { app, engine, ledger } = await setup();
		const id = ledger.asset({ name: 'Current account', type: 'CASH' });
		ledger.valuation(id, '2025-01-01', '-120');
		const before = fingerprint(engine.serialize());
		const retyped = await refusal(
			app.write('assets/update', {
				id,
				input: { name: 'Current account', assetTypeId: ledger.typeId('LOAN'), quantity: '1' }
			})
		);
		expect(retyped.fields.assetTypeId).toBe(
			'“Current account” has a valuation of -120 on Jan 1, 2025: a loan or debt is what you owe, never negative. Correct that valuation first, or pick another type.'
		);
		const cash = engine.get<{ id: string; label: string }>(
			"SELECT id, label FROM asset_types WHERE code = 'CASH'"
		)!;
		const regrouped = await refusal(
			app.write('asset-types/update', {
				id: cash.id,
				input: { label: cash.label, group: 'LIABILITIES' }
			})
		);
		expect(regrouped.fields.group).toBe(
			`“Current account” (${cash.label}) has a valuation of -120 on Jan 1, 2025: a loan or debt is what you owe, never negative. Correct that valuation first, or keep this type's group.`
		);
		expect(fingerprint(engine.serialize())).toBe(before);
	});
});

describe('an asset marked disposed in an older file, given a transaction', () => {
	it('opens its holding at its first valuation and closes it the day after its last', async () => {
		const { app, engine, ledger } = await setup();
		const id = ledger.asset({ name: 'Old car', type: 'VEHICLE', disposed: true });
		ledger.valuation(id, '2024-01-01', '9000');
		ledger.valuation(id, '2024-06-01', '8000');
		const counted = () =>
			engine.all(
				"SELECT day, value FROM asset_days WHERE asset_id = ? AND day IN ('2024-06-01', '2024-06-02')",
				[id]
			);
		const before = counted();
		expect(before).toEqual([
			{ day: '2024-06-01', value: '8000' },
			{ day: '2024-06-02', value: null }
		]);
		await app.write('transactions/add', {
			input: { assetId: id, type: 'ADJUST', date: '2024-03-01', unitPrice: '0', quantity: '1' }
		});
		expect(
			engine.all(
				'SELECT type, quantity, unit_price, occurred_at FROM transactions WHERE asset_id = ? ORDER BY occurred_at',
				[id]
			)
		).toEqual([
			{
				type: 'ACQUIRE',
				quantity: '1',
				unit_price: '9000',
				occurred_at: '2024-01-01T00:00:00.000Z'
			},
			{ type: 'ADJUST', quantity: '1', unit_price: '0', occurred_at: '2024-03-01T00:00:00.000Z' },
			{
				type: 'DISPOSE',
				quantity: '1',
				unit_price: '8000',
				occurred_at: '2024-06-02T00:00:00.000Z'
			}
		]);
		expect(own(app, id)).toEqual({ quantity: '1', disposed: 0 });
	});
});
