/**
 * @module analysis/pairs
 * The engine's answer for every (ECCN, destination) pair of an edition, for an export with nothing else stated (no
 * end use, end user, value or parties): the decision and its reasons (code, basis, decision, citation, conditional).
 * These are the facts about decisions the analysis rules and the burden counts read (issue 9); they come from the
 * same determiner that answers exporters, never from a second reading of the chart.
 *
 * Cost: asking all 638 × 202 pairs takes ≈ 27 s an edition. Two destinations get the same answer when the engine
 * reads the same things about them: their chart row (marks, footnotes, embargo referral), their Country Groups, and
 * their membership in every country list the data holds (controls, License Requirements rows, licence exception
 * terms and restrictions, footnotes). So one destination per such class is asked and its answer stands for the class
 * (destinations that take another's row, HK → CN, are asked themselves). An answer is also reused across editions
 * when the entry, the destination's class and everything global the engine reads are the same. The equivalence is
 * not assumed: tests/analysis/real.test.ts compares class answers with direct answers for sampled ECCNs and every
 * destination of every edition, and bench/reports.ts every pair of the latest edition.
 */
import { createHash } from 'node:crypto';
import type { Determiner } from '../engine/determine.ts';
import { rulesInForce } from '../engine/engines.ts';
import { entryContent, globalFingerprint } from '../engine/diff.ts';
import type { Decision } from '../engine/result.ts';
import type { Snapshot } from '../kb/kb.ts';
import type { DestinationState, EccnState } from '../kb/model.ts';
import { firstLine } from '../errors.ts';

/** The analysis cannot answer a pair: no report is made from a partial set of answers. */
export class PairError extends Error {
  constructor(message: string) { super(message); this.name = 'PairError'; }
}

export interface PairReason {
  readonly code: string;
  readonly basis: string;
  readonly decision: Exclude<Decision, 'no_license_required'>;
  readonly citation: string;
  readonly conditional: boolean;
}
export interface PairAnswer { readonly decision: Decision; readonly reasons: readonly PairReason[] }

export interface EditionPairs {
  readonly edition: string;
  readonly date: string;
  readonly snapshot: Snapshot;
  /** Every destination and territory of the edition, by chart name. */
  readonly destinations: readonly DestinationState[];
  answer(eccn: string, destination: string): PairAnswer;
  /** Determinations asked (the rest came from a class or from an earlier edition). */
  readonly asked: number;
}

/** Answers kept across editions (one memo per analysis run). */
export type PairMemo = Map<string, PairAnswer>;

const sha = (v: string) => createHash('sha256').update(v).digest('hex').slice(0, 24);

/** Every list of destination codes in what the engine reads besides the entry and the destination. */
function countryLists(s: Snapshot, codes: ReadonlySet<string>): string[][] {
  const lists: string[][] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) {
      if (v.some((x) => typeof x === 'string' && codes.has(x))) lists.push(v as string[]);
      else for (const x of v) walk(x);
    } else if (v && typeof v === 'object') for (const x of Object.values(v)) walk(x);
  };
  walk([s.controls(), s.exceptionRestrictions(), s.licenseExceptions(), s.licenseExceptions().map((e) => s.exceptionTerms(e.symbol) ?? null), s.footnotes(), s.columns(), s.eccns().map((e) => e.license_requirements)]);
  return lists;
}

/** What the engine reads about a destination; equal keys, equal answers (see the module comment). */
export function destinationClasses(s: Snapshot): Map<string, DestinationState[]> {
  const dests = [...s.destinations(), ...s.territories()];
  // Distinct lists by content; a destination's signature is the lists it is in (not their positions, so that a list
  // added elsewhere in a later edition leaves the other destinations' keys, and their memoised answers, alone).
  const lists = [...new Map(countryLists(s, new Set(dests.map((x) => x.code))).map((l) => [JSON.stringify(l), l])).entries()].sort(([a], [b]) => (a < b ? -1 : 1));
  const classes = new Map<string, DestinationState[]>();
  for (const x of dests) {
    const key = x.row_of
      ? `self:${x.code}`
      : JSON.stringify([x.chart.marks, x.chart.footnotes, x.chart.embargo_referral, [...x.groups].sort(), sha(lists.filter(([, l]) => l.includes(x.code)).map(([k]) => k).join('\n'))]);
    const c = classes.get(key);
    if (c) c.push(x);
    else classes.set(key, [x]);
  }
  return classes;
}

/** The entry as the engine reads it, and everything global it reads (diff.ts defines both for the same purpose). */
const entryKey = (e: EccnState) => sha(entryContent(e));
const globalKey = (d: Determiner, s: Snapshot, date: string) => sha(`${globalFingerprint(s)}\n${rulesInForce(d.rules, date).map((r) => r.id).join(',')}`);

const summarise = (r: { code: string; basis: string; decision: PairReason['decision']; citation: string; conditional?: boolean }): PairReason =>
  ({ code: r.code, basis: r.basis, decision: r.decision, citation: r.citation, conditional: Boolean(r.conditional) });

/** Answers every (ECCN, destination) pair of the edition in force on `date`. */
export async function answerPairs(d: Determiner, date: string, memo: PairMemo = new Map()): Promise<EditionPairs> {
  const s = d.kb.asOf(date);
  const classes = destinationClasses(s);
  const global = globalKey(d, s, date);
  // Classes by number (the keys are long JSON strings; look-ups by number are what the facts do 128,876 times).
  const byDest = new Map<string, number>(); // destination code → class number
  [...classes.values()].forEach((members, i) => { for (const m of members) byDest.set(m.code, i); });
  const answers = new Map<string, PairAnswer[]>(); // ECCN → answer per class number
  let asked = 0;
  for (const e of s.eccns()) {
    const ek = entryKey(e);
    const row: PairAnswer[] = [];
    answers.set(e.eccn, row);
    for (const [k, members] of classes) {
      const rep = members[0] as DestinationState;
      const mk = `${global}|${ek}|${sha(k)}|${e.eccn}`;
      let a = memo.get(mk);
      if (!a) {
        let r;
        try {
          r = await d.determine({ items: [{ eccn: e.eccn }], destination: rep.code, date });
        } catch (err) {
          // A pair the engine refuses (e.g. a destination code that is not ISO 3166) cannot be counted: stop, naming it.
          throw new PairError(`the engine refused ${e.eccn} to ${rep.code} on ${date}: ${firstLine(err)}`);
        }
        asked++;
        a = Object.freeze({ decision: r.decision, reasons: Object.freeze(r.reasons.map(summarise)) });
        memo.set(mk, a);
      }
      row.push(a);
    }
  }
  const destinations = [...s.destinations(), ...s.territories()].sort((a, b) => a.chart_name.localeCompare(b.chart_name));
  return {
    edition: s.edition.id, date, snapshot: s, destinations, asked,
    answer(eccn, destination) {
      const k = byDest.get(destination);
      const a = k === undefined ? undefined : answers.get(eccn)?.[k];
      if (!a) throw new Error(`no answer for ${eccn} to ${destination} in edition ${s.edition.id}`);
      return a;
    },
  };
}
