/**
 * The one gate every write goes through. A handler only does its own work (checks its input,
 * writes its rows); in the same transaction the gate records what changed (SQLite's session
 * extension), brings every derived row in step from the earliest day the change can affect,
 * writes the history entry that undoes it, and says which tables changed. Destructive writes
 * (imports, restores, erase, demo reset) first keep a restore point, checked against the
 * storage left, and trim old restore points only once they succeeded; so does a change of many
 * rows that asks for one (a CSV import), which its changeset still undoes.
 */
import type { Kysely } from 'kysely';
import {
	TABLES,
	type ChangeSummary,
	type HistoryEntry,
	type RestorePoint,
	type TableName,
	type WriteContext,
	type WriteName,
	type WriteReply,
	type Writes
} from '../messages';
import type { Database } from '../schema';
import { describeChange } from '$lib/domain/changes';
import { m } from '$lib/paraglide/messages';
import { formatDay } from '$lib/domain/dates';
import { AppError, ValidationError } from '$lib/domain/errors';
import { readChangeset, recordChanges, type ChangedRow } from './changesets';
import { refreshDerived, sourceTables, syncFollowers } from './derived';
import type { Engine } from './engine';
import { appendEntry, clearEntries, publicEntry, type StoredEntry } from './history';
import { localKysely } from './local-kysely';
import { restoreNames } from './sync/merge';
import { leaveGroup, recordOwnChange } from './sync/store';
import { QuotaError, outOfSpaceError, spaceFailure, writeFailedError } from './quota';
import { RuleViolation, assertRules, holdingViolation, type RuleField } from './rules';

/** What a handler works with: the open database, inside the gate's transaction. */
export interface Tools {
	engine: Engine;
	/** Kysely on the same connection, inside the transaction (never open another one). */
	db: Kysely<Database>;
	context: WriteContext;
	/** The restore point kept before this change, when its handler asked for one. */
	restorePoint?: RestorePoint;
}

export interface Outcome<R> {
	value: R;
	summary: ChangeSummary;
	/** For undo and redo: the entry this change reverts. */
	reverts?: { id: number; kind: 'undo' | 'redo' };
	/**
	 * A change another device made, applied here by sync: it is not sent out again as this
	 * device's own (its handler records it under its device).
	 */
	incoming?: boolean;
}

/** A change of some rows, undone by its changeset. */
export interface ChangeHandler<A, R> {
	run(tools: Tools, args: A): Promise<Outcome<R>> | Outcome<R>;
	/**
	 * The fields of its form, where they are named otherwise than the rules' (date, value,
	 * quantity, name, parentId): a broken rule's message goes under the field it concerns.
	 */
	fields?: Partial<Record<RuleField, string>>;
	/**
	 * For a change of many rows at once (a CSV import): why a restore point is kept before it,
	 * "Before importing releve.csv". It is still undone by its changeset; the copy is there for
	 * going back further than the history reaches.
	 */
	restorePoint?(tools: Tools, args: A): string;
	/** With a restore point: bytes the new rows need besides it (their indexes, the journal). */
	bytesNeeded?(tools: Tools, args: A): number;
}

/** A change that replaces the data as a whole, undone by the restore point kept before it. */
export interface ReplaceHandler<A, R> {
	/** "import this backup": for the message when storage runs out. */
	what: string;
	/** Why the restore point is kept: "Before importing strata-backup-2026-11-21.json". */
	reason(tools: Tools, args: A): string;
	summary(tools: Tools, args: A): ChangeSummary;
	/** Bytes the new data needs besides the restore point, checked before anything is written. */
	bytesNeeded?(tools: Tools, args: A): number;
	/**
	 * 'transaction': the gate runs `run` in one transaction and starts a new history with this
	 * change. 'whole-file': `run` replaces the database file itself (atomically) and calls
	 * `writeHistory` on the copy that becomes the database, before it does, which keeps that
	 * copy's own history and adds this change to it.
	 */
	atomic: 'transaction' | 'whole-file';
	/** Joining a sync group: the new data keeps its sync tables (any other replace leaves the group). */
	keepsSync?: boolean;
	/**
	 * For a change that rewrites every table: references are checked once over the result, not
	 * row by row (with enforcement off, emptying a table is SQLite's quick truncate). The handler
	 * checks them (PRAGMA foreign_key_check) before it returns.
	 */
	foreignKeysAtEnd?: boolean;
	run(
		tools: Tools,
		args: A,
		point: RestorePoint,
		writeHistory: (target: Engine) => void
	): Promise<Omit<Outcome<R>, 'summary'>> | Omit<Outcome<R>, 'summary'>;
}

