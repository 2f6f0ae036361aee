/**
 * Sync between devices, the page's side: the sync state of the open database, the folder this
 * device syncs through (kept per database in IndexedDB, as automatic backups keep theirs: My
 * data and Demo never sync into each other), and the folder loop. The merging is the worker's
 * (db/worker/sync/); here files are only read and written.
 *
 * Loaded after the first paint (routes/+layout.svelte) or by the Sync page, never before.
 */
import { m } from '$lib/paraglide/messages';
import {
	directoryPicker,
	folderProblem,
	type BackupFolder,
	type FolderProblem
} from '$lib/backup/folder';
import type {
	DatabaseName,
	SyncFile,
	SyncJoinPreview,
	SyncReport,
	SyncStatus
} from '$lib/db/messages';
import { messageOf } from '$lib/domain/errors';
import { browserFolder } from '$lib/sync/folder-io';
import { SNAPSHOT_PATH, syncCycle, type SyncCalls } from '$lib/sync/cycle';
import { database } from './database.svelte';
import { download } from './download';
import { keyValueStore } from './key-value-store';

const EVERY_MS = 3 * 60_000;
const AFTER_CHANGE_MS = 2000;

interface SyncFolderSetting {
	folder: BackupFolder;
}

const folders = keyValueStore('strata-sync', 'folders');

async function readFolder(name: DatabaseName): Promise<BackupFolder | null> {
	const setting = await folders.run<SyncFolderSetting | undefined>('readonly', (s) => s.get(name));
	return setting?.folder ?? null;
}

/** A snapshot or sync file this device could join, waiting for the user's "Replace and join". */
export interface PendingJoin {
	file: SyncFile;
	preview: SyncJoinPreview;
	/** The folder it came from (kept once joined), or null for a sync file. */
	folder: BackupFolder | null;
}

/** What went wrong with the sync folder, in words of sync (the codes are the backups' own). */
function syncFolderProblem(error: unknown, folder: string): FolderProblem {
	const { code } = folderProblem(error, folder);
	const words: Record<FolderProblem['code'], () => string> = {
		gone: () => m.sync_folder_gone({ folder }),
		permission: () => m.sync_folder_permission({ folder }),
		full: () => m.sync_folder_full({ folder }),
		busy: () => m.sync_folder_busy({ folder }),
		failed: () => m.sync_folder_failed({ folder, error: messageOf(error) })
	};
	return { code, message: words[code]() };
}

function isFolderError(error: unknown): boolean {
	return typeof DOMException !== 'undefined' && error instanceof DOMException;
}

class SyncState {
	readonly supported = typeof window !== 'undefined' && directoryPicker() !== null;
	status = $state<SyncStatus | null>(null);
	/** sync/status could not be read: the page says so instead of the panel. */
	loadError = $state<string | null>(null);
	folder = $state<BackupFolder | null>(null);
	permission = $state<PermissionState | null>(null);
	/** The folder cannot be used (gone, no permission…): in words, with what to do. */
	problem = $state<FolderProblem | null>(null);
	/** What went wrong with the last action or sync (messageOf a DatabaseError). */
	message = $state<string | null>(null);
	/** The last thing this tab brought in (a cycle, or a sync file opened). */
	report = $state<SyncReport | null>(null);
	join = $state<PendingJoin | null>(null);
	syncing = $state(false);
	busy = $state(false);
	/** The "Name of this device" field. */
	deviceName = $state('');

	#database: DatabaseName | null = null;
	#started = false;
	#running = false;
	#again = false;
	#snapshotWanted = false;
	#quiet = false;
	#timer: ReturnType<typeof setTimeout> | undefined;

	get needsPermission(): boolean {
		return this.folder !== null && this.permission !== null && this.permission !== 'granted';
	}

