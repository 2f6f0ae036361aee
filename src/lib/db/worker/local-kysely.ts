/**
 * Kysely straight over a connection in the same thread: lets code written for the page's Kysely
 * (net worth, history, summaries) run inside the worker, in Node tests and in the benchmark's
 * native SQLite, through the same dialect.
 */
import type { Kysely } from 'kysely';
import { createKysely } from '../kysely-dialect';
import type { Database } from '../schema';
import { Turns } from '../turns';
import type { ExecuteResult, SqlParam } from './engine';

export interface LocalConnection {
	execute(sql: string, params: readonly SqlParam[]): ExecuteResult;
	readonly inTransaction: boolean;
}

export function localKysely(connection: LocalConnection): Kysely<Database> {
	const turns = new Turns();
	return createKysely({
		async acquire() {
			const release = await turns.take();
			return {
				execute: async (sql, params) => {
					try {
						return connection.execute(sql, params);
					} catch (error) {
						throw Object.assign(error as Error, { inTransaction: connection.inTransaction });
					}
				},
				release
			};
		}
	});
}
