/**
 * Display preferences: theme and locale. They belong to this browser, not to the data (like the
 * original, they are not part of a backup), so they live in localStorage. The base currency is
 * the data's own (a setting of the database: state/currency.svelte.ts).
 */
// zod's small build: this module loads before the first paint.
import '$lib/domain/zod-jitless';
import { z } from 'zod/mini';

export const THEMES = ['system', 'light', 'dark'] as const;
export const LOCALES = ['en-US', 'en-GB', 'fr-FR', 'de-DE', 'es-ES', 'it-IT', 'ja-JP'] as const;

export type Theme = (typeof THEMES)[number];
export type Locale = (typeof LOCALES)[number];

const KEY = 'strata.settings';

const stored = z.object({
	theme: z.catch(z.enum(THEMES), 'system'),
	locale: z.catch(z.enum(LOCALES), 'en-US')
});

/** The supported locale closest to the browser's own, for a first visit. */
function browserLocale(): Locale {
	const wanted =
		typeof navigator === 'undefined' ? [] : (navigator.languages ?? [navigator.language]);
	for (const tag of wanted) {
		const exact = LOCALES.find((l) => l.toLowerCase() === tag.toLowerCase());
		if (exact) return exact;
		const sameLanguage = LOCALES.find((l) => l.slice(0, 2) === tag.slice(0, 2).toLowerCase());
		if (sameLanguage) return sameLanguage;
	}
	return 'en-US';
}

function load(): z.infer<typeof stored> {
	try {
		const raw = localStorage.getItem(KEY);
		if (raw) return stored.parse(JSON.parse(raw));
	} catch {
		// Unreadable settings fall back to defaults below.
	}
	return { theme: 'system', locale: browserLocale() };
}

class SettingsState {
	theme = $state<Theme>('system');
	locale = $state<Locale>('en-US');

	constructor() {
		if (typeof localStorage !== 'undefined') Object.assign(this, load());
	}

	save(): void {
		localStorage.setItem(KEY, JSON.stringify({ theme: this.theme, locale: this.locale }));
	}
}

export const settings = new SettingsState();
