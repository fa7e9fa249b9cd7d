/**
 * @module import/scope
 * Reads the scope sentence of a License Requirements row ("RS applies to 3A090.a", "NS applies to entire entry
 * except 0A501.y") into the reasons it names and the paragraphs it covers. Only exact, well-understood shapes are
 * reduced; anything else stays `conditional` and the engine decides it conservatively.
 */
import type { AppliesToT } from '../schema/eccn.ts';
import { REASONS, type ReasonId } from '../schema/common.ts';

const REASON_SET = new Set<string>(REASONS);
const LEAD = /^(?:Country Chart\.\s*)?([A-Z]{2})(?:,?\s+and\s+([A-Z]{2}))?\s+appl(?:y|ies)\s+to\s+/;

/** The reasons for control a scope sentence names ("SL and AT apply to …" names two). */
export function scopeReasons(scope: string): ReasonId[] {
  const m = LEAD.exec(scope);
  if (!m) return [];
  return [m[1], m[2]].filter((r): r is ReasonId => r !== undefined && REASON_SET.has(r));
}

/**
 * Expands a list like `1C350.b and .c` or `3A001.a.15, .b` into full references, all inside `eccn`.
 * Returns null when any element is not a plain paragraph reference of this entry.
 */
export function expandParagraphList(list: string, eccn: string): string[] | null {
  // "9A004 .g, .r" and "3A001.z.1.a, z.2.a" are written both ways in the CCL.
  const parts = list.replace(/\.$/, '').replace(new RegExp(`${eccn}\\s+\\.`, 'g'), `${eccn}.`).split(/\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+/).map((p) => p.trim()).filter(Boolean);
  if (parts.length === 0) return null;
  const out: string[] = [];
  let last: string | null = null;
  for (const p of parts) {
    let ref: string;
    if (/^[0-9][A-E][0-9]{3}(\.[a-z0-9]{1,4})+$/.test(p)) ref = p;
    else if (/^\.[a-z0-9]{1,4}(\.[a-z0-9]{1,4})*$/.test(p) && last) {
      // ".c" after "1C350.b" names paragraph 1C350.c: relative references start at the top of the entry.
      ref = `${eccn}${p}`;
    } else if (/^[a-z](\.[a-z0-9]{1,4})*$/.test(p) && last) {
      ref = `${eccn}.${p}`; // "z.2.a" after "3A001.z.1.a"
    } else return null;
    if (!ref.startsWith(`${eccn}.`)) return null;
    out.push(ref);
    last = ref;
  }
  return out;
}

export function parseScope(scope: string, eccn: string): AppliesToT {
  const m = LEAD.exec(scope);
  if (!m) return { kind: 'conditional' };
  const rest = scope.slice(m[0].length).trim();
  if (/^(the\s+)?entire\s+entry\.?$/i.test(rest) || /^(the\s+)?entire\s+entry\.\s/i.test(rest)) return { kind: 'entire_entry' };
  const exc = /^(?:the\s+)?entire\s+entry,?\s+except\s+(?:for\s+)?(.+?)\.?$/i.exec(rest);
  if (exc?.[1]) {
    const paragraphs = expandParagraphList(exc[1], eccn);
    return paragraphs ? { kind: 'entire_entry_except', paragraphs } : { kind: 'conditional' };
  }
  const list = /^(?:items\s+controlled\s+by\s+|items\s+in\s+)?(.+?)\.?$/.exec(rest);
  if (list?.[1]) {
    const paragraphs = expandParagraphList(list[1], eccn);
    if (paragraphs) return { kind: 'paragraphs', paragraphs };
  }
  return { kind: 'conditional' };
}
