import adapter from '@sveltejs/adapter-static';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		// A pure SPA: every route is rendered in the browser from one fallback page, so the
		// build is plain static files that any host (or none, once installed) can serve.
		adapter: adapter({ fallback: '200.html', strict: true }),
		version: { name: process.env.STRATA_VERSION ?? process.env.npm_package_version }
	}
};

export default config;
