/**
 * The restore drill: a backup restored into a throwaway database, what it would give back shown
 * next to what Strata holds now — the "test the restore" of a backup routine, done by the app —
 * and its monthly reminder. Nothing here writes to the database.
 */
import type { DatabaseSummary } from '$lib/db/messages';
import { today } from '$lib/domain/dates';
import { database } from './database.svelte';
import { autoBackup } from './auto-backup.svelte';
import { backup, lastExportOf, problemOf, verifyFile, type Problem } from './backup.svelte';
import { folderProblem } from '$lib/backup/folder';
import { m } from '$lib/paraglide/messages';

export interface DrillResult {
	fileName: string;
	/** When the file was last written (its own date), as the browser reports it. */
	madeAt: string;
	backup: DatabaseSummary;
	current: DatabaseSummary;
}

/** A month between drills, as a backup routine asks (the original's guide says quarterly). */
export const DRILL_EVERY_DAYS = 30;
const DAY_MS = 86_400_000;
// Since when the reminder counts, per database: the last drill, the last dismissal, or the
// first time a backup was seen (so a first export does not bring a reminder with it).
const DRILL_CLOCK_KEY = 'strata.restoreDrill.';

function clockOf(name: string): string | null {
	return localStorage.getItem(DRILL_CLOCK_KEY + name);
}

function restartClock(name: string): void {
	localStorage.setItem(DRILL_CLOCK_KEY + name, new Date().toISOString());
}

class RestoreDrill {
	running = $state(false);
	result = $state<DrillResult | null>(null);
	problem = $state<Problem | null>(null);
	/** Why the newest automatic backup could not be read from its folder (the file was not tried). */
	folderProblem = $state<string | null>(null);
	/** Bumped when the reminder's clock restarts, so what depends on it is worked out again. */
	#clock = $state(0);

	/**
	 * Restores `file` into a throwaway database and sets what it gives next to what is here. An
	 * encrypted file asks for its passphrase first.
	 */
	async test(file: File, passphrase?: string): Promise<void> {
		this.running = true;
		this.result = null;
		this.problem = null;
		this.folderProblem = null;
		try {
			const day = today();
			const [verified, current] = await Promise.all([
				verifyFile(file, passphrase, day),
				database.client.call('backup/summary', { today: day })
			]);
			this.result = {
				fileName: file.name,
				madeAt: new Date(file.lastModified).toISOString(),
				backup: verified.summary,
				current
			};
			restartClock(database.name);
			this.#clock++;
		} catch (error) {
			const open = (again: string) => this.test(file, again);
			const purpose = m.backup_purpose_drill;
			if (backup.askedPassphrase(error, { file, purpose, open }, passphrase)) return;
			this.problem = problemOf(error);
		} finally {
			this.running = false;
		}
	}

	/** Tests the newest automatic backup in the folder the backups go to. */
	async testLatestAutomatic(): Promise<void> {
		const folder = autoBackup.folder;
		if (!folder) return;
		this.result = null;
		this.problem = null;
		this.folderProblem = null;
		let file: File | null;
		try {
			file = await autoBackup.newestBackup();
		} catch (error) {
			this.folderProblem = folderProblem(error, folder.name).message;
			return;
		}
		if (!file) {
			this.folderProblem = m.backup_drill_no_automatic({ folder: folder.name });
			return;
		}
		await this.test(file);
	}

	/** Starts the reminder's clock the first time a backup is seen (called by the reminder). */
	noticeBackups(): void {
		const name = database.name;
		if (lastExportOf(name) && !clockOf(name)) restartClock(name);
	}

	/**
	 * How many days since a backup was last tested, when a reminder is due: only once there is a
	 * backup to test (an export from this browser), for the user's own data.
	 */
	reminderDue(): number | null {
		void this.#clock;
		const name = database.name;
		const since = clockOf(name);
		if (name !== 'real' || !lastExportOf(name) || !since) return null;
		const days = Math.floor((Date.now() - Date.parse(since)) / DAY_MS);
		return days >= DRILL_EVERY_DAYS ? days : null;
	}

	dismissReminder(): void {
		restartClock(database.name);
		this.#clock++;
	}
}

export const restoreDrill = new RestoreDrill();
