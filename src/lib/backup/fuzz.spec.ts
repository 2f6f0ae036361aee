/**
 * Seeded fuzzing of the import: 2,000 mutated backups (1,200 JSON, 800 .db) go through the real
 * reading and import code. Each is refused with a message, with the live data unchanged, or
 * imported exactly as read. The seed is fixed, so a failure replays.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fingerprint, loadSqlite, migratedEngine } from '../../../tests/helpers/sqlite';
import { bundledMigrations } from '$lib/db/migrations';
import { seedDemo } from '$lib/domain/demo-seed';
import { random } from '../../../bench/generate';
import { readBackupFile } from './backup-file';
import { exportBackupJson } from './export-json';
import { BackupError, parseBackup, type BackupData } from './format';
import { importBackup } from './import-json';

const NOW = new Date('2026-11-21T18:00:00.000Z');
const fixture = (name: string) =>
	new Uint8Array(readFileSync(new URL(`../../../tests/fixtures/${name}`, import.meta.url)));

/** The bench's seeded generator (mulberry32), so every run fuzzes the same files. */
function generator(seed: number) {
	const next = random(seed);
	const int = (n: number) => Math.floor(next() * n);
	const pick = <T>(items: readonly T[]): T => items[int(items.length)]!;
	return { next, int, pick };
}
type Random = ReturnType<typeof generator>;

const ODD_VALUES: unknown[] = [
	null,
	'',
	0,
	-1,
	Number.MAX_VALUE,
	'1e5',
	'-0.000000001',
	'99999999999999999999999.99',
	'x\ud800y',
	'2026-02-30T00:00:00.000Z',
	'2026-11-21',
	true,
	[],
	{},
	'ACQUIRE',
	'EUR',
	'<script>alert(1)</script>',
	'a'.repeat(5000)
];

function mutateJsonValue(value: unknown, random: Random): unknown {
	const copy = structuredClone(value) as Record<string, unknown>;
	const data = copy.data as Record<string, unknown[]>;
	const tables = Object.keys(data).filter((k) => Array.isArray(data[k]) && data[k]!.length);
	for (let i = 1 + random.int(3); i > 0; i--) {
		const table = random.pick(tables);
		const rows = data[table]!;
		if (rows.length === 0) continue;
		const row = rows[random.int(rows.length)] as Record<string, unknown>;
		const field = random.pick(Object.keys(row));
		switch (random.int(5)) {
			case 0:
				row[field] = random.pick(ODD_VALUES);
				break;
			case 1:
				delete row[field];
				break;
			case 2:
				rows.push(structuredClone(row));
				break;
			case 3:
				row[field] = (rows[random.int(rows.length)] as Record<string, unknown>)[field];
				break;
			default:
				rows.splice(random.int(rows.length), 1);
		}
	}
	return copy;
}

function mutateText(text: string, random: Random): string {
	const at = random.int(text.length);
	switch (random.int(4)) {
		case 0:
			return (
				text.slice(0, at) +
				random.pick(['"', '{', '}', ',', ':', '[', '\\', '0', ' ']) +
				text.slice(at + 1)
			);
		case 1:
			return text.slice(0, at) + text.slice(at + 1 + random.int(40));
		case 2:
			return text.slice(0, at);
		default:
			return text.slice(0, at) + text.slice(random.int(text.length));
	}
}

function mutateBytes(bytes: Uint8Array, random: Random): Uint8Array {
	const copy = bytes.slice();
	switch (random.int(4)) {
		case 0:
			for (let i = 1 + random.int(8); i > 0; i--) copy[random.int(copy.length)] = random.int(256);
			return copy;
		case 1: {
			// A field of the header: page size, encoding, counters, the schema cookie…
			copy[random.pick([16, 17, 18, 19, 20, 21, 24, 28, 40, 44, 48, 52, 56, 60, 64, 68, 96])] =
				random.int(256);
			return copy;
		}
		case 2: {
			const page = 4096 * (1 + random.int(copy.length / 4096 - 1));
			copy.fill(random.int(256), page, page + 4096);
			return copy;
		}
		default:
			return copy.slice(0, 512 + random.int(copy.length - 512));
	}
}

