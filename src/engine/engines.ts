/**
 * @module engine/engines
 * Builds json-rules-engine engines from the rule templates in `rules/`, partitioned so that one run evaluates only
 * the rules that can apply: one engine per (edition, ECCN) holding the item rules and one instance of each row rule
 * per License Requirements row; one per (edition, destination) for the controls that can reach it; one per licence
 * exception; one for the transaction and one for the conclusion. Every engine has a single priority level (so
 * overlapping runs cannot drop rules, see docs/engine.md) and is built once, then reused.
 */
import { Engine, type RuleProperties } from 'json-rules-engine';
import type { Snapshot } from '../kb/kb.ts';
import { rowCode, type Control } from '../kb/model.ts';
import type { LicenseRequirementT } from '../schema/eccn.ts';
import type { LoadedRule, RuleSet } from '../load/rules.ts';
import { inDestinationSet, inSeries, itemMatches, itemMayMatchByParagraph, rowMayApply, type ItemFacts } from './scope.ts';

export interface RowRef { readonly eccn: string; readonly index: number; readonly row: LicenseRequirementT; readonly section: string }

export interface BuiltEngine {
  readonly engine: Engine;
  /** The same rules compiled to synchronous closures (see compile()). */
  readonly evaluate: (facts: Readonly<Record<string, unknown>>) => ReturnType<typeof evaluateCompiled>;
  readonly ruleCount: number;
  /** rule name → the template it was made from, and what it was made for */
  readonly origin: ReadonlyMap<string, { rule: LoadedRule; row?: RowRef; control?: Control }>;
  /** The facts its rules read: only these are handed to a run (each fact given costs a hash per run). */
  readonly facts: readonly string[];
  /** Rule name → position, for a stable trace order. */
  readonly order: ReadonlyMap<string, number>;
}

export interface PlaceFact { code: string; region: string }
export interface EndUseFact { end_uses: readonly string[]; end_user_kind: string; headquarters: string }

/** The CFR section a row's requirement comes from: the section its sentence cites, else the CCL entry itself. */
function rowSection(row: LicenseRequirementT): string {
  const cited = row.cites ?? row.refers_to;
  return cited ? cited.replace(/\(.*$/, '') : '774 Supp. 1';
}

function substitute(value: unknown, vars: Readonly<Record<string, unknown>>): unknown {
  if (typeof value === 'string' && value.startsWith('$')) {
    if (!(value in vars)) throw new Error(`unfilled placeholder ${value}`);
    return vars[value];
  }
  if (Array.isArray(value)) return value.map((v) => substitute(v, vars));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v, vars)]));
  return value;
}

function toProperties(rule: LoadedRule, name: string, vars: Readonly<Record<string, unknown>>): RuleProperties {
  const kind = 'all' in rule.conditions ? 'all' : 'any';
  const leaves = ('all' in rule.conditions ? rule.conditions.all : rule.conditions.any).map((c) => ({
    fact: c.fact,
    operator: c.operator,
    value: substitute(c.value, vars),
    // `explain` stays out of the engine: json-rules-engine deep-clones every condition on every run.
  }));
  return {
    name,
    priority: 1,
    conditions: (kind === 'all' ? { all: leaves } : { any: leaves }) as RuleProperties['conditions'],
    event: { type: substitute(rule.event.type, vars) as string, params: { ...(substitute(rule.event.params, vars) as object), rule: rule.id } },
  };
}

/** Operators look rows and controls up by key, so rule values stay small strings (cloning large values is slow). */
interface Registries {
  rows: Map<string, RowRef>;
  controls: Map<string, Control>;
}

function assertString(v: unknown, what: string): asserts v is string {
  if (typeof v !== 'string') throw new TypeError(`${what} must be a string, got ${typeof v}`);
}

type OperatorFn = (factValue: unknown, jsonValue: unknown) => boolean;

/**
 * json-rules-engine's default operators, with their fact-value validators, for the compiled evaluator: the same
 * definitions as engine-default-operators.js of json-rules-engine 7.3.1 (a failed validator makes the condition false).
 */
