/**
 * @module engine/determine
 * Answers "does this transaction need a licence?" (15 CFR 732 Supp. 1 steps; General Prohibitions of § 736.2):
 * for each item, the License Requirements rows (Country Chart and entry text), the embargoes and end-use/end-user
 * controls encoded in regulations/controls/, the licence exceptions; for the transaction, the red flags. Every
 * conclusion comes from a rule in rules/ evaluated by json-rules-engine; "no licence required" only from the
 * explicit conclusion rule. Anything that cannot be decided is `needs_review`.
 */
import countries from 'i18n-iso-countries';
import type { KnowledgeBase, Snapshot } from '../kb/kb.ts';
import { rowCode, type DestinationState, type EccnState } from '../kb/model.ts';
import type { RuleSet } from '../load/rules.ts';
import { CoverageError, firstLine, InvalidInputError } from '../errors.ts';
import { parseEccnRef } from '../kb/eccn-ref.ts';
import { EditionEngines, rulesInForce, type BuiltEngine, type PlaceFact, type EndUseFact, type RuleOutcome, type LeafOutcome } from './engines.ts';
import { rowCertainlyApplies, itemMatches, itemMayMatchByParagraph, inDestinationSet, type ItemFacts } from './scope.ts';
import type { DeterminationRequestT } from './request.ts';
import { mostRestrictive, type Decision, type DeterminationResult, type ScreeningContext, type ExceptionResult, type ItemResult, type Reason, type TraceEntry } from './result.ts';
import { RED_FLAGS, RED_FLAG_SOURCE } from './red-flags.ts';
import type { Matcher, PartyMatch } from '../screening/match.ts';
import { isBisList, type PartyListCode } from '../schema/party-list.ts';
import { deepFreeze } from '../util/freeze.ts';

export interface EngineOptions {
  /** Today's date (YYYY-MM-DD) for requests without a date; injectable for tests. */
  today?: () => string;
  /** Memoise item evaluations by their normalised facts (json-rules-engine stays the source of the answers). */
  cache?: boolean;
  /**
   * How `determine` evaluates rules: 'compiled' (default: the same rule JSON compiled to synchronous closures,
   * proved equal to json-rules-engine on every (ECCN, destination) pair of every edition by the cache-agreement
   * tests) or 'json-rules-engine'. `evaluateUncached` always uses json-rules-engine.
   */
  mode?: EvalMode;
  /** Upper bound of memoised item evaluations. */
  cacheSize?: number;
  /** Restricted-party screening (the Consolidated Screening List); without it, party names make the answer needs_review. */
  screener?: Screener;
  /** Lists older than this many days (from the lists' date to today) make an answer with parties needs_review. */
  listMaxAgeDays?: number;
}

/** Whole days from `a` to `b` (YYYY-MM-DD). */
export const daysBetween = (a: string, b: string) => Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);

/** Default for EngineOptions.listMaxAgeDays. */
export const LIST_MAX_AGE_DAYS = 30;

/** The age of the party lists on a day, against the limit. */
export function listAge(listDate: string, today: string, maxAgeDays: number) {
  const age = daysBetween(listDate, today);
  return { date: listDate, age_days: age, max_age_days: maxAgeDays, stale: age > maxAgeDays };
}

/** What the determiner needs from restricted-party screening (src/screening). */
export interface Screener {
  screen(name: string): PartyMatch[];
  /** The matcher itself, for screening parties on their own (`dualuse screen`, POST /api/v1/screen). */
  matcher(): Matcher;
  /** The lists' date: answers are as of it. */
  readonly listDate: string;
  /** Which lists and matcher screened (recorded with every answer that screened parties). */
  context(): ScreeningContext;
  /** A list's title, authority and effect, for the reasons a match gives. */
  list(code: PartyListCode): PartyListInfo | undefined;
}

/** What the determiner says about a list (from the lists file's `lists`). */
export interface PartyListInfo { title: string; agency: string; citation: string; effect: string; ear: boolean }

export class EvaluationError extends Error {
  readonly code = 'RULE_EVALUATION_ERROR';
}

interface RunOutcome { events: { type: string; params: Record<string, unknown> }[]; trace: TraceEntry[]; evaluated: number; usedGroups: boolean }

const GROUP_OPERATORS = new Set(['inGroup', 'inAnyGroup', 'notInAnyGroup', 'inRowDestinations', 'controlDestinationMatches']);

/** How rules are evaluated: json-rules-engine itself, or the same rules compiled to synchronous closures. */
export type EvalMode = 'json-rules-engine' | 'compiled';

