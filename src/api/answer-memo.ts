/**
 * @module api/answer-memo
 * Whole answers of the API, memoised per determiner by the request less its ref: an ERP asks the same question
 * (item, destination, date, parties) many times, and an answer with its trace is 5–30 kB to serialise and hash.
 * The engine is deterministic for a request, a date and a knowledge base, and a reload brings a new determiner (so
 * a new memo). Bounded by the bytes of the texts it holds; the oldest entries go first.
 */
import type { Determiner } from '../engine/determine.ts';
import { todayUtc } from '../engine/determine.ts';
import type { DeterminationRequestT } from '../engine/request.ts';
import { recordedAnswer, type SerializedAnswer } from '../records/store.ts';

/** An answer (less its ref) serialised and hashed for the record, and its text after the opening brace as bytes. */
export interface MemoAnswer { answer: SerializedAnswer; tail: Buffer }

export interface AnswerMemo {
  /** The answer to a validated request. */
  answer(d: Determiner, req: DeterminationRequestT): Promise<MemoAnswer>;
}

export function createAnswerMemo(maxBytes = 64 * 1024 * 1024): AnswerMemo {
  const memos = new WeakMap<Determiner, { map: Map<string, MemoAnswer>; bytes: number }>();
  return {
    async answer(d, req) {
      let m = memos.get(d);
      if (!m) { m = { map: new Map(), bytes: 0 }; memos.set(d, m); }
      const { ref: _ref, ...rest } = req;
      // Today is part of every key: it answers requests without a date, and it ages the party lists.
      const key = `${todayUtc()}|${JSON.stringify(rest)}`;
      const hit = m.map.get(key);
      if (hit) return hit;
      const answer = recordedAnswer(await d.determine(rest));
      // Sent as bytes behind a short per-request head ({"record_id":…,"ref":…,): encoded once, not per request.
      const a = { answer, tail: Buffer.from(answer.text.slice(1)) };
      const size = answer.text.length + a.tail.length;
      if (size <= maxBytes) {
        m.map.set(key, a);
        m.bytes += size;
        while (m.bytes > maxBytes) {
          const [k, old] = m.map.entries().next().value as [string, MemoAnswer];
          m.map.delete(k);
          m.bytes -= old.answer.text.length + old.tail.length;
        }
      }
      return a;
    },
  };
}
