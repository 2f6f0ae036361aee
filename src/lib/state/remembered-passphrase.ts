/**
 * "Remember on this device" for the passphrase of automatic backups, per database. The
 * passphrase is kept encrypted (AES-GCM) under a WebCrypto key made non-extractable, and both are
 * kept in IndexedDB (which stores a CryptoKey as the browser's own object, not as bytes).
 *
 * What that protects against: the passphrase is never readable as text in the browser's storage
 * or in a backup, and no script can export the key (exportKey refuses it). What it does not:
 * anyone who can use this browser profile, and any code running on the app's origin, can have
 * the browser decrypt it; and the browser keeps the key's bytes in the profile, so a copy of the
 * whole profile holds both. Forgetting deletes both.
 */
import type { DatabaseName } from '$lib/db/messages';
import { keyValueStore } from './key-value-store';

const STORE = 'passphrases';

interface Remembered {
	/** AES-GCM, 256 bits, non-extractable, made for this entry only. */
	key: CryptoKey;
	iv: Uint8Array;
	ciphertext: ArrayBuffer;
}

const passphrases = keyValueStore('strata-secrets', STORE, { durability: 'strict' });

/** The entry's database name is authenticated with it: an entry moved to another name fails. */
const additionalData = (database: DatabaseName) => new TextEncoder().encode(`strata:${database}`);

/**
 * Keeps the passphrase for this database on this device (replacing one kept before).
 *
 * @example await rememberPassphrase('real', 'correct horse battery staple')
 */
export async function rememberPassphrase(
	database: DatabaseName,
	passphrase: string
): Promise<void> {
	const key = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, [
		'encrypt',
		'decrypt'
	]);
	const iv = crypto.getRandomValues(new Uint8Array(12));
	const ciphertext = await crypto.subtle.encrypt(
		{ name: 'AES-GCM', iv, additionalData: additionalData(database) },
		key,
		new TextEncoder().encode(passphrase)
	);
	const entry: Remembered = { key, iv, ciphertext };
	await passphrases.run('readwrite', (store) => store.put(entry, database));
}

/**
 * The passphrase remembered for this database, or null when none is (or it can no longer be
 * decrypted: then it is as good as forgotten, and the user is asked again).
 *
 * @example const passphrase = await recallPassphrase('real')
 */
export async function recallPassphrase(database: DatabaseName): Promise<string | null> {
	const entry = await passphrases.run<Remembered | undefined>('readonly', (store) =>
		store.get(database)
	);
	if (!entry) return null;
	try {
		const plain = await crypto.subtle.decrypt(
			{ name: 'AES-GCM', iv: entry.iv as BufferSource, additionalData: additionalData(database) },
			entry.key,
			entry.ciphertext
		);
		return new TextDecoder().decode(plain);
	} catch {
		return null;
	}
}

/** Deletes the passphrase kept for this database, and its key. */
export async function forgetPassphrase(database: DatabaseName): Promise<void> {
	await passphrases.run('readwrite', (store) => store.delete(database));
}