async function run(b: BuiltEngine, facts: Record<string, unknown>, item: string | undefined, mode: EvalMode): Promise<RunOutcome> {
  if (b.ruleCount === 0) return { events: [], trace: [], evaluated: 0, usedGroups: false };
  const given: Record<string, unknown> = {};
  for (const f of b.facts) {
    if (!(f in facts)) throw new EvaluationError(`fact '${f}' was not supplied`);
    given[f] = facts[f];
  }
  let outcomes: RuleOutcome[];
  let events: { type: string; params: Record<string, unknown> }[];
  try {
    if (mode === 'compiled') {
      const out = b.evaluate(given);
      outcomes = [...out.results, ...out.failureResults];
      events = out.events;
    } else {
      const out = await b.engine.run(given);
      outcomes = [...out.results, ...out.failureResults].map((r) => r.toJSON(false) as unknown as RuleOutcome);
      events = out.events.map((e) => ({ type: e.type, params: (e.params ?? {}) as Record<string, unknown> }));
    }
  } catch (e) {
    throw new EvaluationError(`rule evaluation failed: ${(e as Error).message}`);
  }
  // json-rules-engine can silently skip rules (overlapping runs with several priority levels): refuse such a run.
  if (outcomes.length !== b.ruleCount) throw new EvaluationError(`only ${outcomes.length} of ${b.ruleCount} rules reported a result`);
  const order = b.order;
  outcomes.sort((x, y) => (order.get(x.name) ?? 0) - (order.get(y.name) ?? 0));
  let usedGroups = false;
  const trace: TraceEntry[] = outcomes.map((j) => {
    const leaves = (j.conditions.all ?? j.conditions.any ?? []) as LeafOutcome[];
    for (const l of leaves) if (GROUP_OPERATORS.has(l.operator) && l.result !== undefined) usedGroups = true;
    const origin = b.origin.get(j.name);
    return {
      rule: j.name,
      template: origin?.rule.id ?? j.name,
      ...(item ? { item } : {}),
      result: j.result,
      conditions: leaves.map((l) => ({ fact: l.fact, operator: l.operator, value: l.value, fact_value: l.factResult === undefined ? null : l.factResult, result: l.result === undefined ? 'not_evaluated' as const : l.result })),
      ...(j.result ? { event: j.event.type } : {}),
    };
  });
  return { events, trace, evaluated: outcomes.length, usedGroups };
}

const EVENT_DECISION: Record<string, Exclude<Decision, 'no_license_required'> | undefined> = {
  license_required: 'license_required',
  prohibited: 'prohibited',
  needs_review: 'needs_review',
};

interface ItemContext {
  mode: EvalMode;
  explain: ReadonlyMap<string, string>;
  snapshot: Snapshot;
  engines: EditionEngines;
  place: PlaceFact;
  dest: DestinationState;
  endUse: EndUseFact;
  endUseStated: boolean;
}

/** A control not checked for lack of facts: which facts, the control's citation, and (for `unstated`) its conditions. */
interface Skipped { kind: 'end_use' | 'headquarters' | 'unstated'; cfr: string; conditions?: string }

interface ItemEvaluation { result: ItemResult; trace: TraceEntry[]; skipped: Skipped[]; usedGroups: boolean; singleSourceEdition?: string }

