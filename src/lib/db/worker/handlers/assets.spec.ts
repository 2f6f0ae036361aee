import { describe, expect, it } from 'vitest';
import { openTestApp, type TestApp } from '../../../../../tests/helpers/app';
import { Ledger } from '../../../../../tests/factories/ledger';
import { fingerprint } from '../../../../../tests/helpers/sqlite';
import { DatabaseError } from '$lib/db/client';
import type { NewAssetInput } from '$lib/db/messages';
import { deletionImpact, getAsset, listAssets } from '$lib/domain/assets';
import { netWorthOn } from '$lib/domain/net-worth';
import { listTransactions } from '$lib/domain/transactions';
import { valuationSeries } from '$lib/domain/valuations';

const fr = { locale: 'fr-FR', currency: 'EUR' };
const us = { locale: 'en-US', currency: 'USD' };

async function setup() {
	const app = await openTestApp();
	return { app, engine: app.engine(), db: app.db, ledger: new Ledger(app.engine()) };
}

async function createAsset(app: TestApp, input: NewAssetInput, context = us): Promise<string> {
	return (await app.write('assets/create', { input }, context)).value.id;
}

const refusal = (promise: Promise<unknown>) =>
	promise.then(
		() => {
			throw new Error('expected a refusal');
		},
		(e: unknown) => e as DatabaseError
	);

describe('adding an asset', () => {
	it('records its acquisition and a first valuation of price × quantity, exactly', async () => {
		const { app, engine, db, ledger } = await setup();
		const id = await createAsset(
			app,
			{
				name: 'Bitcoin',
				assetTypeId: ledger.typeId('CRYPTO'),
				quantity: '0,12345678',
				acquisitionDate: '2024-01-15',
				acquisitionPrice: '50 000',
				categoryIds: [],
				tagIds: []
			},
			fr
		);
		expect(
			engine.all('SELECT type, unit_price, quantity, currency, occurred_at FROM transactions')
		).toEqual([
			{
				type: 'ACQUIRE',
				unit_price: '50000',
				quantity: '0.12345678',
				currency: 'EUR',
				occurred_at: '2024-01-15T00:00:00.000Z'
			}
		]);
		expect(engine.all('SELECT value, observed_at FROM asset_snapshots')).toEqual([
			{ value: '6172.839', observed_at: '2024-01-15T00:00:00.000Z' }
		]);
		expect((await getAsset(db, id, '2024-06-01')).value).toBe('6172.839');
		expect(engine.all('SELECT value, observed_at FROM portfolio_snapshots')).toEqual([
			{ value: '6172.839', observed_at: '2024-01-15T00:00:00.000Z' }
		]);
	});

	it('shows every problem under its field and writes nothing', async () => {
		const { app, engine } = await setup();
		const before = fingerprint(engine.serialize());
		const error = await refusal(
			app.write(
				'assets/create',
				{
					input: {
						name: ' ',
						assetTypeId: '',
						quantity: '0',
						acquisitionDate: '2025-02-30',
						acquisitionPrice: '1e5'
					}
				},
				us
			)
		);
		expect(error.code).toBe('validation');
		expect(error.fields).toEqual({
			name: 'Enter an asset name.',
			assetTypeId: 'Choose a type.',
			quantity: 'Enter a quantity greater than zero.',
			acquisitionDate: 'Enter a valid date.',
			acquisitionPrice: 'Enter a number like 1,234.56.'
		});
		expect(fingerprint(engine.serialize())).toBe(before);
	});
});

describe('valuations', () => {
	it('allow one per day and offer the existing one for editing', async () => {
		const { app, db, ledger } = await setup();
		const id = ledger.asset();
		const add = (value: string) =>
			app.write('valuations/add', { assetId: id, input: { value, date: '2025-03-01' } }, us);
		const first = (await add('10')).value.id;
		const error = await refusal(add('11'));
		expect(error.code).toBe('validation');
		expect(error.details.existingId).toBe(first);
		expect(error.fields.date).toBe(
			'There is already a valuation on Mar 1, 2025. Edit that one instead, or pick another date.'
		);
		await app.write('valuations/update', {
			id: first,
			input: { value: '-250.75', date: '2025-03-01' }
		});
		const valuations = await valuationSeries(db, id);
		expect(valuations.map((v) => v.value)).toEqual(['-250.75']);
	});
});

