/**
 * The app's real database stack in Node: the page's DbClient talking to the worker's Processor
 * (messages structured-cloned, as postMessage does), on sqlite-wasm's Node build, in memory.
 * What a test writes goes through the same messages, gate and handlers as in the browser.
 */
import type { Kysely } from 'kysely';
import { DbClient, type WorkerLike } from '../../src/lib/db/client';
import { createKysely } from '../../src/lib/db/kysely-dialect';
import type {
	Args,
	DatabaseName,
	FromWorker,
	Request,
	WriteContext,
	WriteName,
	WriteReply,
	Writes
} from '../../src/lib/db/messages';
import type { Database } from '../../src/lib/db/schema';
import { Processor } from '../../src/lib/db/worker/processor';
import type { Engine } from '../../src/lib/db/worker/engine';
import { loadSqlite } from './sqlite';

export const TODAY = '2026-11-21';
export const CONTEXT: WriteContext = { locale: 'en-US', today: TODAY };

export interface TestApp {
	client: DbClient;
	processor: Processor;
	/** Kysely over the client, as the pages read. */
	db: Kysely<Database>;
	/** The open database's engine, to check rows directly. */
	engine(): Engine;
	write<K extends WriteName>(
		op: K,
		args: Args<K>,
		context?: Partial<WriteContext>
	): Promise<WriteReply<Writes[K]['result']>>;
}

export async function openTestApp(database: DatabaseName = 'real'): Promise<TestApp> {
	const worker: WorkerLike = {
		postMessage(message: Request) {
			const copy = structuredClone(message);
			queueMicrotask(() => processor.receive(copy));
		},
		onmessage: null,
		onerror: null
	};
	const processor = new Processor(loadSqlite(), (message: FromWorker) => {
		const copy = structuredClone(message);
		queueMicrotask(() => worker.onmessage?.({ data: copy } as MessageEvent<FromWorker>));
	});
	const client = new DbClient(worker);
	const opened = await client.call('db/open', {
		database,
		takeOver: false,
		today: TODAY
	});
	if (opened.status !== 'ready') throw new Error(`Could not open: ${opened.status}`);
	return {
		client,
		processor,
		db: createKysely(client),
		engine: () => processor.requireOpen().engine,
		write: (op, args, context = {}) =>
			client.call(op, args, { context: { ...CONTEXT, ...context } }) as never
	};
}

/**
 * Every table of the database as text, rows in primary-key order (row ids and insertion order
 * are not data): two databases with the same content give the same dump.
 */
export function dumpOf(
	engine: Engine,
	{ skip = ['change_log'] }: { skip?: string[] } = {}
): string {
	const tables = engine
		.all<{ name: string }>(
			"SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
		)
		.map((r) => r.name)
		.filter((name) => !skip.includes(name));
	return tables
		.map((table) => {
			const keys = engine
				.all<{ name: string; pk: number }>('SELECT name, pk FROM pragma_table_info(?)', [table])
				.filter((c) => c.pk > 0)
				.sort((a, b) => a.pk - b.pk)
				.map((c) => `"${c.name}"`);
			const rows = engine.all(`SELECT * FROM "${table}" ORDER BY ${keys.join(', ') || 'rowid'}`);
			return `${table}\n${rows.map((row) => JSON.stringify(row)).join('\n')}`;
		})
		.join('\n\n');
}
