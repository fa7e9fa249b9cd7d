/**
 * Load benchmark of the API on loopback (issue 4 targets: ≥ 4,000 determinations/s closed-loop with records written;
 * p99 ≤ 15 ms at a fixed 1,000 requests/s; every response checked against its known answer; zero errors).
 * The server runs as a child process pinned to CPU 0 (taskset) with its records in a temporary database; the load
 * generators run here, pinned to CPU 1. Every scenario runs three times (the figures of this shared VM move by
 * ±15 % from run to run) and the median is judged. Bounded in time and count; the server is stopped by its pid.
 *
 * - closed loop: autocannon, 16 connections, as fast as the server answers;
 * - fixed rate: the paced open-loop generator of bench/paced.ts at 1,000 requests/s (latency from when each request
 *   was due); autocannon's own fixed-rate figure is recorded too, with why it is not the one judged;
 * - floors: the same paced generator against a trivial Node server, and against Express 5 with one route, each
 *   sending a body of the same size on the same core: how much of the tail latency the machine and the framework
 *   add by themselves.
 * Usage: taskset -c 1 node bin/run-ts.js bench/api-load.ts [seconds]
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { median, writeResult } from './lib.ts';
import { paced, type PacedResult } from './paced.ts';

const seconds = Number(process.argv[2] ?? 10);
const RUNS = 3;
const port = 3400 + Math.floor(Math.random() * 400);
const dir = mkdtempSync(join(tmpdir(), 'dualuse-load-'));
const base = `http://127.0.0.1:${port}`;

const waitReady = async (url: string) => {
  for (let i = 0; i < 200; i++) {
    const r = await fetch(url).catch(() => undefined);
    if (r?.status === 200) return;
    await new Promise((res) => setTimeout(res, 250));
  }
  throw new Error(`${url} never became ready`);
};
const stop = async (p: ChildProcess) => { p.kill('SIGTERM'); await new Promise((r) => p.once('exit', r)); };

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
const bodies = catalogue.map((c, i) => JSON.stringify({ ref: `load-${i}`, ...c }));
const expected: string[] = [];
let answerBytes = 0;
const isRight = (i: number, status: number, body: string) => {
  if (status !== 200) return false;
  const j = JSON.parse(body) as { decision: string; ref: string; record_id?: string };
  return j.decision === expected[i] && j.ref === `load-${i}` && typeof j.record_id === 'string';
};

// The server runs as `npm start` runs it (package.json's start script), pinned to CPU 0.
const startFlags = (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: { start: string } }).scripts.start.split(' ').filter((a) => a.startsWith('--'));
const server = spawn('taskset', ['-c', '0', process.execPath, ...startFlags, 'bin/dualuse.js', 'serve'], { env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DUALUSE_DB: join(dir, 'records.sqlite'), DUALUSE_RATE_LIMIT: '0' }, stdio: ['ignore', 'ignore', 'inherit'] });
try {
  await waitReady(`${base}/readyz`);
  for (const b of bodies) {
    const text = await (await fetch(`${base}/api/v1/determinations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: b })).text();
    expected.push((JSON.parse(text) as { decision: string }).decision);
    answerBytes += text.length;
  }
  let checked = 0;
  let wrong = 0;
  const requests = bodies.map((body, i) => ({
    method: 'POST' as const, path: '/api/v1/determinations', headers: { 'content-type': 'application/json' }, body,
    onResponse: (status: number, text: string) => { checked++; if (!isRight(i, status, text)) wrong++; },
  }));
  const cannon = (opts: Record<string, unknown>) => autocannon({ url: base, requests, duration: seconds, ...opts } as autocannon.Options);

  const closed: { requests_per_second: number; p50_ms: number; p99_ms: number; errors: number; non_2xx: number; responses_checked: number; wrong_answers: number }[] = [];
  for (let r = 0; r < RUNS; r++) {
    checked = 0; wrong = 0;
    const c = await cannon({ connections: 16, pipelining: 1 });
    closed.push({ requests_per_second: Math.round(c.requests.average), p50_ms: c.latency.p50, p99_ms: c.latency.p99, errors: c.errors, non_2xx: c.non2xx, responses_checked: checked, wrong_answers: wrong });
  }
  checked = 0; wrong = 0;
  const ac = await cannon({ connections: 16, overallRate: 1000 });
  const autocannonFixed = { requests_per_second: Math.round(ac.requests.average), p50_ms: ac.latency.p50, p99_ms: ac.latency.p99, errors: ac.errors, non_2xx: ac.non2xx, responses_checked: checked, wrong_answers: wrong };
  const fixed: PacedResult[] = [];
  for (let r = 0; r < RUNS; r++) fixed.push(await paced({ url: base, path: '/api/v1/determinations', rate: 1000, seconds, bodies, check: isRight }));
  await stop(server);

  // The floor: a trivial server on the same core, sending a body of the average answer's size.
  const size = Math.round(answerBytes / bodies.length);
  const trivialPort = port + 1;
  const trivial = spawn('taskset', ['-c', '0', process.execPath, '-e', `const b = Buffer.alloc(${size}, 97); require('node:http').createServer((q, s) => { q.resume(); q.on('end', () => { s.setHeader('content-type', 'application/json'); s.end(b); }); }).listen(${trivialPort}, '127.0.0.1');`], { stdio: 'ignore' });
  await waitReady(`http://127.0.0.1:${trivialPort}/`);
  const floor: PacedResult[] = [];
  for (let r = 0; r < RUNS; r++) floor.push(await paced({ url: `http://127.0.0.1:${trivialPort}`, path: '/', rate: 1000, seconds, bodies, check: (_i, status) => status === 200 }));
  await stop(trivial);
  // The framework's floor: Express 5 with one route sending the same bytes (no middleware, no work).
  const expressPort = port + 2;
  const bare = spawn('taskset', ['-c', '0', process.execPath, '--input-type=module', '-e', `import express from 'express'; const b = Buffer.alloc(${size}, 97); const app = express(); app.get('/', (q, s) => { s.end(); }); app.post('/', (q, s) => { q.resume(); q.on('end', () => { s.setHeader('content-type', 'application/json'); s.end(b); }); }); app.listen(${expressPort}, '127.0.0.1');`], { stdio: 'ignore', cwd: process.cwd() });
  await waitReady(`http://127.0.0.1:${expressPort}/`);
  const floorExpress: PacedResult[] = [];
  for (let r = 0; r < RUNS; r++) floorExpress.push(await paced({ url: `http://127.0.0.1:${expressPort}`, path: '/', rate: 1000, seconds, bodies, check: (_i, status) => status === 200 }));
  await stop(bare);

  const closedRps = median(closed.map((c) => c.requests_per_second));
  const fixedP99 = median(fixed.map((f) => f.p99_ms));
  const clean = closed.every((c) => c.errors === 0 && c.non_2xx === 0 && c.wrong_answers === 0) && fixed.every((f) => f.errors === 0 && f.wrong === 0);
  writeResult('api-load', {
    server_node_flags: startFlags,
    what: 'POST /api/v1/determinations on loopback, server pinned to one core, every answer recorded in SQLite (WAL) before it is returned, every response checked against its known decision, ref and record id',
    seconds_per_run: seconds,
    runs: RUNS,
    answer_bytes_average: size,
    closed_loop: { connections: 16, median_requests_per_second: closedRps, target_per_second: 4000, meets_target: closedRps >= 4000 && clean, runs: closed },
    fixed_rate: { rate: 1000, generator: 'bench/paced.ts (open loop, latency from when each request was due)', median_p99_ms: fixedP99, target_p99_ms: 15, meets_target: fixedP99 <= 15 && clean, runs: fixed },
    fixed_rate_autocannon: { ...autocannonFixed, note: 'autocannon overallRate: each connection sends its per-second quota as fast as it can, then waits for the next second, so requests come in bursts; reported, not judged' },
    floor_trivial_server: { what: `a Node http server that only sends ${size} bytes, same core, same generator at 1,000/s`, median_p99_ms: median(floor.map((f) => f.p99_ms)), runs: floor },
    floor_bare_express: { what: `Express 5 with one route that only sends ${size} bytes, same core, same generator at 1,000/s`, median_p99_ms: median(floorExpress.map((f) => f.p99_ms)), runs: floorExpress },
  });
} finally {
  if (server.exitCode === null) await stop(server);
  rmSync(dir, { recursive: true, force: true });
}
