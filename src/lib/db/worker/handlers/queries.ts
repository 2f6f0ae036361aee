/**
 * Every operation that is not a write of the user's data: the lifecycle of the database, backup
 * files, restore points, the change history. Loaded with the worker (nothing heavy here: the
 * backup code these need is loaded the first time it is used).
 */
import type { Queries } from '../../messages';
import type { WorkerServices } from '../services';
import { backupQueries } from './backup-files';
import { csvQueries } from './csv-import';
import { databaseQueries } from './database';
import { historyQueries } from './history-queries';
import { restorePointQueries } from './restore-points';

export type QueryHandlers<K extends keyof Queries> = {
	[P in K]: (
		args: Queries[P]['args'],
		request: { id: number }
	) => Queries[P]['result'] | Promise<Queries[P]['result']>;
};

type SyncQuery = Extract<keyof Queries, `sync/${string}`>;

const SYNC_QUERIES: SyncQuery[] = [
	'sync/status',
	'sync/setup',
	'sync/rename',
	'sync/pause',
	'sync/leave',
	'sync/outgoing',
	'sync/written',
	'sync/wanted',
	'sync/compactable',
	'sync/bundle',
	'sync/join-preview'
];

/** Sync's code (and the zod it checks files with) loads the first time sync is used. */
function lazySyncQueries(worker: WorkerServices): QueryHandlers<SyncQuery> {
	let loaded: Promise<QueryHandlers<SyncQuery>> | null = null;
	const handlers = () =>
		(loaded ??= import('./sync').then(({ syncQueries }) => syncQueries(worker)));
	return Object.fromEntries(
		SYNC_QUERIES.map((op) => [
			op,
			async (args: never, request: { id: number }) =>
				((await handlers())[op] as (args: never, request: { id: number }) => unknown)(args, request)
		])
	) as unknown as QueryHandlers<SyncQuery>;
}

export function queryHandlers(worker: WorkerServices): QueryHandlers<keyof Queries> {
	return {
		...databaseQueries(worker),
		...backupQueries(worker),
		...csvQueries(worker),
		...restorePointQueries(worker),
		...historyQueries(worker),
		...lazySyncQueries(worker)
	};
}
