/** The restore points of the open database: listing and deleting (restoring is a write). */
import { AppError } from '$lib/domain/errors';
import { m } from '$lib/paraglide/messages';
import type { WorkerServices } from '../services';
import type { QueryHandlers } from './queries';

export function restorePointQueries(
	worker: WorkerServices
): QueryHandlers<'restore-points/list' | 'restore-points/delete'> {
	return {
		'restore-points/list': () => worker.restorePoints.list(worker.currentName()),

		'restore-points/delete': async ({ id }) => {
			const point = await worker.restorePoints.describe(id);
			if (point.database !== worker.currentName()) {
				throw new AppError('refused', m.backupfile_restore_point_other_database());
			}
			await worker.restorePoints.remove(id);
			return null;
		}
	};
}
