// Entry of the fuzz worker thread: a worker does not inherit vitest's TypeScript transform, so
// tsx (a devDependency) is registered first, then the TypeScript worker and the library sources
// it imports load as they are.
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
