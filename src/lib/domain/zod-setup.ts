/** zod for every module that builds schemas: imported from here, it never probes for JIT. */
import './zod-jitless';

export { z } from 'zod';
