/// <reference lib="webworker" />
/**
 * The database worker. SQLite starts loading (fetching and compiling its wasm) the moment the
 * worker starts, while the rest of the worker's code loads alongside; messages that arrive
 * before the processor is ready wait in order.
 */
import sqlite3InitModule from '@sqlite.org/sqlite-wasm';
import type { Request } from '../messages';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const sqlite3 = sqlite3InitModule();

const early: Request[] = [];
scope.onmessage = (event: MessageEvent<Request>) => early.push(event.data);

const { Processor } = await import('./processor');
const processor = new Processor(sqlite3, (message, transfer = []) =>
	scope.postMessage(message, transfer)
);
scope.onmessage = (event: MessageEvent<Request>) => processor.receive(event.data);
for (const request of early) processor.receive(request);
