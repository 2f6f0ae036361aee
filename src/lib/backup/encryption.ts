/**
 * Backups encrypted with a passphrase, as OpenPGP symmetric messages (RFC 4880/9580): what
 * `gpg --symmetric --cipher-algo AES256` makes, and what `gpg -d` opens. We write AES-256 with
 * an iterated-and-salted S2K and an integrity-protected packet (SEIPD v1), which every gpg since
 * 1.4 reads; we read those and gpg's own (compressed, binary or ASCII-armoured).
 *
 * Recognising a file needs no library; openpgp.js is loaded only to encrypt or decrypt, so it
 * never weighs on the app's start or on a backup that is not encrypted.
 */
import { AppError, ValidationError } from '$lib/domain/errors';
import { m } from '$lib/paraglide/messages';
import { BackupError } from './format';

const ARMOUR_HEADER = '-----BEGIN PGP MESSAGE-----';

/** Packet tags (RFC 9580 §5). */
const PKESK = 1;
const SKESK = 3;
const SED = 9;
const SEIPD = 18;

interface PacketHeader {
	tag: number;
	/** Where the packet's body starts. */
	body: number;
	/** The body's length, or of its first part (a partial length); null when it runs to the end. */
	length: number | null;
}

/** The header of the OpenPGP packet at `at`, or null when the bytes are not one. */
function packetHeader(bytes: Uint8Array, at: number): PacketHeader | null {
	const first = bytes[at];
	if (first === undefined || (first & 0x80) === 0) return null;
	if (first & 0x40) {
		// The new format: the tag in six bits, then a length of one, two or five bytes.
		const tag = first & 0x3f;
		const l0 = bytes[at + 1];
		if (l0 === undefined) return null;
		if (l0 < 192) return { tag, body: at + 2, length: l0 };
		if (l0 < 224) {
			const l1 = bytes[at + 2];
			return l1 === undefined ? null : { tag, body: at + 3, length: ((l0 - 192) << 8) + l1 + 192 };
		}
		if (l0 < 255) return { tag, body: at + 2, length: 1 << (l0 & 0x1f) };
		if (at + 6 > bytes.length) return null;
		const view = new DataView(bytes.buffer, bytes.byteOffset + at + 2, 4);
		return { tag, body: at + 6, length: view.getUint32(0) };
	}
	// The old format: the tag in four bits, the length's size in two (3: to the end of the file).
	const tag = (first >> 2) & 0x0f;
	const size = [1, 2, 4, 0][first & 0x03]!;
	if (size === 0) return { tag, body: at + 1, length: null };
	if (at + 1 + size > bytes.length) return null;
	let length = 0;
	for (let i = 0; i < size; i++) length = length * 256 + bytes[at + 1 + i]!;
	return { tag, body: at + 1 + size, length };
}

/** The first packet, when the bytes start with an encrypted session key (the only way in). */
function firstPacket(bytes: Uint8Array): PacketHeader | null {
	const header = packetHeader(bytes, 0);
	if (!header || (header.tag !== SKESK && header.tag !== PKESK)) return null;
	// Versions 3 to 6 exist: a file of some other kind that happens to start with that byte is not one.
	const version = bytes[header.body];
	return version !== undefined && version >= 3 && version <= 6 ? header : null;
}

function isArmoured(bytes: Uint8Array): boolean {
	// Leading blank lines and a byte-order mark are allowed before the armour.
	let start = 0;
	if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) start = 3;
	while (start < bytes.length && ' \t\r\n'.includes(String.fromCharCode(bytes[start]!))) start++;
	if (bytes.length - start < ARMOUR_HEADER.length) return false;
	for (let i = 0; i < ARMOUR_HEADER.length; i++)
		if (bytes[start + i] !== ARMOUR_HEADER.charCodeAt(i)) return false;
	return true;
}

/**
 * Whether the bytes are an OpenPGP message (binary, or armoured as `-----BEGIN PGP MESSAGE-----`)
 * rather than a backup in the clear.
 *
 * @example isEncryptedBackup(await file.bytes()) // true for `strata-backup-2026-11-21.json.gpg`
 */
export function isEncryptedBackup(bytes: Uint8Array): boolean {
	return isArmoured(bytes) || firstPacket(bytes) !== null;
}

/** The refusal for an encrypted file given no passphrase: the page asks for one and tries again. */
export function needsPassphrase(): AppError {
	return new AppError('needs-passphrase', m.backupfile_needs_passphrase());
}

function wrongPassphrase(): AppError {
	return new AppError('wrong-passphrase', m.backupfile_wrong_passphrase());
}

function damaged(): BackupError {
	return new BackupError(m.backupfile_encrypted_damaged());
}

const loadOpenpgp = () => import('openpgp');

function checkPassphrase(passphrase: string): void {
	if (passphrase === '') throw new ValidationError({ passphrase: m.backupfile_enter_passphrase() });
}

/**
 * The bytes as an OpenPGP message encrypted with the passphrase: AES-256, binary, no
 * compression — what `gpg --symmetric --cipher-algo AES256` makes and `gpg -d` opens.
 *
 * @example await encryptBackup(new TextEncoder().encode(json), 'correct horse')
 */
