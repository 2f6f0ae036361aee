/**
 * Strata in French, as a French user meets it: the Language setting switches every word (and
 * `<html lang>`), the main journeys run in French with French dates and numbers typed in the
 * forms, and every page, on a phone and on a desktop, has no English left, no serious axe
 * violation and nothing wider than the screen.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, openApp, test } from './fixtures';
import { App } from './pages/app';
import { PAGES, seriousViolations, sideways } from '../helpers/page-checks';

const FRENCH = { theme: 'system', locale: 'fr-FR', language: 'fr' };

/**
 * The English sentences of the catalogue that French says differently: one of them on a French
 * page is a word that escaped translation. Only the fixed parts of a message (between its
 * variables), long enough not to be a name or a word both languages share.
 */
function englishOnly(): string[] {
	const found = new Set<string>();
	const texts = (v: unknown): string[] =>
		typeof v === 'string'
			? [v]
			: Array.isArray(v)
				? v.flatMap((x: { match: Record<string, string> }) => Object.values(x.match))
				: [];
	for (const area of readdirSync('messages', { withFileTypes: true })) {
		// The built-in types' English names are also in the demo's own names ("BNP Checking
		// Account"), which are data.
		if (!area.isDirectory() || area.name === 'types') continue;
		const read = (language: string) =>
			JSON.parse(readFileSync(join('messages', area.name, `${language}.json`), 'utf8'));
		const en = read('en');
		const fr = read('fr');
		for (const key of Object.keys(en)) {
			if (key === '$schema') continue;
			const french = texts(fr[key]).join(' ');
			for (const text of texts(en[key]))
				for (const part of text.split(/\{\w+\}/)) {
					const fixed = part.trim();
					if (fixed.length >= 14 && /\s/.test(fixed) && !french.includes(fixed)) found.add(fixed);
				}
		}
	}
	return [...found];
}
const ENGLISH = englishOnly();

async function openInFrench(
	page: Page,
	choice: 'Commencer avec mes données' | 'Explorer la démo' = 'Commencer avec mes données'
): Promise<void> {
	// A French browser's first visit: settings as a French user leaves them (kept if changed).
	await page.addInitScript((settings) => {
		if (!localStorage.getItem('strata.settings'))
			localStorage.setItem('strata.settings', JSON.stringify(settings));
	}, FRENCH);
	await page.goto('/');
	const welcome = page.getByRole('heading', { name: 'Bienvenue dans Strata' });
	await expect(welcome).toBeVisible();
	await page.getByRole('button', { name: choice }).click();
	await expect(welcome).toBeHidden();
	await expect(page.getByText('Ouverture de vos données…')).toHaveCount(0);
	await expect(page.getByRole('heading', { level: 1, name: 'Tableau de bord' })).toBeVisible();
}

/** Goes to a section through the main navigation (behind Plus on a phone). */
async function go(page: Page, name: string): Promise<void> {
	const nav = page.getByRole('navigation', { name: 'Principale' });
	const link = nav.getByRole('link', { name, exact: true });
	const more = nav.getByRole('button', { name: 'Plus' });
	if (!(await link.isVisible()) && (await more.isVisible())) await more.click();
	await link.click();
	await expect(nav.getByRole('link', { name, exact: true, includeHidden: true })).toHaveAttribute(
		'aria-current',
		'page'
	);
}

test('the Language setting switches every word, and <html lang> follows', async ({ page }) => {
	await openApp(page);
	const app = new App(page);
	await app.go('Settings');
	// The browser's (Playwright's) en-US: English words, American format.
	await expect(page.locator('html')).toHaveAttribute('lang', 'en-US');

	await page.getByLabel('Language').selectOption({ label: 'Français' });
	await expect(page.getByRole('heading', { level: 1, name: 'Réglages' })).toBeVisible();
	await expect(page.getByRole('link', { name: 'Tableau de bord' })).toBeVisible();
	// English words, French voice: lang says French, without a region the format does not give.
	await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
	await page.getByLabel('Format des nombres et des dates').selectOption('fr-FR');
	await expect(page.locator('html')).toHaveAttribute('lang', 'fr-FR');

	// Kept for the next visit.
	await page.reload();
	await expect(page.getByRole('heading', { level: 1, name: 'Réglages' })).toBeVisible();
	await expect(page.getByLabel('Langue')).toHaveValue('fr');

	// English words with the French format: lang says English.
	await page.getByLabel('Langue').selectOption({ label: 'English' });
	await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
	await expect(page.locator('html')).toHaveAttribute('lang', 'en');
});

