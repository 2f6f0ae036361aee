/**
 * Writes that replace the data as a whole: an import, restoring a restore point, erasing My
 * data, resetting the demo. Each keeps a restore point first (the gate does), runs
 * all-or-nothing, and is undone by restoring that point. Undo itself lives here too, since
 * undoing one of these is a restore.
 */
import { AppError, RefusedError, ValidationError } from '$lib/domain/errors';
import { m } from '$lib/paraglide/messages';
import { ensureReferenceAssetTypes } from '../../reference-data';
import {
	TABLES,
	type HistoryEntry,
	type WriteContext,
	type WriteReply,
	type Writes
} from '../../messages';
import type { Engine } from '../engine';
import type { ReplaceHandler } from '../gate';
import { getEntry } from '../history';
import type { WorkerServices } from '../services';
import { backupCode, stagedBackup } from './backup-files';
import { revertOf, undoChange } from './history';

type DataWrite =
	'db/erase' | 'demo/reset' | 'backup/import' | 'restore-points/restore' | 'history/undo';

export type DataWrites = {
	[K in DataWrite]: (
		args: Writes[K]['args'],
		context: WriteContext,
		request: { id: number }
	) => Promise<WriteReply<Writes[K]['result']>>;
};

/** "2026-11-21 18:00": when a restore point's copy was made, in UTC. */
const copyTime = (createdAt: string) => createdAt.slice(0, 16).replace('T', ' ');

/** Empties every domain table, puts the reference types back, and fills it again (the demo). */
async function wipe(engine: Engine, refill: (engine: Engine) => void = () => {}) {
	const { wipeDomainTables } = await backupCode();
	wipeDomainTables(engine);
	ensureReferenceAssetTypes(engine);
	refill(engine);
}

