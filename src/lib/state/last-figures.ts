/**
 * The last totals the database confirmed, per database, kept in localStorage so that a repeat
 * visit shows them at once, marked as from the last visit, while SQLite starts (a few hundred
 * milliseconds on a phone). The dashboard replaces them with the database's own answer as soon
 * as it comes; they are never used for anything else.
 */
import type { DatabaseName } from '$lib/db/messages';

export interface LastFigures {
	netWorth: string;
	assets: string;
	liabilities: string;
	currency: string;
	/** When the database confirmed them (ISO 8601). */
	at: string;
}

const key = (database: DatabaseName) => `strata.last-figures.${database}`;
const DECIMAL = /^-?\d+(\.\d+)?$/;

/** Keeps the totals the dashboard just read from the database. */
export function rememberFigures(database: DatabaseName, figures: LastFigures): void {
	try {
		localStorage.setItem(key(database), JSON.stringify(figures));
	} catch {
		// A full or disabled localStorage only costs the quick start.
	}
}

/** Forgets them (the data was replaced as a whole: they no longer describe it). */
export function forgetFigures(database: DatabaseName): void {
	try {
		localStorage.removeItem(key(database));
	} catch {
		// As above.
	}
}

/**
 * The figures kept for this database, or null. Checked by hand, not with zod: this runs before
 * the first paint, where every kilobyte of script counts.
 */
export function lastFigures(database: DatabaseName): LastFigures | null {
	try {
		const value: unknown = JSON.parse(localStorage.getItem(key(database)) ?? 'null');
		if (typeof value !== 'object' || value === null) return null;
		const { netWorth, assets, liabilities, currency, at } = value as Record<string, unknown>;
		const decimal = (v: unknown): v is string => typeof v === 'string' && DECIMAL.test(v);
		if (!decimal(netWorth) || !decimal(assets) || !decimal(liabilities)) return null;
		if (typeof currency !== 'string' || !/^[A-Z]{3}$/.test(currency)) return null;
		if (typeof at !== 'string' || Number.isNaN(Date.parse(at))) return null;
		return { netWorth, assets, liabilities, currency, at };
	} catch {
		return null;
	}
}
