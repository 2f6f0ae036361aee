/**
 * One tab at a time owns the database: the opfs-sahpool VFS holds exclusive OPFS access handles,
 * and a second opener would fail with NoModificationAllowedError. The owner holds a Web Lock;
 * another tab can ask it (over a BroadcastChannel) to finish its work, close and hand over.
 */
const LOCK_NAME = 'strata-database-owner';
const CHANNEL_NAME = 'strata-database-owner';

type ChannelMessage = { type: 'release-request' };

export class Ownership {
	#release: (() => void) | null = null;
	#channel: BroadcastChannel;
	/** Called in the owner when another tab asks for the database. */
	onReleaseRequested: (() => void) | null = null;

	constructor() {
		this.#channel = new BroadcastChannel(CHANNEL_NAME);
		this.#channel.onmessage = (event: MessageEvent<ChannelMessage>) => {
			if (event.data?.type === 'release-request' && this.owned) this.onReleaseRequested?.();
		};
	}

	get owned(): boolean {
		return this.#release !== null;
	}

	/**
	 * Takes the lock if nobody holds it, or if its holder lets go within `graceMs`: after a reload
	 * the old page's worker needs a moment to close, and that is not "another tab". False if
	 * another tab keeps it.
	 */
	async tryAcquire(graceMs = 2000): Promise<boolean> {
		if (await this.#request(true)) return true;
		return this.#request(false, AbortSignal.timeout(graceMs)).catch(() => false);
	}

	/**
	 * Asks the owner to hand over, then waits for the lock: true once taken, false if nobody let
	 * go within `timeoutMs`. The request is repeated while waiting: when several tabs ask at once,
	 * the lock goes to one of them, which must hear that this one is still asking.
	 */
	async takeOver(timeoutMs = 15_000): Promise<boolean> {
		const ask = () =>
			this.#channel.postMessage({ type: 'release-request' } satisfies ChannelMessage);
		ask();
		const again = setInterval(ask, 1000);
		try {
			return await this.#request(false, AbortSignal.timeout(timeoutMs)).catch(() => false);
		} finally {
			clearInterval(again);
		}
	}

	release(): void {
		this.#release?.();
		this.#release = null;
	}

	#request(ifAvailable: boolean, signal?: AbortSignal): Promise<boolean> {
		if (this.owned) return Promise.resolve(true);
		return new Promise<boolean>((resolve, reject) => {
			const options: LockOptions = ifAvailable ? { ifAvailable } : signal ? { signal } : {};
			navigator.locks
				.request(LOCK_NAME, options, (lock) => {
					if (!lock) {
						resolve(false);
						return;
					}
					// The lock is held for as long as this promise is pending.
					return new Promise<void>((release) => {
						this.#release = release;
						resolve(true);
					});
				})
				.catch(reject);
		});
	}
}