async function evaluateItem(ctx: ItemContext, input: { eccn: string; value_usd?: number; attributes?: readonly string[] }): Promise<ItemEvaluation> {
  const s = ctx.snapshot;
  const ref = parseEccnRef(input.eccn); // validated by the caller
  const ear99 = ref.eccn === 'EAR99';
  const found = ear99 ? undefined : s.eccn(ref.normalized);
  const state = found?.state;
  const label = ref.normalized;
  const reasons: Reason[] = [];
  const trace: TraceEntry[] = [];
  const skipped: Skipped[] = [];
  const notes: string[] = [];
  const requirementReasons = new Set<string>(); // reasons for control of the rows that require a licence
  let usedGroups = false;
  let errors = 0;
  let evaluated = 0;

  if (!ear99 && !state) {
    reasons.push({ code: 'UNKNOWN_ECCN', basis: 'knowledge_base', citation: '15 CFR part 774, supplement no. 1', text: `${ref.eccn} is not an ECCN in the knowledge base for ${s.edition.id}; check the classification.`, rule: 'unknown-eccn', decision: 'needs_review', item: label });
    return { result: { eccn: label, decision: 'needs_review', reasons, license_exceptions: [], notes }, trace, skipped, usedGroups };
  }

  const paragraph = ref.paragraph ? ref.normalized : '';
  // 1. The entry: item rules and its License Requirements rows.
  try {
    const ie = ctx.engines.item(ear99 ? 'EAR99' : ref.eccn);
    const out = await run(ie, {
      item_paragraph: paragraph,
      destination: ctx.dest.code,
      edition: s.edition.id,
      requirements_known: ear99 ? true : (state?.license_requirements_known ?? false),
      other_authority: ear99 ? false : (state?.other_authority ?? false),
      item_known: true,
    }, label, ctx.mode);
    trace.push(...out.trace);
    evaluated += out.evaluated;
    usedGroups ||= out.usedGroups;
    // One reason per fired rule instance (row rules fire once per row).
    for (const t of out.trace) {
      const decision = t.result ? EVENT_DECISION[t.event ?? ''] : undefined;
      if (!decision) continue;
      const o = ie.origin.get(t.rule);
      if (!o) continue;
      const params = o.rule.event.params;
      const rowData = o.row?.row;
      const conditional = rowData ? !rowCertainlyApplies(paragraph, rowData.applies_to) : false;
      let text = params.text ?? '';
      let citation = o.rule.citation.cfr;
      let code = params.code ?? '';
      if (rowData && state && o.row) {
        code = rowData.column ?? o.row.section;
        text = rowData.column
          ? `${rowData.scope} → ${rowData.requirement} ${ctx.dest.chart_name} has an X in ${rowData.column}.`
          : `${rowData.scope} → ${rowData.requirement}`;
        if (o.rule.id === 'entry-text-referral') text += ' dualuse does not encode that section yet: read it.';
        if (conditional) text += ` Applies if your item is within this scope; give the paragraph (e.g. ${rowData.applies_to.paragraphs?.[0] ?? `${state.eccn}.x`}) for an exact answer.`;
        citation = rowData.cites ? `15 CFR ${rowData.cites}; ${state.citation}` : `${state.citation}; ${o.rule.citation.cfr}`;
      }
      reasons.push({ code, basis: params.basis ?? '', citation, text, rule: o.rule.id, decision, item: label, ...(conditional ? { conditional } : {}) });
      if (decision === 'license_required' && rowData) for (const r of rowData.reasons) requirementReasons.add(r);
    }
  } catch (e) {
    errors++;
    reasons.push({ code: 'RULE_EVALUATION_ERROR', basis: 'engine', citation: '', text: (e as Error).message, rule: 'engine', decision: 'needs_review', item: label });
  }

  // 2. Controls outside the chart (Parts 744, 746) that can reach the destination.
  const itemFacts: ItemFacts = { eccn: ear99 ? 'EAR99' : ref.eccn, paragraph, reasons: state?.reasons_for_control ?? [], attributes: input.attributes ?? [] };
  const controlsApplied: string[] = [];
  try {
    const ce = ctx.engines.control(ctx.dest.code, itemFacts.eccn, itemFacts.reasons, { endUse: ctx.endUseStated, headquarters: ctx.endUse.headquarters !== '' });
    const out = await run(ce, { place: ctx.place, item: itemFacts, end_use_context: ctx.endUse, end_use_stated: ctx.endUseStated }, label, ctx.mode);
    trace.push(...out.trace);
    evaluated += out.evaluated;
    usedGroups ||= out.usedGroups;
    for (const t of out.trace.filter((x) => x.result)) {
      const o = ce.origin.get(t.rule);
      const c = o?.control;
      if (!c || !o) continue;
      if (t.event === 'not_covered') {
        const a = c.applies_when;
        skipped.push(a.unstated_conditions ? { kind: 'unstated', cfr: c.citation.cfr, conditions: a.unstated_conditions } : { kind: a.end_user_headquarters ? 'headquarters' : 'end_use', cfr: c.citation.cfr });
        continue;
      }
      const decision = EVENT_DECISION[t.event ?? ''];
      if (!decision) continue;
      const certain = itemMatches(c.applies_when.items, itemFacts);
      controlsApplied.push(c.id);
      reasons.push({
        code: c.section,
        basis: c.basis,
        citation: c.citation.cfr,
        text: `${c.title}: ${c.quote}${certain ? '' : ` Applies if your item is one of those listed (${(c.applies_when.items.eccns ?? []).filter((x) => x.startsWith(ref.eccn)).join(', ')}); give the paragraph for an exact answer.`}`,
        rule: o.rule.id,
        decision,
        item: label,
        ...(certain ? {} : { conditional: true }),
      });
    }
  } catch (e) {
    errors++;
    reasons.push({ code: 'RULE_EVALUATION_ERROR', basis: 'engine', citation: '', text: (e as Error).message, rule: 'engine', decision: 'needs_review', item: label });
  }

  // 3. Conclusion for the item: "no licence required" only from the explicit rule.
  const requirementsFound = reasons.filter((r) => r.decision === 'license_required' || r.decision === 'prohibited').length;
  const reviewsFound = reasons.filter((r) => r.decision === 'needs_review').length;
  let decision: Decision;
  try {
    const out = await run(ctx.engines.conclusion(), { item_known: true, requirements_found: requirementsFound, reviews_found: reviewsFound, evaluation_errors: errors, rules_evaluated: evaluated }, label, ctx.mode);
    trace.push(...out.trace);
    const nlr = out.events.some((e) => e.type === 'no_license_required');
    decision = nlr ? 'no_license_required' : mostRestrictive(reasons.map((r) => r.decision));
    if (!nlr && reasons.length === 0) {
      // Nothing required a licence, yet the explicit conclusion rule did not conclude: never licence-free, and say why.
      reasons.push({ code: 'NO_RULE_CONCLUDED', basis: 'engine', citation: '', text: 'No rule concluded "no licence required" for this item (the conclusion rule is missing, out of force, or its conditions failed); a person must review it.', rule: 'no-rule-concluded', decision: 'needs_review', item: label });
    }
  } catch (e) {
    reasons.push({ code: 'RULE_EVALUATION_ERROR', basis: 'engine', citation: '', text: (e as Error).message, rule: 'engine', decision: 'needs_review', item: label });
    decision = mostRestrictive(reasons.map((r) => r.decision));
  }

  // 4. Licence exceptions, for items that need a licence.
  let exceptions: ExceptionResult[] = [];
  let singleSourceEdition: string | undefined;
  if (decision === 'license_required') {
    const ex = await evaluateExceptions(ctx, state, itemFacts, input.value_usd, controlsApplied, reasons, trace, label, [...requirementReasons]);
    exceptions = ex.results;
    usedGroups ||= ex.usedGroups;
    if (state?.single_source) singleSourceEdition = state.single_source.known_as_of.edition;
  }
  if (state?.review.length) notes.push(...state.review.map((r) => `Data note (${r.field}): ${r.note}`));
  return {
    result: { eccn: label, decision, ...(state ? { heading: state.heading } : ear99 ? { heading: 'EAR99: subject to the EAR, not listed on the CCL' } : {}), reasons, license_exceptions: exceptions, notes },
    trace,
    skipped,
    usedGroups,
    ...(singleSourceEdition ? { singleSourceEdition } : {}),
  };
}

