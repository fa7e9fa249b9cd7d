/**
 * @module cli/screen-file
 * `dualuse screen --file`: parties from JSONL (`{ "ref"?, "name", "country"? }` per line), CSV (columns ref, name,
 * country) or plain text (one name per line), screened in input order; one JSON line out per input line, carrying
 * the input `line`. A bad line gets `{ "line", "ref"?, "error": { "code", "message" } }` and the run goes on.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Writable } from 'node:stream';
import { parse as parseCsv } from 'csv-parse';
import { InvalidInputError } from '../errors.ts';
import type { Matcher } from '../screening/match.ts';
import { screenInput, screenOne } from '../screening/screen.ts';

export interface ScreenFileSummary { lines: number; screened: number; errors: number; bands: Record<string, number>; ms: number }

async function* inputs(file: string): AsyncGenerator<{ line: number; value?: unknown; error?: InvalidInputError }> {
  if (/\.csv$/i.test(file)) {
    let line = 1;
    const parser = createReadStream(file).pipe(parseCsv({ columns: true, skip_empty_lines: true, trim: true, bom: true }));
    try {
      for await (const row of parser as AsyncIterable<Record<string, string>>) {
        line++;
        const v: Record<string, string> = {};
        for (const [k, x] of Object.entries(row)) if (x !== '') v[k] = x;
        yield { line, value: v };
      }
    } catch (e) {
      yield { line: line + 1, error: new InvalidInputError('MALFORMED_CSV', `CSV cannot be read past this line: ${(e as Error).message}`) };
    }
    return;
  }
  const jsonl = /\.jsonl?$/i.test(file);
  let line = 0;
  for await (const text of createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity })) {
    line++;
    if (!text.trim()) continue;
    if (!jsonl) { yield { line, value: { name: text.trim() } }; continue; }
    try { yield { line, value: JSON.parse(text) as unknown }; } catch (e) { yield { line, error: new InvalidInputError('MALFORMED_JSON', `line is not valid JSON: ${(e as Error).message}`) }; }
  }
}

export async function screenFile(m: Matcher, opts: { file: string; out?: string; progress?: (n: number) => void }): Promise<ScreenFileSummary> {
  const t0 = performance.now();
  const out: Writable = opts.out ? createWriteStream(opts.out) : process.stdout;
  const s: ScreenFileSummary = { lines: 0, screened: 0, errors: 0, bands: {}, ms: 0 };
  let buf: string[] = [];
  const flush = async () => { if (buf.length && !out.write(buf.join(''))) await new Promise((r) => out.once('drain', r)); buf = []; };
  for await (const x of inputs(opts.file)) {
    s.lines++;
    try {
      if (x.error) throw x.error;
      const r = screenOne(m, screenInput(x.value));
      s.screened++;
      s.bands[r.band] = (s.bands[r.band] ?? 0) + 1;
      buf.push(`${JSON.stringify({ line: x.line, ...r })}\n`);
    } catch (e) {
      if (!(e instanceof InvalidInputError)) throw e;
      s.errors++;
      const ref = (x.value as { ref?: unknown } | undefined)?.ref;
      buf.push(`${JSON.stringify({ line: x.line, ...(typeof ref === 'string' ? { ref } : {}), error: { code: e.code, message: e.message } })}\n`);
    }
    if (buf.length >= 500) { await flush(); opts.progress?.(s.lines); }
  }
  await flush();
  if (opts.out) await new Promise<void>((r) => (out as ReturnType<typeof createWriteStream>).end(() => r()));
  s.ms = performance.now() - t0;
  return s;
}
