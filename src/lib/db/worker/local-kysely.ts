/**
 * Kysely straight over an engine, in the same thread: lets code written for the page's Kysely
 * (net worth, summaries) run inside the worker and in Node tests, through the same dialect.
 */
import type { Kysely } from 'kysely';
import { createKysely } from '../kysely-dialect';
import type { Database } from '../schema';
import type { Engine } from './engine';

export function localKysely(engine: Engine): Kysely<Database> {
	let tail: Promise<void> = Promise.resolve();
	return createKysely({
		async acquire() {
			let release!: () => void;
			const previous = tail;
			tail = previous.then(() => new Promise<void>((resolve) => (release = resolve)));
			await previous;
			return {
				execute: async (sql, params) => engine.execute(sql, params),
				release: () => release()
			};
		}
	});
}
