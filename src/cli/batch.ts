/**
 * @module cli/batch
 * `dualuse check --file`: streams requests from JSONL (one contract request per line) or CSV (one item per row,
 * one column per request field), answers each in input order, and writes one JSON line per input line. A bad line
 * gets its own output line `{ "ref", "line", "error": { "code", "message" } }` and the run goes on.
 *
 * Speed: answers are memoised by the request without its `ref` (an order book repeats the same item, destination
 * and value many times, and answers are deterministic for a request and date), output is written in large blocks,
 * and with `workers > 1` blocks of lines are answered by worker threads, each with its own engine, and written back
 * in input order.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { parse as parseCsv } from 'csv-parse';
import type { Writable } from 'node:stream';
import type { Determiner } from '../engine/determine.ts';
import type { DeterminationRequestT } from '../engine/request.ts';
import { validateRequest } from '../engine/validate-request.ts';
import { InvalidInputError, CoverageError } from '../errors.ts';
import type { DeterminationResult } from '../engine/result.ts';

export const CSV_COLUMNS = ['ref', 'date', 'destination', 'region', 'eccn', 'value_usd', 'attributes', 'end_user_name', 'end_user_kind', 'end_user_headquarters', 'end_uses', 'red_flags', 'parties'] as const;

const list = (s: string | undefined) => (s ? s.split(';').map((x) => x.trim()).filter(Boolean) : undefined);

/** One CSV row → a request. Empty cells are absent fields; lists are separated by ";"; parties are "name:role". */
export function csvRowToRequest(row: Record<string, string>): unknown {
  const unknown = Object.keys(row).filter((k) => !(CSV_COLUMNS as readonly string[]).includes(k));
  if (unknown.length) throw new InvalidInputError('VALIDATION_FAILED', `unknown CSV column(s): ${unknown.join(', ')} (allowed: ${CSV_COLUMNS.join(', ')})`, unknown.map((u) => ({ pointer: `/${u}`, code: 'VALIDATION_FAILED' })));
  const req: Record<string, unknown> = {};
  if (row.ref) req.ref = row.ref;
  if (row.date) req.date = row.date;
  if (row.destination !== undefined) req.destination = row.destination;
  if (row.region) req.region = row.region;
  const item: Record<string, unknown> = { eccn: row.eccn ?? '' };
  if (row.value_usd) {
    const v = Number(row.value_usd);
    if (!/^\d+(\.\d{1,2})?$/.test(row.value_usd.trim()) || !Number.isFinite(v)) throw new InvalidInputError('INVALID_VALUE', `value_usd '${row.value_usd}' is not a number of US dollars (e.g. 1500 or 1500.25, no thousands separators)`, [{ pointer: '/items/0/value_usd', code: 'INVALID_VALUE' }]);
    item.value_usd = v;
  }
  if (row.attributes) item.attributes = list(row.attributes);
  req.items = [item];
  if (row.end_user_name || row.end_user_kind || row.end_user_headquarters) {
    req.end_user = { ...(row.end_user_name ? { name: row.end_user_name } : {}), ...(row.end_user_kind ? { kind: row.end_user_kind } : {}), ...(row.end_user_headquarters ? { headquarters: row.end_user_headquarters } : {}) };
  }
  if (row.end_uses) req.end_uses = list(row.end_uses);
  if (row.red_flags) req.red_flags = list(row.red_flags);
  if (row.parties) req.parties = list(row.parties)?.map((p) => { const i = p.lastIndexOf(':'); return i > 0 ? { name: p.slice(0, i), role: p.slice(i + 1) } : { name: p, role: 'other' }; });
  return req;
}

/**
 * The compact answer line: the decision, each item's decision with its reason codes and licence exception statuses,
 * and counts of caveats and unchecked controls. About a tenth of the full contract answer, so that a million-line
 * order book fits on disk and streams at disk speed; `--full` writes the full contract answer instead.
 */
export function compactAnswer(r: DeterminationResult): Record<string, unknown> {
  return {
    decision: r.decision,
    as_of: r.as_of,
    edition: r.edition.id,
    kb_sha256: r.edition.sha256,
    items: r.items.map((i) => ({
      eccn: i.eccn,
      decision: i.decision,
      reasons: i.reasons.map((x) => `${x.code}:${x.decision}${x.conditional ? ':conditional' : ''}`),
      license_exceptions: Object.fromEntries(i.license_exceptions.map((e) => [e.code, e.status])),
    })),
    transaction: r.reasons.filter((x) => !x.item).map((x) => `${x.code}:${x.decision}`),
    caveats: r.caveats.length,
    not_covered: r.not_covered.length,
  };
}

