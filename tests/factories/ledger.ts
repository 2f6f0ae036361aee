/**
 * Builders of test data, written straight into a test database with SQL (not through the write
 * gate), each bringing the asset's derived holdings and the chart's stored series up to date as
 * the gate would (the net-worth points are left to the test).
 */
import type { Engine } from '../../src/lib/db/worker/engine';
import type { TransactionType } from '../../src/lib/db/schema';
import { rebuildHoldings } from '../../src/lib/db/worker/derived';
import { rebuildAllSeries } from '../../src/lib/db/worker/series';

let counter = 0;
const nextId = (prefix: string) => `${prefix}_${++counter}`;

export class Ledger {
	constructor(readonly engine: Engine) {}

	private derive(assets: string[]): void {
		if (assets.length) rebuildHoldings(this.engine, assets);
		rebuildAllSeries(this.engine, { points: false });
	}

	typeId(code: string): string {
		const id = this.engine.value<string>('SELECT id FROM asset_types WHERE code = ?', [code]);
		if (!id) throw new Error(`No asset type ${code}`);
		return id;
	}

	asset({
		name = nextId('asset'),
		type = 'CASH',
		quantity = '1' as string | null,
		disposed = false
	} = {}): string {
		const id = nextId('a');
		this.engine.run(
			'INSERT INTO assets (id, name, quantity, disposed, asset_type_id) VALUES (?, ?, ?, ?, ?)',
			[id, name, quantity, disposed ? 1 : 0, this.typeId(type)]
		);
		this.derive([id]);
		return id;
	}

	valuation(assetId: string, day: string, value: string, time = '00:00:00.000'): string {
		const id = nextId('s');
		this.engine.run(
			'INSERT INTO asset_snapshots (id, asset_id, value, observed_at) VALUES (?, ?, ?, ?)',
			[id, assetId, value, `${day}T${time}Z`]
		);
		this.derive([assetId]);
		return id;
	}

	transaction(
		assetId: string,
		type: TransactionType,
		day: string,
		{ unitPrice = '0', quantity = '1', time = '00:00:00.000' } = {}
	): string {
		const id = nextId('t');
		this.engine.run(
			'INSERT INTO transactions (id, asset_id, type, unit_price, quantity, occurred_at) VALUES (?, ?, ?, ?, ?, ?)',
			[id, assetId, type, unitPrice, quantity, `${day}T${time}Z`]
		);
		this.derive([assetId]);
		return id;
	}

	category(name: string, parentId: string | null = null): string {
		const id = nextId('c');
		this.engine.run('INSERT INTO categories (id, name, parent_id) VALUES (?, ?, ?)', [
			id,
			name,
			parentId
		]);
		this.derive([]);
		return id;
	}

	categorize(assetId: string, categoryId: string): void {
		this.engine.run('INSERT INTO asset_categories (asset_id, category_id) VALUES (?, ?)', [
			assetId,
			categoryId
		]);
		this.derive([]);
	}
}
