/**
 * @module records/store
 * The record of every answer (15 CFR 762: export records are kept five years): written before the answer is
 * returned, append-only, in SQLite (better-sqlite3, WAL) under ./data/ by default (DUALUSE_DB to move it). Each
 * record holds the normalised input, the full answer, the edition and knowledge-base hash, the rules hash, the
 * engine and matcher versions. Schema changes are numbered migrations; UPDATE and DELETE are refused by triggers.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { DeterminationRequestT } from '../engine/request.ts';
import type { DeterminationResult } from '../engine/result.ts';

/** The store could not write (or read) a record: no answer may be returned (503 AUDIT_UNAVAILABLE). */
export class RecordStoreError extends Error {
  readonly code = 'AUDIT_UNAVAILABLE';
}

export interface StoredRecord {
  id: string;
  created_at: string;
  source: string;
  decision: string;
  destination: string;
  eccns: string[];
  as_of: string;
  edition: string;
  kb_sha256: string;
  rules_sha256: string;
  engine: string;
  matcher: string;
  request: DeterminationRequestT;
  answer: DeterminationResult;
}

export interface RecordFilter { from?: string; to?: string; decision?: string; destination?: string; eccn?: string; limit?: number; after?: string }

export interface RecordStore {
  /** Writes the record and returns its id; throws RecordStoreError when it cannot. */
  record(source: string, request: DeterminationRequestT, answer: DeterminationResult, versions: { engine: string; matcher: string }, answerJson?: string): string;
  /**
   * The same, committed together with the other records queued in this turn of the event loop (one transaction for
   * all of them); resolves once the record is committed, rejects with RecordStoreError if it is not.
   */
  recordSoon(source: string, request: DeterminationRequestT, answer: DeterminationResult, versions: { engine: string; matcher: string }, answerJson?: string): Promise<string>;
  get(id: string): StoredRecord | undefined;
  list(filter: RecordFilter): StoredRecord[];
  count(): number;
  close(): void;
  readonly path: string;
}

const MIGRATIONS: readonly string[] = [
  // 1: the determinations table, append-only
  `CREATE TABLE determinations (
     seq INTEGER PRIMARY KEY AUTOINCREMENT,
     id TEXT NOT NULL UNIQUE,
     created_at TEXT NOT NULL,
     source TEXT NOT NULL,
     decision TEXT NOT NULL,
     destination TEXT NOT NULL,
     eccns TEXT NOT NULL,
     as_of TEXT NOT NULL,
     edition TEXT NOT NULL,
     kb_sha256 TEXT NOT NULL,
     rules_sha256 TEXT NOT NULL,
     engine TEXT NOT NULL,
     matcher TEXT NOT NULL,
     request_json TEXT NOT NULL,
     answer_json TEXT NOT NULL
   );
   CREATE INDEX determinations_created ON determinations(created_at);
   CREATE INDEX determinations_destination ON determinations(destination);
   CREATE TRIGGER determinations_no_update BEFORE UPDATE ON determinations BEGIN SELECT RAISE(ABORT, 'records are append-only'); END;
   CREATE TRIGGER determinations_no_delete BEFORE DELETE ON determinations BEGIN SELECT RAISE(ABORT, 'records are append-only'); END;`,
  // 2: answers stored deflated (an answer with its trace is 5–30 kB of JSON; deflated, a sixth of that), so that
  // five years of records stay small and writing them does not wait on the disk. answer_json is '' for such rows.
  `ALTER TABLE determinations ADD COLUMN answer_deflate BLOB`,
];

export const DEFAULT_DB = 'data/dualuse.sqlite';

type Row = { answer_deflate: Buffer | null; id: string; created_at: string; source: string; decision: string; destination: string; eccns: string; as_of: string; edition: string; kb_sha256: string; rules_sha256: string; engine: string; matcher: string; request_json: string; answer_json: string };

