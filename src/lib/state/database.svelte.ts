/**
 * The open database as the pages see it: which phase start-up is in, which database is open
 * (My data or Demo) and where it lives, and the one way pages write: `write`, one message per
 * user action, whose reply says which tables changed (the pages' reads follow: live.svelte.ts).
 */
import type { Kysely } from 'kysely';
import { DbClient, type Progress } from '$lib/db/client';
import { createKysely } from '$lib/db/kysely-dialect';
import {
	SCHEMA_CHANNEL,
	type Args,
	type Change,
	type DatabaseName,
	type MigrationRef,
	type OpenResult,
	type RestorePoint,
	type SchemaAnnouncement,
	type StorageKind,
	type WriteContext,
	type WriteName,
	type Writes
} from '$lib/db/messages';
import type { Database } from '$lib/db/schema';
import { today } from '$lib/domain/dates';
import { messageOf } from '$lib/domain/errors';
import { tables } from './live.svelte';
import { markWriteSent } from './timing';
import { forgetFigures } from './last-figures';
import { READS } from '$lib/domain/reads';
import { readBaseCurrency } from '$lib/domain/rates';
import { baseCurrency } from './currency.svelte';
import { settings } from './settings.svelte';
import { rememberChoice, rememberedChoice } from './choice';
import { m } from '$lib/paraglide/messages';

export type Phase =
	/** First visit: the user chooses between the demo and their own data. */
	| 'welcome'
	/** Loading the engine, taking ownership, migrating. */
	| 'starting'
	/** Another tab owns the database; the user may take it over. */
	| 'busy'
	/** Asked the other tab to hand over; waiting for it. */
	| 'waiting'
	/** This tab handed the database to another tab. */
	| 'moved'
	| 'ready'
	/** A migration failed (rolled back), the database is newer/edited, or was rolled back. */
	| 'blocked'
	/** The worker itself could not start. */
	| 'crashed';

export type Blocked =
	| Exclude<OpenResult, { status: 'ready' } | { status: 'busy' }>
	| {
			status: 'rolled-back';
			database: DatabaseName;
			undone: MigrationRef[];
			restorePoint: RestorePoint;
	  };

/** Each database's name, in the language of the moment (getters: read as the page renders). */
export const DATABASE_LABELS: Readonly<Record<DatabaseName, string>> = {
	get real() {
		return m.app_database_real();
	},
	get demo() {
		return m.app_database_demo();
	}
};

class DatabaseState {
	phase = $state<Phase>('starting');
	name = $state<DatabaseName>('real');
	/** The database being opened now (its last totals may show meanwhile: StartupScreen). */
	opening = $state<DatabaseName | null>(null);
	storage = $state<StorageKind | null>(null);
	storageProblem = $state<string | null>(null);
	schemaVersion = $state(0);
	blocked = $state<Blocked | null>(null);
	crash = $state<string | null>(null);
	/** True once the app has shown its pages: they stay mounted while the database is away. */
	wasReady = $state(false);
	/** Another tab (a newer Strata) migrated this database past our schema: reload to go on. */
	newerElsewhere = $state(false);

	#client: DbClient | null = null;
	#db: Kysely<Database> | null = null;
	readonly #changeListeners = new Set<(change: Change, notice?: string) => void>();

