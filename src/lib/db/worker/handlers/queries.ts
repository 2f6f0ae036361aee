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

export function queryHandlers(worker: WorkerServices): QueryHandlers<keyof Queries> {
	return {
		...databaseQueries(worker),
		...backupQueries(worker),
		...csvQueries(worker),
		...restorePointQueries(worker),
		...historyQueries(worker)
	};
}
