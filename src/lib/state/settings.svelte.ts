/**
 * Display preferences: theme and locale. They belong to this browser, not to the data (like the
 * original, they are not part of a backup), so they live in localStorage. The base currency is
 * the data's own (a setting of the database: state/currency.svelte.ts).
 */
export const THEMES = ['system', 'light', 'dark'] as const;
export const LOCALES = ['en-US', 'en-GB', 'fr-FR', 'de-DE', 'es-ES', 'it-IT', 'ja-JP'] as const;

export type Theme = (typeof THEMES)[number];
export type Locale = (typeof LOCALES)[number];

const KEY = 'strata.settings';

/**
 * What this browser stored, each value taken only if it is one we know (else its default).
 * Two enumerations, checked by hand: this module loads before the first paint, and even zod's
 * small build would be a fifth of what the page may load by then.
 */
function readStored(value: unknown): { theme: Theme; locale: Locale } | null {
	if (typeof value !== 'object' || value === null) return null;
	const record = value as Record<string, unknown>;
	const known = <T extends string>(list: readonly T[], v: unknown, fallback: T): T =>
		list.includes(v as T) ? (v as T) : fallback;
	return {
		theme: known(THEMES, record.theme, 'system'),
		locale: known(LOCALES, record.locale, 'en-US')
	};
}

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

function load(): { theme: Theme; locale: Locale } {
	try {
		const raw = localStorage.getItem(KEY);
		const read = raw ? readStored(JSON.parse(raw)) : null;
		if (read) return read;
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
