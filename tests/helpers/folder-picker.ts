/**
 * A folder the user "chose" in tests: the File System Access picker answers with a folder of the
 * page's own OPFS, a real directory handle the app writes into as it would into a chosen one.
 */
import type { Page } from '@playwright/test';

/** The folder picker answers with this OPFS folder, as if the user had chosen it. */
export async function pickerGives(page: Page, folder: string): Promise<void> {
	await page.addInitScript((name) => {
		Object.defineProperty(window, 'showDirectoryPicker', {
			configurable: true,
			value: async () =>
				(await navigator.storage.getDirectory()).getDirectoryHandle(name, { create: true })
		});
	}, folder);
}