async function evaluateExceptions(ctx: ItemContext, state: EccnState | undefined, item: ItemFacts, value: number | undefined, controlsApplied: string[], reasons: Reason[], trace: TraceEntry[], label: string, requirementReasons: string[]): Promise<{ results: ExceptionResult[]; usedGroups: boolean }> {
  const results: ExceptionResult[] = [];
  let usedGroups = false;
  const s = ctx.snapshot;
  const applied = controlsApplied.map((id) => s.control(id)).filter((c) => c !== undefined);
  const hasProhibited = reasons.some((r) => r.decision === 'prohibited');
  // The § 740.2 restrictions that reach this item and destination (checked once, used for every exception).
  const destCode = rowCode(ctx.dest);
  const reaching = s.exceptionRestrictions().filter((r) => (itemMatches(r.applies_when.items, item) || itemMayMatchByParagraph(r.applies_when.items, item)) && (!r.applies_when.destinations || inDestinationSet(s, destCode, r.applies_when.destinations)));
  for (const symbol of ctx.engines.exceptionSymbols()) {
    const le = s.licenseException(symbol);
    const citation = le ? `15 CFR ${le.section}` : '15 CFR part 740';
    // A control (Part 744/746) or a § 740.2 restriction may take licence exceptions away (§ 740.2(a)(2), (a)(6) …).
    const restrictedBy: { citation: string; why: string }[] = [];
    const conditionsFrom: string[] = [];
    for (const c of applied) {
      const { policy, allowed = [] } = c.license_exceptions;
      if (policy === 'none') restrictedBy.push({ citation: c.citation.cfr, why: 'no licence exception may overcome it' });
      else if (!allowed.includes(symbol)) restrictedBy.push({ citation: c.citation.cfr, why: allowed.length ? `only ${allowed.join(', ')} may overcome it` : 'its text does not name this exception among those that remain' });
      else if (policy === 'see_text') conditionsFrom.push(`${c.citation.cfr} allows ${symbol} only as its text says`);
    }
    for (const r of reaching) {
      if (r.only ? r.only.includes(symbol) : !(r.removes ?? []).includes(symbol)) continue;
      restrictedBy.push({ citation: r.citation.cfr, why: r.only ? (r.only.length ? `only ${r.only.join(', ')} remain` : 'no licence exception remains') : `${symbol} may not be used` });
    }
    const entry = state?.single_source?.license_exceptions?.[symbol];
    const entryValue = entry === undefined ? 'absent' : entry.eligible === true ? 'yes' : entry.eligible === false ? 'no' : 'conditional';
    const amount = symbol === 'LVS' && typeof entry?.amount_usd === 'number' ? entry.amount_usd : 0;
    let out: RunOutcome;
    try {
      out = await run(ctx.engines.exception(symbol), {
        entry_value: entryValue,
        destination: ctx.dest.code,
        value_known: value !== undefined,
        value_usd: value ?? 0,
        lvs_amount: amount,
        restricted: restrictedBy.length > 0 || hasProhibited,
        item_reasons: item.reasons,
        requirement_reasons: requirementReasons,
      }, label, ctx.mode);
    } catch (e) {
      results.push({ code: symbol, status: 'needs_review', why: `could not be evaluated: ${(e as Error).message}`, citation });
      continue;
    }
    trace.push(...out.trace);
    usedGroups ||= out.usedGroups;
    const entryText = entry ? ` (entry: "${entry.text}")` : '';
    const available = out.events.find((e) => e.type === 'exception_available');
    const review = out.events.find((e) => e.type === 'exception_needs_review');
    if (available && !conditionsFrom.length) {
      const fired = out.trace.find((t) => t.result && t.event === 'exception_available');
      results.push({ code: symbol, status: 'available', why: `${fired?.conditions.map((c) => c.result === true ? (ctx.explain.get(`${fired.template}|${c.fact}|pass`) ?? '') : '').filter(Boolean).join('; ')}${entryText}.`, citation });
    } else if (review || available) {
      results.push({ code: symbol, status: 'needs_review', why: `${[String(review?.params.text ?? ''), ...conditionsFrom].filter(Boolean).join('; ') || 'conditions must be confirmed'}${entryText}`, citation });
    } else {
      const why = restrictedBy.length
        ? `taken away by ${restrictedBy.map((r) => `${r.citation} (${r.why})`).join('; ')}`
        : `${firstFailure(ctx.explain, out.trace) ?? 'the conditions are not met'}${entryText}`;
      results.push({ code: symbol, status: 'not_available', why, citation });
    }
  }
  return { results, usedGroups };
}

