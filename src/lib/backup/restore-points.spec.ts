import { describe, expect, it } from 'vitest';
import { KEEP_RESTORE_POINTS, MemoryRestorePoints, prune } from './restore-points';

describe('restore points', () => {
	it('keep the newest 10 per database, trimmed only when asked', async () => {
		const sut = new MemoryRestorePoints();
		for (let i = 0; i < 12; i++) {
			const createdAt = new Date(Date.UTC(2026, 0, 1 + i)).toISOString();
			await sut.save(
				{ database: 'real', createdAt, reason: `point ${i}`, schemaVersion: 1 },
				new Uint8Array([i])
			);
		}
		await sut.save(
			{ database: 'demo', createdAt: '2020-01-01T00:00:00.000Z', reason: 'demo', schemaVersion: 1 },
			new Uint8Array(1)
		);
		expect(await sut.list('real')).toHaveLength(12);
		await prune(sut, 'real');
		const kept = await sut.list('real');
		expect(kept).toHaveLength(KEEP_RESTORE_POINTS);
		expect(kept[0]!.reason).toBe('point 11');
		expect(kept.at(-1)!.reason).toBe('point 2');
		expect(await sut.list('demo')).toHaveLength(1);
	});
});
