/**
 * @module records/store
 * The record of every answer (15 CFR 762: export records are kept five years): written before the answer is
 * returned, append-only, in SQLite (better-sqlite3, WAL) under ./data/ by default (DUALUSE_DB to move it). Each
 * record holds the normalised input, the full answer, the edition and knowledge-base hash, the rules hash, the
 * engine and matcher versions. Schema changes are numbered migrations; UPDATE and DELETE are refused by triggers.
 *
 * Answers are stored once per distinct text (content-addressed by SHA-256, deflated): an answer with its trace is
 * 5–30 kB, and an order book or an ERP asks the same questions again and again, so five years of records hold each
 * distinct answer once and each determination as a small row pointing at it. The stored text is the answer less
 * its `ref` (the ref is in the stored request and is put back when the record is read).
 */
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { dirname } from 'node:path';
import { createHash, randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { DeterminationRequestT } from '../engine/request.ts';
import type { DeterminationResult } from '../engine/result.ts';

/** The store could not write (or read) a record: no answer may be returned (503 AUDIT_UNAVAILABLE). */
export class RecordStoreError extends Error {
  readonly code = 'AUDIT_UNAVAILABLE';
}

/** The columns a record keeps of its answer (it is filtered and listed by them). */
export interface AnswerColumns {
  decision: string;
  destination: string;
  eccns: string[];
  as_of: string;
  edition: string;
  kb_sha256: string;
  rules_sha256: string;
}

export interface StoredRecord extends AnswerColumns {
  id: string;
  created_at: string;
  source: string;
  engine: string;
  matcher: string;
  request: DeterminationRequestT;
  answer: DeterminationResult;
}

export interface RecordFilter { from?: string; to?: string; decision?: string; destination?: string; eccn?: string; limit?: number; after?: string }

/** What a record keeps of an answer: the columns it is filtered by, and the answer's text (less its ref) and hash. */
export interface RecordedAnswer extends AnswerColumns {
  /**
   * The answer less its `ref`, as JSON; absent when the answer is known to be stored already (a foreign key refuses
   * a record whose answer is neither given nor stored).
   */
  text?: string;
  /** SHA-256 of `text`: the key of the stored answer. */
  sha256: string;
}

/** A recorded answer with its text. */
export type SerializedAnswer = RecordedAnswer & { text: string };

/** Serialises an answer (less its ref) and hashes it, once; callers that answer the same request again reuse it. */
export function recordedAnswer(answer: DeterminationResult): SerializedAnswer {
  const { ref: _ref, ...rest } = answer;
  const text = JSON.stringify(rest);
  return {
    decision: answer.decision, destination: answer.destination.code, eccns: answer.items.map((i) => i.eccn), as_of: answer.as_of,
    edition: answer.edition.id, kb_sha256: answer.edition.sha256, rules_sha256: answer.rules.sha256,
    text, sha256: createHash('sha256').update(text).digest('hex'),
  };
}

/** One determination to record: where it came from, the request as JSON (with its ref), and the answer. */
export interface RecordInput { source: string; requestJson: string; answer: RecordedAnswer }

export interface RecordStore {
  /** Writes the record and returns its id; throws RecordStoreError when it cannot. */
  record(input: RecordInput, versions: Versions): string;
  /** Writes all the records in one transaction (all or none) and returns their ids in order. */
  recordMany(inputs: readonly RecordInput[], versions: Versions): string[];
  /**
   * The same, committed together with the other records queued in this turn of the event loop (one transaction for
   * all of them); resolves once the record is committed, rejects with RecordStoreError if it is not.
   */
  recordSoon(input: RecordInput, versions: Versions): Promise<string>;
  get(id: string): StoredRecord | undefined;
  list(filter: RecordFilter): StoredRecord[];
  count(): number;
  /** Distinct answers stored (each referenced by one or more records). */
  answerCount(): number;
  close(): void;
  readonly path: string;
  /** Who checkpoints the write-ahead log: a worker thread ('background') or SQLite inside commits. */
  readonly checkpointing: 'sqlite-auto' | 'background';
}

type Versions = { engine: string; matcher: string };

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
  // 3: each distinct answer stored once, keyed by the SHA-256 of its text (less its ref), and each distinct context
  // (edition, knowledge-base and rules hashes, engine and matcher versions) once; records point at both by integer.
  // Rows of migration 2 keep their own columns; new rows leave answer_json and the context columns '' (one byte
  // each) and set answer_id and context_id. A row is a third of the size it was, which is what a disk writes.
  `CREATE TABLE answers (id INTEGER PRIMARY KEY, sha256 TEXT NOT NULL UNIQUE, answer_deflate BLOB NOT NULL);
   CREATE TABLE contexts (id INTEGER PRIMARY KEY, edition TEXT NOT NULL, kb_sha256 TEXT NOT NULL, rules_sha256 TEXT NOT NULL, engine TEXT NOT NULL, matcher TEXT NOT NULL,
     UNIQUE (edition, kb_sha256, rules_sha256, engine, matcher));
   CREATE TRIGGER answers_no_update BEFORE UPDATE ON answers BEGIN SELECT RAISE(ABORT, 'records are append-only'); END;
   CREATE TRIGGER answers_no_delete BEFORE DELETE ON answers BEGIN SELECT RAISE(ABORT, 'records are append-only'); END;
   CREATE TRIGGER contexts_no_update BEFORE UPDATE ON contexts BEGIN SELECT RAISE(ABORT, 'records are append-only'); END;
   CREATE TRIGGER contexts_no_delete BEFORE DELETE ON contexts BEGIN SELECT RAISE(ABORT, 'records are append-only'); END;
   ALTER TABLE determinations ADD COLUMN answer_id INTEGER REFERENCES answers(id);
   ALTER TABLE determinations ADD COLUMN context_id INTEGER REFERENCES contexts(id);`,
];

