/**
 * Automatic backups into a folder the user chose (Settings → Backup → Back up automatically):
 * a JSON backup, the same bytes as Export JSON, a minute after the last change (at most one
 * every 5 minutes) and at least daily while Strata is open, then the old ones rotated. Each
 * database has its own folder setting and its own file names, so My data and Demo never mix.
 *
 * Changes are heard through `database.onChange`, which every write from this tab goes through.
 */
import { untrack } from 'svelte';
import {
	directoryPicker,
	folderProblem,
	listNames,
	removeFiles,
	writeBackupFile,
	type BackupFolder,
	type FolderProblem
} from '$lib/backup/folder';
import { freeBackupName, rotate, type BackupExtension } from '$lib/backup/rotation';
import { CHECK_EVERY_MS, nextBackupAt, type BackupTimes } from '$lib/backup/schedule';
import { isAway } from '$lib/db/client';
import type { DatabaseName } from '$lib/db/messages';
import { messageOf } from '$lib/domain/errors';
import { forgetSetting, readSetting, saveSetting } from './auto-backup-store';
import { rememberExport } from './backup.svelte';
import { database } from './database.svelte';

/** The first change not backed up yet, so that a change made just before closing is not lost. */
const PENDING_KEY = 'strata.autoBackup.pending.';

const NO_TIMES: BackupTimes = {
	lastBackupAt: null,
	lastAttemptAt: null,
	pendingSince: null,
	lastChangeAt: null
};

class AutoBackupState {
	/** False where the browser cannot write to a folder (Firefox, Safari, phones). */
	readonly supported = typeof window !== 'undefined' && directoryPicker() !== null;
	/** The chosen folder of the open database, or null when automatic backups are off. */
	folder = $state.raw<BackupFolder | null>(null);
	/** Whether the browser lets Strata write there now ('prompt': it needs a click again). */
	permission = $state<PermissionState | null>(null);
	// Raw: kept in IndexedDB as it is, and a proxy cannot be cloned there.
	last = $state.raw<{ at: string; fileName: string } | null>(null);
	problem = $state.raw<FolderProblem | null>(null);
	/** The setting of the open database has been read. */
	loaded = $state(false);
	/** A backup is being written. */
	working = $state(false);

	#database: DatabaseName | null = null;
	#times: BackupTimes = { ...NO_TIMES };
	#timer: ReturnType<typeof setTimeout> | undefined;
	#running: Promise<void> | null = null;
	#started = false;

	/** The folder is chosen but the browser dropped the permission: one click gives it back. */
	get needsPermission(): boolean {
		return this.folder !== null && this.permission === 'prompt';
	}

