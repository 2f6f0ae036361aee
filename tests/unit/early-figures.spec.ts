/**
 * app.html paints the last totals before the app (and its catalogue) loads, with a small table of
 * its own words: they must be the catalogue's, in both languages, or the page changes as it starts.
 */
import { readFileSync } from 'node:fs';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';

const html = readFileSync(new URL('../../src/app.html', import.meta.url), 'utf8');
const script = /<script id="strata-early-figures-script">([\s\S]*?)<\/script>/.exec(html)![1]!;
const table = /const words = (\{[\s\S]*?\})\[language\];/.exec(script)![1]!;
// The page's own object literal, read as the browser reads it.
const words = runInNewContext(`(${table})`) as Record<'en' | 'fr', string[]>;

const catalogue = (language: string) =>
	JSON.parse(
		readFileSync(new URL(`../../messages/app/${language}.json`, import.meta.url), 'utf8')
	) as Record<string, string>;

describe('the totals app.html paints before the app loads', () => {
	for (const language of ['en', 'fr'] as const) {
		it(`say in ${language} what the app then shows`, () => {
			const m = catalogue(language);
			const [before, after] = m.app_last_visit!.split('{when}');
			expect(words[language]).toEqual([
				m.app_nav_dashboard,
				m.app_net_worth,
				m.app_total_assets,
				m.app_total_liabilities,
				before,
				after
			]);
		});
	}
});
