/**
 * One user of the database connection at a time, in the order they asked: a Kysely connection
 * (a query or a whole transaction) or a bulk operation holds it until it releases it.
 */
export class Turns {
	#tail: Promise<void> = Promise.resolve();

	/** Waits for this caller's turn; the returned release ends it (calling it twice is harmless). */
	async take(): Promise<() => void> {
		let release!: () => void;
		const mine = new Promise<void>((resolve) => (release = resolve));
		const previous = this.#tail;
		this.#tail = previous.then(() => mine);
		await previous;
		let released = false;
		return () => {
			if (!released) release();
			released = true;
		};
	}
}
