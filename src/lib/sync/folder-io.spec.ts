import { describe, expect, it } from 'vitest';
import type { BackupFolder } from '$lib/backup/folder';
import {
	compactableNumbers,
	readDeviceFiles,
	readIncoming,
	readSnapshot,
	removeChangesets,
	writeSyncFiles
} from './folder-io';

/** A folder in memory with the parts of FileSystemDirectoryHandle the module uses. */
class FakeFolder {
	readonly kind = 'directory';
	readonly files = new Map<string, Uint8Array>();
	readonly folders = new Map<string, FakeFolder>();
	constructor(readonly name: string) {}

	async getDirectoryHandle(name: string, { create = false } = {}) {
		let folder = this.folders.get(name);
		if (!folder && create) this.folders.set(name, (folder = new FakeFolder(name)));
		if (!folder) throw new DOMException('', 'NotFoundError');
		return folder;
	}
	async getFileHandle(name: string, { create = false } = {}) {
		if (!this.files.has(name) && !create) throw new DOMException('', 'NotFoundError');
		if (!this.files.has(name)) this.files.set(name, new Uint8Array());
		return {
			kind: 'file',
			getFile: async () => ({ arrayBuffer: async () => this.files.get(name)!.slice().buffer }),
			createWritable: async () => {
				let written = new Uint8Array();
				return {
					write: async (bytes: ArrayBuffer | Uint8Array) => (written = new Uint8Array(bytes)),
					close: async () => void this.files.set(name, written),
					abort: async () => {}
				};
			}
		};
	}
	async removeEntry(name: string) {
		if (!this.files.delete(name) && !this.folders.delete(name))
			throw new DOMException('', 'NotFoundError');
	}
	async *entries(): AsyncIterableIterator<[string, { kind: string }]> {
		for (const [name, folder] of this.folders) yield [name, folder];
		for (const name of this.files.keys()) yield [name, { kind: 'file' }];
	}
}

const bytes = (text: string) => new TextEncoder().encode(text).buffer as ArrayBuffer;
const text = (buffer: ArrayBuffer) => new TextDecoder().decode(buffer);

describe('the sync folder', () => {
	it('writes files into their sub-folders and reads only what is new from other devices', async () => {
		const fake = new FakeFolder('Dropbox');
		const sut = fake as unknown as BackupFolder;
		await writeSyncFiles(sut, [
			{ path: 'sync/snapshot.db', bytes: bytes('{"v":1}') },
			{ path: 'sync/aaa/1.changeset', bytes: bytes('a1') },
			{ path: 'sync/aaa/2.changeset', bytes: bytes('a2') },
			{ path: 'sync/aaa/device.json', bytes: bytes('{"name":"Laptop"}') },
			{ path: 'sync/bbb/10.changeset', bytes: bytes('b10') },
			{ path: 'sync/bbb/9.changeset', bytes: bytes('b9') },
			{ path: 'sync/ccc/1.changeset', bytes: bytes('mine') }
		]);
		fake.folders.get('sync')!.folders.get('bbb')!.files.set('notes.txt', new Uint8Array());

		expect(text((await readSnapshot(sut))!.bytes)).toBe('{"v":1}');
		const incoming = await readIncoming(sut, 'ccc', { aaa: 1, bbb: 8 });
		expect(incoming.map((file) => file.path)).toEqual([
			'sync/aaa/2.changeset',
			'sync/bbb/9.changeset',
			'sync/bbb/10.changeset'
		]);
		expect(incoming.map((file) => text(file.bytes))).toEqual(['a2', 'b9', 'b10']);
		expect((await readDeviceFiles(sut)).map((file) => file.path)).toEqual(['sync/aaa/device.json']);

		expect(await compactableNumbers(sut, 'bbb', 9)).toEqual([9]);
		await removeChangesets(sut, 'bbb', 9);
		expect([...fake.folders.get('sync')!.folders.get('bbb')!.files.keys()].sort()).toEqual([
			'10.changeset',
			'notes.txt'
		]);
	});

	it('has nothing to read in a new folder, and refuses a path that climbs out of it', async () => {
		const sut = new FakeFolder('Empty') as unknown as BackupFolder;
		expect(await readSnapshot(sut)).toBeNull();
		expect(await readIncoming(sut, 'ccc', {})).toEqual([]);
		expect(await compactableNumbers(sut, 'ccc', 5)).toEqual([]);
		await expect(
			writeSyncFiles(sut, [{ path: 'sync/../../etc', bytes: bytes('x') }])
		).rejects.toThrow();
	});
});