	/** Starts following the open database and its changes; once, from the layout. */
	start(): void {
		if (this.#started || !this.supported) return;
		this.#started = true;
		database.onChange(() => this.#changed());
		$effect.root(() => {
			$effect(() => {
				const name = database.name;
				if (database.phase === 'ready') untrack(() => void this.#load(name));
			});
		});
		// Timers do not run while a computer sleeps: look at the clock again now and then.
		setInterval(() => this.#schedule(), CHECK_EVERY_MS);
		document.addEventListener('visibilitychange', () => {
			if (document.visibilityState === 'visible') this.#schedule();
		});
	}

	/** "Choose a folder": asks for a folder, keeps it, and writes the first backup into it. */
	async choose(): Promise<void> {
		const picker = directoryPicker();
		const name = this.#database;
		if (!picker || !name) return;
		let folder: BackupFolder;
		try {
			folder = await picker({ mode: 'readwrite', id: `strata-backups-${name}` });
		} catch (error) {
			if ((error as { name?: string }).name === 'AbortError') return;
			this.problem = {
				code: 'failed',
				message: `That folder cannot be used (${messageOf(error)}). Choose another folder.`
			};
			return;
		}
		if (this.#database !== name) return;
		this.#clearTimer();
		this.folder = folder;
		this.last = null;
		this.problem = null;
		this.#times = { ...NO_TIMES };
		this.permission = await folder.queryPermission({ mode: 'readwrite' });
		// Where IndexedDB refuses it (some private windows), backups still run while the tab is open.
		await saveSetting(name, { folder, last: null }).catch(() => {});
		await this.backUpNow();
	}

	/** Asks the browser for the permission again: must run from the click itself. */
	async allowAgain(): Promise<void> {
		const folder = this.folder;
		if (!folder) return;
		try {
			this.permission = await folder.requestPermission({ mode: 'readwrite' });
		} catch (error) {
			this.problem = folderProblem(error, folder.name);
			return;
		}
		if (this.permission === 'granted') {
			if (this.problem?.code === 'permission') this.problem = null;
			this.#schedule();
		}
	}

	/** "Back up now": a backup whatever the schedule says. */
	backUpNow(): Promise<void> {
		this.#running ??= this.#write().finally(() => {
			this.#running = null;
			this.#schedule();
		});
		return this.#running;
	}

	/** "Stop backing up automatically": forgets the folder; the files in it stay. */
	async stop(): Promise<void> {
		const name = this.#database;
		if (!name) return;
		this.#clearTimer();
		this.folder = null;
		this.permission = null;
		this.last = null;
		this.problem = null;
		this.#times = { ...NO_TIMES };
		localStorage.removeItem(PENDING_KEY + name);
		await forgetSetting(name);
	}

	async #load(name: DatabaseName): Promise<void> {
		if (this.#database === name && this.loaded) {
			this.#schedule();
			return;
		}
		this.#database = name;
		this.#clearTimer();
		this.loaded = false;
		this.folder = null;
		this.permission = null;
		this.last = null;
		this.problem = null;
		const setting = await readSetting(name).catch(() => null);
		if (this.#database !== name) return;
		if (setting) {
			const pending = localStorage.getItem(PENDING_KEY + name);
			const pendingSince = pending ? Date.parse(pending) : null;
			this.#times = {
				lastBackupAt: setting.last ? Date.parse(setting.last.at) : null,
				lastAttemptAt: null,
				pendingSince,
				lastChangeAt: pendingSince
			};
			this.last = setting.last;
			this.permission = await setting.folder
				.queryPermission({ mode: 'readwrite' })
				.catch(() => 'prompt' as const);
			if (this.#database !== name) return;
			this.folder = setting.folder;
		}
		this.loaded = true;
		this.#schedule();
	}

	#changed(): void {
		const name = this.#database;
		if (!this.folder || !name || database.name !== name) return;
		const now = Date.now();
		if (this.#times.pendingSince === null) {
			this.#times.pendingSince = now;
			localStorage.setItem(PENDING_KEY + name, new Date(now).toISOString());
		}
		this.#times.lastChangeAt = now;
		this.#schedule();
	}

	#clearTimer(): void {
		clearTimeout(this.#timer);
		this.#timer = undefined;
	}

	#schedule(): void {
		this.#clearTimer();
		// Not while the database is in another tab (that tab backs up) or away: the layout's
		// effect calls #load, and so this, again once it is back.
		if (!this.folder || this.permission !== 'granted' || this.#running) return;
		if (database.phase !== 'ready' || database.name !== this.#database) return;
		const wait = Math.max(0, nextBackupAt(this.#times) - Date.now());
		this.#timer = setTimeout(() => void this.backUpNow(), wait);
	}

	/**
	 * The bytes to write and how the file name ends: the JSON export, as Export JSON makes it.
	 * The one seam for encryption: an encrypted backup is the export made with a passphrase,
	 * written as `.json.gpg` (rotation already counts both endings as one series).
	 */
	async #backupFile(): Promise<{ bytes: ArrayBuffer; extension: BackupExtension }> {
		const { bytes } = await database.client.call('backup/export-json', null);
		return { bytes, extension: '.json' };
	}

	async #write(): Promise<void> {
		const folder = this.folder;
		const name = this.#database;
		if (!folder || !name || database.phase !== 'ready' || database.name !== name) return;
		this.#clearTimer();
		this.working = true;
		this.#times.lastAttemptAt = Date.now();
		const changeBefore = this.#times.lastChangeAt;
		try {
			this.permission = await folder.queryPermission({ mode: 'readwrite' });
			if (this.permission !== 'granted') return;
			const { bytes, extension } = await this.#backupFile();
			if (this.folder !== folder) return;
			const names = await listNames(folder);
			const fileName = freeBackupName(name, new Date(), extension, names);
			await writeBackupFile(folder, fileName, bytes);
			await removeFiles(folder, rotate([...names, fileName], name).remove);
			if (this.folder !== folder) return;
			const at = new Date();
			this.last = { at: at.toISOString(), fileName };
			this.problem = null;
			this.#times.lastBackupAt = at.getTime();
			// A change made while this ran is not in it: it stays pending.
			if (this.#times.lastChangeAt === changeBefore) {
				this.#times.pendingSince = null;
				this.#times.lastChangeAt = null;
				localStorage.removeItem(PENDING_KEY + name);
			}
			rememberExport(name, this.last.at);
			// Not kept (IndexedDB refused): the next start backs up once more, nothing worse.
			await saveSetting(name, { folder, last: this.last }).catch(() => {});
		} catch (error) {
			// The database went to another tab: that tab backs up from now on.
			if (isAway(error) || this.folder !== folder) return;
			this.problem = folderProblem(error, folder.name);
			if (this.problem.code === 'permission')
				this.permission = await folder
					.queryPermission({ mode: 'readwrite' })
					.catch(() => 'denied' as const);
		} finally {
			this.working = false;
		}
	}
}

export const autoBackup = new AutoBackupState();
