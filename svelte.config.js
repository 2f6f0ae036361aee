import adapter from '@sveltejs/adapter-static';
import { createHash } from 'node:crypto';
import { copyFileSync, readFileSync } from 'node:fs';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

// SvelteKit's route announcer (for screen readers) carries this inline style; the policy allows
// exactly it, by hash, instead of allowing inline styles in general.
const ANNOUNCER_STYLE =
	'position: absolute; left: 0; top: 0; clip: rect(0 0 0 0); clip-path: inset(50%); overflow: hidden; white-space: nowrap; width: 1px; height: 1px';
const sha256 = (text) => `sha256-${createHash('sha256').update(text).digest('base64')}`;
const announcerHash = sha256(ANNOUNCER_STYLE);
// app.html's inline scripts (one starts the database worker early, one paints the last totals),
// each allowed by its exact hash.
const appHtml = readFileSync(new URL('./src/app.html', import.meta.url), 'utf8');
const inlineScripts = ['strata-early-worker', 'strata-early-figures-script'].map((id) => {
	const body = new RegExp(`<script id="${id}">([\\s\\S]*?)<\\/script>`).exec(appHtml)?.[1];
	if (body === undefined) throw new Error(`src/app.html lost its ${id} script`);
	return sha256(body);
});

/** Where adapter-static writes the site. */
const PAGES = 'build';
const FALLBACK = '200.html';

/**
 * adapter-static writes one app shell, 200.html, which hosts with an SPA fallback serve for every
 * route. A plain file server (`python3 -m http.server`, S3) looks for index.html at `/`, and
 * GitHub Pages answers unknown paths with 404.html: so the shell is also copied to those two
 * names. Byte for byte, so the CSP hashes in it still hold; its addresses are absolute
 * (`/_app/…`), so it boots from a deep link's 404 page too. Copied after the adapter, which runs
 * after the service worker's precache list was made: the worker keeps only 200.html and serves it
 * for every navigation, so the copies are never fetched or cached twice.
 * @param {import('@sveltejs/kit').Adapter} inner
 * @returns {import('@sveltejs/kit').Adapter}
 */
function withShellCopies(inner) {
	return {
		...inner,
		async adapt(builder) {
			await inner.adapt(builder);
			for (const name of ['index.html', '404.html'])
				copyFileSync(`${PAGES}/${FALLBACK}`, `${PAGES}/${name}`);
		}
	};
}

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		// A pure SPA: every route is rendered in the browser from one fallback page, so the
		// build is plain static files that any host (or none, once installed) can serve.
		adapter: withShellCopies(adapter({ pages: PAGES, fallback: FALLBACK, strict: true })),
		version: { name: process.env.STRATA_VERSION ?? process.env.npm_package_version },
		// Strata never talks to another origin. SvelteKit writes this policy into the page, with the
		// hash of its own inline start-up script; SQLite needs wasm-unsafe-eval to compile its engine.
		csp: {
			mode: 'hash',
			directives: {
				'default-src': ['self'],
				'script-src': ['self', 'wasm-unsafe-eval', ...inlineScripts],
				'style-src': ['self', 'unsafe-hashes', announcerHash],
				'img-src': ['self', 'data:', 'blob:'],
				'font-src': ['self'],
				'connect-src': ['self'],
				'worker-src': ['self'],
				'manifest-src': ['self'],
				'object-src': ['none'],
				'base-uri': ['self'],
				'form-action': ['self']
			}
		}
	}
};

export default config;
