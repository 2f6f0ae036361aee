import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';
import { readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as {
	version: string;
};

export default defineConfig({
	plugins: [sveltekit()],
	define: {
		// The version shown in Settings → About; a test build may override it to look like a release.
		__APP_VERSION__: JSON.stringify(process.env.STRATA_VERSION ?? pkg.version)
	},
	// Without this, dev serves sqlite3.wasm from .vite/deps as HTML ("expected magic word").
	optimizeDeps: { exclude: ['@sqlite.org/sqlite-wasm'] },
	worker: { format: 'es' },
	server: { fs: { allow: ['migrations'] } },
	test: {
		include: ['src/**/*.spec.ts', 'tests/unit/**/*.spec.ts'],
		environment: 'node',
		testTimeout: 30_000
	}
});