describe('disposing', () => {
	it('records a DISPOSE and keeps the asset in every earlier net worth', async () => {
		const { app, db, ledger } = await setup();
		const id = await createAsset(app, {
			name: 'Car',
			assetTypeId: ledger.typeId('VEHICLE'),
			quantity: '1',
			acquisitionDate: '2020-05-10',
			acquisitionPrice: '15000'
		});
		await app.write('assets/dispose', {
			id,
			input: { disposalDate: '2024-02-29', disposalPrice: '3500.50' }
		});
		expect((await netWorthOn(db, '2024-02-28')).netWorth).toBe('15000');
		expect((await netWorthOn(db, '2024-02-29')).netWorth).toBe('0');
		expect(await listAssets(db, {}, '2025-01-01')).toEqual([]);
		const [row] = await listAssets(db, { showDisposed: true }, '2025-01-01');
		expect(row).toMatchObject({ disposed: true, value: null, lastValue: '15000' });
		const txs = await listTransactions(db, { assetId: id });
		expect(txs.rows.map((t) => [t.type, t.total])).toEqual([
			['DISPOSE', '3500.5'],
			['ACQUIRE', '15000']
		]);
		// Deleting the disposal makes it held again.
		await app.write('transactions/delete', { id: txs.rows[0]!.id });
		expect((await listAssets(db, {}, '2025-01-01')).map((a) => a.value)).toEqual(['15000']);
	});

	it('follows one rule from either page: held units only, not before the acquisition', async () => {
		const { app, engine, db, ledger } = await setup();
		const id = await createAsset(app, {
			name: 'Shares',
			assetTypeId: ledger.typeId('STOCKS'),
			quantity: '10',
			acquisitionDate: '2024-01-01',
			acquisitionPrice: '5'
		});
		const before = fingerprint(engine.serialize());
		const early = await refusal(
			app.write('assets/dispose', {
				id,
				input: { disposalDate: '2023-12-31', disposalPrice: '6' }
			})
		);
		expect(early.fields.disposalDate).toBe(
			'“Shares” was acquired on Jan 1, 2024: nothing can be dated before that. Move the acquisition back to Dec 31, 2023, or pick a later date.'
		);
		expect(early.details.moveAcquisitionTo).toBe('2023-12-31');
		const earlyThere = await refusal(
			app.write('transactions/add', {
				input: { assetId: id, type: 'DISPOSE', date: '2023-12-31', unitPrice: '6', quantity: '10' }
			})
		);
		expect(earlyThere.fields.date).toBe(early.fields.disposalDate);
		const tooMany = await refusal(
			app.write('transactions/add', {
				input: { assetId: id, type: 'DISPOSE', date: '2024-06-01', unitPrice: '6', quantity: '11' }
			})
		);
		expect(tooMany.fields.quantity).toBe(
			'That would leave -1 of “Shares” on Jun 1, 2024: you cannot sell or remove more than you hold on that day.'
		);
		expect(fingerprint(engine.serialize())).toBe(before);
		// Part of it from the Transactions page, the rest from the asset's Dispose.
		await app.write('transactions/add', {
			input: { assetId: id, type: 'DISPOSE', date: '2024-06-01', unitPrice: '6', quantity: '4' }
		});
		expect((await getAsset(db, id, '2024-06-01')).quantity).toBe('6');
		await app.write('assets/dispose', {
			id,
			input: { disposalDate: '2024-07-01', disposalPrice: '7' }
		});
		expect(await getAsset(db, id, '2024-07-01')).toMatchObject({ quantity: '0', disposed: true });
		const after = await refusal(
			app.write('valuations/add', { assetId: id, input: { value: '1', date: '2024-08-01' } })
		);
		expect(after.fields.date).toBe(
			'“Shares” was sold in full on Jul 1, 2024: nothing can be dated after that.'
		);
		expect((await netWorthOn(app.db, '2024-05-31')).netWorth).toBe('50');
		expect((await netWorthOn(app.db, '2024-06-01')).netWorth).toBe('36');
		expect((await netWorthOn(app.db, '2024-07-01')).netWorth).toBe('0');
		// 4 sold at 6 (cost 4 × 5) and 6 at 7 (cost 6 × 5): 4 + 12 realised.
		expect((await getAsset(db, id, '2024-07-01')).realised).toBe('16');
	});
});