export function openRecordStore(path: string = process.env.DUALUSE_DB ?? DEFAULT_DB): RecordStore {
  let db: Database.Database;
  try {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    db = new Database(path);
    db.pragma('journal_mode = WAL');
    db.pragma('busy_timeout = 5000');
    db.pragma('synchronous = NORMAL');
    // Several processes may open a new store at once (CLI runs side by side, a server and a batch): reading which
    // migrations are done and applying the rest happens in one IMMEDIATE transaction, so exactly one of them migrates
    // and the others wait for it (busy_timeout) and then find nothing left to do.
    db.transaction(() => {
      db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)');
      const done = new Set((db.prepare('SELECT version FROM schema_migrations').all() as { version: number }[]).map((r) => r.version));
      MIGRATIONS.forEach((sql, i) => {
        const v = i + 1;
        if (done.has(v)) return;
        db.exec(sql);
        db.prepare('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)').run(v, new Date().toISOString());
      });
    }).immediate();
  } catch (e) {
    throw new RecordStoreError(`the record store at ${path} cannot be opened: ${(e as Error).message}`);
  }
  const insert = db.prepare(`INSERT INTO determinations (id, created_at, source, decision, destination, eccns, as_of, edition, kb_sha256, rules_sha256, engine, matcher, request_json, answer_json, answer_deflate)
    VALUES (@id, @created_at, @source, @decision, @destination, @eccns, @as_of, @edition, @kb_sha256, @rules_sha256, @engine, @matcher, @request_json, '', @answer_deflate)`);
  const byId = db.prepare('SELECT * FROM determinations WHERE id = ?');
  const toRow = (source: string, request: DeterminationRequestT, answer: DeterminationResult, versions: { engine: string; matcher: string }, answerJson?: string) => ({
    id: randomUUID(), created_at: new Date().toISOString(), source, decision: answer.decision, destination: answer.destination.code,
    eccns: JSON.stringify(answer.items.map((i) => i.eccn)), as_of: answer.as_of, edition: answer.edition.id,
    kb_sha256: answer.edition.sha256, rules_sha256: answer.rules.sha256, engine: versions.engine, matcher: versions.matcher,
    request_json: JSON.stringify(request), answer_deflate: deflateRawSync(answerJson ?? JSON.stringify(answer), { level: 1 }),
  });
  // Group commit: the records queued during one turn of the event loop are written in one transaction.
  let queue: { row: ReturnType<typeof toRow>; resolve: (id: string) => void; reject: (e: Error) => void }[] = [];
  const insertAll = db.transaction((rows: ReturnType<typeof toRow>[]) => { for (const r of rows) insert.run(r); });
  const flush = () => {
    const batch = queue;
    queue = [];
    try {
      insertAll(batch.map((b) => b.row));
      for (const b of batch) b.resolve(b.row.id);
    } catch (e) {
      const err = new RecordStoreError(`the answer could not be recorded: ${(e as Error).message}`);
      for (const b of batch) b.reject(err);
    }
  };
  const toRecord = (r: Row): StoredRecord => ({
    id: r.id, created_at: r.created_at, source: r.source, decision: r.decision, destination: r.destination, eccns: JSON.parse(r.eccns) as string[],
    as_of: r.as_of, edition: r.edition, kb_sha256: r.kb_sha256, rules_sha256: r.rules_sha256, engine: r.engine, matcher: r.matcher,
    request: JSON.parse(r.request_json) as DeterminationRequestT,
    answer: JSON.parse(r.answer_deflate ? inflateRawSync(r.answer_deflate).toString('utf8') : r.answer_json) as DeterminationResult,
  });
  return {
    path,
    record(source, request, answer, versions, answerJson) {
      const row = toRow(source, request, answer, versions, answerJson);
      try { insert.run(row); } catch (e) {
        throw new RecordStoreError(`the answer could not be recorded: ${(e as Error).message}`);
      }
      return row.id;
    },
    recordSoon(source, request, answer, versions, answerJson) {
      let row: ReturnType<typeof toRow>;
      try { row = toRow(source, request, answer, versions, answerJson); } catch (e) { return Promise.reject(new RecordStoreError((e as Error).message)); }
      return new Promise<string>((resolve, reject) => {
        queue.push({ row, resolve, reject });
        if (queue.length === 1) setImmediate(flush);
      });
    },
    get(id) {
      const r = byId.get(id) as Row | undefined;
      return r ? toRecord(r) : undefined;
    },
    list(f) {
      const where: string[] = [];
      const args: Record<string, unknown> = {};
      if (f.from) { where.push('created_at >= @from'); args.from = f.from; }
      if (f.to) { where.push('created_at <= @to'); args.to = `${f.to}\uffff`; }
      if (f.decision) { where.push('decision = @decision'); args.decision = f.decision; }
      if (f.destination) { where.push('destination = @destination'); args.destination = f.destination; }
      if (f.eccn) { where.push("EXISTS (SELECT 1 FROM json_each(eccns) WHERE value = @eccn OR value LIKE @eccnp)"); args.eccn = f.eccn; args.eccnp = `${f.eccn}.%`; }
      if (f.after) { where.push('seq > (SELECT seq FROM determinations WHERE id = @after)'); args.after = f.after; }
      const sql = `SELECT * FROM determinations ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq LIMIT ${Math.min(Math.max(f.limit ?? 100, 1), 1000)}`;
      return (db.prepare(sql).all(args) as Row[]).map(toRecord);
    },
    count: () => (db.prepare('SELECT count(*) AS n FROM determinations').get() as { n: number }).n,
    close: () => db.close(),
  };
}
