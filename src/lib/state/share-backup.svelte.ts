/**
 * "Share backup": the JSON export handed to the operating system's share sheet (phones, and the
 * desktops that have one), to send it to mail, a messenger or a cloud drive's app. Offered only
 * where the browser says it can share such a file.
 */
import { backupFileName, exportedAs } from '$lib/backup/file-name';
import { today } from '$lib/domain/dates';
import { messageOf } from '$lib/domain/errors';
import { backup } from './backup.svelte';
import { database } from './database.svelte';
import { m } from '$lib/paraglide/messages';

/** Whether this browser can share a JSON backup file (asked with a stand-in of one). */
export function canShareBackups(): boolean {
	if (typeof navigator.share !== 'function' || typeof navigator.canShare !== 'function')
		return false;
	const probe = new File(['{}'], backupFileName(today(), 'json'), { type: 'application/json' });
	try {
		return navigator.canShare({ files: [probe] });
	} catch {
		return false;
	}
}

const isDomError = (error: unknown, name: string) =>
	error instanceof DOMException && error.name === name;

class ShareBackup {
	busy = $state(false);
	problem = $state<string | null>(null);
	/**
	 * An export the share sheet refused because the click's permission ran out while it was being
	 * made (a large database): one more click shares it.
	 */
	ready = $state<File | null>(null);

	async share(): Promise<void> {
		this.busy = true;
		this.problem = null;
		const retried = this.ready;
		this.ready = null;
		const passphrase = retried ? null : backup.encryption.take();
		if (passphrase === false) {
			this.busy = false;
			return;
		}
		let file: File;
		try {
			file = retried ?? (await this.#export(passphrase));
			if (!navigator.canShare({ files: [file] })) {
				this.problem = m.backup_share_cannot_encrypted();
				this.busy = false;
				return;
			}
		} catch (error) {
			this.problem = m.backup_share_not_made({ error: messageOf(error) });
			this.busy = false;
			return;
		}
		try {
			await navigator.share({ files: [file], title: file.name });
			backup.noteExport();
		} catch (error) {
			// The user closed the share sheet: nothing went wrong.
			if (isDomError(error, 'AbortError')) return;
			if (isDomError(error, 'NotAllowedError') && !retried) this.ready = file;
			else this.problem = m.backup_share_failed();
		} finally {
			this.busy = false;
		}
	}

	/** The JSON export, encrypted when Export's "Encrypt with a passphrase" is ticked. */
	async #export(passphrase: string | null): Promise<File> {
		const { bytes } = await database.client.call(
			'backup/export-json',
			passphrase === null ? null : { passphrase }
		);
		const file = exportedAs(
			backupFileName(today(), 'json'),
			'application/json',
			passphrase !== null
		);
		return new File([bytes], file.name, { type: file.type });
	}
}

export const shareBackup = new ShareBackup();
