/** The real sqlite-wasm engine (its Node build, in memory) for unit tests: no mocks of SQLite. */
import { createHash } from 'node:crypto';
import sqlite3InitModule, { type Sqlite3Static } from '@sqlite.org/sqlite-wasm';
import type { Kysely } from 'kysely';
import { Engine } from '../../src/lib/db/worker/engine';
import { localKysely } from '../../src/lib/db/worker/local-kysely';
import type { Database } from '../../src/lib/db/schema';
import { bundledMigrations } from '../../src/lib/db/migrations';
import { migrate } from '../../src/lib/db/migrator';
import { ensureReferenceAssetTypes } from '../../src/lib/db/reference-data';

let sqlite3: Promise<Sqlite3Static> | undefined;

export function loadSqlite(): Promise<Sqlite3Static> {
	// Failed statements are expected in tests (they are asserted); keep the engine's own log quiet.
	const init = sqlite3InitModule as unknown as (options: object) => Promise<Sqlite3Static>;
	sqlite3 ??= init({ print: () => {}, printErr: () => {} }).then((engine) => {
		// A statement that fails also warns on the console; tests assert the failures instead.
		(engine.config as { warn: (...args: unknown[]) => void }).warn = () => {};
		return engine;
	});
	return sqlite3;
}

/** An empty in-memory database, or one made from the bytes of a database file. */
export async function memoryEngine(bytes?: Uint8Array): Promise<Engine> {
	return Engine.memory(await loadSqlite(), bytes);
}

/** The bytes of a database file a newer Strata wrote: one migration (0099) this build lacks. */
export async function newerDatabaseBytes(): Promise<Uint8Array> {
	const engine = await migratedEngine();
	try {
		engine.run(
			"INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (99, 'from_the_future', 'x', '2030-01-01T00:00:00.000Z')"
		);
		return engine.serialize();
	} finally {
		engine.close();
	}
}

/** An in-memory database at the current schema, with the reference asset types. */
export async function migratedEngine(): Promise<Engine> {
	const engine = await memoryEngine();
	migrate(engine, await bundledMigrations());
	ensureReferenceAssetTypes(engine);
	return engine;
}

/** Every table, index and trigger definition, to compare schemas. */
export function schemaOf(engine: Engine): string[] {
	return engine
		.all<{ sql: string }>(
			"SELECT type || ' ' || name || ': ' || coalesce(sql, '') AS sql FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%' AND name <> 'schema_migrations' ORDER BY type, name"
		)
		.map((row) => row.sql);
}

/** A short fingerprint of a database file, to assert "byte for byte unchanged" readably. */
export function fingerprint(bytes: Uint8Array): string {
	return createHash('sha256').update(bytes).digest('hex') + `:${bytes.byteLength}`;
}

/** Kysely over an in-memory engine, through the same dialect the page uses over the worker. */
export async function testDatabase(
	engine?: Engine
): Promise<{ engine: Engine; db: Kysely<Database> }> {
	const sut = engine ?? (await migratedEngine());
	return { engine: sut, db: localKysely(sut) };
}
