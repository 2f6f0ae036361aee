/** Reading the change history: the newest entries, and what undo or redo would act on. */
import { listEntries, nextEntries, publicEntry } from '../history';
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

		// The newest entry that can still be undone: one whose copy is gone is passed over.
		'history/next': async ({ direction }) => {
			const ids = await pointIds();
			for (const entry of nextEntries(worker.requireOpen().engine, direction)) {
				const shown = publicEntry(entry, (id) => ids.has(id));
				if (shown.undo) return shown;
			}
			return null;
		}
	};
}
