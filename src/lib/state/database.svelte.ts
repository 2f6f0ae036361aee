/**
 * The open database as the pages see it: which phase start-up is in, which database is open and
 * where it lives, and a revision that every change bumps so views read again.
 */
import type { Kysely } from 'kysely';
import { DbClient } from '$lib/db/client';
import { createKysely } from '$lib/db/kysely-dialect';
import type { DatabaseName, MigrationRef, OpenResult, StorageKind } from '$lib/db/messages';
import type { Database } from '$lib/db/schema';

export type Phase =
	/** Loading the engine, taking ownership, migrating. */
	| 'starting'
	/** Another tab owns the database; the user may take it over. */
	| 'busy'
	/** Asked the other tab to hand over; waiting for it. */
	| 'waiting'
	/** This tab handed the database to another tab. */
	| 'moved'
	| 'ready'
	/** A migration failed (rolled back) or the database is newer/edited: recovery screen. */
	| 'blocked'
	/** The worker itself could not start. */
	| 'crashed';

export type Blocked = Exclude<OpenResult, { status: 'ready' } | { status: 'busy' }>;

const CHOICE_KEY = 'strata.database';

class DatabaseState {
	phase = $state<Phase>('starting');
	name = $state<DatabaseName>('real');
	storage = $state<StorageKind | null>(null);
	storageProblem = $state<string | null>(null);
	schemaVersion = $state(0);
	migrated = $state<MigrationRef[]>([]);
	blocked = $state<Blocked | null>(null);
	crash = $state<string | null>(null);
	/** True once the app has shown its pages: they stay mounted while the database is away. */
	wasReady = $state(false);
	/** Bumped after every change to the data, so every view reads again. */
	revision = $state(0);

	#client: DbClient | null = null;
	#db: Kysely<Database> | null = null;

	/** The typed query builder. Only valid once the phase is 'ready'. */
	get db(): Kysely<Database> {
		if (!this.#db) throw new Error('The database is not open yet.');
		return this.#db;
	}

	get client(): DbClient {
		if (!this.#client) throw new Error('The database is not open yet.');
		return this.#client;
	}

	/** Starts the worker and opens the database this browser last used. */
	async start(): Promise<void> {
		if (this.#client) return;
		try {
			this.#client = DbClient.start();
			this.#db = createKysely(this.#client);
			this.#client.onEvent((event) => {
				if (event.type === 'moved') this.phase = 'moved';
			});
			await this.#open(rememberedChoice(), false);
		} catch (error) {
			this.phase = 'crashed';
			this.crash = error instanceof Error ? error.message : String(error);
		}
	}

	/** Asks the tab that owns the database to hand it over, and opens it here. */
	async useHere(): Promise<void> {
		this.phase = 'waiting';
		await this.#open(this.name, true);
	}

	/** Tells every view that the data changed. */
	changed(): void {
		this.revision += 1;
	}

	async #open(name: DatabaseName, takeOver: boolean): Promise<void> {
		const result = await this.client.call('db/open', { database: name, takeOver });
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
		this.migrated = result.migrated;
		this.blocked = null;
		this.phase = 'ready';
		this.wasReady = true;
		this.changed();
	}
}

function rememberedChoice(): DatabaseName {
	return localStorage.getItem(CHOICE_KEY) === 'demo' ? 'demo' : 'real';
}

export const database = new DatabaseState();
