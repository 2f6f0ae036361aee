/** How tests start Debian's Chromium (Playwright's own browser download is not available here). */
import type { LaunchOptions } from '@playwright/test';

export const PORT = Number(process.env.STRATA_TEST_PORT ?? 4173);
export const BASE_URL = `http://localhost:${PORT}`;

export const CHROMIUM_ARGS = [
	'--no-sandbox',
	'--disable-gpu',
	'--disable-dev-shm-usage',
	'--no-first-run',
	// Without these Chromium reaches for Google's servers, which this machine's network refuses.
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
	'--disable-quic'
];

export function chromiumLaunchOptions(): LaunchOptions {
	return {
		executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
		args: CHROMIUM_ARGS
	};
}
