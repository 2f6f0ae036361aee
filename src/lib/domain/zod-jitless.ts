/**
 * zod without JIT, set before any schema exists. zod otherwise probes whether it may compile
 * parsers with `new Function`, which our Content-Security-Policy forbids (as it should): each
 * probe would be reported as a violation and hide a real one. Import it before zod (zod-setup.ts
 * does; the page's small build of zod imports it itself).
 */
import { config } from 'zod/v4/core';

config({ jitless: true });
