/**
 * An open-loop load generator: sends one request every 1/rate seconds on a schedule, whatever the responses do, and
 * measures each latency from the moment the request was due (so a stalled server cannot hide its stall by slowing
 * the generator down: no coordinated omission). autocannon's fixed rate is a per-connection quota per second (each
 * connection sends as fast as it can until its quota is used, then waits for the next second), which makes bursts
 * at three or four times the nominal rate; this generator paces requests evenly.
 */
import http from 'node:http';

export interface PacedResult { sent: number; completed: number; errors: number; wrong: number; p50_ms: number; p90_ms: number; p99_ms: number; p999_ms: number; max_ms: number; achieved_per_second: number }

export async function paced(opts: { url: string; path: string; rate: number; seconds: number; bodies: string[]; check?: (i: number, status: number, body: string) => boolean; method?: string }): Promise<PacedResult> {
  const u = new URL(opts.url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 512 });
  const n = Math.round(opts.rate * opts.seconds);
  const lat: number[] = [];
  let sent = 0;
  let done = 0;
  let errors = 0;
  let wrong = 0;
  const t0 = performance.now() + 20;
  await new Promise<void>((resolve) => {
    const finish = () => { if (++done === n) resolve(); };
    const tick = () => {
      const now = performance.now();
      while (sent < n && t0 + (sent * 1000) / opts.rate <= now) {
        const due = t0 + (sent * 1000) / opts.rate;
        const k = sent % opts.bodies.length;
        const body = opts.bodies[k] as string;
        sent++;
        const req = http.request({ host: u.hostname, port: u.port, path: opts.path, method: opts.method ?? 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            lat.push(performance.now() - due);
            if (opts.check && !opts.check(k, res.statusCode ?? 0, Buffer.concat(chunks).toString('utf8'))) wrong++;
            finish();
          });
        });
        req.on('error', () => { errors++; finish(); });
        req.end(body);
      }
      if (sent < n) setImmediate(tick);
    };
    tick();
  });
  const elapsed = (performance.now() - t0) / 1000;
  agent.destroy();
  lat.sort((a, b) => a - b);
  const q = (p: number) => Number((lat[Math.min(lat.length - 1, Math.floor(p * lat.length))] ?? NaN).toFixed(2));
  return { sent, completed: lat.length, errors, wrong, p50_ms: q(0.5), p90_ms: q(0.9), p99_ms: q(0.99), p999_ms: q(0.999), max_ms: q(1), achieved_per_second: Math.round(lat.length / elapsed) };
}