	/** Listens for the moments to sync (focus, every 3 minutes, after a change); once per tab. */
	start(): void {
		if (this.#started || typeof window === 'undefined') return;
		this.#started = true;
		window.addEventListener('focus', () => void this.sync());
		document.addEventListener('visibilitychange', () => {
			if (document.visibilityState === 'visible') void this.sync();
		});
		setInterval(() => void this.sync(), EVERY_MS);
		database.onChange(() => {
			// What a sync itself applied is already in step with the folder.
			if (this.#quiet) return;
			clearTimeout(this.#timer);
			this.#timer = setTimeout(() => void this.sync(), AFTER_CHANGE_MS);
		});
		void this.sync();
	}

	/** The state of the open database (and its folder when the database changed). */
	async refresh(): Promise<SyncStatus | null> {
		if (database.phase !== 'ready') return null;
		const name = database.name;
		if (this.#database !== name) {
			this.#database = name;
			this.status = null;
			this.folder = null;
			this.permission = null;
			this.problem = null;
			this.report = null;
			this.join = null;
			this.deviceName = '';
			const folder = await readFolder(name).catch(() => null);
			if (this.#database !== name) return null;
			this.folder = folder;
			this.permission = folder ? await folder.queryPermission({ mode: 'readwrite' }) : null;
		}
		try {
			const status = await database.client.call('sync/status', null);
			if (this.#database !== name) return null;
			this.status = status;
			this.loadError = null;
			if (!this.deviceName && status.deviceName) this.deviceName = status.deviceName;
			return status;
		} catch (error) {
			this.loadError = messageOf(error);
			return null;
		}
	}

	/** One sync cycle, never two at once: a call during one runs another after it. */
	async sync({ snapshot = false }: { snapshot?: boolean } = {}): Promise<void> {
		if (snapshot) this.#snapshotWanted = true;
		if (this.#running) {
			this.#again = true;
			return;
		}
		this.#running = true;
		this.syncing = true;
		try {
			do {
				this.#again = false;
				const withSnapshot = this.#snapshotWanted;
				this.#snapshotWanted = false;
				await this.#cycle(withSnapshot);
			} while (this.#again);
		} finally {
			this.#running = false;
			this.syncing = false;
		}
	}

	async #cycle(snapshot: boolean): Promise<void> {
		const status = await this.refresh();
		const folder = this.folder;
		if (!status?.enabled || status.paused || !folder || !status.deviceId) return;
		try {
			this.permission = await folder.queryPermission({ mode: 'readwrite' });
			if (this.permission !== 'granted') {
				this.problem = {
					code: 'permission',
					message: m.sync_folder_permission({ folder: folder.name })
				};
				return;
			}
			const calls: SyncCalls = {
				query: (op, args) => database.client.call(op, args),
				write: (op, args) => this.#quietly(() => database.write(op, args))
			};
			const { report } = await syncCycle(browserFolder(folder), calls, { first: snapshot });
			if (report) this.report = report;
			this.problem = null;
			this.message = null;
		} catch (error) {
			if (isFolderError(error)) this.problem = syncFolderProblem(error, folder.name);
			else this.message = messageOf(error);
		}
		await this.refresh();
	}

	async #quietly<T>(work: () => Promise<T>): Promise<T> {
		this.#quiet = true;
		try {
			return await work();
		} finally {
			this.#quiet = false;
		}
	}

	async #act(work: () => Promise<unknown>): Promise<boolean> {
		if (this.busy) return false;
		this.busy = true;
		this.message = null;
		try {
			await work();
			return true;
		} catch (error) {
			this.message = messageOf(error);
			return false;
		} finally {
			this.busy = false;
		}
	}

	/** "Choose a sync folder": keep it and join what it holds, or start a group in it. */
	async choose(): Promise<void> {
		const picker = directoryPicker();
		const name = database.name;
		if (!picker) return;
		let folder: BackupFolder;
		try {
			folder = await picker({ mode: 'readwrite', id: `strata-sync-${name}` });
		} catch (error) {
			if ((error as { name?: string }).name === 'AbortError') return;
			this.problem = {
				code: 'failed',
				message: m.sync_folder_unusable({ error: messageOf(error) })
			};
			return;
		}
		await this.#act(async () => {
			this.problem = null;
			const status = (await this.refresh()) ?? this.status;
			if (!status) throw new Error(this.loadError ?? m.sync_status_failed());
			let snapshot: SyncFile | null;
			try {
				const bytes = await browserFolder(folder).read(SNAPSHOT_PATH);
				snapshot = bytes ? { path: SNAPSHOT_PATH, bytes } : null;
			} catch (error) {
				if (!isFolderError(error)) throw error;
				this.problem = syncFolderProblem(error, folder.name);
				return;
			}
			if (snapshot) {
				const preview = await database.client.call('sync/join-preview', { file: snapshot });
				if (status.enabled && preview.groupId !== status.groupId) {
					this.message = m.sync_folder_other_group({ folder: folder.name });
					return;
				}
				if (!status.enabled) {
					this.join = { file: snapshot, preview, folder };
					return;
				}
				await this.#keep(name, folder);
				void this.sync();
				return;
			}
			if (!status.enabled)
				await database.client.call('sync/setup', { deviceName: this.deviceName });
			await this.#keep(name, folder);
			void this.sync({ snapshot: true });
		});
	}

	async #keep(name: DatabaseName, folder: BackupFolder): Promise<void> {
		this.folder = folder;
		this.permission = await folder.queryPermission({ mode: 'readwrite' });
		// Where IndexedDB refuses it (some private windows), sync still runs while the tab is open.
		await folders
			.run('readwrite', (s) => s.put({ folder } satisfies SyncFolderSetting, name))
			.catch(() => {});
	}

