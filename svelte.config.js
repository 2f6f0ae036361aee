import adapter from '@sveltejs/adapter-static';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
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

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		// A pure SPA: every route is rendered in the browser from one fallback page, so the
		// build is plain static files that any host (or none, once installed) can serve.
		adapter: adapter({ fallback: '200.html', strict: true }),
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