/** The `explain` texts of a rule set's conditions, by `rule id|fact|pass` and `rule id|fact|fail`. */
function explanations(rules: RuleSet): ReadonlyMap<string, string> {
  const index = new Map<string, string>();
  for (const r of rules.rules) {
    const leaves = 'all' in r.conditions ? r.conditions.all : r.conditions.any;
    for (const l of leaves) if (l.explain) { index.set(`${r.id}|${l.fact}|pass`, l.explain.pass); index.set(`${r.id}|${l.fact}|fail`, l.explain.fail); }
  }
  return index;
}

/** The most specific failure of a run: the failed condition of the rule that got furthest. */
function firstFailure(explain: ReadonlyMap<string, string>, trace: TraceEntry[]): string | undefined {
  const ranked = [...trace].sort((a, b) => b.conditions.filter((c) => c.result === true).length - a.conditions.filter((c) => c.result === true).length);
  for (const t of ranked) for (const c of t.conditions) if (c.result === false) return explain.get(`${t.template}|${c.fact}|fail`);
  return undefined;
}

export interface PartyScreening { name: string; role: string; matches: PartyMatch[]; error?: string }

/** What a list match means for the determination (the lists' own citations and effects). */
function screeningReason(p: { name: string; role: string }, m: PartyMatch, meta: PartyListInfo | undefined): Reason {
  const who = `${p.role} "${p.name}" ${m.band === 'match' ? 'matches' : 'possibly matches'} ${m.list} entry "${m.name}" (via "${m.matched_name}", score ${m.score.toFixed(2)}; ${m.features.join(', ')})`;
  // Treasury's and State's lists (SDN and the others) are not established by the EAR: flagged with their own
  // authority, outside the EAR decision. They still stop a licence-free answer: a person must look at the entry
  // (an SDN designation under some programmes carries an EAR licence requirement, § 744.8 and §§ 744.12–744.14,
  // which the lists' data does not let us decide mechanically).
  if (!isBisList(m.list)) {
    const title = meta?.title ?? m.list;
    const programs = m.programs?.length ? ` Programmes: ${m.programs.join('; ')}.` : '';
    return { code: 'NON_EAR_LIST', basis: 'other_list', citation: m.citation, text: `${who}. The ${title} is kept under ${m.citation}, outside the EAR decision${meta?.effect ? `: ${meta.effect}` : '.'}${programs} Resolve the listing under that authority before proceeding.`, rule: 'party-other-list', decision: 'needs_review' };
  }
  if (m.band !== 'match') {
    return { code: m.list === 'EL' ? '744.11' : m.list === 'DPL' ? '764.3' : m.list === 'UVL' ? '744.15' : '744.21', basis: 'screening', citation: m.citation, text: `${who}. A possible match must be resolved by a person before proceeding.`, rule: 'party-possible-match', decision: 'needs_review' };
  }
  switch (m.list) {
    case 'EL':
      return { code: '744.11', basis: 'entity_list', citation: m.citation, text: `${who}. Licence requirement: ${m.license_requirement ?? 'see the entry'}. Licence review policy: ${m.license_policy ?? 'see the entry'}.${m.federal_register ? ` Federal Register: ${m.federal_register}.` : ''}`, rule: 'party-entity-list', decision: 'license_required' };
    case 'DPL':
      return { code: '764.3', basis: 'denied_persons', citation: m.citation, text: `${who}. A denial order prohibits participating in any transaction involving items subject to the EAR with this person.`, rule: 'party-denied-persons', decision: 'prohibited' };
    case 'UVL':
      return { code: '744.15', basis: 'unverified_list', citation: m.citation, text: `${who}. Under § 744.15 no licence exception may be used and an Unverified List statement is required from the party before proceeding.`, rule: 'party-unverified-list', decision: 'needs_review' };
    case 'MEU':
      return { code: '744.21', basis: 'military_end_user', citation: m.citation, text: `${who}. A licence is required for items in supplement no. 2 to part 744 to this military end user (§ 744.21(b)); check the items against that supplement.`, rule: 'party-military-end-user', decision: 'needs_review' };
    default:
      // A BIS list the engine has no rule for is a gap in the code, never a pass.
      return { code: 'SCREENING_FAILED', basis: 'screening', citation: m.citation, text: `${who}. The engine has no rule for list ${m.list}.`, rule: 'screening', decision: 'needs_review' };
  }
}

export interface Determiner {
  determine(req: DeterminationRequestT): Promise<DeterminationResult>;
  /** Evaluates through json-rules-engine itself, with no memo and no compiled rules: the reference semantics. */
  evaluateUncached(req: DeterminationRequestT): Promise<DeterminationResult>;
  readonly kb: KnowledgeBase;
  readonly rules: RuleSet;
  /** The restricted-party screener the determinations use, when lists are loaded. */
  readonly screener?: Screener;
  /** Party lists older than this (days) make answers with parties needs_review. */
  readonly listMaxAgeDays: number;
  cacheStats(): { size: number; hits: number; misses: number };
}

