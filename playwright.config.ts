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
		// The built files exactly as they ship, served as a static host would.
		command: `npm run build && npx tsx scripts/serve.ts build ${PORT}`,
		url: BASE_URL,
		reuseExistingServer: !process.env.CI,
		timeout: 240_000,
		stdout: 'ignore'
	}
});
