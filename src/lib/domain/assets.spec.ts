import { describe, expect, it } from 'vitest';
import { fingerprint, testDatabase } from '../../../tests/helpers/sqlite';
import { Ledger } from '../../../tests/factories/ledger';
import {
	createAsset,
	deleteAsset,
	deletionImpact,
	disposeAsset,
	getAsset,
	listAssets,
	updateAsset
} from './assets';
import { createAssetType, deleteAssetType, updateAssetType } from './asset-types';
import { ValidationError } from './errors';
import { netWorthOn } from './net-worth';
import { addTransaction, deleteTransaction, listTransactions } from './transactions';
import {
	SameDayValuationError,
	addValuation,
	updateValuation,
	valuationSeries
} from './valuations';

const fr = { locale: 'fr-FR', currency: 'EUR' };
const us = { locale: 'en-US', currency: 'USD' };

async function setup() {
	const { engine, db } = await testDatabase();
	return { engine, db, ledger: new Ledger(engine) };
}

describe('adding an asset', () => {
	it('records its acquisition and a first valuation of price × quantity, exactly', async () => {
		const { engine, db, ledger } = await setup();
		const id = await createAsset(
			db,
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
		const { engine, db } = await setup();
		const before = fingerprint(engine.serialize());
		const error = (await createAsset(
			db,
			{
				name: ' ',
				assetTypeId: '',
				quantity: '0',
				acquisitionDate: '2025-02-30',
				acquisitionPrice: '1e5'
			},
			us
		).catch((e: unknown) => e)) as ValidationError;
		expect(error).toBeInstanceOf(ValidationError);
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
		const { db, ledger } = await setup();
		const id = ledger.asset();
		const first = await addValuation(db, id, { value: '10', date: '2025-03-01' }, us);
		const error = await addValuation(db, id, { value: '11', date: '2025-03-01' }, us).catch(
			(e: unknown) => e
		);
		expect(error).toBeInstanceOf(SameDayValuationError);
		expect((error as SameDayValuationError).existingId).toBe(first);
		expect((error as SameDayValuationError).fields.date).toBe(
			'There is already a valuation on Mar 1, 2025. Edit that one instead, or pick another date.'
		);
		await updateValuation(db, first, { value: '-250.75', date: '2025-03-01' }, us);
		const valuations = await valuationSeries(db, id);
		expect(valuations.map((v) => v.value)).toEqual(['-250.75']);
	});
});

describe('disposing', () => {
	it('records a DISPOSE and keeps the asset in every earlier net worth', async () => {
		const { db, ledger } = await setup();
		const id = await createAsset(
			db,
			{
				name: 'Car',
				assetTypeId: ledger.typeId('VEHICLE'),
				quantity: '1',
				acquisitionDate: '2020-05-10',
				acquisitionPrice: '15000'
			},
			us
		);
		await disposeAsset(db, id, { disposalDate: '2024-02-29', disposalPrice: '3500.50' }, us);
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
		await deleteTransaction(db, txs.rows[0]!.id, 'USD');
		expect((await listAssets(db, {}, '2025-01-01')).map((a) => a.value)).toEqual(['15000']);
	});
});

describe('deleting an asset', () => {
	it('says what goes with it, then takes it all', async () => {
		const { engine, db, ledger } = await setup();
		const id = await createAsset(
			db,
			{
				name: 'Flat',
				assetTypeId: ledger.typeId('REAL_ESTATE'),
				quantity: '1',
				acquisitionDate: '2024-01-01',
				acquisitionPrice: '300000'
			},
			us
		);
		await addValuation(db, id, { value: '310000', date: '2025-01-01' }, us);
		await addTransaction(
			db,
			{ assetId: id, type: 'ADJUST', date: '2025-02-01', unitPrice: '0', quantity: '1' },
			us
		);
		expect(await deletionImpact(db, id)).toEqual({ valuations: 2, transactions: 2 });
		await deleteAsset(db, id, 'USD');
		expect(
			engine.all(
				'SELECT count(*) n FROM asset_snapshots UNION ALL SELECT count(*) FROM transactions UNION ALL SELECT count(*) FROM portfolio_snapshots'
			)
		).toEqual([{ n: 0 }, { n: 0 }, { n: 0 }]);
	});
});

describe('asset types', () => {
	it('can be created and regrouped; deletion is refused while in use or built in', async () => {
		const { db, ledger } = await setup();
		const watches = await createAssetType(db, { label: 'Watches', group: 'PHYSICAL_COLLECTIONS' });
		const id = ledger.asset({ type: 'CASH' });
		ledger.valuation(id, '2025-01-01', '100');
		await updateAsset(db, id, { name: 'Rolex', assetTypeId: watches, quantity: '1' }, us);
		await expect(deleteAssetType(db, watches)).rejects.toThrow(
			'“Watches” is used by 1 asset. Give it another type first.'
		);
		await expect(deleteAssetType(db, ledger.typeId('CASH'))).rejects.toThrow(
			"“Cash” is one of Strata's built-in types and can't be deleted. You can rename it instead."
		);
		// Moving the type to the liabilities group turns its value negative.
		await updateAssetType(db, watches, { label: 'Watches', group: 'LIABILITIES' }, 'USD');
		expect((await netWorthOn(db, '2025-01-01')).netWorth).toBe('-100');
		await expect(createAssetType(db, { label: 'watches', group: 'OTHER' })).rejects.toThrow(
			'A type named “Watches” already exists.'
		);
	});
});

describe('stored net-worth points follow every change', () => {
	const points = (engine: { all: <T>(sql: string) => T[] }) =>
		engine.all<{ day: string; value: string }>(
			'SELECT substr(observed_at, 1, 10) AS day, value FROM portfolio_snapshots ORDER BY observed_at'
		);

	it('when an ACQUIRE moves the start of the holding after its first valuation', async () => {
		const { engine, db, ledger } = await setup();
		const id = ledger.asset();
		await addValuation(db, id, { value: '100', date: '2025-01-01' }, us);
		expect(points(engine)).toEqual([{ day: '2025-01-01', value: '100' }]);
		await addTransaction(
			db,
			{ assetId: id, type: 'ACQUIRE', date: '2025-03-01', unitPrice: '100', quantity: '1' },
			us
		);
		expect(points(engine)).toEqual([
			{ day: '2025-01-01', value: '0' },
			{ day: '2025-03-01', value: '100' }
		]);
		expect((await netWorthOn(db, '2025-01-01')).netWorth).toBe('0');
	});

	it('refuses a disposal of part of an asset, and a second disposal', async () => {
		const { db, ledger } = await setup();
		const id = await createAsset(
			db,
			{
				name: 'Shares',
				assetTypeId: ledger.typeId('STOCKS'),
				quantity: '10',
				acquisitionDate: '2024-01-01',
				acquisitionPrice: '5'
			},
			us
		);
		const partial = await addTransaction(
			db,
			{ assetId: id, type: 'DISPOSE', date: '2024-06-01', unitPrice: '6', quantity: '1' },
			us
		).catch((e: unknown) => e);
		expect((partial as ValidationError).fields.quantity).toBe(
			'A disposal is for the whole asset (quantity 10). For part of it, record an Adjust and add a valuation.'
		);
		await addTransaction(
			db,
			{ assetId: id, type: 'DISPOSE', date: '2024-06-01', unitPrice: '6', quantity: '10' },
			us
		);
		const second = await addTransaction(
			db,
			{ assetId: id, type: 'DISPOSE', date: '2024-07-01', unitPrice: '6', quantity: '10' },
			us
		).catch((e: unknown) => e);
		expect((second as ValidationError).fields.type).toBe(
			'This asset already has a disposal. Edit that one instead.'
		);
		expect((await netWorthOn(db, '2024-05-31')).netWorth).toBe('50');
		expect((await netWorthOn(db, '2024-06-01')).netWorth).toBe('0');
	});
});
