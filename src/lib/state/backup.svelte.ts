/**
 * Settings → Backup: exports, the import flow (inspect → preview → confirm), verification and
 * restore points. The heavy work happens in the database worker; this keeps what the page shows.
 */
import { backupFileName, exportedAs, strata12FileName } from '$lib/backup/file-name';
import { DatabaseError, type Progress } from '$lib/db/client';
import type {
	BackupTable,
	DatabaseSummary,
	ImportMode,
	ImportPreview,
	ImportResult,
	RestorePoint
} from '$lib/db/messages';
import { today } from '$lib/domain/dates';
import { ValidationError, messageOf } from '$lib/domain/errors';
import { Action } from './action.svelte';
import { database } from './database.svelte';
import { download } from './download';
import { PassphrasePair } from './passphrase-pair.svelte';
import { measured } from './timing';
import { lastExportOf, rememberExport } from './last-export';

export { lastExportOf, rememberExport };
import { fmt } from './format.svelte';
import { m } from '$lib/paraglide/messages';

type CountWords = (inputs: { count: number; shown: string }) => string;

/**
 * What the user's data is made of, in the words of a backup's summary and results. The derived
 * rows (the net-worth points) are not among them: the app recomputes them from the rest.
 */
const COUNT_WORDS: [BackupTable, CountWords][] = [
	['assets', m.backup_count_assets],
	['assetSnapshots', m.backup_count_valuations],
	['transactions', m.backup_count_transactions],
	['valuationPrices', m.backup_count_unit_prices],
	['exchangeRates', m.backup_count_exchange_rates],
	['categories', m.backup_count_categories],
	['tags', m.backup_count_tags],
	['categoriesOnAssets', m.backup_count_asset_categories],
	['tagsOnAssets', m.backup_count_asset_tags],
	['assetTypes', m.backup_count_asset_types],
	['assetTypeUnits', m.backup_count_type_units],
	['assetDetails', m.backup_count_asset_currencies],
	['settings', m.backup_count_settings]
];

/** "6 assets, 90 valuations, 6 transactions": what is not none, or '' when all are. */
export function countsInWords(counts: Partial<Record<BackupTable, number>>): string {
	return COUNT_WORDS.filter(([key]) => (counts[key] ?? 0) > 0)
		.map(([key, words]) => {
			const count = counts[key]!;
			return words({ count, shown: fmt.decimal(String(count)) });
		})
		.join(m.backup_list_separator());
}

export interface Problem {
	message: string;
	problems: string[];
	/** The message already says the data was left as it was (storage ran out). */
	saysUnchanged: boolean;
}

export function problemOf(error: unknown): Problem {
	if (error instanceof DatabaseError)
		return {
			message: error.message,
			problems: error.problems,
			saysUnchanged: error.code === 'quota'
		};
	return { message: messageOf(error), problems: [], saysUnchanged: false };
}

/** An encrypted file chosen to import, verify or test, waiting for its passphrase. */
export interface LockedFile {
	file: File;
	/** What it was chosen for, as the dialog says it: "Enter it to …". */
	purpose: () => string;
	/** Goes on with the passphrase (its `wrong-passphrase` is said on the dialog's field). */
	open: (passphrase: string) => Promise<void>;
}

/**
 * A chosen file restored whole into a throwaway database by the worker: what it holds, or why it
 * would not import. Verify a backup and the restore test both ask this way.
 */
export async function verifyFile(
	file: File,
	passphrase: string | undefined,
	day: string,
	onProgress?: (progress: Progress) => void
) {
	const bytes = await file.arrayBuffer();
	return database.client.call(
		'backup/verify',
		{ fileName: file.name, bytes, today: day, passphrase },
		{ transfer: [bytes], onProgress }
	);
}

