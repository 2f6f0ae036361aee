/**
 * Reads that follow the data. Every write's reply names the tables it changed; each read on a
 * page declares the tables it reads (domain/reads.ts), and re-runs only when one of them
 * changed, or when what it was asked for changed (a range, a filter). One place for this, so
 * no page re-reads everything after any change.
 */
import { isAway } from '$lib/db/client';
import { TABLES, type TableName } from '$lib/db/messages';
import { messageOf } from '$lib/domain/errors';

class TableVersions {
	#versions = $state<Partial<Record<TableName, number>>>({});

	/** A write changed these tables. */
	changed(tables: readonly TableName[]): void {
		for (const table of tables) this.#versions[table] = (this.#versions[table] ?? 0) + 1;
	}

	/** Another database was opened, or the whole data was replaced: everything reads again. */
	changedAll(): void {
		this.changed(TABLES);
	}

	/** Makes the calling effect depend on these tables. */
	track(tables: readonly TableName[]): void {
		for (const table of tables) void this.#versions[table];
	}
}

export const tables = new TableVersions();

/**
 * The state of one read: its data once loaded (kept while it reads again, so nothing flickers),
 * or why it failed. `moved` when the database went to another tab meanwhile.
 */
export class Live<T> {
	data = $state<T | undefined>(undefined);
	error = $state<string | null>(null);
	moved = $state(false);
	/** When the data last arrived (performance.now()): the benchmark's repaint after a change. */
	loadedAt = $state(0);
	#request = 0;

	/**
	 * Call while a component initialises. `read` runs at once and again whenever one of
	 * `reads` changes or a reactive value it uses before its first await does.
	 */
	constructor(reads: readonly TableName[], read: () => Promise<T>) {
		$effect(() => {
			tables.track(reads);
			const request = ++this.#request;
			read().then(
				(value) => {
					if (request !== this.#request) return;
					this.data = value;
					this.loadedAt = performance.now();
					this.error = null;
					this.moved = false;
				},
				(error: unknown) => {
					if (request !== this.#request) return;
					if (isAway(error)) this.moved = true;
					else this.error = messageOf(error);
				}
			);
		});
	}

	get loading(): boolean {
		return this.data === undefined && this.error === null && !this.moved;
	}
}

/** @example const tags = live(READS.tags, () => listTags(database.db)) */
export function live<T>(reads: readonly TableName[], read: () => Promise<T>): Live<T> {
	return new Live(reads, read);
}
