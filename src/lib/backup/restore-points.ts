/**
 * Restore points: copies of a whole database kept before anything destructive (an import, a
 * restore, an erase, a migration). They live in OPFS next to (not inside) the database pool, the
 * last 10 per database, each with a small JSON description; in memory when OPFS is missing.
 */
import type { DatabaseName, RestorePoint } from '$lib/db/messages';
import { m } from '$lib/paraglide/messages';

export type { RestorePoint };

export const KEEP_RESTORE_POINTS = 10;

/** Said when it is thrown, in the language of that request. */
const gone = () => m.backupfile_restore_point_gone();

export interface RestorePointStore {
	list(database: DatabaseName): Promise<RestorePoint[]>;
	/** Keeps a new point. Old ones are not removed here: see `prune`. */
	save(point: Omit<RestorePoint, 'id' | 'size'>, bytes: Uint8Array): Promise<RestorePoint>;
	/** A point's description, without reading its copy of the database. */
	describe(id: string): Promise<RestorePoint>;
	read(id: string): Promise<{ point: RestorePoint; bytes: Uint8Array }>;
	remove(id: string): Promise<void>;
}

/**
 * Removes all but the newest 10 points of a database. Called only after the operation a new
 * point protects has succeeded, so a failed restore never costs the copy it was restoring.
 */
export async function prune(store: RestorePointStore, database: DatabaseName): Promise<void> {
	for (const old of (await store.list(database)).slice(KEEP_RESTORE_POINTS))
		await store.remove(old.id);
}

const newest = (a: RestorePoint, b: RestorePoint) =>
	b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id);

function pointId(createdAt: string): string {
	return `${createdAt.replace(/[:.]/g, '-')}-${crypto.randomUUID().slice(0, 8)}`;
}

export class MemoryRestorePoints implements RestorePointStore {
	readonly #points = new Map<string, { point: RestorePoint; bytes: Uint8Array }>();

	async list(database: DatabaseName) {
		return [...this.#points.values()]
			.map((p) => p.point)
			.filter((p) => p.database === database)
			.sort(newest);
	}

	async save(meta: Omit<RestorePoint, 'id' | 'size'>, bytes: Uint8Array) {
		const point = { ...meta, id: pointId(meta.createdAt), size: bytes.byteLength };
		this.#points.set(point.id, { point, bytes: bytes.slice() });
		return point;
	}

	async describe(id: string) {
		return (await this.read(id)).point;
	}

	async read(id: string) {
		const found = this.#points.get(id);
		if (!found) throw new Error(gone());
		return found;
	}

	async remove(id: string) {
		this.#points.delete(id);
	}
}

/** Restore points as files in OPFS: `strata-restore-points/<id>.sqlite3` and `<id>.json`. */
export class OpfsRestorePoints implements RestorePointStore {
	#dir: Promise<FileSystemDirectoryHandle> | undefined;

	#directory(): Promise<FileSystemDirectoryHandle> {
		this.#dir ??= navigator.storage
			.getDirectory()
			.then((root) => root.getDirectoryHandle('strata-restore-points', { create: true }));
		return this.#dir;
	}

	async list(database: DatabaseName): Promise<RestorePoint[]> {
		const dir = await this.#directory();
		const points: RestorePoint[] = [];
		for await (const [name, handle] of dir as unknown as AsyncIterable<
			[string, FileSystemHandle]
		>) {
			if (!name.endsWith('.json') || handle.kind !== 'file') continue;
			try {
				const point = JSON.parse(
					await (await (handle as FileSystemFileHandle).getFile()).text()
				) as RestorePoint;
				if (point.database === database) points.push(point);
			} catch {
				// A description that cannot be read is skipped, never fatal.
			}
		}
		return points.sort(newest);
	}

	async save(meta: Omit<RestorePoint, 'id' | 'size'>, bytes: Uint8Array): Promise<RestorePoint> {
		const dir = await this.#directory();
		const point: RestorePoint = { ...meta, id: pointId(meta.createdAt), size: bytes.byteLength };
		try {
			await writeFile(dir, `${point.id}.sqlite3`, bytes);
			// The description is written last: a point without one is not listed, so never half-made.
			await writeFile(dir, `${point.id}.json`, new TextEncoder().encode(JSON.stringify(point)));
		} catch (error) {
			// Out of space half-way: leave nothing behind.
			await this.remove(point.id);
			throw error;
		}
		return point;
	}

	async describe(id: string) {
		const dir = await this.#directory();
		try {
			return JSON.parse(
				await (await (await dir.getFileHandle(`${id}.json`)).getFile()).text()
			) as RestorePoint;
		} catch {
			throw new Error(gone());
		}
	}

	async read(id: string) {
		const point = await this.describe(id);
		const dir = await this.#directory();
		try {
			const file = await (await dir.getFileHandle(`${id}.sqlite3`)).getFile();
			return { point, bytes: new Uint8Array(await file.arrayBuffer()) };
		} catch {
			throw new Error(gone());
		}
	}

	async remove(id: string) {
		const dir = await this.#directory();
		for (const name of [`${id}.json`, `${id}.sqlite3`]) {
			await dir.removeEntry(name).catch(() => {});
		}
	}
}

async function writeFile(dir: FileSystemDirectoryHandle, name: string, bytes: Uint8Array) {
	const handle = await dir.getFileHandle(name, { create: true });
	const access = await handle.createSyncAccessHandle();
	try {
		access.truncate(0);
		let written = 0;
		while (written < bytes.byteLength)
			written += access.write(bytes.subarray(written), { at: written });
		access.flush();
	} finally {
		access.close();
	}
}
