/**
 * A tiny static file server: it serves a build folder exactly as a static host would, with the
 * SPA fallback page for routes that are not files. `npm start` uses it, and so do the tests that
 * swap one build for another on the same origin (an app update, a new migration).
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { extname, join, normalize } from 'node:path';

const TYPES: Record<string, string> = {
	'.html': 'text/html; charset=utf-8',
	'.js': 'text/javascript; charset=utf-8',
	'.css': 'text/css; charset=utf-8',
	'.json': 'application/json',
	'.webmanifest': 'application/manifest+json',
	'.wasm': 'application/wasm',
	'.svg': 'image/svg+xml',
	'.png': 'image/png',
	'.txt': 'text/plain; charset=utf-8'
};

export interface RunningServer {
	url: string;
	/** Every path requested, in order (to check what was fetched over the network). */
	requests: string[];
	close(): Promise<void>;
}

export function serveBuild(
	root: string,
	port: number,
	fallback = '200.html'
): Promise<RunningServer> {
	const requests: string[] = [];
	const server: Server = createServer((req, res) => {
		const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
		requests.push(path);
		let file = normalize(join(root, path));
		if (!file.startsWith(root)) {
			res.writeHead(403).end();
			return;
		}
		if (!existsSync(file) || statSync(file).isDirectory()) file = join(root, fallback);
		const immutable = path.includes('/_app/immutable/');
		res.writeHead(200, {
			'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
			'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache'
		});
		createReadStream(file).pipe(res);
	});
	return new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(port, '127.0.0.1', () =>
			resolve({
				url: `http://localhost:${port}`,
				requests,
				close: () =>
					new Promise<void>((done) => {
						server.closeAllConnections();
						server.close(() => done());
					})
			})
		);
	});
}
