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
/**
 * Expands a list like `1C350.b and .c`, `1C351.d.15 and .16` or `3A001.z.1.a, z.2.a` into full references inside
 * `eccn`. A relative reference of k segments replaces the last k segments of the reference before it (so ".16" after
 * "1C351.d.15" is 1C351.d.16, ".c" after "1C350.b" is 1C350.c); with none before it, it starts at the entry.
 * Returns null when any element is not a plain paragraph reference of this entry.
 */
export function expandParagraphList(list: string, eccn: string): string[] | null {
  // "9A004 .g, .r" and "3A001.z.1.a, z.2.a" are written both ways in the CCL.
  const parts = list.replace(/\.$/, '').replace(new RegExp(`${eccn}\\s+\\.`, 'g'), `${eccn}.`).split(/\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+/).map((p) => p.trim()).filter(Boolean);
  if (parts.length === 0) return null;
  const out: string[] = [];
  let last: string[] | null = null; // segments after the ECCN
  for (const p of parts) {
    let segs: string[];
    if (/^[0-9][A-E][0-9]{3}(\.[a-z0-9]{1,4})+$/.test(p)) {
      if (!p.startsWith(`${eccn}.`)) return null;
      segs = p.slice(eccn.length + 1).split('.');
    } else if (/^\.?[a-z0-9]{1,4}(\.[a-z0-9]{1,4})*$/.test(p) && (p.startsWith('.') || last)) {
      const rel = p.replace(/^\./, '').split('.');
      if (!last || rel.length > last.length) segs = rel;
      else segs = [...last.slice(0, last.length - rel.length), ...rel];
    } else return null;
    out.push(`${eccn}.${segs.join('.')}`);
    last = segs;
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
  // "CW applies to 1C351.d.15 and .d.16 and a license is required for CW reasons for all destinations, …"
  const lead = /^(?:items\s+controlled\s+by\s+)?([0-9][A-E][0-9]{3}(?:\.[a-z0-9.]+)?(?:(?:,\s*|\s+and\s+|\s+or\s+)\.?[a-z0-9.]+)*)\s+and\s+a\s+license\s+is\s+required\b/.exec(rest);
  if (lead?.[1]) {
    const paragraphs = expandParagraphList(lead[1], eccn);
    if (paragraphs) return { kind: 'paragraphs', paragraphs };
  }
  const list = /^(?:items\s+controlled\s+by\s+|items\s+in\s+)?(.+?)\.?$/.exec(rest);
  if (list?.[1]) {
    const paragraphs = expandParagraphList(list[1], eccn);
    if (paragraphs) return { kind: 'paragraphs', paragraphs };
  }
  return { kind: 'conditional' };
}