const numberValidator = (v: unknown) => Number.parseFloat(v as string).toString() !== 'NaN';
const BUILTINS: Record<string, OperatorFn> = {
  equal: (a, b) => a === b,
  notEqual: (a, b) => a !== b,
  in: (a, b) => (b as unknown[]).indexOf(a) > -1,
  notIn: (a, b) => (b as unknown[]).indexOf(a) === -1,
  contains: (a, b) => Array.isArray(a) && a.indexOf(b) > -1,
  doesNotContain: (a, b) => Array.isArray(a) && a.indexOf(b) === -1,
  lessThan: (a, b) => numberValidator(a) && (a as number) < (b as number),
  lessThanInclusive: (a, b) => numberValidator(a) && (a as number) <= (b as number),
  greaterThan: (a, b) => numberValidator(a) && (a as number) > (b as number),
  greaterThanInclusive: (a, b) => numberValidator(a) && (a as number) >= (b as number),
};

/** The result of one rule, shaped as json-rules-engine's RuleResult.toJSON(false). */
export interface RuleOutcome {
  name: string;
  result: boolean;
  conditions: { all?: LeafOutcome[]; any?: LeafOutcome[] };
  event: { type: string; params?: Record<string, unknown> };
}
export interface LeafOutcome { fact: string; operator: string; value: unknown; factResult?: unknown; valueResult?: unknown; result?: boolean }

interface CompiledRule {
  name: string;
  kind: 'all' | 'any';
  leaves: { fact: string; operator: string; value: unknown; valueFact?: string; op: OperatorFn }[];
  event: { type: string; params: Record<string, unknown> };
}

/**
 * The same rule JSON compiled to synchronous closures over the same operator functions. json-rules-engine is the
 * reference: tests/engine/cache-agreement-*.test.ts prove the two give the same answer (and trace) for every
 * (ECCN, destination) pair of every edition. Like json-rules-engine with a single priority level, every leaf of an
 * all/any is evaluated (no short-circuit), so the trace is the same.
 */
function compile(props: RuleProperties[], ops: Record<string, OperatorFn>): CompiledRule[] {
  return props.map((p) => {
    const c = p.conditions as { all?: { fact: string; operator: string; value: unknown }[]; any?: { fact: string; operator: string; value: unknown }[] };
    const kind = c.all ? 'all' : 'any';
    const leaves = (c.all ?? c.any ?? []).map((l) => {
      const op = ops[l.operator] ?? BUILTINS[l.operator];
      if (!op) throw new Error(`Unknown operator: ${l.operator}`);
      const valueFact = l.value && typeof l.value === 'object' && !Array.isArray(l.value) && 'fact' in l.value ? String((l.value as { fact: string }).fact) : undefined;
      return { fact: l.fact, operator: l.operator, value: l.value, ...(valueFact ? { valueFact } : {}), op };
    });
    return { name: String(p.name), kind, leaves, event: p.event as CompiledRule['event'] };
  });
}

function evaluateCompiled(rules: readonly CompiledRule[], facts: Readonly<Record<string, unknown>>): { results: RuleOutcome[]; failureResults: RuleOutcome[]; events: { type: string; params: Record<string, unknown> }[] } {
  const results: RuleOutcome[] = [];
  const failureResults: RuleOutcome[] = [];
  const events: { type: string; params: Record<string, unknown> }[] = [];
  for (const r of rules) {
    let all = true;
    let any = false;
    const leaves: LeafOutcome[] = r.leaves.map((l) => {
      if (!(l.fact in facts)) throw new Error(`Undefined fact: ${l.fact}`);
      const factResult = facts[l.fact];
      let rhs = l.value;
      if (l.valueFact !== undefined) {
        if (!(l.valueFact in facts)) throw new Error(`Undefined fact: ${l.valueFact}`);
        rhs = facts[l.valueFact];
      }
      const result = l.op(factResult, rhs);
      all &&= result;
      any ||= result;
      return { fact: l.fact, operator: l.operator, value: l.value, factResult, ...(l.valueFact !== undefined ? { valueResult: rhs } : {}), result };
    });
    const ok = r.kind === 'all' ? all : any;
    const outcome: RuleOutcome = { name: r.name, result: ok, conditions: r.kind === 'all' ? { all: leaves } : { any: leaves }, event: r.event };
    if (ok) { results.push(outcome); events.push({ type: r.event.type, params: r.event.params }); } else failureResults.push(outcome);
  }
  return { results, failureResults, events };
}

