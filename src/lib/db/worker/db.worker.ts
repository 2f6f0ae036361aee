/// <reference lib="webworker" />
/** The database worker: SQLite starts loading at once; every message goes to the processor. */
import sqlite3InitModule from '@sqlite.org/sqlite-wasm';
import type { Request } from '../messages';
import { Processor } from './processor';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const processor = new Processor(sqlite3InitModule(), (message, transfer = []) =>
	scope.postMessage(message, transfer)
);
scope.onmessage = (event: MessageEvent<Request>) => processor.receive(event.data);
