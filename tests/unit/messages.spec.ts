/**
 * The catalogue (messages/<area>/<language>.json) is complete in both languages: every message
 * of one language is in the other, none is empty, and both use the same variables, so no page
 * ever shows a key, an English word in a French sentence or a "{name}" left unfilled.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = 'messages';
const LANGUAGES = ['en', 'fr'];
const settings = JSON.parse(readFileSync('project.inlang/settings.json', 'utf8')) as {
	locales: string[];
	'plugin.inlang.messageFormat': { pathPattern: string[] };
};

type Message = string | { match: Record<string, string>; declarations?: string[] }[];

function read(area: string, language: string): Record<string, Message> {
	const all = JSON.parse(readFileSync(join(ROOT, area, `${language}.json`), 'utf8'));
	delete all.$schema;
	return all;
}

/** Every text a message can show: itself, or each case of a plural. */
const texts = (message: Message): string[] =>
	typeof message === 'string' ? [message] : message.flatMap((v) => Object.values(v.match));

/** The variables a message fills in ({name}), whatever the case. */
const variables = (message: Message): string[] =>
	[
		...new Set(texts(message).flatMap((t) => [...t.matchAll(/\{(\w+)\}/g)].map((x) => x[1]!)))
	].sort();

const areas = readdirSync(ROOT, { withFileTypes: true })
	.filter((entry) => entry.isDirectory())
	.map((entry) => entry.name);

describe('the message catalogue', () => {
	it('has English and French, and loads every area', () => {
		expect(settings.locales).toEqual(LANGUAGES);
		expect(settings['plugin.inlang.messageFormat'].pathPattern.sort()).toEqual(
			areas.map((area) => `./messages/${area}/{locale}.json`).sort()
		);
	});

	for (const area of areas) {
		describe(area, () => {
			const en = read(area, 'en');
			const fr = read(area, 'fr');

			it('has the same messages in English and French', () => {
				expect(Object.keys(fr).sort()).toEqual(Object.keys(en).sort());
			});

			it('names each message after its area, so no two areas share a key', () => {
				for (const key of Object.keys(en)) expect(key.startsWith(`${area}_`), key).toBe(true);
			});

			it('has no empty message, and the same variables in both languages', () => {
				for (const [key, message] of Object.entries(en)) {
					for (const text of [...texts(message), ...texts(fr[key] ?? '')])
						expect(text.trim(), key).not.toBe('');
					expect(variables(fr[key] ?? ''), key).toEqual(variables(message));
				}
			});
		});
	}
});
