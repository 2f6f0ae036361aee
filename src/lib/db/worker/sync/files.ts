/**
 * The files of a sync folder. Each device writes only under its own id:
 *
 * - `sync/<device>/<seq>.changeset`: one change made on that device, numbered 1, 2, 3… A line of
 *   JSON (the group, the device and its name, the number, the clock, the schema version, the
 *   changeset's size and SHA-256), a newline, then SQLite's changeset as it is.
 * - `sync/<device>/device.json`: its name, and per device the highest change it has applied
 *   (which changes every device has, and may be compacted away).
 * - `sync/snapshot.db`: the newest whole database, its sync history included, for a device
 *   that joins or was away longer than the changes kept. A sync file ("Sync by file") is the
 *   same: a whole database.
 */
import { z } from 'zod';
import { DEVICE_ID } from '$lib/backup/rotation';
import { CLOCK } from '$lib/domain/hlc';
import { m } from '$lib/paraglide/messages';

export const SNAPSHOT_PATH = 'sync/snapshot.db';

// not shown: a path in the folder
export const changesetPath = (device: string, seq: number) => `sync/${device}/${seq}.changeset`;
export const devicePath = (device: string) => `sync/${device}/device.json`;

const CHANGESET_PATH = /^sync\/([a-z0-9]{6})\/([1-9][0-9]{0,9})\.changeset$/;

/** The device and number a changeset file's path names, or null for another file. */
export function parseChangesetPath(path: string): { device: string; seq: number } | null {
	const match = CHANGESET_PATH.exec(path);
	return match ? { device: match[1]!, seq: Number(match[2]) } : null;
}

const header = z
	.object({
		strataSync: z.literal(1),
		kind: z.literal('changeset'),
		group: z.string().uuid(),
		device: z.string().regex(DEVICE_ID),
		name: z.string().min(1).max(200),
		seq: z.number().int().positive(),
		clock: z.string().regex(CLOCK),
		schema: z.number().int().positive(),
		size: z.number().int().nonnegative(),
		sha256: z.string().regex(/^[0-9a-f]{64}$/)
	})
	.strict();

export type ChangesetHeader = z.infer<typeof header>;

const deviceFile = z
	.object({
		strataSync: z.literal(1),
		kind: z.literal('device'),
		group: z.string().uuid(),
		device: z.string().regex(DEVICE_ID),
		name: z.string().min(1).max(200),
		applied: z.record(z.string().regex(DEVICE_ID), z.number().int().nonnegative()),
		at: z.string()
	})
	.strict();

export type DeviceFile = z.infer<typeof deviceFile>;

/** Why a sync file cannot be used, in words; nothing of it was applied. */
export class SyncFileError extends Error {}

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

async function sha256(bytes: Uint8Array): Promise<string> {
	const digest = await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
	return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

export async function encodeChangeset(
	fields: Omit<ChangesetHeader, 'strataSync' | 'kind' | 'size' | 'sha256'>,
	changeset: Uint8Array
): Promise<Uint8Array> {
	const line: ChangesetHeader = {
		strataSync: 1,
		kind: 'changeset',
		...fields,
		size: changeset.byteLength,
		sha256: await sha256(changeset)
	};
	const head = encoder.encode(`${JSON.stringify(line)}\n`);
	const bytes = new Uint8Array(head.byteLength + changeset.byteLength);
	bytes.set(head);
	bytes.set(changeset, head.byteLength);
	return bytes;
}

/** Reads a changeset file whole, or says why not: a cut-off or altered file is refused. */
export async function decodeChangeset(
	bytes: Uint8Array
): Promise<{ header: ChangesetHeader; changeset: Uint8Array }> {
	const newline = bytes.indexOf(10);
	if (newline < 0 || newline > 4096) throw new SyncFileError(m.syncengine_file_not_changeset());
	let parsed: ChangesetHeader;
	try {
		parsed = header.parse(JSON.parse(decoder.decode(bytes.subarray(0, newline))));
	} catch {
		throw new SyncFileError(m.syncengine_file_not_changeset());
	}
	const changeset = bytes.slice(newline + 1);
	if (changeset.byteLength !== parsed.size) throw new SyncFileError(m.syncengine_file_cut());
	if ((await sha256(changeset)) !== parsed.sha256)
		throw new SyncFileError(m.syncengine_file_altered());
	return { header: parsed, changeset };
}

export function encodeDevice(fields: Omit<DeviceFile, 'strataSync' | 'kind'>): Uint8Array {
	return encoder.encode(
		`${JSON.stringify({ strataSync: 1, kind: 'device', ...fields }, null, 2)}\n`
	);
}

/** A device.json, or null when it cannot be read (being written, or damaged): it counts as unknown. */
export function decodeDevice(bytes: Uint8Array): DeviceFile | null {
	try {
		return deviceFile.parse(JSON.parse(decoder.decode(bytes)));
	} catch {
		return null;
	}
}

/** SQLite's database files start with these 16 bytes. */
// not shown: the first bytes of a database file
const SQLITE_MAGIC = 'SQLite format 3\u0000';

export function isDatabaseFile(bytes: Uint8Array): boolean {
	return bytes.byteLength >= 16 && String.fromCharCode(...bytes.subarray(0, 16)) === SQLITE_MAGIC;
}