class BackupState {
	/** What is running, in words ("Exporting…"), or null. */
	busy = $state<string | null>(null);
	progress = $state<Progress | null>(null);
	preview = $state<ImportPreview | null>(null);
	mode = $state<ImportMode>('replace');
	importProblem = $state<Problem | null>(null);
	/**
	 * What the last import or restore did, as the page says it until the data changes again: one
	 * at a time, so a restore never leaves the banner of the import before it.
	 */
	imported = $state<(ImportResult & { restorePoint: RestorePoint }) | null>(null);
	restored = $state<{
		point: RestorePoint;
		/** The restore point of the data as it was just before. */
		kept: RestorePoint;
		/** What the data holds now, when it could be read. */
		summary: DatabaseSummary | null;
	} | null>(null);
	verified = $state<{ fileName: string; kind: 'json' | 'db'; summary: DatabaseSummary } | null>(
		null
	);
	verifyProblem = $state<Problem | null>(null);
	restorePoints = $state<RestorePoint[] | null>(null);
	lastExport = $state<string | null>(null);
	/** Export's "Encrypt with a passphrase". */
	readonly encryption = new PassphrasePair();
	/** The passphrase dialog of an encrypted file; what is typed in it is never kept. */
	readonly unlocking = new Action<LockedFile>((locked) => this.#unlock(locked));
	unlockPassphrase = $state('');

	constructor() {
		// Any change to the data (an Undo, an edit elsewhere) makes the last result history; the
		// import or restore that made the change sets its own right after.
		database.onChange(() => this.clearResults());
	}

	/** Forgets what the last import or restore did (the page is left, or the data changed). */
	clearResults(): void {
		this.imported = null;
		this.restored = null;
	}

	async #run<T>(what: string, work: () => Promise<T>): Promise<T> {
		this.busy = what;
		this.progress = null;
		try {
			return await work();
		} finally {
			this.busy = null;
			this.progress = null;
		}
	}

	refreshLastExport(): void {
		this.lastExport = lastExportOf(database.name);
	}

	/** A backup left the browser (exported or shared): remembered as the last export. */
	noteExport(): void {
		rememberExport(database.name, new Date().toISOString());
		this.refreshLastExport();
	}

