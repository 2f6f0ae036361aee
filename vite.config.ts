import { sveltekit } from '@sveltejs/kit/vite';
import { SvelteKitPWA } from '@vite-pwa/sveltekit';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';
import { readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as {
	version: string;
	description: string;
};

const THEME = '#0f5c4d';

/**
 * Backups the installed app opens (from the file manager's "Open with") and accepts from another
 * app's share sheet. Phones often label a .db or .gpg file only application/octet-stream, so the
 * share target takes that too: the import refuses anything that is not a backup, and says why.
 */
const BACKUP_TYPES = {
	'application/json': ['.json'],
	'application/vnd.sqlite3': ['.db', '.sqlite', '.sqlite3'],
	'application/pgp-encrypted': ['.gpg']
};
/** Where the service worker takes a shared backup (static/share-target.js). */
const SHARE_ACTION = '/settings/backup/share';

/**
 * The manifest's words in French, for the browsers that read localized members (W3C manifest
 * localization: `<member>_localized`, keyed by language); the others ignore them and show the
 * English. Spread into the manifest: the plugin's type does not know these members yet.
 */
const FRENCH = {
	name_localized: { fr: { value: 'Strata — suivi du patrimoine net', lang: 'fr' } },
	short_name_localized: { fr: { value: 'Strata', lang: 'fr' } },
	description_localized: {
		fr: {
			value:
				'Suivi personnel de vos actifs et de votre patrimoine net, en local, entièrement dans le navigateur.',
			lang: 'fr'
		}
	}
};

/** Where app.html starts the database worker from: one stable address, built or in dev. */
const DB_WORKER_URL = '/_app/db-worker.js';

/**
 * app.html starts the database worker before the app's code loads, so it needs an address that
 * does not change with each build: the build writes the worker there (the service worker's
 * precache revision still tells versions apart) and dev redirects it to the worker's source.
 */
function stableDbWorker(): Plugin {
	return {
		name: 'strata-stable-db-worker',
		// After SvelteKit's own settings, which name every worker by its hash.
		enforce: 'post',
		config: () => ({
			worker: {
				rollupOptions: {
					output: {
						entryFileNames: (chunk: { name: string }) =>
							chunk.name === 'db.worker'
								? DB_WORKER_URL.slice(1)
								: '_app/immutable/workers/[name]-[hash].js'
					}
				}
			}
		}),
		configureServer(server) {
			server.middlewares.use(DB_WORKER_URL, (_request, response) => {
				response.writeHead(302, {
					location: '/src/lib/db/worker/db.worker.ts?worker_file&type=module'
				});
				response.end();
			});
		}
	};
}

export default defineConfig({
	plugins: [
		// The messages of both languages (messages/<area>/<language>.json), compiled into one
		// function per message: a page's code carries only the messages it uses. The language
		// is the user's setting (state/settings.svelte.ts), not the URL: the app has no server
		// and every route serves the same page. Unit tests use the compiled messages (`npm run
		// messages`, which npm install and check run): the plugin would keep vitest from exiting.
		process.env.VITEST
			? []
			: (await import('@inlang/paraglide-js')).paraglideVitePlugin({
					project: './project.inlang',
					outdir: './src/lib/paraglide',
					strategy: ['baseLocale'],
					// No server renders these pages: the runtime's server half is left out.
					isServer: 'false'
				}),
		sveltekit(),
		stableDbWorker(),
		SvelteKitPWA({
			// An update waits for the user's "Reload": never applied under their feet.
			registerType: 'prompt',
			injectRegister: false,
			// Absolute, so a deep link (/assets/…) registers /sw.js and not /assets/sw.js.
			base: '/',
			scope: '/',
			strategies: 'generateSW',
			manifest: {
				id: '/',
				name: 'Strata — net worth tracker',
				short_name: 'Strata',
				description: pkg.description,
				lang: 'en',
				dir: 'ltr',
				...FRENCH,
				start_url: '/',
				scope: '/',
				display: 'standalone',
				theme_color: THEME,
				background_color: '#f6f7f6',
				categories: ['finance', 'productivity'],
				// Opening a backup goes to its import preview (state/incoming-files.svelte.ts), in the
				// window already open: a second window would only meet "open in another tab".
				file_handlers: [{ action: '/settings/backup', accept: BACKUP_TYPES }],
				launch_handler: { client_mode: ['focus-existing', 'auto'] },
				share_target: {
					action: SHARE_ACTION,
					method: 'POST',
					enctype: 'multipart/form-data',
					params: {
						files: [
							{
								name: 'backup',
								accept: [
									...Object.entries(BACKUP_TYPES).flat(2),
									'application/x-sqlite3',
									'application/octet-stream'
								]
							}
						]
					}
				},
				icons: [
					{ src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
					{ src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
					{
						src: '/icons/maskable-512.png',
						sizes: '512x512',
						type: 'image/png',
						purpose: 'maskable'
					}
				],
				screenshots: [
					{
						src: '/screenshots/dashboard-narrow.png',
						sizes: '390x844',
						type: 'image/png',
						form_factor: 'narrow',
						label: 'Net worth, totals and history on a phone'
					},
					{
						src: '/screenshots/dashboard-wide.png',
						sizes: '1280x800',
						type: 'image/png',
						form_factor: 'wide',
						label: 'The dashboard on a desktop'
					}
				]
			},
			kit: { adapterFallback: '200.html', spa: true, includeVersionFile: true },
			workbox: {
				// Everything the app needs to boot offline, the SQLite engine included.
				globPatterns: ['client/**/*.{js,css,ico,png,svg,webp,webmanifest,wasm}'],
				// The screenshots are for install dialogs only; sqlite-wasm's unused Worker1 API too.
				globIgnores: [
					'**/screenshots/**',
					'**/sqlite3-worker1-*.js',
					'**/sqlite3-opfs-async-proxy*.js',
					'**/share-target.js'
				],
				maximumFileSizeToCacheInBytes: 4 * 1024 * 1024,
				// Takes the share target's POST; loaded before workbox's own routes, so its fetch
				// listener answers first. The worker keeps its imported scripts itself: not precached.
				importScripts: ['/share-target.js'],
				navigateFallback: '/200.html',
				cleanupOutdatedCaches: true
			}
		})
	],
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
