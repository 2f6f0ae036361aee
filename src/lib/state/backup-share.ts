/**
 * "Share a backup": the JSON export handed to another app (a phone's share sheet), where the
 * browser can share files. For browsers that cannot write to a folder on their own.
 */
import { backupFileName } from '$lib/backup/file-name';
import { today } from '$lib/domain/dates';
import { messageOf } from '$lib/domain/errors';
import { rememberExport } from './backup.svelte';
import { database } from './database.svelte';
import { notices } from './notices.svelte';

const jsonFile = (bytes: BlobPart, name: string) =>
	new File([bytes], name, { type: 'application/json' });

/** Whether this browser says it can share a backup file (never guessed from the browser's name). */
export function canShareBackups(): boolean {
	try {
		return (
			navigator.canShare?.({ files: [jsonFile('{}', backupFileName(today(), 'json'))] }) ?? false
		);
	} catch {
		return false;
	}
}

/** Shares a JSON backup of the open database; cancelling the share sheet is no failure. */
export async function shareBackup(): Promise<void> {
	try {
		const { bytes } = await database.client.call('backup/export-json', null);
		await navigator.share({
			files: [jsonFile(bytes, backupFileName(today(), 'json'))],
			title: 'Strata backup'
		});
		rememberExport(database.name, new Date().toISOString());
	} catch (error) {
		if ((error as { name?: string }).name === 'AbortError') return;
		notices.error(`The backup could not be shared (${messageOf(error)}). Download it instead.`);
	}
}
