// Worker-thread entry: registers tsx in this thread, then runs the TypeScript module named in workerData.module.
import { register } from 'tsx/esm/api';
import { workerData } from 'node:worker_threads';
register();
await import(workerData.module);