/** The custom operators (closures over the snapshot and the row/control registries). They throw on bad input. */
function customOperators(s: Snapshot, reg: Registries): Record<string, OperatorFn> {
  const ops: Record<string, OperatorFn> = {};
  const engine = { addOperator: (name: string, fn: OperatorFn) => { ops[name] = fn; } };
  const dest = (code: unknown) => {
    assertString(code, 'destination');
    const d = s.destination(code);
    if (!d) throw new Error(`unknown destination ${code}`);
    return d;
  };
  const row = (key: unknown) => {
    assertString(key, 'row key');
    const r = reg.rows.get(key);
    if (!r) throw new Error(`unknown row ${key}`);
    return r;
  };
  const control = (id: unknown) => {
    assertString(id, 'control id');
    const c = reg.controls.get(id);
    if (!c) throw new Error(`unknown control ${id}`);
    return c;
  };
  const groupsOf = (code: unknown) => {
    const d = dest(code);
    return d.groups.length ? d.groups : s.groupsOf(rowCode(d));
  };
  engine.addOperator('markedInColumn', (code: unknown, column: unknown) => { assertString(column, 'column'); return dest(code).chart.marks.includes(column as never); });
  engine.addOperator('rowMayApply', (paragraph: unknown, key: unknown) => { assertString(paragraph, 'item paragraph'); return rowMayApply(paragraph, row(key).row.applies_to); });
  engine.addOperator('inRowDestinations', (code: unknown, key: unknown) => {
    const r = row(key).row;
    if (!r.destinations) throw new Error(`row ${String(key)} has no destinations`);
    const d = dest(code);
    return inDestinationSet(s, rowCode(d), r.destinations);
  });
  engine.addOperator('referralNotEncoded', (_edition: unknown, key: unknown) => {
    const ref = row(key).row.refers_to;
    if (!ref) throw new Error(`row ${String(key)} refers to nothing`);
    const prefix = ref.replace(/\(([a-z0-9]+)\)/g, '-$1');
    return !s.controls().some((c) => c.id === prefix || c.id.startsWith(`${prefix}-`));
  });
  engine.addOperator('controlDestinationMatches', (place: unknown, id: unknown) => {
    const p = place as PlaceFact;
    if (!p || typeof p.code !== 'string' || typeof p.region !== 'string') throw new TypeError('place must be {code, region}');
    const c = control(id).applies_when;
    const d = dest(p.code);
    if (c.regions?.length && !c.regions.includes(p.region as never)) return false;
    if (!c.destinations) return true;
    return inDestinationSet(s, rowCode(d), c.destinations) || (c.destinations.countries ?? []).includes(d.code);
  });
  engine.addOperator('controlItemMatches', (item: unknown, id: unknown) => {
    const it = item as ItemFacts;
    if (!it || typeof it.eccn !== 'string' || !Array.isArray(it.reasons)) throw new TypeError('item must be {eccn, paragraph, reasons, attributes}');
    const sel = control(id).applies_when.items;
    return itemMatches(sel, it) || itemMayMatchByParagraph(sel, it);
  });
  const endUse = (ctx: unknown) => {
    const e = ctx as EndUseFact;
    if (!e || !Array.isArray(e.end_uses) || typeof e.end_user_kind !== 'string' || typeof e.headquarters !== 'string') throw new TypeError('end_use_context must be {end_uses, end_user_kind, headquarters}');
    return e;
  };
  engine.addOperator('controlFactsMissing', (ctx: unknown, id: unknown) => {
    const e = endUse(ctx);
    return factsMissing(control(id), { endUse: e.end_uses.length > 0 || e.end_user_kind !== '', headquarters: e.headquarters !== '' });
  });
  engine.addOperator('controlEndUseMatches', (ctx: unknown, id: unknown) => {
    const e = endUse(ctx);
    const c = control(id).applies_when;
    if (c.unstated_conditions) return false; // never decided: reported under not_covered
    if (c.end_user_headquarters) {
      if (!e.headquarters) return false;
      const hq = s.destination(e.headquarters);
      if (!hq || !inDestinationSet(s, rowCode(hq), c.end_user_headquarters)) return false;
    }
    const needUse = (c.end_uses?.length ?? 0) > 0;
    const needKind = (c.end_user_kinds?.length ?? 0) > 0;
    if (!needUse && !needKind) return true;
    const use = needUse && e.end_uses.some((u) => c.end_uses?.includes(u as never));
    const kind = needKind && c.end_user_kinds?.includes(e.end_user_kind as never) === true;
    if (needUse && needKind) return c.end_use_or_user ? use || kind : use && kind;
    return needUse ? use : kind;
  });
  engine.addOperator('inExceptionDestinations', (code: unknown, symbol: unknown) => {
    assertString(symbol, 'exception symbol');
    const t = s.exceptionTerms(symbol);
    if (!t) throw new Error(`no terms encoded for licence exception ${symbol}`);
    const d = dest(code);
    return inDestinationSet(s, rowCode(d), t.destinations);
  });
  engine.addOperator('reasonsWithinTerms', (reasons: unknown, symbol: unknown) => {
    assertString(symbol, 'exception symbol');
    if (!Array.isArray(reasons)) throw new TypeError('requirement_reasons must be a list');
    const t = s.exceptionTerms(symbol);
    if (!t) throw new Error(`no terms encoded for licence exception ${symbol}`);
    return !t.only_reasons || (reasons.length > 0 && reasons.every((r) => t.only_reasons?.includes(r)));
  });
  engine.addOperator('inGroup', (code: unknown, g: unknown) => { assertString(g, 'group'); return groupsOf(code).includes(g as never); });
  engine.addOperator('inAnyGroup', (code: unknown, gs: unknown) => { if (!Array.isArray(gs)) throw new TypeError('groups must be a list'); return gs.some((g) => groupsOf(code).includes(g)); });
  engine.addOperator('notInAnyGroup', (code: unknown, gs: unknown) => { if (!Array.isArray(gs)) throw new TypeError('groups must be a list'); return !gs.some((g) => groupsOf(code).includes(g)); });
  return ops;
}

