/** Reading the change history: the newest entries, and what undo or redo would act on. */
import { listEntries, nextEntry, publicEntry } from '../history';
import type { WorkerServices } from '../services';
import type { QueryHandlers } from './queries';

export function historyQueries(
	worker: WorkerServices
): QueryHandlers<'history/list' | 'history/next'> {
	/** Restore points are pruned: an entry that needs one that is gone can no longer be undone. */
	const pointIds = async () =>
		new Set((await worker.restorePoints.list(worker.currentName())).map((p) => p.id));
	return {
		'history/list': async ({ limit }) => {
			const ids = await pointIds();
			return listEntries(worker.requireOpen().engine, limit).map((entry) =>
				publicEntry(entry, (id) => ids.has(id))
			);
		},

		'history/next': async ({ direction }) => {
			const entry = nextEntry(worker.requireOpen().engine, direction);
			if (!entry) return null;
			const ids = entry.restore_point_id ? await pointIds() : new Set<string>();
			return publicEntry(entry, (id) => ids.has(id));
		}
	};
}
