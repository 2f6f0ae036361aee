/**
 * Automatic backups into a folder the user chose (Settings → Backup → Back up automatically):
 * a JSON backup, the same bytes as Export JSON, a minute after the last change (at most one
 * every 5 minutes) and at least daily while Strata is open, then the old ones rotated. Each
 * database has its own folder setting and its own file names, so My data and Demo never mix.
 *
 * Changes are heard through `database.onChange`, which every write from this tab goes through.
 *
 * Backups can be encrypted with a passphrase. It is held in memory for the session, or kept on
 * this device when the user asks (remembered-passphrase.ts); when it is not known, encrypted
 * backups pause until it is typed again. They are never written in the clear instead.
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
import {
	freeBackupName,
	parseAutoBackupName,
	rotate,
	type BackupExtension
} from '$lib/backup/rotation';
import { CHECK_EVERY_MS, nextBackupAt, type BackupTimes } from '$lib/backup/schedule';
import { isAway } from '$lib/db/client';
import type { DatabaseName } from '$lib/db/messages';
import { messageOf } from '$lib/domain/errors';
import { forgetSetting, readSetting, saveSetting } from './auto-backup-store';
import { forgetPassphrase, recallPassphrase, rememberPassphrase } from './remembered-passphrase';
import { rememberExport } from './backup.svelte';
import { deviceId } from './device-id';
import { database } from './database.svelte';
import { m } from '$lib/paraglide/messages';

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
	/** Backups are encrypted with a passphrase (….json.gpg). */
	encrypted = $state(false);
	/** The passphrase is kept on this device, so backups go on after a restart. */
	remembered = $state(false);
	/** The passphrase is known in this session (typed, or remembered on this device). */
	unlocked = $state(false);

	#database: DatabaseName | null = null;
	#passphrase: string | null = null;
	#times: BackupTimes = { ...NO_TIMES };
	#timer: ReturnType<typeof setTimeout> | undefined;
	#running: Promise<void> | null = null;
	#started = false;

	/** The folder is chosen but the browser dropped the permission: one click gives it back. */
	get needsPermission(): boolean {
		return this.folder !== null && this.permission === 'prompt';
	}

	/** Encrypted backups wait for their passphrase (after a restart, when it is not remembered). */
	get needsPassphrase(): boolean {
		return this.folder !== null && this.encrypted && !this.unlocked;
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
				message: m.backup_auto_folder_unusable({ error: messageOf(error) })
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
		await this.#save(name, folder).catch(() => {});
		await this.backUpNow();
	}

	/**
	 * Encrypts the backups from now on with `passphrase` (or, when they already are, gives the
	 * passphrase of this session after a restart), kept on this device if `remember`.
	 */
	async encrypt(passphrase: string, remember: boolean): Promise<void> {
		const name = this.#database;
		const folder = this.folder;
		if (!name || !folder) return;
		// A backup in the clear already under way is not the one that follows this choice.
		await this.#running;
		if (remember) await rememberPassphrase(name, passphrase);
		else await forgetPassphrase(name);
		if (this.#database !== name || this.folder !== folder) return;
		const was = { encrypted: this.encrypted, passphrase: this.#passphrase };
		this.#passphrase = passphrase;
		this.encrypted = true;
		try {
			// Not kept, the next start would not know the backups are to be encrypted: say so.
			await this.#save(name, folder);
		} catch (error) {
			this.encrypted = was.encrypted;
			this.#passphrase = was.passphrase;
			throw error;
		}
		this.unlocked = true;
		this.remembered = remember;
		await this.backUpNow();
	}

	/** Back to backups in the clear; the passphrase kept on this device is deleted. */
	async stopEncrypting(): Promise<void> {
		const name = this.#database;
		const folder = this.folder;
		if (!name || !folder) return;
		await forgetPassphrase(name);
		this.#forgetPassphrase();
		this.encrypted = false;
		await this.#save(name, folder).catch(() => {});
		this.#schedule();
	}

	#forgetPassphrase(): void {
		this.#passphrase = null;
		this.unlocked = false;
		this.remembered = false;
	}

	#save(name: DatabaseName, folder: BackupFolder): Promise<void> {
		return saveSetting(name, { folder, last: this.last, encrypted: this.encrypted });
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

	/** The newest automatic backup of the open database in the folder, for the restore drill. */
	async newestBackup(): Promise<File | null> {
		const folder = this.folder;
		const name = this.#database;
		if (!folder || !name) return null;
		let newest: { name: string; at: number } | null = null;
		for (const file of await listNames(folder)) {
			const at = parseAutoBackupName(name, deviceId(), file)?.at.getTime();
			if (at !== undefined && (!newest || at > newest.at)) newest = { name: file, at };
		}
		if (!newest) return null;
		return (await folder.getFileHandle(newest.name)).getFile();
	}

	/** "Stop backing up automatically": forgets the folder; the files in it stay. */
	async stop(): Promise<void> {
		const name = this.#database;
		if (!name) return;
		// A backup being written finishes first: nothing is written there after "Stop".
		await this.#running;
		if (this.#database !== name) return;
		this.#clearTimer();
		this.folder = null;
		this.permission = null;
		this.last = null;
		this.problem = null;
		this.#times = { ...NO_TIMES };
		this.encrypted = false;
		this.#forgetPassphrase();
		localStorage.removeItem(PENDING_KEY + name);
		await forgetSetting(name);
		await forgetPassphrase(name);
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
		this.encrypted = false;
		this.#forgetPassphrase();
		const setting = await readSetting(name).catch(() => null);
		if (this.#database !== name) return;
		if (setting) {
			if (setting.encrypted) {
				const passphrase = await recallPassphrase(name).catch(() => null);
				if (this.#database !== name) return;
				this.encrypted = true;
				this.#passphrase = passphrase;
				this.unlocked = this.remembered = passphrase !== null;
			}
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
		if (this.needsPassphrase) return;
		if (database.phase !== 'ready' || database.name !== this.#database) return;
		const wait = Math.max(0, nextBackupAt(this.#times) - Date.now());
		this.#timer = setTimeout(() => void this.backUpNow(), wait);
	}

	/**
	 * The bytes to write and how the file name ends: the JSON export, as Export JSON makes it,
	 * encrypted by the worker with the passphrase when backups are (rotation counts `.json` and
	 * `.json.gpg` as one series). Null when the passphrase is not known: nothing is written.
	 */
	async #backupFile(): Promise<{ bytes: ArrayBuffer; extension: BackupExtension } | null> {
		if (!this.encrypted) {
			const { bytes } = await database.client.call('backup/export-json', null);
			return { bytes, extension: '.json' };
		}
		const passphrase = this.#passphrase;
		if (passphrase === null) return null;
		const { bytes } = await database.client.call('backup/export-json', { passphrase });
		return { bytes, extension: '.json.gpg' };
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
			const file = await this.#backupFile();
			// The database was switched while it was exported, or encryption turned on or off: this
			// file is not the backup wanted now.
			if (!file || this.folder !== folder || database.name !== name) return;
			if (file.extension !== (this.encrypted ? '.json.gpg' : '.json')) return;
			const { bytes, extension } = file;
			const device = deviceId();
			const names = await listNames(folder);
			const fileName = freeBackupName(name, device, new Date(), extension, names);
			await writeBackupFile(folder, fileName, bytes);
			// Best effort: a file the rotation could not delete goes next time; the backup stands.
			await removeFiles(folder, rotate([...names, fileName], name, device).remove);
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
			await this.#save(name, folder).catch(() => {});
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
