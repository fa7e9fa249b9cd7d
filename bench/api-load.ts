/**
 * Load benchmark of the API on loopback (issue 4 targets: ≥ 4,000 determinations/s closed-loop with records written;
 * p99 ≤ 15 ms at a fixed 1,000 requests/s; every response checked against its known answer; zero errors).
 * The server runs as a child process pinned to CPU 0 (taskset) with its records in a temporary database; autocannon
 * runs here, pinned to CPU 1. Bounded in time and count; the server is stopped by its process id at the end.
 * Usage: taskset -c 1 node bin/run-ts.js bench/api-load.ts [seconds]
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { writeResult } from './lib.ts';

const seconds = Number(process.argv[2] ?? 10);
const port = 3400 + Math.floor(Math.random() * 400);
const dir = mkdtempSync(join(tmpdir(), 'dualuse-load-'));
const server = spawn('taskset', ['-c', '0', process.execPath, 'bin/dualuse.js', 'serve'], { env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DUALUSE_DB: join(dir, 'records.sqlite'), DUALUSE_RATE_LIMIT: '0' }, stdio: ['ignore', 'pipe', 'inherit'] });
const base = `http://127.0.0.1:${port}`;
try {
  for (let i = 0; i < 200; i++) {
    const r = await fetch(`${base}/readyz`).catch(() => undefined);
    if (r?.status === 200) break;
    await new Promise((res) => setTimeout(res, 250));
  }
  // Known answers: a catalogue of real requests, answered once before the load.
  const catalogue = [
    { destination: 'AE', date: '2026-08-07', items: [{ eccn: '3A090.b' }] },
    { destination: 'CN', date: '2026-08-07', items: [{ eccn: '3A001.b.2' }] },
    { destination: 'DE', date: '2026-08-07', items: [{ eccn: '6B007', value_usd: 1000 }] },
    { destination: 'FR', date: '2026-08-07', items: [{ eccn: 'EAR99' }] },
    { destination: 'RU', date: '2026-07-23', items: [{ eccn: '5A992.c' }] },
    { destination: 'IR', date: '2026-01-01', items: [{ eccn: '1A001' }] },
    { destination: 'IN', date: '2026-08-07', items: [{ eccn: 'EAR99' }], end_uses: ['nuclear'] },
    { destination: 'BR', date: '2026-08-07', items: [{ eccn: '3A001.c', value_usd: 1000 }] },
  ];
  const expected: string[] = [];
  for (const c of catalogue) expected.push(((await (await fetch(`${base}/api/v1/determinations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(c) })).json()) as { decision: string }).decision);
  let checked = 0;
  let wrong = 0;
  const requests = catalogue.map((c, i) => ({
    method: 'POST' as const,
    path: '/api/v1/determinations',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(c),
    onResponse: (status: number, body: string) => { checked++; if (status !== 200 || (JSON.parse(body) as { decision: string }).decision !== expected[i]) wrong++; },
  }));
  const run = (opts: Record<string, unknown>) => autocannon({ url: base, requests, duration: seconds, ...opts } as autocannon.Options);
  const closed = await run({ connections: 16, pipelining: 1 });
  const closedChecked = checked;
  const closedWrong = wrong;
  checked = 0; wrong = 0;
  const fixed = await run({ connections: 16, overallRate: 1000 });
  writeResult('api-load', {
    what: 'POST /api/v1/determinations on loopback, server pinned to one core, records written to SQLite (WAL), every response checked against its known decision',
    seconds_per_run: seconds,
    closed_loop: { connections: 16, requests_per_second: Math.round(closed.requests.average), p50_ms: closed.latency.p50, p99_ms: closed.latency.p99, errors: closed.errors, non_2xx: closed.non2xx, responses_checked: closedChecked, wrong_answers: closedWrong, target_per_second: 4000, meets_target: closed.requests.average >= 4000 && closedWrong === 0 && closed.errors === 0 },
    fixed_rate: { rate: 1000, requests_per_second: Math.round(fixed.requests.average), p50_ms: fixed.latency.p50, p99_ms: fixed.latency.p99, errors: fixed.errors, non_2xx: fixed.non2xx, responses_checked: checked, wrong_answers: wrong, target_p99_ms: 15, meets_target: fixed.latency.p99 <= 15 && wrong === 0 && fixed.errors === 0 },
  });
} finally {
  server.kill('SIGTERM');
  await new Promise((r) => server.once('exit', r));
  rmSync(dir, { recursive: true, force: true });
}