	async export(kind: 'json' | 'db'): Promise<void> {
		const passphrase = this.encryption.take();
		if (passphrase === false) return;
		const encrypted = passphrase !== null;
		await this.#run(
			kind === 'json' ? m.backup_busy_export_json() : m.backup_busy_export_db(),
			async () => {
				// Click → download handed to the browser: the figure the benchmark reports.
				await measured(`strata:export-${kind}`, async () => {
					const { bytes } = await database.client.call(
						kind === 'json' ? 'backup/export-json' : 'backup/export-db',
						encrypted ? { passphrase } : null
					);
					const plainType = kind === 'json' ? 'application/json' : 'application/vnd.sqlite3';
					const file = exportedAs(backupFileName(today(), kind), plainType, encrypted);
					download(bytes, file.name, file.type);
				});
				this.noteExport();
			}
		);
	}

	/**
	 * The data as a database file for the self-hosted Strata 1.2. It is not counted as the last
	 * export: it leaves out what only this app keeps, so it is not a whole backup of it.
	 */
	async exportForStrata12(): Promise<void> {
		// Encrypted too when asked: decrypted with gpg -d, it is the file Strata 1.2 takes.
		const passphrase = this.encryption.take();
		if (passphrase === false) return;
		await this.#run(m.backup_busy_export_strata12(), async () => {
			const { bytes } = await database.client.call(
				'backup/export-db-strata-1.2',
				passphrase === null ? null : { passphrase }
			);
			const file = exportedAs(
				strata12FileName(today()),
				'application/vnd.sqlite3',
				passphrase !== null
			);
			download(bytes, file.name, file.type);
		});
	}

	/**
	 * For any flow that reads a chosen file: an encrypted file given no passphrase opens the
	 * passphrase dialog; one the passphrase does not open says so on the dialog's field (thrown
	 * to it). True when the error was the first: there is nothing else to show.
	 */
	askedPassphrase(error: unknown, locked: LockedFile, passphrase: string | undefined): boolean {
		if (!(error instanceof DatabaseError)) return false;
		if (error.code === 'needs-passphrase' && passphrase === undefined) {
			this.unlockPassphrase = '';
			this.unlocking.start(locked);
			return true;
		}
		if (error.code === 'wrong-passphrase') throw new ValidationError({ passphrase: error.message });
		return false;
	}

	async #unlock(locked: LockedFile): Promise<void> {
		const passphrase = this.unlockPassphrase;
		if (passphrase === '') throw new ValidationError({ passphrase: m.backup_unlock_empty() });
		await locked.open(passphrase);
		this.unlockPassphrase = '';
	}

	cancelUnlock(): void {
		this.unlocking.close();
		if (!this.unlocking.open) this.unlockPassphrase = '';
	}

	/**
	 * Reads a chosen or dropped file and shows what importing it would do. Writes nothing. An
	 * encrypted file asks for its passphrase first, then goes the same way.
	 */
	async inspect(file: File, passphrase?: string): Promise<void> {
		this.preview = null;
		this.clearResults();
		this.importProblem = null;
		this.mode = 'replace';
		await this.#run(m.backup_busy_checking({ fileName: file.name }), async () => {
			try {
				this.preview = await measured('strata:import-inspect', async () => {
					const bytes = await file.arrayBuffer();
					return database.client.call(
						'backup/inspect',
						{ fileName: file.name, bytes, today: today(), passphrase },
						{ transfer: [bytes], onProgress: (p) => (this.progress = p) }
					);
				});
			} catch (error) {
				const open = (again: string) => this.inspect(file, again);
				const purpose = m.backup_purpose_inspect;
				if (this.askedPassphrase(error, { file, purpose, open }, passphrase)) return;
				this.importProblem = problemOf(error);
			}
		});
	}

	async confirmImport(): Promise<void> {
		const mode = this.preview?.kind === 'json' ? this.mode : 'replace';
		await this.#run(
			mode === 'replace' ? m.backup_busy_replacing() : m.backup_busy_merging(),
			async () => {
				try {
					this.imported = await measured('strata:import-commit', () =>
						database.write('backup/import', { mode })
					);
					this.preview = null;
					await this.loadRestorePoints();
				} catch (error) {
					this.importProblem = problemOf(error);
				}
			}
		);
	}

	async cancelImport(): Promise<void> {
		this.preview = null;
		await database.client.call('backup/discard', null);
	}

	async verify(file: File, passphrase?: string): Promise<void> {
		this.verified = null;
		this.verifyProblem = null;
		await this.#run(m.backup_busy_verifying({ fileName: file.name }), async () => {
			try {
				const result = await verifyFile(file, passphrase, today(), (p) => (this.progress = p));
				this.verified = { fileName: file.name, kind: result.kind, summary: result.summary };
			} catch (error) {
				const open = (again: string) => this.verify(file, again);
				const purpose = m.backup_purpose_verify;
				if (this.askedPassphrase(error, { file, purpose, open }, passphrase)) return;
				this.verifyProblem = problemOf(error);
			}
		});
	}

	async loadRestorePoints(): Promise<void> {
		this.restorePoints = await database.client.call('restore-points/list', null);
	}

	async restore(point: RestorePoint): Promise<RestorePoint> {
		return this.#run(m.backup_busy_restoring(), async () => {
			const { restorePoint } = await database.write(
				'restore-points/restore',
				{ id: point.id },
				{ notice: m.backup_restored_notice() }
			);
			// The page says what the restore gave back, in place of any import's result.
			const summary = await database.client
				.call('backup/summary', { today: today() })
				.catch(() => null);
			this.restored = { point, kept: restorePoint, summary };
			await this.loadRestorePoints();
			return restorePoint;
		});
	}

	async remove(point: RestorePoint): Promise<void> {
		await database.client.call('restore-points/delete', { id: point.id });
		await this.loadRestorePoints();
	}
}

export const backup = new BackupState();