/** The handlers of some writes, typed by messages.ts: a call from the page is checked against them. */
export type ChangeHandlers<K extends WriteName> = {
	[P in K]: ChangeHandler<Writes[P]['args'], Writes[P]['result']>;
};

/** The restore points of the open database, as the gate needs them. */
export interface RestorePointKeeper {
	keep(reason: string): Promise<RestorePoint>;
	/** Trims the oldest beyond the bound: only after the change that kept a new one succeeded. */
	prune(): Promise<void>;
	/** Refuses, before anything is written, work that would not fit in the storage left. */
	assertRoom(bytes: number, what: string): Promise<void>;
	/** Whether the storage left is nearly gone (tells a full disk from another I/O error). */
	nearlyFull(): Promise<boolean>;
}

/** The storage an ordinary change may need at most (its rows, indexes and journal). */
const CHANGE_BYTES = 256 * 1024;

export class WriteGate {
	readonly db: Kysely<Database>;
	readonly #engine: Engine;
	readonly #points: RestorePointKeeper;
	/** Read once per open: the schema does not change while a database is open. */
	readonly #tracked: string[];

	constructor(engine: Engine, points: RestorePointKeeper) {
		this.#engine = engine;
		this.#points = points;
		this.db = localKysely(engine);
		this.#tracked = sourceTables(engine);
	}

	#tools(context: WriteContext): Tools {
		return { engine: this.#engine, db: this.db, context };
	}

