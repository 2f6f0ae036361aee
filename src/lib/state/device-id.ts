/**
 * This install's id: six random letters and digits, made once and kept in this browser profile.
 * Automatic backups carry it in their names, so that installs sharing a synced folder (two
 * computers, or two browsers) each rotate only their own backups.
 */
import { DEVICE_ID } from '$lib/backup/rotation';

const KEY = 'strata.deviceId';
const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

export function deviceId(): string {
	const kept = localStorage.getItem(KEY);
	if (kept && DEVICE_ID.test(kept)) return kept;
	const id = [...crypto.getRandomValues(new Uint8Array(6))]
		.map((byte) => ALPHABET[byte % ALPHABET.length])
		.join('');
	localStorage.setItem(KEY, id);
	return id;
}