export const DEFAULT_DB = 'data/dualuse.sqlite';

type StoredRow = { answer_text: Buffer | null; answer_deflate: Buffer | null; id: string; created_at: string; source: string; decision: string; destination: string; eccns: string; as_of: string; edition: string; kb_sha256: string; rules_sha256: string; engine: string; matcher: string; request_json: string; answer_json: string };

/**
 * A time-ordered UUID (version 7, RFC 9562): 48 bits of Unix milliseconds, then random bits. Record ids are the key
 * of a unique index; random (v4) ids scatter every insert across it, time-ordered ones append (a third less time
 * per record, measured in bench/), and they sort by creation time.
 */
export function uuid7(now = Date.now()): string {
  const r = randomUUID(); // 122 random bits from Node's batched entropy; its variant bits are already RFC 9562's
  const t = now.toString(16).padStart(12, '0');
  return `${t.slice(0, 8)}-${t.slice(8, 12)}-7${r.slice(15, 18)}-${r.slice(19)}`;
}

/** Answers (by hash) known to be committed, with their ids: a repeated answer is neither deflated nor looked up. */
const KNOWN_ANSWERS = 100_000;

export interface StoreOptions {
  /**
   * Checkpoint the write-ahead log from a worker thread (every `checkpointEveryMs`, default 250) instead of inside
   * the commit that crosses SQLite's threshold: a checkpoint copies the log into the database and syncs it, which
   * took a third of the time of writing records and stalled the request that happened to trigger it. For servers.
   * If the worker fails, the store goes back to SQLite's automatic checkpoints (and says so in `checkpointing`).
   */
  backgroundCheckpoint?: boolean;
  checkpointEveryMs?: number;
}

