/**
 * No word shown to people is written into the code: each comes from the catalogue (messages/…),
 * so French is complete wherever the app goes.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findHardCodedStrings, looksLikeWords } from '../../scripts/hard-coded-strings';

function files(dir: string, pattern: RegExp): string[] {
	return readdirSync(dir, { withFileTypes: true, recursive: true })
		.filter(
			(entry) => entry.isFile() && pattern.test(entry.name) && !/\.spec\.ts$/.test(entry.name)
		)
		.map((entry) => join(entry.parentPath, entry.name));
}

/**
 * Everything that words something for people: pages, components, their state, and the domain,
 * backup and database code whose errors and notices they show. Left out: the generated
 * catalogue, and data (the demo's example rows and the 13 built-in types, rows of the database,
 * named in the interface's language by domain/type-names.ts). The command line (src/cli) speaks
 * English only and is not part of the interface.
 */
const DATA = ['src/lib/domain/demo-seed.ts', 'src/lib/db/reference-data.ts'];
const INTERFACE = [
	...files('src/routes', /\.svelte$/),
	...files('src/lib', /\.(svelte|ts)$/)
].filter((file) => !file.startsWith('src/lib/paraglide/') && !DATA.includes(file));

describe('hard-coded strings', () => {
	it('tells words from code', () => {
		expect(looksLikeWords('Every total is now converted into {}.')).toBe(true);
		expect(looksLikeWords('Save')).toBe(false);
		expect(looksLikeWords('card muted')).toBe(false);
		expect(looksLikeWords('asset_types as t')).toBe(false);
		expect(looksLikeWords('SELECT id FROM asset WHERE id = ?')).toBe(false);
	});

	it('finds none in the interface', () => {
		const found = INTERFACE.flatMap(findHardCodedStrings).map(
			(f) => `${f.file}:${f.line}: ${f.text}`
		);
		expect(found).toEqual([]);
	});
});