/** An input line: its number and its JSON text, or the error that made it unreadable. */
export interface RawLine { line: number; text: string; error?: { code: string; message: string }; ref?: unknown }

export interface LineAnswerState {
  memo: Map<string, { body: string; decision: string }>;
  decisions: Record<string, number>;
  answered: number;
  errors: number;
}

const MEMO_LIMIT = 200_000;

/** Answers a block of lines and returns their output lines, joined, in order. */
export async function answerLines(d: Determiner, lines: readonly RawLine[], st: LineAnswerState, opts: { full?: boolean; trace?: boolean; onAnswer?: (req: DeterminationRequestT, res: DeterminationResult) => void }): Promise<string> {
  const out: string[] = [];
  for (const l of lines) {
    let ref = l.ref;
    try {
      if (l.error) throw new InvalidInputError(l.error.code, l.error.message);
      let value: unknown;
      try { value = JSON.parse(l.text); } catch (e) { throw new InvalidInputError('MALFORMED_JSON', `line is not valid JSON: ${(e as Error).message}`); }
      if (value && typeof value === 'object' && 'ref' in value) ref = (value as { ref?: unknown }).ref;
      // A line whose request (less its ref) is textually identical to one already validated and answered reuses
      // that answer; anything else is validated and answered afresh.
      let key: string | undefined;
      let reqRef: unknown;
      let hit: { body: string; decision: string } | undefined;
      if (!opts.onAnswer && value && typeof value === 'object' && !Array.isArray(value)) {
        const { ref: r, ...restRaw } = value as Record<string, unknown>;
        key = JSON.stringify(restRaw);
        hit = st.memo.get(key);
        if (hit && (r === undefined || typeof r === 'string')) reqRef = r;
        else hit = undefined;
      }
      if (!hit) {
        const req = validateRequest(value);
        const { ref: rr, ...rest } = req;
        reqRef = rr;
        const res = await d.determine(rest);
        opts.onAnswer?.(req, rr === undefined ? res : { ...res, ref: rr });
        const { ref: _r, ...body } = res;
        hit = { body: JSON.stringify(opts.full || opts.trace ? (opts.trace ? body : { ...body, trace: undefined }) : compactAnswer(res)), decision: res.decision };
        if (key !== undefined) {
          if (st.memo.size >= MEMO_LIMIT) st.memo.delete(st.memo.keys().next().value as string);
          st.memo.set(key, hit);
        }
      }
      st.answered++;
      st.decisions[hit.decision] = (st.decisions[hit.decision] ?? 0) + 1;
      out.push(`{"line":${l.line},${reqRef !== undefined ? `"ref":${JSON.stringify(reqRef)},` : ''}${hit.body.slice(1)}`);
    } catch (e) {
      if (!(e instanceof InvalidInputError) && !(e instanceof CoverageError)) throw e;
      st.errors++;
      out.push(JSON.stringify({ ...(ref !== undefined ? { ref } : {}), line: l.line, error: { code: e.code, message: e.message } }));
    }
  }
  return out.length ? `${out.join('\n')}\n` : '';
}

/** Reads the input as blocks of raw lines (one await per block, not per line). CSV rows become JSON texts. */
async function* blocks(file: string, size = 2000): AsyncGenerator<RawLine[]> {
  if (/\.csv$/i.test(file)) {
    const parser = createReadStream(file).pipe(parseCsv({ columns: true, skip_empty_lines: true, trim: true, bom: true, relax_column_count: false }));
    let line = 1;
    let block: RawLine[] = [];
    try {
      for await (const row of parser as AsyncIterable<Record<string, string>>) {
        line++;
        try { block.push({ line, text: JSON.stringify(csvRowToRequest(row)) }); } catch (e) { block.push({ line, text: '', ref: row.ref || undefined, error: { code: (e as InvalidInputError).code, message: (e as Error).message } }); }
        if (block.length >= size) { yield block; block = []; }
      }
    } catch (e) {
      block.push({ line: line + 1, text: '', error: { code: 'MALFORMED_CSV', message: `CSV cannot be read past this line: ${(e as Error).message}` } });
    }
    if (block.length) yield block;
    return;
  }
  let rest = '';
  let line = 0;
  let block: RawLine[] = [];
  for await (const chunk of createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 })) {
    const parts = (rest + (chunk as string)).split('\n');
    rest = parts.pop() ?? '';
    for (const raw of parts) {
      line++;
      const t = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
      if (t.trim()) block.push({ line, text: t });
      if (block.length >= size) { yield block; block = []; }
    }
  }
  if (rest.trim()) block.push({ line: line + 1, text: rest });
  if (block.length) yield block;
}