/** One fuzzed file against a live database: refused and unchanged, or imported as read. */
async function tryFile(bytes: Uint8Array, counts: Record<string, number>): Promise<void> {
	const sqlite3 = await loadSqlite();
	const bundled = await bundledMigrations();
	let data: BackupData;
	try {
		data = readBackupFile(sqlite3, bytes, bundled, NOW).data;
	} catch (error) {
		expect(error, 'a refusal is a BackupError').toBeInstanceOf(BackupError);
		expect((error as BackupError).message).toMatch(/\S/);
		expect((error as BackupError).message).not.toMatch(/undefined/);
		counts.refused!++;
		return;
	}
	const live = await migratedEngine();
	seedDemo(live, '2026-11-21');
	const before = fingerprint(live.serialize());
	try {
		importBackup(live, data, 'replace', { now: NOW });
	} catch (error) {
		expect(error, 'a refusal is a BackupError').toBeInstanceOf(BackupError);
		expect(fingerprint(live.serialize())).toBe(before);
		counts.refused!++;
		return;
	} finally {
		// Every file, imported or not, left a database SQLite finds whole.
		expect(live.all('PRAGMA integrity_check')).toEqual([{ integrity_check: 'ok' }]);
	}
	const imported = parseBackup(exportBackupJson(live, NOW)).data;
	expect(imported.assetSnapshots.length).toBe(data.assetSnapshots.length);
	expect(imported.tags).toEqual(data.tags);
	expect(imported.categories).toEqual(data.categories);
	expect(new Map(imported.assetSnapshots.map((v) => [v.id, v.value]))).toEqual(
		new Map(data.assetSnapshots.map((v) => [v.id, v.value]))
	);
	counts.imported!++;
}

describe('fuzzed backups', () => {
	it('1,200 mutated JSON files: each refused with a message and nothing changed, or imported as read', async () => {
		const random = generator(20261202);
		const sources = [
			'strata-1.2.12/strata-edge-backup.json',
			'strata-1.2.12/strata-demo-backup.json',
			'v1-minimal.json'
		].map((name) => new TextDecoder().decode(fixture(name)));
		const counts = { refused: 0, imported: 0 };
		for (let i = 0; i < 1200; i++) {
			const source = random.pick(sources);
			const text =
				random.next() < 0.6
					? JSON.stringify(mutateJsonValue(JSON.parse(source), random))
					: mutateText(source, random);
			await tryFile(new TextEncoder().encode(text), counts);
		}
		expect(counts.refused + counts.imported).toBe(1200);
		expect(counts.refused).toBeGreaterThan(0);
		expect(counts.imported).toBeGreaterThan(0);
		console.info(`fuzzed JSON: ${counts.refused} refused, ${counts.imported} imported`);
	}, 240_000);

	it('800 mutated .db files: each refused with a message and nothing changed, or imported as read', async () => {
		const random = generator(4242);
		const ours = await migratedEngine();
		seedDemo(ours, '2026-11-21');
		const sources = [
			fixture('strata-1.2.12/strata-edge.db'),
			fixture('strata-1.2.12/strata-demo.db'),
			ours.serialize()
		];
		const counts = { refused: 0, imported: 0 };
		for (let i = 0; i < 800; i++) {
			await tryFile(mutateBytes(random.pick(sources), random), counts);
		}
		expect(counts.refused + counts.imported).toBe(800);
		expect(counts.refused).toBeGreaterThan(0);
		expect(counts.imported).toBeGreaterThan(0);
		console.info(`fuzzed .db: ${counts.refused} refused, ${counts.imported} imported`);
	}, 240_000);
});
