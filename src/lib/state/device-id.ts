/**
 * This install's id: six random letters and digits, made once and kept in this browser profile.
 * Automatic backups carry it in their names, so that installs sharing a synced folder (two
 * computers, or two browsers) each rotate only their own backups.
 */
const KEY = 'strata.deviceId';
const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

export function deviceId(): string {
	const kept = localStorage.getItem(KEY);
	if (kept && /^[a-z0-9]{6}$/.test(kept)) return kept;
	const id = [...crypto.getRandomValues(new Uint8Array(6))]
		.map((byte) => ALPHABET[byte % ALPHABET.length])
		.join('');
	localStorage.setItem(KEY, id);
	return id;
}
