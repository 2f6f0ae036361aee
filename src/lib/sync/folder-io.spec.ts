import { describe, expect, it } from 'vitest';
import type { BackupFolder } from '$lib/backup/folder';
import { browserFolder } from './folder-io';

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

describe('the sync folder in the browser', () => {
	it('writes files into their sub-folders, lists and reads them, and deletes only what is asked', async () => {
		const fake = new FakeFolder('Dropbox');
		const sut = browserFolder(fake as unknown as BackupFolder);
		await sut.write('sync/snapshot.db', bytes('snapshot'));
		await sut.write('sync/aaa/1.changeset', bytes('a1'));
		await sut.write('sync/aaa/2.changeset', bytes('a2'));
		await sut.write('sync/bbb/device.json', bytes('{}'));
		expect(await sut.list('sync')).toEqual({ files: ['snapshot.db'], folders: ['aaa', 'bbb'] });
		expect(await sut.list('sync/aaa')).toEqual({
			files: ['1.changeset', '2.changeset'],
			folders: []
		});
		expect(await sut.list('sync/none')).toEqual({ files: [], folders: [] });
		expect(text((await sut.read('sync/aaa/2.changeset'))!)).toBe('a2');
		expect(await sut.read('sync/aaa/3.changeset')).toBeNull();
		expect(await sut.read('sync/ccc/1.changeset')).toBeNull();
		await sut.remove('sync/aaa/1.changeset');
		await sut.remove('sync/aaa/1.changeset');
		expect((await sut.list('sync/aaa')).files).toEqual(['2.changeset']);
		expect(fake.folders.get('sync')!.files.has('snapshot.db')).toBe(true);
	});

	it('refuses a path that climbs out of the folder', async () => {
		const sut = browserFolder(new FakeFolder('Dropbox') as unknown as BackupFolder);
		await expect(sut.write('sync/../../x', bytes('x'))).rejects.toThrow('Bad sync path');
	});
});
