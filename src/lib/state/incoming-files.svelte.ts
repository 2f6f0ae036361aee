/**
 * Backups that come to the installed app from outside: a file opened with it from the file
 * manager (manifest `file_handlers`, handed over through `launchQueue`) or shared to it by another
 * app (manifest `share_target`: the service worker, static/share-target.js, keeps the POSTed file
 * in Cache Storage and sends the browser to Settings → Backup). Either way the file waits in
 * `pending` until Settings → Backup takes it and opens its import preview: nothing is imported
 * without the usual preview and confirmation.
 */
import { m } from '$lib/paraglide/messages';

/** What Chromium hands an installed app it was launched with (not yet in TypeScript's DOM). */
interface LaunchParams {
	readonly files: readonly FileSystemHandle[];
}
interface LaunchQueue {
	setConsumer(consumer: (params: LaunchParams) => void): void;
}

// The same names as static/share-target.js.
const SHARED_CACHE = 'strata-shared-file';
const SHARED_KEY = '/shared-backup';

class IncomingFiles {
	/** The file to preview next, until Settings → Backup takes it. */
	pending = $state<File | null>(null);
	/** Why a file that came in could not be read, in words. */
	problem = $state<string | null>(null);

	/**
	 * Called once, as the app starts: takes files the app is launched with (now or later, in this
	 * window) and a file shared to it, and calls `show` to bring Settings → Backup up for them.
	 */
	listen(show: () => unknown): void {
		const queue = (window as { launchQueue?: LaunchQueue }).launchQueue;
		queue?.setConsumer((params) => void this.#launched(params, show));
		void this.#pickUpShared(show);
	}

	/** The waiting file, handed over once. */
	take(): File | null {
		const file = this.pending;
		this.pending = null;
		return file;
	}

	async #launched(params: LaunchParams, show: () => unknown): Promise<void> {
		// One file is imported at a time: the first of those opened together.
		const handle = params.files.find((h): h is FileSystemFileHandle => h.kind === 'file');
		if (!handle) return;
		try {
			this.#arrived(await handle.getFile(), show);
		} catch {
			this.problem = m.backup_incoming_unreadable({ name: handle.name });
			show();
		}
	}

	async #pickUpShared(show: () => unknown): Promise<void> {
		// `has` first: `open` would create the cache on every start.
		if (!('caches' in window) || !(await caches.has(SHARED_CACHE))) return;
		try {
			const response = await (await caches.open(SHARED_CACHE)).match(SHARED_KEY);
			if (!response) return;
			const blob = await response.blob();
			this.#arrived(new File([blob], fileNameOf(response), { type: blob.type }), show);
		} catch {
			this.problem = m.backup_incoming_shared_unreadable();
			show();
		} finally {
			// Taken (or unreadable): never offered again on a later start.
			await caches.delete(SHARED_CACHE);
		}
	}

	#arrived(file: File, show: () => unknown): void {
		this.problem = null;
		this.pending = file;
		show();
	}
}

function fileNameOf(response: Response): string {
	try {
		return decodeURIComponent(response.headers.get('x-file-name') ?? '') || 'shared-backup';
	} catch {
		return 'shared-backup';
	}
}

export const incoming = new IncomingFiles();