for (const viewport of [
	{ width: 360, height: 780 },
	{ width: 1280, height: 800 }
]) {
	test.describe(`in French at ${viewport.width} px`, () => {
		test.use({ viewport });

		test('a first asset, a valuation and the dashboard, with French dates and numbers', async ({
			page
		}) => {
			await openInFrench(page);
			await go(page, 'Actifs');
			await expect(page.getByRole('heading', { name: "Aucun actif pour l'instant" })).toBeVisible();
			await page.getByRole('link', { name: 'Ajouter un actif' }).first().click();

			const form = page.getByRole('form', { name: 'Nouvel actif' });
			await form.getByLabel('Nom', { exact: true }).fill('Livret A');
			// A built-in type, named in French.
			await form.getByLabel('Type', { exact: true }).selectOption({ label: 'Compte épargne' });
			// The date as a French user types it, and the pattern the field shows.
			await expect(form.getByText('Au format jj/mm/aaaa, par exemple 31/12/2026.')).toBeVisible();
			await form.getByLabel("Date d'acquisition").fill('04/01/2021');
			await form.getByLabel("Prix d'acquisition").fill('1 500,50');
			await form.getByRole('button', { name: 'Ajouter un actif' }).click();

			await expect(page.getByRole('heading', { level: 1, name: 'Livret A' })).toBeVisible();
			await expect(page.getByText('Détenu depuis le 4 janv. 2021')).toBeVisible();

			// A day that does not exist is refused in French, and nothing is added.
			const valuation = page.getByRole('form', { name: 'Ajouter une valorisation' });
			await valuation.getByLabel('Valeur', { exact: true }).fill('1 600');
			await valuation.getByLabel('Date', { exact: true }).fill('31/02/2025');
			await valuation.getByRole('button', { name: 'Ajouter une valorisation' }).click();
			await expect(valuation.getByLabel('Date', { exact: true })).toHaveAttribute(
				'aria-invalid',
				'true'
			);
			await expect(valuation.getByLabel('Date', { exact: true })).toBeFocused();

			await valuation.getByLabel('Date', { exact: true }).fill('01/06/2025');
			await valuation.getByRole('button', { name: 'Ajouter une valorisation' }).click();
			const table = page.getByRole('table', { name: "Valorisations, les plus récentes d'abord" });
			await expect(table.getByRole('row').filter({ hasText: '1 juin 2025' })).toContainText(
				/1\s600,00\s€/
			);

			await go(page, 'Tableau de bord');
			await expect(page.getByTestId('net-worth')).toHaveText(/1\s600,00\s€/);
			await expect(page.getByText('Patrimoine net').first()).toBeVisible();
		});

		test('every page: no English left, no serious axe violation, nothing wider than the screen', async ({
			page
		}) => {
			// axe and a text scan on fifteen pages: slow work, not a slow app.
			test.setTimeout(240_000);
			await openInFrench(page, 'Explorer la démo');
			await go(page, 'Actifs');
			const first = page.locator('main a[href^="/assets/"]:not([href="/assets/new"])').first();
			await first.click();
			await expect(page).toHaveURL(/\/assets\/(?!new)[^/]+$/);
			const assetPage = new URL(page.url()).pathname;

			for (const path of [...PAGES, assetPage]) {
				await page.goto(path);
				await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
				await expect(page.getByRole('status').filter({ hasText: 'Chargement…' })).toHaveCount(0);
				await expect(page.locator('html')).toHaveAttribute('lang', 'fr-FR');
				const text = await page.locator('body').innerText();
				expect(
					ENGLISH.filter((english) => text.includes(english)),
					`English on ${path}`
				).toEqual([]);
				expect(await seriousViolations(page), path).toEqual([]);
				if (viewport.width === 360)
					expect(await sideways(page), `${path} scrolls sideways`).toBeLessThanOrEqual(0);
			}
		});
	});
}
