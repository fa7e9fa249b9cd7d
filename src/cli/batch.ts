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
import { validateRequest } from '../engine/validate-request.ts';
import { InvalidInputError, CoverageError } from '../errors.ts';
import type { DeterminationResult } from '../engine/result.ts';
import { openRecordStore, recordedAnswer, type RecordedAnswer, type RecordInput } from '../records/store.ts';

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
 * and counts of caveats and unchecked controls (the knowledge-base hash is in the full answer). About a tenth of the full contract answer, so that a million-line
 * order book fits on disk and streams at disk speed; `--full` writes the full contract answer instead.
 */
export function compactAnswer(r: DeterminationResult): Record<string, unknown> {
  return {
    decision: r.decision,
    as_of: r.as_of,
    edition: r.edition.id,
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

/** A memoised answer: its output line less the opening, its decision, and (when recording) what a record keeps. */
export interface LineHit { tail: Buffer; decision: string; rec?: RecordedAnswer }

export interface LineAnswerState {
  memo: Map<string, LineHit>;
  decisions: Record<string, number>;
  answered: number;
  errors: number;
  /** Lines recorded in the record store. */
  recorded?: number;
}

const MEMO_LIMIT = 200_000;

/**
 * A top-level `"ref":"…"` member of a JSON line (a JSON string literal, escapes included). A line whose text, less
 * this member, equals a line already validated and answered is the same request: it reuses that answer without
 * being parsed again. Anything else (other spacing or key order, a ref that is not a string, a new request) goes
 * through parsing and validation. A "ref" key nested anywhere else would be refused by validation before any answer
 * is memoised, and quotes inside string values are escaped, so they cannot look like this member.
 */
const REF_MEMBER = /"ref":("(?:[^"\\]|\\.)*"),?/;
const textKey = (text: string): { key: string; ref?: string } => {
  const m = REF_MEMBER.exec(text);
  return m ? { key: text.slice(0, m.index) + text.slice(m.index + m[0].length), ref: m[1] as string } : { key: text };
};

/** Answers a block of lines and returns their output lines, joined, in order. */
/**
 * Output of a block, encoded straight into a growing buffer: building one string per answer and encoding it later
 * cost five times more than writing the bytes once.
 */
class Out {
  buf = Buffer.allocUnsafe(1 << 20);
  len = 0;
  private room(n: number): void {
    if (this.len + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.len + n) size *= 2;
    const next = Buffer.allocUnsafe(size);
    this.buf.copy(next, 0, 0, this.len);
    this.buf = next;
  }
  text(s: string): void { this.room(s.length * 3); this.len += this.buf.write(s, this.len); }
  bytes(b: Buffer): void { this.room(b.length); b.copy(this.buf, this.len); this.len += b.length; }
  result(): Buffer { return this.buf.subarray(0, this.len); }
}

/**
 * Answers consecutive lines already seen (same text less the ref) from the memo, synchronously; returns the index of
 * the first line that needs the full path. Kept out of the async function so that the hot loop is plain code.
 */
function answerSeen(lines: readonly RawLine[], from: number, st: LineAnswerState, out: Out, records: RecordInput[] | undefined): number {
  let i = from;
  for (; i < lines.length; i++) {
    const l = lines[i] as RawLine;
    if (l.error) return i;
    const tk = textKey(l.text);
    const seen = st.memo.get(`t:${tk.key}`);
    if (!seen) return i;
    if (records) {
      if (!seen.rec) return i; // memoised by a run that did not record: answer it afresh
      records.push({ source: 'cli-batch', requestJson: l.text, answer: seen.rec });
    }
    st.answered++;
    st.decisions[seen.decision] = (st.decisions[seen.decision] ?? 0) + 1;
    out.text(tk.ref !== undefined ? `{"line":${l.line},"ref":${tk.ref},` : `{"line":${l.line},`);
    out.bytes(seen.tail);
  }
  return i;
}

/**
 * Answers a block of lines. With `record`, every answered line is recorded (one transaction for the block) before
 * the block's output is returned, so no answer is written out without its record; if recording fails, it throws.
 */
export async function answerLines(d: Determiner, lines: readonly RawLine[], st: LineAnswerState, opts: { full?: boolean; trace?: boolean; record?: (inputs: RecordInput[]) => void }): Promise<Buffer> {
  const out = new Out();
  const records: RecordInput[] | undefined = opts.record ? [] : undefined;
  const fresh: LineHit[] = [];
  for (let i = 0; i < lines.length; i++) {
    i = answerSeen(lines, i, st, out, records);
    if (i >= lines.length) break;
    const l = lines[i] as RawLine;
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
      let hit: LineHit | undefined;
      if (value && typeof value === 'object' && !Array.isArray(value)) {
        const { ref: r, ...restRaw } = value as Record<string, unknown>;
        key = JSON.stringify(restRaw);
        hit = st.memo.get(key);
        if (hit && (r === undefined || typeof r === 'string') && (!records || hit.rec)) reqRef = r;
        else hit = undefined;
      }
      if (!hit) {
        const req = validateRequest(value);
        const { ref: rr, ...rest } = req;
        reqRef = rr;
        const res = await d.determine(rest);
        const { ref: _r, ...body } = res;
        // The serialised answer without its opening brace, so that a repeated line costs one concatenation.
        hit = { tail: Buffer.from(`${JSON.stringify(opts.full || opts.trace ? (opts.trace ? body : { ...body, trace: undefined }) : compactAnswer(res)).slice(1)}\n`), decision: res.decision };
        if (records) { hit.rec = recordedAnswer(res); fresh.push(hit); }
        if (key !== undefined) {
          if (st.memo.size >= MEMO_LIMIT) st.memo.delete(st.memo.keys().next().value as string);
          st.memo.set(key, hit);
        }
      }
      // Remember the line's text too (less its ref), for the no-parse path above.
      if (reqRef === undefined || typeof reqRef === 'string') {
        if (st.memo.size >= MEMO_LIMIT) st.memo.delete(st.memo.keys().next().value as string);
        st.memo.set(`t:${textKey(l.text).key}`, hit);
      }
      if (records && hit.rec) records.push({ source: 'cli-batch', requestJson: l.text, answer: hit.rec });
      st.answered++;
      st.decisions[hit.decision] = (st.decisions[hit.decision] ?? 0) + 1;
      out.text(`{"line":${l.line},${reqRef !== undefined ? `"ref":${JSON.stringify(reqRef)},` : ''}`);
      out.bytes(hit.tail);
    } catch (e) {
      if (!(e instanceof InvalidInputError) && !(e instanceof CoverageError)) throw e;
      st.errors++;
      out.text(`${JSON.stringify({ ...(ref !== undefined ? { ref } : {}), line: l.line, error: { code: e.code, message: e.message } })}\n`);
    }
  }
  if (records && opts.record) {
    if (records.length) opts.record(records);
    st.recorded = (st.recorded ?? 0) + records.length;
    // Stored now: later records of these answers need only their hash (the memo stops holding the texts).
    for (const h of fresh) if (h.rec) { const { text: _t, ...ref } = h.rec; h.rec = ref; }
  }
  return out.result();
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
  // JSONL: the same chunks the worker threads get, split here.
  for await (const c of rawChunks(file)) {
    const block = splitLines(c.text, c.firstLine);
    if (block.length) yield block;
  }
}