	/** A new entry as the page sees it (its restore point, if any, was just kept). */
	#entry(entry: StoredEntry | null): HistoryEntry | null {
		return entry && publicEntry(entry, () => true);
	}

	/** Runs a change of some rows in one transaction, with everything it implies. */
	async change<A, R>(
		handler: ChangeHandler<A, R>,
		args: A,
		context: WriteContext
	): Promise<WriteReply<R>> {
		const engine = this.#engine;
		const tools = this.#tools(context);
		const reason = handler.restorePoint?.(tools, args);
		// Room for the change and its journal (and the copy kept first, if one is); a change that
		// runs out anyway is rolled back.
		await this.#points.assertRoom(
			reason === undefined
				? CHANGE_BYTES
				: engine.byteSize + (handler.bytesNeeded?.(tools, args) ?? CHANGE_BYTES),
			m.errors_what_save_change()
		);
		return this.#withinQuota(m.errors_what_save_change(), async () => {
			const point = reason === undefined ? null : await this.#points.keep(reason);
			const reply = await this.#inTransaction(
				handler,
				args,
				point ? { ...tools, restorePoint: point } : tools
			);
			if (point) await this.#prune();
			return reply;
		});
	}

	/** The change itself: one transaction, its rules, derived rows and history entry. */
	async #inTransaction<A, R>(
		handler: ChangeHandler<A, R>,
		args: A,
		tools: Tools
	): Promise<WriteReply<R>> {
		const engine = this.#engine;
		const context = tools.context;
		engine.exec('BEGIN IMMEDIATE');
		let settled: { changeset: Uint8Array; rows: ChangedRow[] } | undefined;
		try {
			const { result: outcome, changeset } = await recordChanges(
				engine,
				this.#tracked,
				() => handler.run(tools, args),
				(changed) => {
					settled = { changeset: changed, rows: readChangeset(engine, changed) };
					syncFollowers(engine, settled.rows);
					// A name another device's row took may be free again (sync/merge.ts).
					restoreNames(engine);
				}
			);
			// The rows read for the followers are the change's own when they changed nothing (the
			// same changeset): a change of thousands of rows reads them once.
			const rows =
				settled?.changeset === changeset ? settled.rows : readChangeset(engine, changeset);
			const refuse = (violation: RuleViolation) =>
				this.#refusal(violation, outcome, handler.fields ?? {}, context.locale);
			try {
				assertRules(engine, rows, context);
			} catch (error) {
				if (error instanceof RuleViolation) throw refuse(error);
				throw error;
			}
			const tables = new Set(rows.map((row) => row.table as TableName));
			const derived = refreshDerived(engine, { rows, changeset });
			const broken = holdingViolation(engine, derived.problems, context.locale);
			if (broken) throw refuse(broken);
			for (const table of derived.tables) tables.add(table);
			let entry: StoredEntry | null = null;
			if (rows.length > 0) {
				entry = appendEntry(engine, {
					kind: outcome.reverts?.kind ?? 'change',
					summary: outcome.summary,
					changeset,
					reverts: outcome.reverts?.id
				});
				tables.add('change_log');
				// A change made here goes to the other devices of its sync group, if any.
				if (!outcome.incoming) recordOwnChange(engine, changeset);
			}
			engine.exec('COMMIT');
			return { value: outcome.value, change: { entry: this.#entry(entry), tables: [...tables] } };
		} catch (error) {
			this.#rollback();
			throw error;
		}
	}

	/** Runs a change that replaces the data as a whole, a restore point kept first. */
	async replace<A, R>(
		handler: ReplaceHandler<A, R>,
		args: A,
		context: WriteContext,
		kind: HistoryEntry['kind'] = 'change'
	): Promise<WriteReply<R>> {
		const engine = this.#engine;
		const tools = this.#tools(context);
		// The restore point is a copy of the database, then come the new rows and their journal.
		await this.#points.assertRoom(
			engine.byteSize + (handler.bytesNeeded?.(tools, args) ?? 0),
			handler.what
		);
		return this.#withinQuota(handler.what, async () => {
			const point = await this.#points.keep(handler.reason(tools, args));
			const summary = handler.summary(tools, args);
			let entry: StoredEntry | null = null;
			const writeHistory = (target: Engine, fresh: boolean) => {
				// Data replaced as a whole has no changeset for the other devices: this database
				// leaves its sync group (joining one again replaces it with the group's data).
				if (!handler.keepsSync) leaveGroup(target);
				if (fresh) clearEntries(target);
				entry = appendEntry(target, { kind, summary, restorePointId: point.id });
			};
			let outcome: Omit<Outcome<R>, 'summary'>;
			if (handler.atomic === 'transaction') {
				// The pragma only takes effect outside a transaction.
				if (handler.foreignKeysAtEnd) engine.exec('PRAGMA foreign_keys = OFF');
				try {
					engine.exec('BEGIN IMMEDIATE');
					// The earlier entries undid changes to data that is gone: a new history starts.
					writeHistory(engine, true);
					outcome = await handler.run(tools, args, point, () => {});
					engine.exec('COMMIT');
				} catch (error) {
					this.#rollback();
					throw error;
				} finally {
					if (handler.foreignKeysAtEnd) engine.exec('PRAGMA foreign_keys = ON');
				}
			} else {
				outcome = await handler.run(tools, args, point, (target) => writeHistory(target, false));
			}
			await this.#prune();
			return { value: outcome.value, change: { entry: this.#entry(entry), tables: [...TABLES] } };
		});
	}

	/**
	 * A broken rule (rules.ts), said where it belongs: under its field of the handler's form, or
	 * for an undo (which has no form) as why it cannot be undone.
	 */
	#refusal(
		violation: RuleViolation,
		outcome: Outcome<unknown>,
		fields: Partial<Record<RuleField, string>>,
		locale: string
	): AppError {
		const summary = outcome.summary;
		if (summary.what === 'undo' || summary.what === 'redo') {
			const words = describeChange(summary.of, (day) => formatDay(day, locale));
			const because = violation.because ?? violation.message;
			return new AppError(
				'conflict',
				summary.what === 'undo'
					? m.errors_cant_undo({ change: words, because })
					: m.errors_cant_redo({ change: words, because })
			);
		}
		const field = fields[violation.field] ?? violation.field;
		return new ValidationError(
			{ [field]: violation.message },
			violation.message,
			violation.details
		);
	}

	/** Rolls back what is open, if anything is (SQLite may already have, on a full disk). */
	#rollback(): void {
		if (this.#engine.inTransaction) this.#engine.exec('ROLLBACK');
	}

	/** A write that ran out of storage half-way has rolled back: say so plainly. */
	async #withinQuota<T>(what: string, work: () => Promise<T>): Promise<T> {
		try {
			return await work();
		} catch (error) {
			const failure = error instanceof QuotaError ? null : spaceFailure(error);
			if (!failure) throw error;
			if (failure === 'io' && !(await this.#points.nearlyFull()))
				throw writeFailedError(what, error as Error);
			throw outOfSpaceError(what);
		}
	}

	/** Old restore points go once a change succeeded; failing to trim them fails nothing. */
	async #prune(): Promise<void> {
		try {
			await this.#points.prune();
		} catch (error) {
			// not shown: a log line for developers
			console.warn('Strata could not remove old restore points:', error);
		}
	}
}