	/** The typed query builder. Only valid once the phase is 'ready'. */
	get db(): Kysely<Database> {
		// not shown: a programming error (pages read only once the phase is 'ready')
		if (!this.#db) throw new Error('The database is not open yet.');
		return this.#db;
	}

	get client(): DbClient {
		// not shown: a programming error (pages read only once the phase is 'ready')
		if (!this.#client) throw new Error('The database is not open yet.');
		return this.#client;
	}

	/** Starts the worker; opens the database this browser last used, or asks which one. */
	async start(): Promise<void> {
		if (this.#client) return;
		try {
			this.#client = DbClient.start();
			this.#db = createKysely(this.#client);
			this.#client.onEvent((event) => {
				if (event.type === 'moved') this.phase = 'moved';
			});
			new BroadcastChannel(SCHEMA_CHANNEL).onmessage = (
				event: MessageEvent<SchemaAnnouncement>
			) => {
				if (event.data.database === this.name && event.data.schemaVersion > this.schemaVersion) {
					this.newerElsewhere = true;
				}
			};
			const choice = await rememberedChoice();
			if (choice === null) {
				this.phase = 'welcome';
				return;
			}
			await this.#open(choice, false);
		} catch (error) {
			this.#crashed(error);
		}
	}

	/**
	 * Opens My data or the demo (the first-visit choice, or the header switch), closing the other;
	 * the choice is remembered for next time.
	 */
	async switchTo(name: DatabaseName): Promise<void> {
		if (name === this.name && this.phase === 'ready') return;
		this.phase = 'starting';
		await rememberChoice(name);
		await this.#open(name, false);
	}

	/** Asks the tab that owns the database to hand it over, and opens it here. */
	async useHere(): Promise<void> {
		this.phase = 'waiting';
		await this.#open(this.name, true);
	}

	/** Opens the current database again (runs its pending migrations, as at start-up). */
	async reopen(): Promise<void> {
		this.phase = 'starting';
		await this.#open(this.name, false);
	}

	/** For a damaged file: keeps its bytes as a restore point, starts empty, and opens it. */
	async startOver(): Promise<void> {
		await this.client.call('db/start-over', null);
		await this.reopen();
	}

	/** After a rollback the schema is behind: the app waits until the user re-migrates. */
	rolledBack(undone: MigrationRef[], restorePoint: RestorePoint): void {
		this.blocked = { status: 'rolled-back', database: this.name, undone, restorePoint };
		this.phase = 'blocked';
	}

	/**
	 * Makes one change through the worker's gate: the pages that read what it changed read
	 * again, and listeners (the Undo notice) hear of it.
	 *
	 * `notice` words the notice that follows (with its Undo) when the page says it better;
	 * `onProgress` hears the steps of a long one (an import).
	 *
	 * @example await database.write('tags/create', { input: { name: 'liquid' } })
	 */
	async write<K extends WriteName>(
		op: K,
		args: Args<K>,
		{ notice, onProgress }: { notice?: string; onProgress?: (progress: Progress) => void } = {}
	): Promise<Writes[K]['result']> {
		// Form values may be reactive proxies, which postMessage cannot clone: send plain values.
		const plain = $state.snapshot(args) as Args<K>;
		markWriteSent();
		const reply = (await this.client.call(op, plain, {
			context: writeContext(),
			onProgress
		})) as {
			value: Writes[K]['result'];
			change: Change;
		};
		// The base currency first, so that no figure is shown with the old one after a change.
		if (reply.change.tables.includes('settings'))
			baseCurrency.code = await readBaseCurrency(this.db);
		// The totals kept for a quick start describe the data before this change: no longer kept.
		if (reply.change.tables.some((table) => READS.netWorth.includes(table)))
			forgetFigures(this.name);
		tables.changed(reply.change.tables);
		for (const listener of this.#changeListeners) listener(reply.change, notice);
		if (this.name === 'real') void askToKeepStorage();
		return reply.value;
	}

	/** Hears of every change made from this tab. */
	onChange(listener: (change: Change, notice?: string) => void): () => void {
		this.#changeListeners.add(listener);
		return () => this.#changeListeners.delete(listener);
	}

	#crashed(error: unknown) {
		this.phase = 'crashed';
		this.crash = messageOf(error);
	}

	async #open(name: DatabaseName, takeOver: boolean): Promise<void> {
		let result: OpenResult;
		this.opening = name;
		try {
			result = await this.client.call('db/open', {
				database: name,
				takeOver,
				today: today()
			});
		} catch (error) {
			this.#crashed(error);
			return;
		}
		this.name = name;
		if (result.status === 'busy') {
			this.phase = 'busy';
			return;
		}
		if (result.status !== 'ready') {
			this.blocked = result;
			this.phase = 'blocked';
			return;
		}
		this.storage = result.storage;
		this.storageProblem = result.storageProblem;
		this.schemaVersion = result.schemaVersion;
		baseCurrency.code = result.baseCurrency;
		this.blocked = null;
		this.newerElsewhere = false;
		this.phase = 'ready';
		this.wasReady = true;
		// Another database (or the same one, handed back): every page reads again.
		tables.changedAll();
	}
}

/** What the worker needs to read a form: the user's locale and today. */
export function writeContext(): WriteContext {
	return { locale: settings.locale, today: today() };
}

const PERSIST_ASKED_KEY = 'strata.persistAsked';

/**
 * On the first real data entry, asks the browser to keep Strata's storage (not to clear it when
 * space runs low). Asked once; Settings → Storage shows the answer and can ask again.
 */
async function askToKeepStorage(): Promise<void> {
	if (localStorage.getItem(PERSIST_ASKED_KEY) || !navigator.storage?.persist) return;
	localStorage.setItem(PERSIST_ASKED_KEY, new Date().toISOString());
	await navigator.storage.persist();
}

export const database = new DatabaseState();
