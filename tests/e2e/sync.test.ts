/**
 * Sync between two devices, each a browser context of its own (its own OPFS, its own database).
 * The folder each one "chooses" is a directory of its OPFS (a real FileSystemDirectoryHandle);
 * the test plays the user's sync tool: it copies the files of one device's folder into the
 * other's, both ways, as Dropbox or Syncthing would, between syncs.
 */
import type { Browser, BrowserContext, Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { BASE_URL } from './browser';
import { pickerGives } from '../helpers/folder-picker';
import { expect, openApp, test } from './fixtures';
import { App } from './pages/app';

const FOLDER = 'test-sync';

const pickerGivesTestFolder = (page: Page) => pickerGives(page, FOLDER);

/** Every file of the folder, by its path in it, as base64. */
async function folderFiles(page: Page): Promise<Record<string, string>> {
	return page.evaluate(async (folder) => {
		type Dir = FileSystemDirectoryHandle & {
			entries(): AsyncIterable<[string, FileSystemHandle]>;
		};
		const files: Record<string, string> = {};
		async function walk(dir: Dir, prefix: string) {
			for await (const [name, handle] of dir.entries()) {
				if (name.endsWith('.crswap')) continue;
				if (handle.kind === 'directory') await walk(handle as Dir, `${prefix}${name}/`);
				else {
					const bytes = new Uint8Array(
						await (await (handle as FileSystemFileHandle).getFile()).arrayBuffer()
					);
					let text = '';
					for (const byte of bytes) text += String.fromCharCode(byte);
					files[prefix + name] = btoa(text);
				}
			}
		}
		const root = await navigator.storage.getDirectory();
		await walk((await root.getDirectoryHandle(folder, { create: true })) as Dir, '');
		return files;
	}, FOLDER);
}

async function putFiles(page: Page, files: Record<string, string>): Promise<void> {
	await page.evaluate(
		async ({ folder, files }) => {
			const root = await navigator.storage.getDirectory();
			for (const [path, base64] of Object.entries(files)) {
				const parts = path.split('/');
				let dir = await root.getDirectoryHandle(folder, { create: true });
				for (const part of parts.slice(0, -1))
					dir = await dir.getDirectoryHandle(part, { create: true });
				const binary = atob(base64);
				const bytes = new Uint8Array(binary.length);
				for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
				const writable = await (
					await dir.getFileHandle(parts[parts.length - 1] ?? path, { create: true })
				).createWritable();
				await writable.write(bytes);
				await writable.close();
			}
		},
		{ folder: FOLDER, files }
	);
}

/** The sync tool's run: each folder gets the files the other has (nothing is deleted). */
async function mirror(a: Page, b: Page): Promise<void> {
	const fromA = await folderFiles(a);
	const fromB = await folderFiles(b);
	await putFiles(b, fromA);
	await putFiles(a, fromB);
}

async function device(browser: Browser): Promise<{ context: BrowserContext; page: Page }> {
	const context = await browser.newContext({ baseURL: BASE_URL, acceptDownloads: true });
	const page = await context.newPage();
	await pickerGivesTestFolder(page);
	await openApp(page);
	return { context, page };
}

async function openSync(page: Page): Promise<void> {
	await new App(page).go('Settings');
	await page
		.getByRole('navigation', { name: 'Settings' })
		.getByRole('link', { name: 'Sync' })
		.click();
	await expect(page.getByRole('heading', { level: 2, name: 'Sync', exact: true })).toBeVisible();
	await expect(page.getByText('Reading the sync state…')).toHaveCount(0);
}

/** No sync cycle running (the first one after choosing a folder writes the snapshot). */
async function idle(page: Page): Promise<void> {
	await expect(page.getByRole('region', { name: 'Sync', exact: true })).toHaveAttribute(
		'aria-busy',
		'false'
	);
}

/** "Choose a sync folder", and the first cycle done. */
async function chooseFolder(page: Page): Promise<void> {
	await page.getByRole('button', { name: 'Choose a sync folder' }).click();
	await expect(page.getByTestId('sync-folder').or(page.getByRole('dialog'))).toBeVisible();
	await idle(page);
}

async function syncNow(page: Page): Promise<void> {
	await openSync(page);
	const button = page.getByRole('button', { name: 'Sync now' });
	await button.click();
	await idle(page);
}

async function nameDevice(page: Page, name: string): Promise<void> {
	await page.getByLabel('Name of this device').fill(name);
	await page.getByLabel('Name of this device').blur();
}

async function joinDialog(page: Page): Promise<void> {
	const dialog = page.getByRole('dialog', { name: 'Join this sync folder?' });
	await expect(dialog).toBeVisible();
	await dialog.getByRole('button', { name: 'Replace and join' }).click();
	await expect(dialog).toBeHidden();
	await idle(page);
}

async function valuations(page: Page, asset: string): Promise<string> {
	await new App(page).openAsset(asset);
	return (await page.getByRole('main').textContent()) ?? '';
}

test.describe('sync between two devices', () => {
	test('through a folder: set up, join, a change comes in and is counted', async ({ browser }) => {
		const a = await device(browser);
		const b = await device(browser);
		try {
			const appA = new App(a.page);
			await appA.addAsset({
				name: 'Flat',
				type: 'Real Estate',
				price: '300000',
				date: '2025-01-15',
				currency: 'EUR'
			});
			await appA.addValuation('310000', '2025-06-01');

			await openSync(a.page);
			await nameDevice(a.page, 'Laptop');
			await chooseFolder(a.page);
			await expect(a.page.getByTestId('sync-folder')).toHaveText(`Folder: ${FOLDER}`);
			await expect(a.page.getByText('No other device yet')).toBeVisible();

			await mirror(a.page, b.page);
			await openSync(b.page);
			await nameDevice(b.page, 'Phone');
			await chooseFolder(b.page);
			const dialog = b.page.getByRole('dialog', { name: 'Join this sync folder?' });
			await expect(dialog).toContainText('Laptop');
			await joinDialog(b.page);
			expect(await valuations(b.page, 'Flat')).toContain('310,000');

			await appA.openAsset('Flat');
			await appA.addValuation('320000', '2025-09-01');
			await syncNow(a.page);
			await mirror(a.page, b.page);
			await syncNow(b.page);
			await expect(b.page.getByTestId('sync-report')).toContainText('1 change from Laptop');
			expect(await valuations(b.page, 'Flat')).toContain('320,000');
		} finally {
			await a.context.close();
			await b.context.close();
		}
	});

	test('a conflict: both devices agree on the winner, and the other one can be chosen', async ({
		browser
	}) => {
		const a = await device(browser);
		const b = await device(browser);
		try {
			await new App(a.page).addAsset({
				name: 'Car',
				type: 'Vehicle',
				price: '12000',
				date: '2024-05-01',
				currency: 'EUR'
			});
			await openSync(a.page);
			await nameDevice(a.page, 'Laptop');
			await chooseFolder(a.page);
			await mirror(a.page, b.page);
			await openSync(b.page);
			await nameDevice(b.page, 'Phone');
			await chooseFolder(b.page);
			await joinDialog(b.page);

			// Both rename the car before either has seen the other's change.
			async function rename(page: Page, name: string) {
				await new App(page).openAsset('Car');
				await page.getByRole('button', { name: 'Edit', exact: true }).click();
				const edit = page.getByRole('dialog', { name: 'Edit asset' });
				await edit.getByLabel('Name', { exact: true }).fill(name);
				await edit.getByRole('button', { name: 'Save changes' }).click();
				await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
			}
			await rename(a.page, 'Car (Laptop)');
			await rename(b.page, 'Car (Phone)');
			await syncNow(a.page);
			await syncNow(b.page);
			await mirror(a.page, b.page);
			await syncNow(a.page);
			await syncNow(b.page);

			const conflictA = a.page.getByTestId('sync-conflict');
			await expect(conflictA).toContainText('Car (Laptop)');
			await expect(conflictA).toContainText('Car (Phone)');
			// The later write by clock (the phone's) won on both.
			await new App(a.page).go('Assets');
			await expect(a.page.getByRole('link', { name: 'Car (Phone)', exact: true })).toBeVisible();
			await new App(b.page).go('Assets');
			await expect(b.page.getByRole('link', { name: 'Car (Phone)', exact: true })).toBeVisible();

			// The laptop's name chosen instead, on the laptop: both follow after the next exchange.
			await openSync(a.page);
			await a.page.getByRole('button', { name: 'Keep the value from here' }).click();
			await expect(conflictA).toContainText('Settled');
			await syncNow(a.page);
			await mirror(a.page, b.page);
			await syncNow(b.page);
			for (const page of [a.page, b.page]) {
				await new App(page).go('Assets');
				await expect(page.getByRole('link', { name: 'Car (Laptop)', exact: true })).toBeVisible();
			}
		} finally {
			await a.context.close();
			await b.context.close();
		}
	});

	test('by file: save changes to a file on one, open it on the other, twice', async ({
		browser
	}) => {
		const a = await device(browser);
		const b = await device(browser);
		try {
			const appA = new App(a.page);
			await appA.addAsset({
				name: 'Savings',
				type: 'Savings Account',
				price: '5000',
				date: '2025-02-01',
				currency: 'EUR'
			});

			async function saveFile(): Promise<string> {
				await openSync(a.page);
				const waiting = a.page.waitForEvent('download');
				await a.page.getByRole('button', { name: 'Save changes to a file' }).click();
				const download = await waiting;
				const path = `${test.info().outputPath(download.suggestedFilename())}`;
				await download.saveAs(path);
				return path;
			}
			async function openFile(path: string) {
				await openSync(b.page);
				await b.page.getByLabel('Open a sync file').setInputFiles({
					name: path.split('/').pop() ?? 'strata.sync',
					mimeType: 'application/octet-stream',
					buffer: readFileSync(path)
				});
			}

			await openSync(a.page);
			await nameDevice(a.page, 'Laptop');
			await openFile(await saveFile());
			// The dialog asks for this device's name too.
			await b.page
				.getByRole('dialog', { name: 'Join this sync folder?' })
				.getByLabel('Name of this device')
				.fill('Phone');
			await joinDialog(b.page);
			await new App(b.page).go('Assets');
			await expect(b.page.getByRole('link', { name: 'Savings', exact: true })).toBeVisible();

			await appA.openAsset('Savings');
			await appA.addValuation('5200', '2025-03-01');
			await openFile(await saveFile());
			await expect(b.page.getByTestId('sync-report')).toContainText('from Laptop');
			expect(await valuations(b.page, 'Savings')).toContain('5,200');
		} finally {
			await a.context.close();
			await b.context.close();
		}
	});
});
