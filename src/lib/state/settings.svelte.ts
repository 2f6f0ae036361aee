/**
 * Display preferences: theme, language and number/date format (the locale). They belong to this
 * browser, not to the data (like the original, they are not part of a backup), so they live in
 * localStorage. The base currency is
 * the data's own (a setting of the database: state/currency.svelte.ts).
 */
import { overwriteGetLocale } from '$lib/paraglide/runtime';

export const THEMES = ['system', 'light', 'dark'] as const;
export const LOCALES = ['en-US', 'en-GB', 'fr-FR', 'de-DE', 'es-ES', 'it-IT', 'ja-JP'] as const;
/** The languages of the interface: each has every message (messages/<area>/<language>.json). */
export const LANGUAGES = ['en', 'fr'] as const;
/** Each language named in itself, as a language menu does. */
export const LANGUAGE_NAMES: Record<Language, string> = { en: 'English', fr: 'Français' };

export type Theme = (typeof THEMES)[number];
export type Locale = (typeof LOCALES)[number];
export type Language = (typeof LANGUAGES)[number];

type Stored = { theme: Theme; locale: Locale; language: Language };

const KEY = 'strata.settings';

/**
 * What this browser stored, each value taken only if it is one we know (else its default).
 * Two enumerations, checked by hand: this module loads before the first paint, and even zod's
 * small build would be a fifth of what the page may load by then.
 */
function readStored(value: unknown): Stored | null {
	if (typeof value !== 'object' || value === null) return null;
	const record = value as Record<string, unknown>;
	const known = <T extends string>(list: readonly T[], v: unknown, fallback: T): T =>
		list.includes(v as T) ? (v as T) : fallback;
	return {
		theme: known(THEMES, record.theme, 'system'),
		locale: known(LOCALES, record.locale, 'en-US'),
		// Settings kept before there was a choice of language: the browser's language.
		language: known(LANGUAGES, record.language, browserLanguage())
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

/** The interface language closest to the browser's own: French for any French, else English. */
function browserLanguage(): Language {
	const wanted =
		typeof navigator === 'undefined' ? [] : (navigator.languages ?? [navigator.language]);
	for (const tag of wanted) {
		const language = LANGUAGES.find((l) => tag.slice(0, 2).toLowerCase() === l);
		if (language) return language;
	}
	return 'en';
}

function load(): Stored {
	try {
		const raw = localStorage.getItem(KEY);
		const read = raw ? readStored(JSON.parse(raw)) : null;
		if (read) return read;
	} catch {
		// Unreadable settings fall back to defaults below.
	}
	return { theme: 'system', locale: browserLocale(), language: browserLanguage() };
}

class SettingsState {
	theme = $state<Theme>('system');
	locale = $state<Locale>('en-US');
	language = $state<Language>('en');

	constructor() {
		if (typeof localStorage !== 'undefined') Object.assign(this, load());
	}

	/**
	 * What `<html lang>` says: the language, with the format's region when it is the same
	 * language (fr + fr-FR → fr-FR; en + fr-FR → en), so a screen reader reads in the right voice.
	 */
	get htmlLang(): string {
		return this.locale.startsWith(this.language + '-') ? this.locale : this.language;
	}

	save(): void {
		localStorage.setItem(
			KEY,
			JSON.stringify({ theme: this.theme, locale: this.locale, language: this.language })
		);
	}
}

export const settings = new SettingsState();

// Every message reads the language from here, so a change re-renders what shows it, no reload.
overwriteGetLocale(() => settings.language);
