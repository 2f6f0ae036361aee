import { defineConfig } from '@playwright/test';
import { BASE_URL, PORT, chromiumLaunchOptions } from './tests/e2e/browser';

export default defineConfig({
	testDir: 'tests/e2e',
	testMatch: '**/*.test.ts',
	forbidOnly: !!process.env.CI,
	retries: process.env.CI ? 1 : 0,
	fullyParallel: true,
	workers: 2,
	timeout: 60_000,
	expect: { timeout: 10_000 },
	reporter: process.env.CI ? [['list'], ['html', { open: 'never' }]] : [['list']],
	use: {
		baseURL: BASE_URL,
		trace: 'retain-on-failure',
		launchOptions: chromiumLaunchOptions(),
		acceptDownloads: true
	},
	projects: [{ name: 'chromium' }],
	webServer: {
		// `vite preview` indexes files when it starts: always build first, then start it.
		command: `npm run build && node node_modules/vite/bin/vite.js preview --port ${PORT} --strictPort`,
		url: BASE_URL,
		reuseExistingServer: !process.env.CI,
		timeout: 240_000,
		stdout: 'ignore'
	}
});
