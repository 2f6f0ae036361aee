/**
 * Static hosts without an SPA fallback, to check the build on them: Python's file server (what
 * someone tries first) and a server that behaves like GitHub Pages (plain files, a folder's
 * index.html, and 404.html with status 404 for every other path).
 */
import { spawn } from 'node:child_process';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize } from 'node:path';

export interface Host {
	url: string;
	close(): Promise<void>;
}

/** `python3 -m http.server` over a folder; ready once it answers. */
export async function servePython(root: string, port: number): Promise<Host> {
	const child = spawn(
		'python3',
		['-m', 'http.server', String(port), '--bind', '127.0.0.1', '--directory', root],
		{ stdio: 'ignore' }
	);
	const exited = new Promise<void>((done) => child.once('exit', () => done()));
	const url = `http://localhost:${port}`;
	const deadline = Date.now() + 15_000;
	for (;;) {
		if (child.exitCode !== null) throw new Error(`python3 -m http.server ${port} stopped`);
		try {
			await fetch(`${url}/`);
			break;
		} catch {
			if (Date.now() > deadline) {
				child.kill();
				throw new Error(`python3 -m http.server ${port} did not start`);
			}
			await new Promise((wait) => setTimeout(wait, 200));
		}
	}
	return {
		url,
		close: async () => {
			if (child.exitCode === null) child.kill();
			await exited;
		}
	};
}

const TYPES: Record<string, string> = {
	'.html': 'text/html; charset=utf-8',
	'.js': 'application/javascript; charset=utf-8',
	'.css': 'text/css; charset=utf-8',
	'.json': 'application/json; charset=utf-8',
	'.webmanifest': 'application/manifest+json; charset=utf-8',
	'.wasm': 'application/wasm',
	'.svg': 'image/svg+xml',
	'.png': 'image/png'
};

/** Like GitHub Pages: files as they are, a folder's index.html, else 404.html with status 404. */
export function servePagesLike(root: string, port: number): Promise<Host> {
	const server = createServer((req, res) => {
		const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
		let file = normalize(join(root, path));
		if (!file.startsWith(root)) {
			res.writeHead(403).end();
			return;
		}
		if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
		const found = existsSync(file) && statSync(file).isFile();
		if (!found) file = join(root, '404.html');
		res.writeHead(found ? 200 : 404, {
			'content-type': TYPES[extname(file)] ?? 'application/octet-stream'
		});
		createReadStream(file).pipe(res);
	});
	return new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(port, '127.0.0.1', () =>
			resolve({
				url: `http://localhost:${port}`,
				close: () =>
					new Promise<void>((done) => {
						server.closeAllConnections();
						server.close(() => done());
					})
			})
		);
	});
}
