#!/usr/bin/env node
/**
 * `npx strata <command>`: the command line for backup files (src/cli/main.ts). This file only
 * finds the compiled command line (src/cli/compile.js) and runs it.
 */
import { fileURLToPath } from 'node:url';
import { compiledCli } from '../src/cli/compile.js';

const root = fileURLToPath(new URL('..', import.meta.url));

let main;
try {
	main = await import(await compiledCli(root));
} catch (error) {
	process.stderr.write(
		`strata: the command line could not be prepared (${error instanceof Error ? error.message : String(error)}). Run npm install in ${root} and try again.\n`
	);
	process.exit(4);
}
process.exitCode = await main.run(process.argv.slice(2));
