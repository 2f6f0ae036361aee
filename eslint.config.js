import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';
import svelteConfig from './svelte.config.js';

/**
 * Dependencies point one way: routes and components → state → domain and backup → db client ⇄
 * db worker. Each layer may not import the layers above it (or skip past the state to the
 * worker). Specs may import anything.
 */
const UP = {
	routes: ['**/routes/**'],
	components: ['$lib/components/**', '**/components/**'],
	state: ['$lib/state/**', '**/state/*.svelte', '**/state/*.svelte.ts'],
	client: ['$lib/db/client', '**/db/client', '$lib/db/kysely-dialect', '**/db/kysely-dialect'],
	worker: ['$lib/db/worker/**', '**/db/worker/**']
};
const layer = (files, groups, why) => ({
	files,
	ignores: ['**/*.spec.ts'],
	rules: {
		'no-restricted-imports': ['error', { patterns: [{ group: groups.flat(), message: why }] }]
	}
});
const boundaries = [
	layer(
		['src/lib/components/**'],
		[UP.routes, UP.client, UP.worker],
		'A component talks to the database only through state (src/lib/state).'
	),
	layer(
		['src/routes/**'],
		[UP.client, UP.worker],
		'A page talks to the database only through state (src/lib/state).'
	),
	layer(
		['src/lib/state/**'],
		[UP.routes, UP.components, UP.worker],
		'State sits below the pages and above the database client: routes → state → db.'
	),
	layer(
		['src/lib/domain/**', 'src/lib/backup/**'],
		[UP.routes, UP.components, UP.state, UP.client],
		'Domain and backup code take a Kysely or an engine: they never import pages, state or the client.'
	),
	layer(
		['src/lib/db/**'],
		[UP.routes, UP.components, UP.state],
		'The database layer never imports what is above it.'
	)
];

export default ts.config(
	{
		ignores: [
			'build/',
			'.svelte-kit/',
			'node_modules/',
			'test-results/',
			'playwright-report/',
			'.tmp/',
			'src/lib/paraglide/'
		]
	},
	js.configs.recommended,
	...ts.configs.recommended,
	...svelte.configs.recommended,
	prettier,
	...svelte.configs.prettier,
	{
		languageOptions: { globals: { ...globals.browser, ...globals.node } }
	},
	{
		files: ['**/*.ts', '**/*.svelte', '**/*.svelte.ts'],
		languageOptions: {
			parserOptions: {
				projectService: true,
				extraFileExtensions: ['.svelte'],
				parser: ts.parser,
				svelteConfig
			}
		},
		rules: {
			// Every database call crosses the worker boundary: a forgotten await loses errors.
			'@typescript-eslint/no-floating-promises': 'error',
			'@typescript-eslint/no-misused-promises': 'error',
			'@typescript-eslint/no-unused-vars': [
				'error',
				{ argsIgnorePattern: '^_', varsIgnorePattern: '^_' }
			],
			'no-undef': 'off'
		}
	},
	...boundaries
);