// The checkpointer: its own connection, PASSIVE checkpoints (never waits for or blocks the writer).
const CHECKPOINTER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.module);
const db = new Database(workerData.path);
db.pragma('busy_timeout = 1000');
const timer = setInterval(() => { db.pragma('wal_checkpoint(PASSIVE)'); }, workerData.everyMs);
parentPort.on('message', () => { clearInterval(timer); db.close(); parentPort.close(); });
`;

/** Blocks the thread for `ms` (opening the store is synchronous, as better-sqlite3 is). */
function sleepSync(ms: number): void { Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms); }

/** Settings and migrations of a newly opened connection. */
function openStore(db: Database.Database): void {
  db.pragma('busy_timeout = 5000');
  // WAL is a property of the file: only the first opener switches it (the switch needs the file to itself).
  if (String(db.pragma('journal_mode', { simple: true })).toLowerCase() !== 'wal') db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON'); // a record can never point at an answer that is not stored
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
}

export function openRecordStore(path: string = process.env.DUALUSE_DB ?? DEFAULT_DB, opts: StoreOptions = {}): RecordStore {
  let db: Database.Database | undefined;
  // Opening can meet "database is locked" without SQLite's busy handler being asked (switching a new file to WAL,
  // another process building the WAL index): the whole opening is retried for up to ~10 s before it fails.
  for (let attempt = 1; ; attempt++) {
    try {
      if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
      db = new Database(path);
      openStore(db);
      break;
    } catch (e) {
      db?.close();
      db = undefined;
      const busy = /SQLITE_BUSY|SQLITE_LOCKED/.test(String((e as { code?: string }).code)) || /database is locked/.test((e as Error).message);
      if (!busy || attempt >= 40) throw new RecordStoreError(`the record store at ${path} cannot be opened: ${(e as Error).message}`);
      sleepSync(25 * Math.min(attempt, 10));
    }
  }
  let checkpointing: 'sqlite-auto' | 'background' = 'sqlite-auto';
  let checkpointer: Worker | undefined;
  if (opts.backgroundCheckpoint && path !== ':memory:') {
    db.pragma('wal_autocheckpoint = 0');
    checkpointing = 'background';
    const back = () => { if (checkpointing === 'background' && db.open) { db.pragma('wal_autocheckpoint = 1000'); } checkpointing = 'sqlite-auto'; };
    checkpointer = new Worker(CHECKPOINTER, { eval: true, workerData: { module: createRequire(import.meta.url).resolve('better-sqlite3'), path, everyMs: opts.checkpointEveryMs ?? 250 } });
    checkpointer.on('error', back);
    checkpointer.on('exit', back);
    checkpointer.unref();
  }
  const insert = db.prepare(`INSERT INTO determinations (id, created_at, source, decision, destination, eccns, as_of, edition, kb_sha256, rules_sha256, engine, matcher, request_json, answer_json, answer_id, context_id)
    VALUES (?, ?, ?, ?, ?, ?, ?, '', '', '', '', '', ?, '', ?, ?)`);
  const insertAnswer = db.prepare('INSERT OR IGNORE INTO answers (sha256, answer_deflate) VALUES (?, ?)');
  const answerBySha = db.prepare('SELECT id FROM answers WHERE sha256 = ?').pluck();
  const insertContext = db.prepare('INSERT OR IGNORE INTO contexts (edition, kb_sha256, rules_sha256, engine, matcher) VALUES (?, ?, ?, ?, ?)');
  const contextId = db.prepare('SELECT id FROM contexts WHERE edition = ? AND kb_sha256 = ? AND rules_sha256 = ? AND engine = ? AND matcher = ?').pluck();
  const SELECT = `SELECT d.id, d.created_at, d.source, d.decision, d.destination, d.eccns, d.as_of, d.request_json, d.answer_json, d.answer_deflate,
      a.answer_deflate AS answer_text, COALESCE(c.edition, d.edition) AS edition, COALESCE(c.kb_sha256, d.kb_sha256) AS kb_sha256,
      COALESCE(c.rules_sha256, d.rules_sha256) AS rules_sha256, COALESCE(c.engine, d.engine) AS engine, COALESCE(c.matcher, d.matcher) AS matcher
    FROM determinations d LEFT JOIN answers a ON a.id = d.answer_id LEFT JOIN contexts c ON c.id = d.context_id`;
  const byId = db.prepare(`${SELECT} WHERE d.id = ?`);
  // Ids are remembered only once their transaction has committed: a rolled-back id may be given to another row.
  const known = new Map<string, number>();
  const knownContexts = new Map<string, number>();
  type Pending = { answers: Map<string, number>; contexts: Map<string, number> };
  const answerIdOf = (a: RecordedAnswer, p: Pending): number => {
    const hit = known.get(a.sha256) ?? p.answers.get(a.sha256);
    if (hit !== undefined) return hit;
    if (a.text !== undefined) insertAnswer.run(a.sha256, deflateRawSync(a.text, { level: 1 }));
    const id = answerBySha.get(a.sha256) as number | undefined;
    if (id === undefined) throw new Error(`answer ${a.sha256} was given without its text and is not stored`);
    p.answers.set(a.sha256, id);
    return id;
  };
  const contextIdOf = (a: RecordedAnswer, v: Versions, p: Pending): number => {
    const key = `${a.edition}|${a.kb_sha256}|${a.rules_sha256}|${v.engine}|${v.matcher}`;
    const hit = knownContexts.get(key) ?? p.contexts.get(key);
    if (hit !== undefined) return hit;
    insertContext.run(a.edition, a.kb_sha256, a.rules_sha256, v.engine, v.matcher);
    const id = contextId.get(a.edition, a.kb_sha256, a.rules_sha256, v.engine, v.matcher) as number;
    p.contexts.set(key, id);
    return id;
  };
  type Row = { id: string; input: RecordInput; versions: Versions };
  const toRow = (input: RecordInput, versions: Versions): Row => ({ id: uuid7(), input, versions });
  /** Inserts the rows, and the answers and contexts not yet stored, in one transaction. */
  const insertAll = db.transaction((rows: readonly Row[], p: Pending) => {
    const now = new Date().toISOString();
    for (const { id, input, versions } of rows) {
      const a = input.answer;
      insert.run(id, now, input.source, a.decision, a.destination, JSON.stringify(a.eccns), a.as_of, input.requestJson, answerIdOf(a, p), contextIdOf(a, versions, p));
    }
  });
  const write = (rows: readonly Row[]) => {
    const p: Pending = { answers: new Map(), contexts: new Map() };
    insertAll(rows, p);
    for (const [sha, id] of p.answers) {
      if (known.size >= KNOWN_ANSWERS) known.delete(known.keys().next().value as string);
      known.set(sha, id);
    }
    for (const [k, id] of p.contexts) knownContexts.set(k, id);
  };
  const fail = (e: unknown) => new RecordStoreError(`the answer could not be recorded: ${(e as Error).message}`);
  // Group commit: the records queued during one turn of the event loop are written in one transaction.
  let queue: { row: Row; resolve: (id: string) => void; reject: (e: Error) => void }[] = [];
  const flush = () => {
    const batch = queue;
    queue = [];
    try {
      write(batch.map((b) => b.row));
      for (const b of batch) b.resolve(b.row.id);
    } catch (e) {
      const err = fail(e);
      for (const b of batch) b.reject(err);
    }
  };
  const toRecord = (r: StoredRow): StoredRecord => {
    const request = JSON.parse(r.request_json) as DeterminationRequestT;
    const stored = r.answer_text ?? r.answer_deflate;
    const answer = JSON.parse(stored ? inflateRawSync(stored).toString('utf8') : r.answer_json) as DeterminationResult;
    return {
      id: r.id, created_at: r.created_at, source: r.source, decision: r.decision, destination: r.destination, eccns: JSON.parse(r.eccns) as string[],
      as_of: r.as_of, edition: r.edition, kb_sha256: r.kb_sha256, rules_sha256: r.rules_sha256, engine: r.engine, matcher: r.matcher,
      request,
      // Shared answers are stored less their ref: put it back where the answer had it (first).
      answer: r.answer_text && request.ref !== undefined ? { ref: request.ref, ...answer } : answer,
    };
  };
  return {
    path,
    record(input, versions) {
      try {
        const row = toRow(input, versions);
        write([row]);
        return row.id;
      } catch (e) { throw fail(e); }
    },
    recordMany(inputs, versions) {
      try {
        const rows = inputs.map((input) => toRow(input, versions));
        write(rows);
        return rows.map((r) => r.id);
      } catch (e) { throw fail(e); }
    },
    recordSoon(input, versions) {
      const row = toRow(input, versions);
      return new Promise<string>((resolve, reject) => {
        queue.push({ row, resolve, reject });
        if (queue.length === 1) setImmediate(flush);
      });
    },
    get(id) {
      const r = byId.get(id) as StoredRow | undefined;
      return r ? toRecord(r) : undefined;
    },
    list(f) {
      const where: string[] = [];
      const args: Record<string, unknown> = {};
      if (f.from) { where.push('d.created_at >= @from'); args.from = f.from; }
      if (f.to) { where.push('d.created_at <= @to'); args.to = `${f.to}\uffff`; }
      if (f.decision) { where.push('d.decision = @decision'); args.decision = f.decision; }
      if (f.destination) { where.push('d.destination = @destination'); args.destination = f.destination; }
      if (f.eccn) { where.push("EXISTS (SELECT 1 FROM json_each(d.eccns) WHERE value = @eccn OR value LIKE @eccnp)"); args.eccn = f.eccn; args.eccnp = `${f.eccn}.%`; }
      if (f.after) { where.push('d.seq > (SELECT seq FROM determinations WHERE id = @after)'); args.after = f.after; }
      const sql = `${SELECT} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY d.seq LIMIT ${Math.min(Math.max(f.limit ?? 100, 1), 1000)}`;
      return (db.prepare(sql).all(args) as StoredRow[]).map(toRecord);
    },
    count: () => (db.prepare('SELECT count(*) AS n FROM determinations').get() as { n: number }).n,
    answerCount: () => (db.prepare('SELECT count(*) AS n FROM answers').get() as { n: number }).n,
    get checkpointing() { return checkpointing; },
    close: () => {
      if (checkpointer) { checkpointing = 'sqlite-auto'; checkpointer.postMessage('stop'); }
      db.close();
    },
  };
}