export async function encryptBackup(bytes: Uint8Array, passphrase: string): Promise<Uint8Array> {
	checkPassphrase(passphrase);
	const openpgp = await loadOpenpgp();
	const message = await openpgp.createMessage({ binary: bytes, format: 'binary' });
	return openpgp.encrypt({
		message,
		passwords: [passphrase],
		format: 'binary',
		config: {
			preferredSymmetricAlgorithm: openpgp.enums.symmetric.aes256,
			preferredCompressionAlgorithm: openpgp.enums.compression.uncompressed,
			// SEIPD v1 with an iterated S2K: AEAD (v2) packets and Argon2 are RFC 9580's, which
			// gpg 2.2 and 2.4 (what Debian and most users have) cannot read.
			aeadProtect: false,
			s2kType: openpgp.enums.s2k.iterated
		}
	});
}

/**
 * OpenPGP's "quick check" (RFC 4880 §5.13): the encrypted data starts with a random block whose
 * last two bytes are repeated, so a session key can be told right or wrong without reading the
 * rest. It tells a wrong passphrase from a damaged file, which otherwise fail alike. Null when it
 * cannot say (not AES, or no integrity-protected packet where one is expected).
 */
async function quickCheck(binary: Uint8Array, key: Uint8Array): Promise<boolean | null> {
	if (![16, 24, 32].includes(key.length)) return null;
	let header = packetHeader(binary, 0);
	while (header && (header.tag === SKESK || header.tag === PKESK) && header.length !== null)
		header = packetHeader(binary, header.body + header.length);
	if (!header || header.tag !== SEIPD || binary[header.body] !== 1) return null;
	const start = header.body + 1;
	const encrypted = binary.subarray(start, start + 18);
	if (encrypted.length < 18 || (header.length !== null && header.length < 19)) return null;
	// OpenPGP's CFB from a zero IV: E(0) ⊕ C₁ is the random block, E(C₁) ⊕ C₂ repeats its end.
	// One block of AES-CBC from a zero IV is that block's AES encryption (AES-ECB).
	let cipher: CryptoKey;
	try {
		cipher = await crypto.subtle.importKey('raw', key as BufferSource, 'AES-CBC', false, [
			'encrypt'
		]);
	} catch {
		return null;
	}
	const block = async (input: Uint8Array) =>
		new Uint8Array(
			await crypto.subtle.encrypt(
				{ name: 'AES-CBC', iv: new Uint8Array(16) },
				cipher,
				input as BufferSource
			)
		).subarray(0, 16);
	const first = await block(new Uint8Array(16));
	const second = await block(encrypted.subarray(0, 16));
	return (
		(first[14]! ^ encrypted[14]!) === (second[0]! ^ encrypted[16]!) &&
		(first[15]! ^ encrypted[15]!) === (second[1]! ^ encrypted[17]!)
	);
}

/**
 * The backup inside an OpenPGP message encrypted with a passphrase (ours, or gpg's: binary or
 * armoured, compressed or not). A wrong passphrase is `wrong-passphrase`; a file that is not
 * whole is a `bad-file` that says so.
 *
 * @example await decryptBackup(await file.bytes(), 'correct horse') // the JSON's bytes
 */
export async function decryptBackup(bytes: Uint8Array, passphrase: string): Promise<Uint8Array> {
	if (passphrase === '') throw needsPassphrase();
	const openpgp = await loadOpenpgp();
	let binary = bytes;
	if (isArmoured(bytes)) {
		try {
			binary = (await openpgp.unarmor(new TextDecoder().decode(bytes))).data as Uint8Array;
		} catch {
			throw damaged();
		}
	}
	const first = firstPacket(binary);
	if (!first) throw damaged();
	if (first.tag === PKESK) throw new BackupError(m.backupfile_gpg_key());
	let message: Awaited<ReturnType<typeof openpgp.readMessage>>;
	try {
		message = await openpgp.readMessage({ binaryMessage: binary });
	} catch {
		throw damaged();
	}
	if (message.packets.findPacket(openpgp.enums.packet.symmetricallyEncryptedData) !== undefined)
		throw new BackupError(m.backupfile_no_integrity({ packet: String(SED) }));
	try {
		const { data } = await openpgp.decrypt({
			message,
			passwords: [passphrase],
			format: 'binary'
		});
		return data;
	} catch {
		// Both a wrong passphrase and a damaged file end here: the session key tells which.
		let keys: { data: Uint8Array }[];
		try {
			keys = await openpgp.decryptSessionKeys({ message, passwords: [passphrase] });
		} catch {
			throw wrongPassphrase();
		}
		for (const key of keys) if ((await quickCheck(binary, key.data)) === true) throw damaged();
		throw wrongPassphrase();
	}
}

/**
 * A chosen file's bytes in the clear: as they are when not encrypted, decrypted with the
 * passphrase when they are (`needs-passphrase` without one), ready for `readBackupFile`.
 *
 * @example readBackupFile(sqlite3, await openBackupBytes(bytes, passphrase), bundled)
 */
export async function openBackupBytes(
	bytes: Uint8Array,
	passphrase: string | undefined
): Promise<Uint8Array> {
	if (!isEncryptedBackup(bytes)) return bytes;
	if (passphrase === undefined || passphrase === '') throw needsPassphrase();
	return decryptBackup(bytes, passphrase);
}