	/** "Replace and join": this database becomes a copy of the group's data, a restore point first. */
	async confirmJoin(): Promise<boolean> {
		const join = this.join;
		if (!join) return false;
		const name = database.name;
		const ok = await this.#act(async () => {
			await this.#quietly(() =>
				database.write('sync/join', { file: join.file, deviceName: this.deviceName })
			);
			this.join = null;
			if (join.folder) await this.#keep(name, join.folder);
		});
		if (ok) {
			await this.refresh();
			void this.sync();
		}
		return ok;
	}

	cancelJoin(): void {
		if (!this.busy) this.join = null;
	}

	/** Asks the browser for the folder's permission again: must run from the click itself. */
	async allowAgain(): Promise<void> {
		const folder = this.folder;
		if (!folder) return;
		try {
			this.permission = await folder.requestPermission({ mode: 'readwrite' });
		} catch (error) {
			this.problem = syncFolderProblem(error, folder.name);
			return;
		}
		if (this.permission === 'granted') {
			this.problem = null;
			void this.sync();
		}
	}

	/** Saves "Name of this device" (when this device syncs already; else setup uses it). */
	async rename(): Promise<void> {
		const name = this.deviceName.trim();
		if (!this.status?.enabled || !name || name === this.status.deviceName) return;
		if (await this.#act(() => database.client.call('sync/rename', { deviceName: name })))
			await this.refresh();
	}

	async setPaused(paused: boolean): Promise<void> {
		if (await this.#act(() => database.client.call('sync/pause', { paused }))) {
			await this.refresh();
			if (!paused) void this.sync();
		}
	}

	/** "Stop syncing on this device": the data stays; the folder is forgotten. */
	async leave(): Promise<void> {
		const name = database.name;
		await database.client.call('sync/leave', null);
		this.folder = null;
		this.permission = null;
		this.problem = null;
		this.report = null;
		await folders.run('readwrite', (s) => s.delete(name)).catch(() => {});
		await this.refresh();
	}

	/** Makes the other value of a conflict the one kept. */
	async resolve(id: number, winner: 'here' | 'there'): Promise<void> {
		if (await this.#act(() => database.write('sync/resolve', { id, winner }))) await this.refresh();
	}

	/** The share sheet can take a sync file here (phones, mostly). */
	get canShare(): boolean {
		if (typeof navigator === 'undefined' || typeof navigator.canShare !== 'function') return false;
		try {
			return navigator.canShare({ files: [new File([new Uint8Array()], 'strata.sync')] });
		} catch {
			return false;
		}
	}

	/**
	 * "Save changes to a file" (or, with `share`, to the share sheet): every change this device
	 * knows and a snapshot, as one file. A device that does not sync yet starts a group first.
	 */
	async saveFile({ share = false }: { share?: boolean } = {}): Promise<void> {
		await this.#act(async () => {
			if (!this.status?.enabled)
				await database.client.call('sync/setup', { deviceName: this.deviceName });
			const { bytes, fileName } = await database.client.call('sync/bundle', null);
			await this.refresh();
			if (share) {
				const file = new File([bytes], fileName, { type: 'application/octet-stream' });
				try {
					await navigator.share({ files: [file] });
					return;
				} catch (error) {
					if ((error as { name?: string }).name === 'AbortError') return;
					// The click's permission ran out while the file was made: a download needs none.
					this.message = m.sync_share_failed({ error: messageOf(error) });
				}
			}
			download(bytes, fileName, 'application/octet-stream');
		});
	}

	/** "Open a sync file": applied when it is of this group, else offered to join. */
	async openFile(file: File): Promise<void> {
		await this.#act(async () => {
			const syncFile: SyncFile = { path: file.name, bytes: await file.arrayBuffer() };
			const status = (await this.refresh()) ?? this.status;
			const preview = await database.client.call('sync/join-preview', { file: syncFile });
			if (status?.enabled && preview.groupId === status.groupId) {
				this.report = await this.#quietly(() =>
					database.write('sync/apply', { files: [syncFile] })
				);
				await this.refresh();
				return;
			}
			this.join = { file: syncFile, preview, folder: null };
		});
	}
}

export const sync = new SyncState();
