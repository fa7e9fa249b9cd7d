/**
 * @module cli/batch-worker
 * A worker thread of `dualuse check --file`: opens its own engine, answers blocks of raw input lines sent by the
 * main thread, and returns each block's output lines in order. Started through bin/ts-worker.js.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openEngine } from '../engine/index.ts';
import { answerLines, type LineAnswerState } from './batch.ts';

const { root, full, trace, today } = workerData as { root: string; full: boolean; trace: boolean; today?: string };
const d = openEngine(root, today ? { today: () => today } : {});
const state: LineAnswerState = { memo: new Map(), decisions: {}, answered: 0, errors: 0 };
parentPort?.on('message', async (msg: { id: number; lines: { line: number; text: string }[] } | 'stop') => {
  if (msg === 'stop') { parentPort?.postMessage({ stats: { decisions: state.decisions, answered: state.answered, errors: state.errors } }); return; }
  const out = await answerLines(d, msg.lines, state, { full, trace });
  parentPort?.postMessage({ id: msg.id, out });
});
parentPort?.postMessage({ ready: true });
