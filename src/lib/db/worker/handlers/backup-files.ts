/**
 * Backup files in and out: exports, checking a file before an import (the import itself is a
 * write: data.ts), and verifying a backup in a throwaway database. Nothing here writes.
 */
import type { CheckedBackup } from '$lib/backup/backup-file';
import type { ExportArgs } from '$lib/db/messages';
import { AppError } from '$lib/domain/errors';
import { m } from '$lib/paraglide/messages';
import type { WorkerServices } from '../services';
import type { QueryHandlers } from './queries';

/**
 * Code only backups need, loaded the first time it is used: opening the database (every start
 * of the app) does not wait for zod, Kysely and the backup format.
 */
export const backupCode = () =>
	Promise.all([
		import('$lib/backup/backup-file'),
		import('$lib/backup/export-json'),
		import('$lib/backup/import-json'),
		import('$lib/backup/summary'),
		import('$lib/backup/rule-check'),
		import('$lib/backup/export-strata-1.2-db'),
		import('$lib/backup/encryption')
	]).then(([file, exporting, importing, summary, rules, legacy, encryption]) => ({
		...file,
		...exporting,
		...importing,
		...summary,
		...rules,
		...legacy,
		...encryption
	}));

/** An ArrayBuffer holding exactly these bytes (so it can be transferred as is). */
export function ownBuffer(bytes: Uint8Array): ArrayBuffer {
	const whole = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength;
	return (whole ? bytes : bytes.slice()).buffer as ArrayBuffer;
}

/** An export as it leaves: encrypted when a passphrase came with it (openpgp loads only then). */
async function exported(bytes: Uint8Array, args: ExportArgs): Promise<{ bytes: ArrayBuffer }> {
	if (args?.passphrase === undefined) return { bytes: ownBuffer(bytes) };
	const { encryptBackup } = await import('$lib/backup/encryption');
	return { bytes: ownBuffer(await encryptBackup(bytes, args.passphrase)) };
}

/**
 * Reads a chosen file; an encrypted one is decrypted first, so it goes through exactly the
 * checks and preview of any other (without its passphrase it is refused as `needs-passphrase`).
 */
async function read(
	worker: WorkerServices,
	bytes: Uint8Array,
	passphrase: string | undefined,
	requestId: number
): Promise<CheckedBackup> {
	const { readBackupFile, isEncryptedBackup, openBackupBytes } = await backupCode();
	if (isEncryptedBackup(bytes) && passphrase)
		worker.progress(requestId, m.backupfile_phase_decrypting());
	const plain = await openBackupBytes(bytes, passphrase);
	return readBackupFile(await worker.sqlite3, plain, await worker.bundled(), new Date(), (phase) =>
		worker.progress(requestId, phase)
	);
}

export function backupQueries(
	worker: WorkerServices
): QueryHandlers<
	| 'backup/export-json'
	| 'backup/export-db'
	| 'backup/export-db-strata-1.2'
	| 'backup/inspect'
	| 'backup/discard'
	| 'backup/verify'
	| 'backup/summary'
> {
	return {
		'backup/export-json': async (args) => {
			const { exportBackupJson } = await backupCode();
			const text = exportBackupJson(worker.requireOpen().engine, new Date());
			return exported(new TextEncoder().encode(text), args);
		},

		'backup/export-db': (args) => {
			// A damaged file cannot be opened, but its bytes can still be taken out as they are.
			if (worker.state.kind === 'damaged') {
				const raw = worker.store.rawBytes(worker.state.database);
				if (raw) return exported(raw, args);
			}
			return exported(worker.databaseBytes(), args);
		},

		'backup/export-db-strata-1.2': async (args) => {
			const { exportStrata12Db } = await backupCode();
			const { engine } = worker.requireOpen();
			return exported(exportStrata12Db(await worker.sqlite3, engine, new Date()), args);
		},

		'backup/inspect': async ({ fileName, bytes, today, passphrase }, { id }) => {
			worker.requireGate();
			const { engine } = worker.requireOpen();
			worker.staged = null;
			const backup = await read(worker, new Uint8Array(bytes), passphrase, id);
			const { summarize, summarizeBackup, ruleWarnings, matchCategories } = await backupCode();
			worker.staged = { ...backup, fileName };
			worker.progress(id, m.backupfile_phase_working_out(), 1, 1);
			const { warnings, count } = ruleWarnings(backup.data, today);
			return {
				warnings,
				warningCount: count,
				leftOut: backup.leftOut,
				keptApart: matchCategories(engine, backup.data.categories).apart,
				fileName,
				kind: backup.kind,
				origin: backup.origin,
				exportedAt: backup.exportedAt,
				file: await summarizeBackup(
					await worker.sqlite3,
					backup.data,
					await worker.bundled(),
					today
				),
				current: await summarize(engine, today)
			};
		},

		'backup/discard': () => {
			worker.staged = null;
			return null;
		},

		'backup/summary': async ({ today }) => {
			const { summarize } = await backupCode();
			return summarize(worker.requireOpen().engine, today);
		},

		'backup/verify': async ({ bytes, today, passphrase }, { id }) => {
			const backup = await read(worker, new Uint8Array(bytes), passphrase, id);
			const { loadIntoMemory, summarize } = await backupCode();
			// The whole backup, restored into a throwaway database: what importing it would give.
			const engine = loadIntoMemory(await worker.sqlite3, backup.data, await worker.bundled());
			try {
				return {
					kind: backup.kind,
					origin: backup.origin,
					exportedAt: backup.exportedAt,
					summary: await summarize(engine, today)
				};
			} finally {
				engine.close();
			}
		}
	};
}

/** The file 'backup/inspect' checked, still waiting to be imported. */
export function stagedBackup(worker: WorkerServices) {
	const staged = worker.staged;
	if (!staged) throw new AppError('refused', m.backupfile_stage_again());
	return staged;
}