/** A json-rules-engine Engine with the custom operators (the same functions the compiled evaluator calls). */
function newEngine(ops: Record<string, OperatorFn>, rules: RuleProperties[]): Engine {
  const engine = new Engine(rules, { allowUndefinedFacts: false, allowUndefinedConditions: false, replaceFactsInEventParams: false });
  for (const [name, fn] of Object.entries(ops)) engine.addOperator(name, fn);
  return engine;
}

/** Which kinds of facts a request states: the control engines are partitioned by it. */
export interface Stated { endUse: boolean; headquarters: boolean }

/** Whether the request lacks facts the control depends on (the controlFactsMissing operator and engine partitioning). */
export function factsMissing(c: Control, stated: Stated): boolean {
  const a = c.applies_when;
  if (a.unstated_conditions) return true;
  if (((a.end_uses?.length ?? 0) > 0 || (a.end_user_kinds?.length ?? 0) > 0) && !stated.endUse) return true;
  return Boolean(a.end_user_headquarters) && !stated.headquarters;
}

/** Whether a control depends on facts the request may not state (end use, end-user kind or headquarters, or conditions no request can state). */
export function needsEndUse(c: Control): boolean {
  const a = c.applies_when;
  return (a.end_uses?.length ?? 0) > 0 || (a.end_user_kinds?.length ?? 0) > 0 || Boolean(a.end_user_headquarters) || Boolean(a.unstated_conditions);
}

/** All engines for one edition and one set of rules in force. Built lazily, then reused. */
export class EditionEngines {
  private readonly reg: Registries = { rows: new Map(), controls: new Map() };
  /** The custom operators of this edition: shared by every engine built here, json-rules-engine and compiled alike. */
  private readonly ops: Record<string, OperatorFn>;
  private readonly items = new Map<string, BuiltEngine>();
  private readonly controls = new Map<string, BuiltEngine>();
  private readonly exceptions = new Map<string, BuiltEngine>();
  private transactionEngine?: BuiltEngine;
  private conclusionEngine?: BuiltEngine;
  private readonly byScope: Map<string, LoadedRule[]>;

