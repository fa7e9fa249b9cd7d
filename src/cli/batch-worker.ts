/**
 * @module cli/batch-worker
 * A worker thread of `dualuse check --file`: receives the validated knowledge-base records and rules from the main
 * thread (no YAML parsing here), builds its engine, answers blocks of input sent by the main thread (raw JSONL
 * chunks or prepared lines), and returns each block's output in order. Started through bin/ts-worker.js.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createKnowledgeBase, type KbRecords } from '../kb/kb.ts';
import type { RuleSet } from '../load/rules.ts';
import { createDeterminer, type Determiner } from '../engine/determine.ts';
import { listMaxAgeDays, listScreener } from '../engine/index.ts';
import { answerLines, splitLines, type LineAnswerState, type RawLine } from './batch.ts';
import { openRecordStore, type RecordInput } from '../records/store.ts';

const { root, full, trace, today, record } = workerData as { root: string; full: boolean; trace: boolean; today?: string; record?: { path: string; versions: { engine: string; matcher: string } } };
// Each worker records the blocks it answers before handing them back (its own connection; SQLite serialises writers).
const store = record ? openRecordStore(record.path) : undefined;
const recordBlock = store && record ? (inputs: RecordInput[]) => { store.recordMany(inputs, record.versions); } : undefined;
let d: Determiner | undefined;
const state: LineAnswerState = { memo: new Map(), decisions: {}, answered: 0, errors: 0 };
type Msg = { init: { records: KbRecords; hash: string; rules: RuleSet } } | { id: number; lines?: RawLine[]; chunk?: { firstLine: number; text: string } } | 'stop';
let queue = Promise.resolve();
parentPort?.on('message', (msg: Msg) => {
  // Blocks are answered one after another, in arrival order.
  queue = queue.then(async () => {
    if (msg === 'stop') { store?.close(); parentPort?.postMessage({ stats: { decisions: state.decisions, answered: state.answered, errors: state.errors, recorded: state.recorded ?? 0 } }); return; }
    if ('init' in msg) {
      const kb = createKnowledgeBase(msg.init.records, msg.init.hash);
      d = createDeterminer(kb, msg.init.rules, { screener: listScreener(root), listMaxAgeDays: listMaxAgeDays(), ...(today ? { today: () => today } : {}) });
      parentPort?.postMessage({ ready: true });
      return;
    }
    if (!d) throw new Error('batch worker used before init');
    const lines = msg.lines ?? splitLines(msg.chunk?.text ?? '', msg.chunk?.firstLine ?? 1);
    const out = await answerLines(d, lines, state, { full, trace, ...(recordBlock ? { record: recordBlock } : {}) });
    const copy = new Uint8Array(out); // its own ArrayBuffer, handed over without a copy
    parentPort?.postMessage({ id: msg.id, out: copy }, [copy.buffer]);
  });
});
parentPort?.postMessage({ booted: true });