describe('deleting an asset', () => {
	it('says what goes with it, then takes it all', async () => {
		const { app, engine, db, ledger } = await setup();
		const id = await createAsset(app, {
			name: 'Flat',
			assetTypeId: ledger.typeId('REAL_ESTATE'),
			quantity: '1',
			acquisitionDate: '2024-01-01',
			acquisitionPrice: '300000'
		});
		await app.write('valuations/add', {
			assetId: id,
			input: { value: '310000', date: '2025-01-01' }
		});
		await app.write('transactions/add', {
			input: { assetId: id, type: 'ADJUST', date: '2025-02-01', unitPrice: '0', quantity: '1' }
		});
		expect(await deletionImpact(db, id)).toEqual({ valuations: 2, transactions: 2 });
		await app.write('assets/delete', { id });
		expect(
			engine.all(
				'SELECT count(*) n FROM asset_snapshots UNION ALL SELECT count(*) FROM transactions UNION ALL SELECT count(*) FROM portfolio_snapshots'
			)
		).toEqual([{ n: 0 }, { n: 0 }, { n: 0 }]);
	});
});

describe('asset types', () => {
	it('can be created and regrouped; deletion is refused while in use or built in', async () => {
		const { app, db, ledger } = await setup();
		const { id: watches } = (
			await app.write('asset-types/create', {
				input: { label: 'Watches', group: 'PHYSICAL_COLLECTIONS' }
			})
		).value;
		const id = ledger.asset({ type: 'CASH' });
		ledger.valuation(id, '2025-01-01', '100');
		await app.write('assets/update', {
			id,
			input: { name: 'Rolex', assetTypeId: watches, quantity: '1' }
		});
		await expect(app.write('asset-types/delete', { id: watches })).rejects.toThrow(
			'“Watches” is used by 1 asset. Give it another type first.'
		);
		await expect(app.write('asset-types/delete', { id: ledger.typeId('CASH') })).rejects.toThrow(
			"“Cash” is one of Strata's built-in types and can't be deleted. You can rename it instead."
		);
		// Moving the type to the liabilities group turns its value negative.
		await app.write('asset-types/update', {
			id: watches,
			input: { label: 'Watches', group: 'LIABILITIES' }
		});
		expect((await netWorthOn(db, '2025-01-01')).netWorth).toBe('-100');
		await expect(
			app.write('asset-types/create', { input: { label: 'watches', group: 'OTHER' } })
		).rejects.toThrow('A type named “Watches” already exists.');
	});
});

describe('stored net-worth points follow every change', () => {
	const points = (engine: { all: <T>(sql: string) => T[] }) =>
		engine.all<{ day: string; value: string }>(
			'SELECT substr(observed_at, 1, 10) AS day, value FROM portfolio_snapshots ORDER BY observed_at'
		);

	it('when an asset held without transactions gets its first, later than its first valuation', async () => {
		const { app, engine, db, ledger } = await setup();
		const id = ledger.asset({ quantity: '2' });
		await app.write('valuations/add', { assetId: id, input: { value: '100', date: '2025-01-01' } });
		expect(points(engine)).toEqual([{ day: '2025-01-01', value: '100' }]);
		// A buy on top of what it already held: the holding opens with those 2 at 50 each.
		await app.write('transactions/add', {
			input: { assetId: id, type: 'ACQUIRE', date: '2025-03-01', unitPrice: '60', quantity: '1' }
		});
		expect(
			engine.all(
				'SELECT type, quantity, unit_price, occurred_at FROM transactions ORDER BY occurred_at'
			)
		).toEqual([
			{ type: 'ACQUIRE', quantity: '2', unit_price: '50', occurred_at: '2025-01-01T00:00:00.000Z' },
			{ type: 'ACQUIRE', quantity: '1', unit_price: '60', occurred_at: '2025-03-01T00:00:00.000Z' }
		]);
		expect(points(engine)).toEqual([
			{ day: '2025-01-01', value: '100' },
			{ day: '2025-03-01', value: '180' }
		]);
		expect((await netWorthOn(db, '2025-01-01')).netWorth).toBe('100');
		expect(await getAsset(db, id, '2025-03-01')).toMatchObject({ quantity: '3', cost: '160' });
	});

	it('when an asset held without transactions gets its acquisition, on or before its first valuation', async () => {
		const { app, engine, ledger } = await setup();
		const id = ledger.asset();
		await app.write('valuations/add', { assetId: id, input: { value: '100', date: '2025-03-01' } });
		await app.write('transactions/add', {
			input: { assetId: id, type: 'ACQUIRE', date: '2025-01-01', unitPrice: '90', quantity: '1' }
		});
		expect(engine.all('SELECT type, quantity FROM transactions')).toEqual([
			{ type: 'ACQUIRE', quantity: '1' }
		]);
		expect(points(engine)).toEqual([
			{ day: '2025-01-01', value: '90' },
			{ day: '2025-03-01', value: '100' }
		]);
	});
});