/** Splits a block of JSONL text into numbered lines (empty lines are skipped but counted). */
export function splitLines(text: string, firstLine: number): RawLine[] {
  const out: RawLine[] = [];
  let line = firstLine;
  let start = 0;
  for (;;) {
    const nl = text.indexOf('\n', start);
    const end = nl === -1 ? text.length : nl;
    if (end > start) {
      const t = text.charCodeAt(end - 1) === 13 ? text.slice(start, end - 1) : text.slice(start, end);
      if (t.trim()) out.push({ line, text: t });
    }
    if (nl === -1) break;
    line++;
    start = nl + 1;
  }
  return out;
}

/** Reads JSONL as raw text chunks of about 1 MB cut at line ends, each with the number of its first line. */
async function* rawChunks(file: string): AsyncGenerator<{ firstLine: number; text: string; lines: number }> {
  let rest = '';
  let line = 1;
  for await (const chunk of createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 })) {
    const text = rest + (chunk as string);
    const cut = text.lastIndexOf('\n');
    if (cut === -1) { rest = text; continue; }
    const block = text.slice(0, cut + 1);
    rest = text.slice(cut + 1);
    let n = 0;
    for (let i = block.indexOf('\n'); i !== -1; i = block.indexOf('\n', i + 1)) n++;
    yield { firstLine: line, text: block, lines: n };
    line += n;
  }
  if (rest) yield { firstLine: line, text: rest, lines: 1 };
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
  /**
   * Record every answered line in this record store before its output is written (15 CFR 762). With workers, each
   * worker records the blocks it answers through its own connection (SQLite serialises the writers).
   */
  record?: { path: string; versions: { engine: string; matcher: string } };
  /** With workers: the validated knowledge-base records, hash and rules to hand to them. */
  engineData?: () => unknown;
}

export interface BatchSummary { lines: number; answered: number; errors: number; recorded: number; decisions: Record<string, number>; ms: number }

function writeOut(out: Writable, b: Buffer): Promise<void> | void {
  if (b.length && !out.write(b)) return new Promise((r) => out.once('drain', () => r()));
}

