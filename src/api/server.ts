/**
 * @module api/server
 * `dualuse serve` / `npm start`: binds the port at once (health answers immediately, readiness after the knowledge
 * base has loaded), then loads the knowledge base and rules; stops cleanly on SIGTERM/SIGINT.
 */
import { createServer } from 'node:http';
import { createApp } from './app.ts';
import { openEngine } from '../engine/index.ts';
import type { Determiner } from '../engine/determine.ts';
import { openRecordStore } from '../records/store.ts';

export async function serve(root: string, opts: { port: number; host: string }): Promise<void> {
  let engine: Determiner | undefined;
  const records = openRecordStore();
  console.log(`recording every answer in ${records.path}`);
  const app = createApp({ engine: () => engine, records: () => records });
  const server = createServer({ headersTimeout: 10_000, requestTimeout: 30_000 }, app);
  await new Promise<void>((resolve) => server.listen(opts.port, opts.host, resolve));
  console.log(`dualuse listening on http://${opts.host}:${opts.port} (loading the knowledge base …)`);
  const stop = () => { server.close(() => process.exit(0)); setTimeout(() => process.exit(0), 10_000).unref(); };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  try {
    engine = openEngine(root);
    console.log(`ready: knowledge base ${engine.kb.hash.slice(0, 12)}, editions ${engine.kb.editions.map((e) => e.id).join(', ')}`);
  } catch (e) {
    console.error(`the knowledge base failed to load; the server stays not ready:\n${(e as Error).message}`);
  }
}