export function todayUtc(): string { return new Date().toISOString().slice(0, 10); }

/** Validates the parts of a request that the schema cannot (ISO codes, ECCN syntax) and resolves the date. */
export function normalizeRequest(kb: KnowledgeBase, req: DeterminationRequestT, today: string) {
  const details: { pointer: string; code: string; message: string }[] = [];
  const code = req.destination.trim().toUpperCase();
  if (!/^[A-Z]{2}$/.test(code) || (!countries.isValid(code) && code !== 'XK')) details.push({ pointer: '/destination', code: 'INVALID_COUNTRY', message: `'${req.destination}' is not an ISO 3166-1 alpha-2 country code (e.g. "DE", "AE")` });
  const items = req.items.map((it, i) => {
    try { return parseEccnRef(it.eccn); } catch (e) { details.push({ pointer: `/items/${i}/eccn`, code: 'INVALID_ECCN', message: (e as Error).message }); return undefined; }
  });
  if (details.length) throw new InvalidInputError(details[0]?.code ?? 'VALIDATION_FAILED', details.map((d) => `${d.pointer}: ${d.message}`).join('; '), details);
  const date = req.date ?? today;
  if (date < kb.coverage.from) throw new CoverageError('DATE_OUT_OF_COVERAGE', date, kb.coverage);
  const beyond = date > kb.coverage.to;
  const snapshot = beyond ? kb.latest() : kb.asOf(date);
  return { code, items: items as NonNullable<(typeof items)[number]>[], date, beyond, snapshot };
}