export interface BatchOptions {
  file: string;
  out?: string;
  trace?: boolean;
  /** Write the full contract answer per line (default: the compact line). */
  full?: boolean;
  /** Worker threads answering blocks in parallel (default 1: in this thread). Records need 1. */
  workers?: number;
  root?: string;
  today?: string;
  progress?: (done: number) => void;
  /** Called for every answered request before its line is written (records). */
  onAnswer?: (req: DeterminationRequestT, res: DeterminationResult) => void;
}

export interface BatchSummary { lines: number; answered: number; errors: number; decisions: Record<string, number>; ms: number }

function writeOut(out: Writable, s: string): Promise<void> | void {
  if (s && !out.write(s)) return new Promise((r) => out.once('drain', () => r()));
}

export async function runBatch(d: Determiner | undefined, opts: BatchOptions): Promise<BatchSummary> {
  const t0 = performance.now();
  const out: Writable = opts.out ? createWriteStream(opts.out) : process.stdout;
  const st: LineAnswerState = { memo: new Map(), decisions: {}, answered: 0, errors: 0 };
  let lines = 0;
  let pending: string[] = [];
  let pendingBytes = 0;
  const emit = async (s: string) => {
    pending.push(s);
    pendingBytes += s.length;
    if (pendingBytes > 4_000_000) { const p = writeOut(out, pending.join('')); pending = []; pendingBytes = 0; if (p) await p; }
  };
  const workers = Math.max(1, opts.workers ?? 1);
  if (workers === 1 || opts.onAnswer) {
    if (!d) throw new Error('a determiner is needed to answer in this thread');
    for await (const block of blocks(opts.file)) {
      lines += block.length;
      await emit(await answerLines(d, block, st, opts));
      opts.progress?.(lines);
    }
  } else {
    const boot = fileURLToPath(new URL('../../bin/ts-worker.js', import.meta.url));
    const module = new URL('./batch-worker.ts', import.meta.url).href;
    const pool = Array.from({ length: workers }, () => new Worker(boot, { workerData: { module, root: opts.root ?? process.cwd(), full: Boolean(opts.full), trace: Boolean(opts.trace), today: opts.today } }));
    await Promise.all(pool.map((w) => new Promise<void>((res, rej) => { w.once('error', rej); w.once('message', () => res()); })));
    const results = new Map<number, string>();
    const waiters = new Map<number, () => void>();
    for (const w of pool) w.on('message', (m: { id: number; out: string }) => { results.set(m.id, m.out); waiters.get(m.id)?.(); });
    const inflight: number[] = [];
    let next = 0;
    let nextToWrite = 0;
    const drainOne = async () => {
      const id = inflight.shift() as number;
      if (!results.has(id)) await new Promise<void>((r) => waiters.set(id, r));
      waiters.delete(id);
      await emit(results.get(id) as string);
      results.delete(id);
      nextToWrite++;
      opts.progress?.(lines);
    };
    for await (const block of blocks(opts.file)) {
      lines += block.length;
      const id = next++;
      (pool[id % workers] as Worker).postMessage({ id, lines: block });
      inflight.push(id);
      if (inflight.length >= workers * 4) await drainOne();
    }
    while (inflight.length) await drainOne();
    const stats = await Promise.all(pool.map((w) => new Promise<{ decisions: Record<string, number>; answered: number; errors: number }>((res) => { w.on('message', (m: { stats?: { decisions: Record<string, number>; answered: number; errors: number } }) => { if (m.stats) res(m.stats); }); w.postMessage('stop'); })));
    for (const s of stats) { st.answered += s.answered; st.errors += s.errors; for (const [k, v] of Object.entries(s.decisions)) st.decisions[k] = (st.decisions[k] ?? 0) + v; }
    await Promise.all(pool.map((w) => w.terminate()));
    void nextToWrite;
  }
  if (pending.length) { const p = writeOut(out, pending.join('')); if (p) await p; }
  if (opts.out) await new Promise<void>((r) => (out as ReturnType<typeof createWriteStream>).end(() => r()));
  return { lines, answered: st.answered, errors: st.errors, decisions: st.decisions, ms: performance.now() - t0 };
}