  /** Identifies the rules in force, for memo keys. */
  readonly signature: string;

  constructor(readonly snapshot: Snapshot, readonly rules: readonly LoadedRule[]) {
    this.signature = rules.map((r) => r.id).join(',');
    this.ops = customOperators(snapshot, this.reg);
    this.byScope = new Map();
    for (const r of rules) { const l = this.byScope.get(r.scope) ?? []; l.push(r); this.byScope.set(r.scope, l); }
    for (const c of snapshot.controls()) this.reg.controls.set(c.id, c);
  }

  private build(entries: { rule: LoadedRule; name: string; vars: Record<string, unknown>; row?: RowRef; control?: Control }[]): BuiltEngine {
    const origin = new Map<string, { rule: LoadedRule; row?: RowRef; control?: Control }>();
    const props = entries.map((e) => {
      origin.set(e.name, { rule: e.rule, ...(e.row ? { row: e.row } : {}), ...(e.control ? { control: e.control } : {}) });
      return toProperties(e.rule, e.name, e.vars);
    });
    const facts = new Set<string>();
    for (const e of entries) {
      const leaves = 'all' in e.rule.conditions ? e.rule.conditions.all : e.rule.conditions.any;
      for (const l of leaves) {
        facts.add(l.fact);
        if (l.value && typeof l.value === 'object' && !Array.isArray(l.value)) facts.add(l.value.fact);
      }
    }
    const compiled = compile(props, this.ops);
    return { engine: newEngine(this.ops, props), evaluate: (f) => evaluateCompiled(compiled, f), ruleCount: props.length, origin, facts: [...facts], order: new Map(props.map((p, i) => [String(p.name), i])) };
  }

  /** Item rules plus one instance of each row rule per License Requirements row of the ECCN ('EAR99': item rules only). */
  item(eccn: string): BuiltEngine {
    let b = this.items.get(eccn);
    if (b) return b;
    const state = eccn === 'EAR99' ? undefined : this.snapshot.eccn(eccn)?.state;
    const entries: { rule: LoadedRule; name: string; vars: Record<string, unknown>; row?: RowRef }[] = [];
    for (const rule of this.byScope.get('item') ?? []) entries.push({ rule, name: rule.id, vars: {} });
    (state?.license_requirements ?? []).forEach((row, index) => {
      const ref: RowRef = { eccn, index, row, section: rowSection(row) };
      const key = `${eccn}#${index}`;
      this.reg.rows.set(key, ref);
      for (const rule of this.byScope.get('row') ?? []) {
        const f = rule.instantiate_for ?? {};
        if (f.row_has_column !== undefined && f.row_has_column !== (row.column !== null)) continue;
        if (f.row_has_destinations !== undefined && f.row_has_destinations !== Boolean(row.destinations)) continue;
        if (f.row_has_referral !== undefined && f.row_has_referral !== Boolean(row.refers_to)) continue;
        entries.push({ rule, name: `${rule.id}#${key}`, vars: { '$row.index': key, '$row.column': row.column, '$row.section': ref.section }, row: ref });
      }
    });
    b = this.build(entries);
    this.items.set(eccn, b);
    return b;
  }

  private readonly candidatesByDest = new Map<string, Control[]>();
  private readonly candidateKeys = new Map<string, string>();

  /** Controls whose destination scope can reach this destination (by code, group or region). */
  private controlsFor(code: string): Control[] {
    let c = this.candidatesByDest.get(code);
    if (c) return c;
    const d = this.snapshot.destination(code);
    const eff = d ? rowCode(d) : code;
    c = this.snapshot.controls().filter((x) => {
      const ds = x.applies_when.destinations;
      return !ds || (ds.countries ?? []).includes(code) || inDestinationSet(this.snapshot, eff, ds) || inDestinationSet(this.snapshot, eff, { ...ds, except_countries: [], except_groups: [] });
    });
    this.candidatesByDest.set(code, c);
    return c;
  }