export function dataWrites(worker: WorkerServices): DataWrites {
	const restore = async (
		{ id }: { id: string },
		context: WriteContext,
		request: { id: number },
		as?: { kind: HistoryEntry['kind']; summary: ReturnType<typeof revertOf>['summary'] }
	): Promise<
		WriteReply<{ restorePoint: Awaited<ReturnType<WorkerServices['keepRestorePoint']>> }>
	> => {
		const { point, bytes } = await worker.restorePoints.read(id);
		if (point.database !== worker.currentName()) {
			throw new RefusedError(m.backupfile_restore_switch_database());
		}
		worker.progress(request.id, m.backupfile_phase_checking_copy());
		const { stageRestorePoint } = await backupCode();
		const staged = stageRestorePoint(await worker.sqlite3, bytes, await worker.bundled());
		try {
			const state = worker.state;
			if (state.kind === 'open' && state.gate) {
				const handler: ReplaceHandler<null, { restorePoint: typeof point }> = {
					what: m.backupfile_what_restore(),
					atomic: 'whole-file',
					reason: () => m.backupfile_reason_before_restore({ time: copyTime(point.createdAt) }),
					summary: () => as?.summary ?? { what: 'data', verb: 'restored', copyOf: point.createdAt },
					bytesNeeded: () => 2 * staged.byteSize,
					run: ({ engine }, _args, kept, writeHistory) => {
						// The copy keeps its own history, and this restore is added to it.
						writeHistory(staged);
						engine.replaceWith(staged);
						worker.replaced(engine);
						return { value: { restorePoint: kept } };
					}
				};
				return await state.gate.replace(handler, null, context, as?.kind);
			}
			// The way out of a database this build cannot use (newer, failed migration, damaged):
			// the whole file is replaced, its migration history included.
			const what = m.backupfile_what_restore();
			const current =
				state.kind === 'open'
					? state.engine.byteSize
					: (worker.store.rawBytes(worker.currentName())?.byteLength ?? 0);
			await worker.assertRoom(current + 2 * staged.byteSize, what);
			let engine: Engine;
			let restorePoint;
			if (state.kind === 'open') {
				engine = state.engine;
				restorePoint = await worker.keepRestorePoint(
					m.backupfile_reason_before_restore({ time: copyTime(point.createdAt) })
				);
			} else {
				({ engine, restorePoint } = await worker.replaceDamaged());
			}
			engine.replaceWith(staged);
			worker.replaced(engine);
			await worker.pruneRestorePoints();
			return { value: { restorePoint }, change: { entry: null, tables: [...TABLES] } };
		} finally {
			staged.close();
		}
	};

	return {
		'db/erase': ({ confirmation }, context) => {
			const gate = worker.requireGate();
			if (worker.currentName() !== 'real') throw new RefusedError(m.backupfile_only_real_erase());
			if (confirmation !== 'ERASE')
				throw new ValidationError({ confirmation: m.backupfile_type_erase() });
			return gate.replace(
				{
					what: m.backupfile_what_erase(),
					atomic: 'transaction',
					reason: () => m.backupfile_reason_before_erase(),
					summary: () => ({ what: 'data', verb: 'erased' }),
					run: async ({ engine }, _args, point) => {
						await wipe(engine);
						return { value: { restorePoint: point } };
					}
				},
				null,
				context
			);
		},

		'demo/reset': (_args, context) => {
			const gate = worker.requireGate();
			if (worker.currentName() !== 'demo') throw new RefusedError(m.backupfile_only_demo_reset());
			return gate.replace(
				{
					what: m.backupfile_what_reset_demo(),
					atomic: 'transaction',
					reason: () => m.backupfile_reason_before_reset_demo(),
					summary: () => ({ what: 'data', verb: 'demo-reset' }),
					run: async ({ engine, context }, _args, point) => {
						const { seedDemo } = await import('$lib/domain/demo-seed');
						await wipe(engine, () => seedDemo(engine, context.today));
						return { value: { restorePoint: point } };
					}
				},
				null,
				context
			);
		},

		'backup/import': async ({ mode: asked }, context) => {
			try {
				const gate = worker.requireGate();
				const staged = stagedBackup(worker);
				// A .db file replaces; only a JSON backup can be merged.
				const mode = staged.kind === 'json' ? asked : 'replace';
				const rows = Object.values(staged.data).reduce((sum, table) => sum + table.length, 0);
				const { importBackup } = await backupCode();
				return await gate.replace(
					{
						what: m.backupfile_what_import(),
						atomic: 'transaction',
						reason: () => m.backupfile_reason_before_import({ file: staged.fileName }),
						summary: () => ({ what: 'data', verb: 'imported', file: staged.fileName, mode }),
						// The new rows (about 330 bytes each with their indexes) and the journal of what
						// they replace.
						bytesNeeded: ({ engine }) => engine.byteSize + rows * 330,
						foreignKeysAtEnd: mode === 'replace',
						run: ({ engine }, _args, point) => ({
							value: {
								...importBackup(engine, staged.data, mode),
								restorePoint: point
							}
						})
					},
					null,
					context
				);
			} finally {
				worker.staged = null;
			}
		},

		'restore-points/restore': (args, context, request) => restore(args, context, request),

		'history/undo': async ({ id, at }, context, request) => {
			const gate = worker.requireGate();
			const entry = getEntry(worker.requireOpen().engine, id);
			// Ids start again with a new history: the time tells the entry the page meant.
			if (!entry || entry.made_at !== at)
				throw new AppError('not-found', m.backupfile_change_gone());
			if (entry.undone_by !== null)
				throw new AppError('conflict', m.backupfile_change_already_undone());
			if (entry.changeset) return gate.change(undoChange, { entry }, context);
			if (entry.later_live) {
				throw new AppError('conflict', m.backupfile_undo_later_first());
			}
			const point = entry.restore_point_id!;
			const points = await worker.restorePoints.list(worker.currentName());
			if (!points.some((p) => p.id === point)) {
				throw new AppError('not-found', m.backupfile_undo_copy_gone());
			}
			const reply = await restore({ id: point }, context, request, revertOf(entry));
			return { value: null, change: reply.change };
		}
	};
}