export function createDeterminer(kb: KnowledgeBase, rules: RuleSet, opts: EngineOptions = {}): Determiner {
  const explain = explanations(rules);
  const today = opts.today ?? todayUtc;
  const engineSets = new Map<string, EditionEngines>();
  const byDate = new Map<string, EditionEngines>();
  const enginesFor = (s: Snapshot, date: string) => {
    const hit = byDate.get(date);
    if (hit) return hit;
    const active = rulesInForce(rules, date);
    const key = `${s.edition.id}|${active.map((r) => r.id).join(',')}`;
    let e = engineSets.get(key);
    if (!e) { e = new EditionEngines(s, active); engineSets.set(key, e); }
    if (byDate.size > 10_000) byDate.clear();
    byDate.set(date, e);
    return e;
  };
  const txCache = new Map<string, RunOutcome>();
  const cache = new Map<string, ItemEvaluation>();
  const maxCache = opts.cacheSize ?? 200_000;
  let hits = 0;
  let misses = 0;

  async function determineWith(req: DeterminationRequestT, useCache: boolean, mode: EvalMode): Promise<DeterminationResult> {
    const n = normalizeRequest(kb, req, today());
    const s = n.snapshot;
    const engines = enginesFor(s, n.date);
    const caveats: string[] = [];
    const notCovered: string[] = [
      'Whether the items are subject to the EAR at all (Part 734: origin, de minimis, foreign direct product rules) is assumed, not checked.',
    ];
    const dest = s.destination(n.code);
    const endUses = [...(req.end_uses ?? [])].sort();
    const endUserKind = req.end_user?.kind ?? '';
    const headquarters = (req.end_user?.headquarters ?? '').toUpperCase();
    const endUseStated = endUses.length > 0 || endUserKind !== '';
    const items: ItemResult[] = [];
    const skipped = new Map<string, Skipped>(); // controls not checked for lack of facts, once each
    const trace: TraceEntry[] = [];
    const reasons: Reason[] = [];
    let usedGroups = false;
    const singleSource = new Set<string>();

    if (!dest) {
      reasons.push({ code: 'COUNTRY_NOT_CLASSIFIED', basis: 'knowledge_base', citation: '15 CFR part 738, supplement no. 1', text: `${n.code} has no row in the Country Chart and no territory rule in the knowledge base; a person must determine which row governs it (§ 738.3(b)).`, rule: 'country-not-classified', decision: 'needs_review' });
      for (const [i, it] of req.items.entries()) items.push({ eccn: n.items[i]?.normalized ?? it.eccn, decision: 'needs_review', reasons: [], license_exceptions: [], notes: [] });
    } else {
      if (dest.row_of) caveats.push(`${dest.chart_name} has no Country Chart row of its own: the row of ${dest.row_of.code} is used (${dest.row_of.basis}).`);
      const place: PlaceFact = { code: dest.code, region: req.region ?? '' };
      if (req.region && dest.code !== 'UA') throw new InvalidInputError('VALIDATION_FAILED', `region '${req.region}' is a region of Ukraine; use destination "UA" with it`, [{ pointer: '/region', code: 'VALIDATION_FAILED' }]);
      const ctx: ItemContext = { mode, explain, snapshot: s, engines, place, dest, endUse: { end_uses: endUses, end_user_kind: endUserKind, headquarters }, endUseStated };
      for (const [i, it] of req.items.entries()) {
        const ref = n.items[i] as NonNullable<(typeof n.items)[number]>;
        const key = [mode, s.edition.id, engines.signature, ref.normalized, dest.code, place.region, endUses.join(','), endUserKind, headquarters, [...(it.attributes ?? [])].sort().join(','), it.value_usd ?? ''].join('|');
        let ev = useCache ? cache.get(key) : undefined;
        if (ev) hits++;
        else {
          if (useCache) misses++;
          ev = await evaluateItem(ctx, { eccn: ref.normalized, ...(it.value_usd !== undefined ? { value_usd: it.value_usd } : {}), ...(it.attributes ? { attributes: it.attributes } : {}) });
          if (useCache) {
            if (cache.size >= maxCache) cache.delete(cache.keys().next().value as string);
            cache.set(key, deepFreeze(ev));
          }
        }
        items.push(ev.result);
        trace.push(...ev.trace);
        reasons.push(...ev.result.reasons);
        for (const k of ev.skipped) skipped.set(`${k.kind}|${k.cfr}|${k.conditions ?? ''}`, k);
        usedGroups ||= ev.usedGroups;
        if (ev.singleSourceEdition) singleSource.add(ev.singleSourceEdition);
      }
    }

    // Transaction: red flags.
    const flags = req.red_flags ?? [];
    const txKey = `${engines.signature}|${flags.length}`;
    let tx = useCache ? txCache.get(txKey) : undefined;
    if (!tx) { tx = await run(engines.transaction(), { red_flag_count: flags.length }, undefined, mode); if (useCache) txCache.set(txKey, tx); }
    trace.push(...tx.trace);
    for (const e of tx.events) {
      if (e.type !== 'needs_review') continue;
      reasons.push({
        code: String(e.params.code ?? '732 Supp. 3'),
        basis: 'red_flag',
        citation: RED_FLAG_SOURCE.guidance,
        text: `Red flags reported: ${flags.map((f) => `${f} ("${RED_FLAGS[f as keyof typeof RED_FLAGS]}")`).join('; ')}. Inquire and resolve them before proceeding; do not self-blind. (${RED_FLAG_SOURCE.checklist})`,
        rule: String(e.params.rule),
        decision: 'needs_review',
      });
    }

    // Parties: screened against the twelve lists of the Consolidated Screening List; the BIS lists (Entity List,
    // Denied Persons, Unverified List, Military End User List) decide under the EAR, the others are flagged.
    const named = [...(req.end_user?.name ? [{ name: req.end_user.name, role: 'end_user' }] : []), ...(req.parties ?? [])];
    const parties: PartyScreening[] = [];
    let screening: ScreeningContext | undefined;
    let noExceptions: string | undefined;
    if (named.length && !opts.screener) {
      reasons.push({ code: 'SCREENING_NOT_PERFORMED', basis: 'entity_list', citation: '15 CFR 744.11; 744.15; 764.3', text: `Party names were given (${named.map((p) => p.name).join(', ')}) but no restricted-party lists are loaded; screen them before relying on the answer.`, rule: 'screening-not-performed', decision: 'needs_review' });
    } else if (named.length && opts.screener) {
      const sc = opts.screener;
      // A lists file that is missing or damaged screens nobody: needs review, never a clear party (T59).
      try { screening = sc.context(); } catch (e) {
        const why = firstLine(e);
        reasons.push({ code: 'LIST_UNAVAILABLE', basis: 'screening', citation: '15 CFR 744.11; 744.15; 764.3', text: `The restricted-party lists could not be loaded (${why}); ${named.map((p) => `${p.role} "${p.name}"`).join(', ')} could not be screened. Screen them before relying on the answer.`, rule: 'screening-list-unavailable', decision: 'needs_review' });
        for (const p of named) parties.push({ name: p.name, role: p.role, matches: [], error: 'LIST_UNAVAILABLE' });
      }
      for (const p of screening ? named : []) {
        let matches: PartyMatch[];
        try { matches = sc.screen(p.name); } catch (e) {
          reasons.push({ code: 'SCREENING_FAILED', basis: 'screening', citation: '', text: `${p.role} "${p.name}" could not be screened: ${(e as Error).message}`, rule: 'screening', decision: 'needs_review' });
          parties.push({ name: p.name, role: p.role, matches: [], error: (e as Error).message });
          continue;
        }
        parties.push({ name: p.name, role: p.role, matches });
        for (const m of matches) {
          const r = screeningReason(p, m, sc.list(m.list));
          reasons.push(r);
          if (m.band === 'match' && (m.list === 'EL' || m.list === 'DPL')) noExceptions = m.list === 'EL' ? '15 CFR 744.16(b): no licence exception may be used for a transaction with an Entity List party (except as the entry or § 744.16(b) state)' : '15 CFR part 764, supplement no. 2: a denial order prohibits the transaction';
        }
      }
      if (screening) {
      const listDate = screening.lists.date;
      caveats.push(`Parties were screened against the US Consolidated Screening List as of ${listDate}: the BIS lists (Entity List, Denied Persons, Unverified List, Military End User List) decide under the EAR; a match on Treasury's or State's lists (SDN and the others) is flagged with its own authority and needs review.`);
      // Lists change every few weeks: screening against old lists cannot clear a party.
      const now = today();
      const age = daysBetween(listDate, now);
      const maxAge = opts.listMaxAgeDays ?? LIST_MAX_AGE_DAYS;
      if (age > maxAge) reasons.push({ code: 'LIST_STALE', basis: 'screening', citation: '15 CFR 744.11; 744.15; 764.3', text: `The restricted-party lists are as of ${listDate}, ${age} days before ${now}; answers rely on lists at most ${maxAge} days old (DUALUSE_LIST_MAX_AGE_DAYS). Screen the parties against current lists (dualuse import) before relying on the answer.`, rule: 'screening-list-stale', decision: 'needs_review' });
      }
    } else {
      notCovered.push('No end user or party names were given: restricted-party lists (Entity List § 744.11, Unverified List § 744.15, Denied Persons, Military End User List) were not checked.');
    }
    const itemsOut: ItemResult[] = noExceptions ? items.map((i) => ({ ...i, license_exceptions: i.license_exceptions.map((e) => ({ ...e, status: 'not_available' as const, why: noExceptions as string })) })) : items;
    const order = (k: Skipped) => `${k.cfr}|${k.conditions ?? ''}`;
    const of = (kind: Skipped['kind']) => [...skipped.values()].filter((k) => k.kind === kind).sort((a, b) => (order(a) < order(b) ? -1 : order(a) > order(b) ? 1 : 0)); // plain code-unit order, as before
    const byUse = of('end_use').map((k) => k.cfr);
    if (byUse.length) notCovered.push(`No end use or end-user kind was given, so these end-use / end-user controls were not checked: ${byUse.join('; ')}.`);
    const byHq = of('headquarters').map((k) => k.cfr);
    if (byHq.length) notCovered.push(`The end user's headquarters was not given (end_user.headquarters), so these controls were not checked: ${byHq.join('; ')}.`);
    for (const k of of('unstated')) notCovered.push(`${k.cfr} was not checked: it depends on conditions a request cannot state — ${k.conditions}`);

    let decision = mostRestrictive([...itemsOut.map((i) => i.decision), ...reasons.map((r) => r.decision)]);
    if (n.beyond) {
      for (let i = 0; i < itemsOut.length; i++) {
        const it = itemsOut[i] as ItemResult;
        if (it.decision === 'no_license_required') itemsOut[i] = { ...it, decision: 'needs_review', notes: [...it.notes, `Beyond the data (${kb.coverage.to}): no licence requirement was found in the newest edition, but it may have changed since.`] };
      }
      caveats.push(`The date ${n.date} is after the newest edition in the knowledge base (${kb.coverage.to}); the answer uses that edition, and cannot be licence-free because the regulation may have changed since.`);
      if (decision === 'no_license_required') {
        decision = 'needs_review';
        reasons.push({ code: 'DATE_BEYOND_DATA', basis: 'knowledge_base', citation: '', text: `No licence requirement was found in the edition of ${kb.coverage.to}, but the date ${n.date} is beyond the data: check for amendments published since.`, rule: 'date-beyond-data', decision: 'needs_review' });
      }
    }
    const groupEdition = s.groups()[0]?.known_as_of.edition;
    if (usedGroups && groupEdition && groupEdition !== s.edition.id) caveats.push(`Country Group membership is known only as of ${groupEdition}; this answer for ${n.date} (edition ${s.edition.id}) relies on it.`);
    for (const ed of singleSource) if (ed !== s.edition.id) caveats.push(`Licence exception values of the CCL entries are known only as of ${ed}; this answer for edition ${s.edition.id} relies on them.`);

    const exceptionsFlat = itemsOut.flatMap((i) => i.license_exceptions.map((e) => ({ ...e, why: itemsOut.length > 1 ? `${i.eccn}: ${e.why}` : e.why })));
    return {
      ...(req.ref !== undefined ? { ref: req.ref } : {}),
      decision,
      as_of: n.date,
      destination: dest ? { code: dest.code, chart_name: dest.chart_name, ...(dest.row_of ? { row_of: dest.row_of.code } : {}) } : { code: n.code, chart_name: null },
      edition: { id: s.edition.id, sha256: kb.hash },
      rules: { sha256: rules.hash },
      reasons,
      license_exceptions: exceptionsFlat,
      items: itemsOut,
      parties,
      ...(screening ? { screening } : {}),
      not_covered: notCovered,
      caveats,
      trace,
    };
  }

  return {
    kb,
    rules,
    determine: (req) => determineWith(req, opts.cache !== false, opts.mode ?? 'compiled'),
    evaluateUncached: (req) => determineWith(req, false, 'json-rules-engine'),
    cacheStats: () => ({ size: cache.size, hits, misses }),
    ...(opts.screener ? { screener: opts.screener } : {}),
    listMaxAgeDays: opts.listMaxAgeDays ?? LIST_MAX_AGE_DAYS,
  };
}