  /**
   * The control engine for a destination and an item: only the controls whose destination scope can reach the
   * destination and whose item scope can reach the ECCN (any of its paragraphs) are instantiated — partitioning by
   * the discriminating facts, so one run evaluates a handful of rules. Engines are shared by every (destination,
   * ECCN) pair with the same candidate controls.
   */
  control(code: string, eccn: string, reasons: readonly string[], stated: Stated): BuiltEngine {
    const ck = `${code}|${eccn}`;
    let key = this.candidateKeys.get(ck);
    let candidates: Control[] | undefined;
    if (key === undefined) {
      candidates = this.controlsFor(code).filter((c) => itemMayBeCovered(c.applies_when.items, eccn, reasons));
      key = `${code}|${candidates.map((c) => c.id).join(',')}`;
      if (this.candidateKeys.size < 500_000) this.candidateKeys.set(ck, key);
    }
    const sk = `${key}|${stated.endUse ? 1 : 0}${stated.headquarters ? 1 : 0}`;
    let b = this.controls.get(sk);
    if (b) return b;
    candidates ??= this.controlsFor(code).filter((c) => itemMayBeCovered(c.applies_when.items, eccn, reasons));
    const entries: { rule: LoadedRule; name: string; vars: Record<string, unknown>; control: Control }[] = [];
    for (const c of candidates) {
      for (const rule of this.byScope.get('control') ?? []) {
        const f = rule.instantiate_for ?? {};
        if (f.control_needs_end_use !== undefined && f.control_needs_end_use !== needsEndUse(c)) continue;
        if (f.control_facts_missing !== undefined && f.control_facts_missing !== factsMissing(c, stated)) continue;
        entries.push({ rule, name: `${rule.id}#${c.id}`, vars: { '$control.id': c.id, '$control.outcome': c.outcome, '$control.basis': c.basis, '$control.section': c.section }, control: c });
      }
    }
    b = this.build(entries);
    this.controls.set(sk, b);
    return b;
  }

  exception(symbol: string): BuiltEngine {
    let b = this.exceptions.get(symbol);
    if (b) return b;
    b = this.build((this.byScope.get('exception') ?? []).filter((r) => r.instantiate_for?.exception === symbol).map((rule) => ({ rule, name: rule.id, vars: {} })));
    this.exceptions.set(symbol, b);
    return b;
  }

  /** Licence exceptions that have rules. */
  exceptionSymbols(): string[] {
    return (this.symbols ??= [...new Set((this.byScope.get('exception') ?? []).map((r) => r.instantiate_for?.exception).filter((x): x is string => Boolean(x)))]);
  }
  private symbols?: string[];

  transaction(): BuiltEngine {
    return (this.transactionEngine ??= this.build((this.byScope.get('transaction') ?? []).map((rule) => ({ rule, name: rule.id, vars: {} }))));
  }

  conclusion(): BuiltEngine {
    return (this.conclusionEngine ??= this.build((this.byScope.get('conclusion') ?? []).map((rule) => ({ rule, name: rule.id, vars: {} }))));
  }
}

/**
 * Whether a control's item selector can cover some paragraph of this ECCN (EAR99 included), ignoring attribute
 * carve-outs: a necessary condition for the control rule to fire, used only to choose which rules to instantiate.
 */
export function itemMayBeCovered(sel: Control['applies_when']['items'], eccn: string, reasons: readonly string[]): boolean {
  if (sel.all_subject_to_ear) return true;
  if (eccn === 'EAR99') return sel.ear99 === true;
  if (inSeries(sel.series, eccn)) return true;
  if (sel.ccl_all) return true;
  if ((sel.eccns ?? []).some((e) => e === eccn || e.startsWith(`${eccn}.`))) return true;
  return (sel.reasons ?? []).some((r) => reasons.includes(r));
}

/** Rules in force on a date. */
export function rulesInForce(set: RuleSet, date: string): LoadedRule[] {
  return set.rules.filter((r) => r.in_force.from <= date && (!r.in_force.to || date <= r.in_force.to));
}
