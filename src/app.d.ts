// See https://svelte.dev/docs/kit/types#app.d.ts
declare global {
	/** The app version, from package.json (or STRATA_VERSION for a test build). */
	const __APP_VERSION__: string;
	namespace App {}
}

export {};
