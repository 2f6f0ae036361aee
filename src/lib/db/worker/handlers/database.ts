/** The database's life: opening, migrations (status, dry run, rollback), start-over, reads. */
import { AppError } from '$lib/domain/errors';
import { m } from '$lib/paraglide/messages';
import type { AboutInfo, Queries } from '../../messages';
import { readAppliedMigrations, schemaVersion } from '../../migrator';
import { forgetSchema } from '../changesets';
import { forgetHistoryOnSchemaChange } from '../history';
import { dryRun, migrationStatus, rollback } from '../lifecycle';
import type { WorkerServices } from '../services';
import type { QueryHandlers } from './queries';

export function databaseQueries(
	worker: WorkerServices
): QueryHandlers<
	| 'db/open'
	| 'db/migrations'
	| 'db/dry-run'
	| 'db/rollback'
	| 'db/start-over'
	| 'db/execute'
	| 'db/about'
	| 'db/storage'
	| 'db/integrity'
> {
	return {
		'db/open': ({ database, takeOver, today }) => worker.open(database, takeOver, today),

		'db/migrations': async () => {
			const { engine } = worker.requireOpen();
			return {
				schemaVersion: schemaVersion(engine),
				migrations: migrationStatus(engine, await worker.bundled())
			};
		},

		'db/dry-run': async () =>
			dryRun(await worker.sqlite3, worker.databaseBytes(), await worker.bundled()),

		'db/rollback': async ({ count }): Promise<Queries['db/rollback']['result']> => {
			worker.requireGate();
			const { engine } = worker.requireOpen();
			const result = await rollback(engine, await worker.bundled(), count, (reason) =>
				worker.keepRestorePoint(reason)
			);
			forgetSchema(engine);
			forgetHistoryOnSchemaChange(engine);
			// The schema is now behind this build: only reading, exports and re-migrating until reopened.
			worker.markReadOnly();
			return result;
		},

		'db/start-over': async () => {
			if (worker.state.kind !== 'damaged')
				throw new AppError('refused', m.backupfile_only_damaged_start_over());
			const { restorePoint } = await worker.replaceDamaged();
			// Closed again: the page reopens it, and opening migrates the new, empty file.
			worker.closeDatabase();
			return { restorePoint };
		},

		// The page reads with Kysely; any statement that would write is refused here.
		'db/execute': ({ sql, params }) =>
			worker.requireOpen().engine.execute(sql, params, { readOnly: true }),

		'db/about': async (): Promise<AboutInfo> => {
			const { engine, database } = worker.requireOpen();
			const sqlite3 = await worker.sqlite3;
			return {
				database,
				storage: worker.store.kind,
				sqliteVersion: sqlite3.version.libVersion,
				schemaVersion: schemaVersion(engine),
				migrations: readAppliedMigrations(engine).map((row) => ({
					version: row.version,
					name: row.name,
					appliedAt: row.applied_at
				}))
			};
		},

		'db/integrity': () => {
			const { engine } = worker.requireOpen();
			const rows = engine.all<Record<string, string>>('PRAGMA integrity_check(20)');
			return { problems: rows.map((row) => Object.values(row)[0]!) };
		},

		'db/storage': async () => {
			const { engine, database } = worker.requireOpen();
			const points = await worker.restorePoints.list(database);
			return {
				databaseBytes: engine.byteSize,
				restorePointBytes: points.reduce((sum, p) => sum + p.size, 0),
				engineMemoryBytes: (await worker.sqlite3).wasm.heap8u().byteLength
			};
		}
	};
}
