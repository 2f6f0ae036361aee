/**
 * Opening a database: SQLite opens the file, its migration plan is read once, a database this
 * build must not touch is refused as it is, the pending migrations run (a restore point kept
 * first), the reference types are put back if missing, and a new demo database is filled.
 */
import type { DatabaseName, OpenResult, RestorePoint } from '../messages';
import { SCHEMA_CHANNEL, type SchemaAnnouncement } from '../messages';
import type { Migration } from '../migrations';
import { MigrationError, planFor, refusal, schemaVersion } from '../migrator';
import { ensureReferenceAssetTypes } from '../reference-data';
import { ensureDerived } from './derived';
import { errorText, type Engine } from './engine';
import { forgetHistoryOnSchemaChange } from './history';
import { migrateOnOpen } from './lifecycle';
import type { DatabaseStore } from './storage';

export type Opened =
	| { status: 'ready'; engine: Engine }
	/** SQLite cannot read the file: nothing is open, its bytes can still be taken out. */
	| { status: 'damaged'; result: OpenResult }
	/** Open for reading and exports only (refused, or a migration failed and rolled back). */
	| { status: 'blocked'; engine: Engine; result: OpenResult };

export async function openDatabase(
	store: DatabaseStore,
	database: DatabaseName,
	bundled: Migration[],
	options: {
		today: string;
		opened: (engine: Engine) => void;
		keepRestorePoint: (reason: string) => Promise<RestorePoint>;
	}
): Promise<Opened> {
	let engine: Engine;
	let plan;
	try {
		engine = store.open(database);
		plan = planFor(engine, bundled);
	} catch (error) {
		// Not a database any more (damaged, cut short): keep it untouched, offer its bytes.
		return {
			status: 'damaged',
			result: { status: 'damaged', database, message: errorText(error) }
		};
	}
	options.opened(engine);
	const refused = refusal(plan);
	if (refused) {
		return {
			status: 'blocked',
			engine,
			result: {
				status: 'refused',
				database,
				unknown: plan.unknown,
				edited: plan.edited,
				message: refused.message
			}
		};
	}
	const isNew = plan.applied.length === 0;
	// Read before migrating: a migration forgets the history, and with it what the user did.
	const emptyDemo = database === 'demo' && !isNew && neverFilled(engine);
	let restorePoint: RestorePoint | null = null;
	try {
		// Only ever the demo database is filled: when it is created, in the same transaction (a
		// crash while it fills leaves no database, made again next time), and when it has never
		// held anything (made by an older Strata that crashed between the two).
		const demo = database === 'demo' && isNew ? await import('$lib/domain/demo-seed') : null;
		const fill = () => {
			ensureReferenceAssetTypes(engine);
			demo?.seedDemo(engine, options.today);
		};
		const { ran } = await migrateOnOpen(
			engine,
			bundled,
			plan,
			async (reason) => {
				restorePoint = await options.keepRestorePoint(reason);
				return restorePoint;
			},
			isNew ? fill : undefined
		);
		ensureReferenceAssetTypes(engine);
		if (ran.length > 0 && !isNew) forgetHistoryOnSchemaChange(engine);
		// The holdings are derived: computed now when this build's rules are newer than theirs.
		ensureDerived(engine);
		if (ran.length > 0) {
			// Tabs still running an older Strata learn that this database moved on.
			const channel = new BroadcastChannel(SCHEMA_CHANNEL);
			channel.postMessage({
				database,
				schemaVersion: schemaVersion(engine)
			} satisfies SchemaAnnouncement);
			channel.close();
		}
		if (emptyDemo) {
			const { seedDemo } = await import('$lib/domain/demo-seed');
			seedDemo(engine, options.today);
		}
		return { status: 'ready', engine };
	} catch (error) {
		if (error instanceof MigrationError) {
			// The database stays open for exports only: the user can always take their data out.
			return {
				status: 'blocked',
				engine,
				result: {
					status: 'migration-failed',
					database,
					migration: error.migration,
					message: error.sqliteMessage,
					restorePoint
				}
			};
		}
		store.close(database, engine);
		throw error;
	}
}

/** A database nobody ever wrote to: no asset, and no change in its history (if it has one). */
function neverFilled(engine: Engine): boolean {
	const has = (table: string) =>
		engine.value<number>("SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = ?", [
			table
		]) === 1;
	if (!has('assets')) return true;
	if (engine.value<number>('SELECT count(*) FROM (SELECT 1 FROM assets LIMIT 1)') !== 0)
		return false;
	return (
		!has('change_log') ||
		engine.value<number>('SELECT count(*) FROM (SELECT 1 FROM change_log LIMIT 1)') === 0
	);
}
