/**
 * Serves the built app (build/) on localhost as a static host would: files as they are, the
 * fallback page for every route. `npm start` and the browser tests use it.
 *   npx tsx scripts/serve.ts [folder] [port]
 */
import { serveBuild } from './static-server';

const [root = 'build', port = '4173'] = process.argv.slice(2);
const server = await serveBuild(new URL(`../${root}/`, import.meta.url).pathname, Number(port));
console.log(`Strata is served at ${server.url}/`);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
	process.on(signal, () => void server.close().then(() => process.exit(0)));
}