export async function runBatch(d: Determiner | undefined, opts: BatchOptions): Promise<BatchSummary> {
  const t0 = performance.now();
  const out: Writable = opts.out ? createWriteStream(opts.out) : process.stdout;
  const st: LineAnswerState = { memo: new Map(), decisions: {}, answered: 0, errors: 0 };
  let lines = 0;
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  const emit = async (b: Buffer) => {
    pending.push(b);
    pendingBytes += b.length;
    if (pendingBytes > 4_000_000) { const p = writeOut(out, Buffer.concat(pending)); pending = []; pendingBytes = 0; if (p) await p; }
  };
  const workers = Math.max(1, opts.workers ?? 1);
  if (workers === 1) {
    if (!d) throw new Error('a determiner is needed to answer in this thread');
    const store = opts.record ? openRecordStore(opts.record.path) : undefined;
    const versions = opts.record?.versions;
    const record = store && versions ? (inputs: RecordInput[]) => { store.recordMany(inputs, versions); } : undefined;
    try {
      for await (const block of blocks(opts.file)) {
        lines += block.length;
        await emit(await answerLines(d, block, st, { ...(opts.full ? { full: true } : {}), ...(opts.trace ? { trace: true } : {}), ...(record ? { record } : {}) }));
        opts.progress?.(lines);
      }
    } finally { store?.close(); }
  } else {
    // Workers import the code while this thread loads the knowledge base once; they get its validated records and
    // the rules as messages (no YAML parsing in the workers), then answer raw chunks of the input in parallel.
    const boot = fileURLToPath(new URL('../../bin/ts-worker.js', import.meta.url));
    const module = new URL('./batch-worker.ts', import.meta.url).href;
    const pool = Array.from({ length: workers }, () => new Worker(boot, { workerData: { module, root: opts.root ?? process.cwd(), full: Boolean(opts.full), trace: Boolean(opts.trace), today: opts.today, record: opts.record } }));
    const booted = Promise.all(pool.map((w) => new Promise<void>((res, rej) => { w.once('error', rej); w.once('message', () => res()); })));
    if (!opts.engineData) throw new Error('workers need the engine data (knowledge-base records and rules)');
    const data = opts.engineData();
    await booted;
    await Promise.all(pool.map((w) => new Promise<void>((res, rej) => { w.once('error', rej); w.once('message', () => res()); w.postMessage({ init: data }); })));
    const results = new Map<number, Buffer>();
    const waiters = new Map<number, () => void>();
    for (const w of pool) w.on('message', (m: { id: number; out: Uint8Array }) => { if (m.out) { results.set(m.id, Buffer.from(m.out.buffer, m.out.byteOffset, m.out.byteLength)); waiters.get(m.id)?.(); } });
    // A worker that fails (a block it could not record, say) stops the run: nothing after it is written.
    let failed: Error | undefined;
    for (const w of pool) w.on('error', (e: Error) => { failed ??= e; for (const wake of waiters.values()) wake(); });
    const inflight: number[] = [];
    let next = 0;
    const drainOne = async () => {
      const id = inflight.shift() as number;
      if (!results.has(id) && !failed) await new Promise<void>((r) => waiters.set(id, r));
      waiters.delete(id);
      if (failed) { await Promise.all(pool.map((w) => w.terminate())); throw failed; }
      await emit(results.get(id) as Buffer);
      results.delete(id);
      opts.progress?.(lines);
    };
    const source: AsyncGenerator<{ lines?: RawLine[]; chunk?: { firstLine: number; text: string }; count: number }> = /\.csv$/i.test(opts.file)
      ? (async function* () { for await (const b of blocks(opts.file)) yield { lines: b, count: b.length }; })()
      : (async function* () { for await (const c of rawChunks(opts.file)) yield { chunk: { firstLine: c.firstLine, text: c.text }, count: c.lines }; })();
    for await (const unit of source) {
      lines += unit.count;
      const id = next++;
      (pool[id % workers] as Worker).postMessage({ id, ...(unit.lines ? { lines: unit.lines } : { chunk: unit.chunk }) });
      inflight.push(id);
      if (inflight.length >= workers * 3) await drainOne();
    }
    while (inflight.length) await drainOne();
    type Stats = { decisions: Record<string, number>; answered: number; errors: number; recorded?: number };
    const stats = await Promise.all(pool.map((w) => new Promise<Stats>((res) => { w.on('message', (m: { stats?: Stats }) => { if (m.stats) res(m.stats); }); w.postMessage('stop'); })));
    for (const s of stats) { st.answered += s.answered; st.errors += s.errors; st.recorded = (st.recorded ?? 0) + (s.recorded ?? 0); for (const [k, v] of Object.entries(s.decisions)) st.decisions[k] = (st.decisions[k] ?? 0) + v; }
    await Promise.all(pool.map((w) => w.terminate()));
  }
  if (pending.length) { const p = writeOut(out, Buffer.concat(pending)); if (p) await p; }
  if (opts.out) await new Promise<void>((r) => (out as ReturnType<typeof createWriteStream>).end(() => r()));
  return { lines, answered: st.answered, errors: st.errors, recorded: st.recorded ?? 0, decisions: st.decisions, ms: performance.now() - t0 };
}
