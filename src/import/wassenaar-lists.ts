/**
 * @module import/wassenaar-lists
 * Reads the two annexes of the Dual-Use List that single out entries: the Sensitive List and the Very Sensitive List.
 * Each item is printed as one or more codes in the left column (`1.C.10.c. & 1.C.10.d.`, `9.E.3.a.1. to 9.E.3.a.5. &
 * 9.E.3.a.8.`) and the list's own wording on the right (often abbreviated with `…`, sometimes narrower than the entry:
 * the annex shades text that differs). Items reading "Not used since …" are kept, marked as not in force.
 */
import type { SourceLine } from './wassenaar-pages.ts';

export interface ParsedListItem { codes: string[]; printed: string; category: string; text: string[]; pages: Set<number> }
export interface ParsedSensitiveList { notes: string[]; items: ParsedListItem[]; none: string[]; problems: string[] }

const CODE = /^([0-9]\.[A-E]\.[0-9]{1,2}(?:\.[a-z0-9]{1,2})*)\.?/;
const ONE = '[0-9]\\.[A-E]\\.[0-9]{1,2}(?:\\.[a-z0-9]{1,2})*\\.?';
/** The code column: codes joined by `&` and `to`, possibly ending with `&`/`to` (continued on the next line). */
const CODE_COLUMN = new RegExp(`^(${ONE}(?:\\s*(?:&|to)\\s*${ONE})*(?:\\s*(?:&|to)(?=\\s|$))?),?\\s*(.*)$`);
const CATEGORY = /^Category ([0-9](?: - Part [12])?)(?: cont\.)?(?:\s+(None))?$/;

/** `9.E.3.a.1. to 9.E.3.a.5. & 9.E.3.a.8.` → the codes it names, ranges expanded. */
export function expandCodes(printed: string): string[] | undefined {
  const out: string[] = [];
  const parts = printed.replace(/,$/, '').split('&').map((p) => p.trim());
  for (const p of parts) {
    const range = /^(\S+?)\.?\s+to\s+(\S+?)\.?$/.exec(p);
    if (range?.[1] && range[2]) {
      const a = range[1].split('.');
      const b = range[2].split('.');
      const prefix = a.slice(0, -1).join('.');
      const from = a[a.length - 1] ?? '';
      const to = b[b.length - 1] ?? '';
      if (prefix !== b.slice(0, -1).join('.')) return undefined;
      if (/^[0-9]+$/.test(from) && /^[0-9]+$/.test(to)) for (let k = Number(from); k <= Number(to); k++) out.push(`${prefix}.${k}`);
      else if (/^[a-z]$/.test(from) && /^[a-z]$/.test(to)) for (let k = from.charCodeAt(0); k <= to.charCodeAt(0); k++) out.push(`${prefix}.${String.fromCharCode(k)}`);
      else return undefined;
      continue;
    }
    const m = CODE.exec(p);
    if (!m?.[1] || m[0].length < p.replace(/,$/, '').length) return undefined;
    out.push(m[1]);
  }
  return out;
}

/** Parses the lines of one of the two lists (the pages whose header is `Sensitive List` or `Very Sensitive List`). */
export function parseSensitiveList(lines: readonly SourceLine[]): ParsedSensitiveList {
  const out: ParsedSensitiveList = { notes: [], items: [], none: [], problems: [] };
  let category = '';
  let item: ParsedListItem | undefined;
  let inNote = false;
  let codeOpen = false; // the item's code column ends with `&` or `to`: the next line continues it
  for (const line of lines) {
    const t = line.text;
    if (/^(THE )?(VERY )?SENSITIVE LIST OF DUAL-USE GOODS AND TECHNOLOGIES$/.test(t)) continue;
    const nb = /^N\.B\.\s+(.*)$/.exec(t);
    if (nb?.[1] !== undefined && item) { item.text.push(t); continue; } // an N.B. under an item belongs to it
    if (nb?.[1] !== undefined) { out.notes.push(nb[1]); inNote = true; continue; }
    const cat = CATEGORY.exec(t);
    if (cat?.[1]) {
      category = cat[1];
      if (cat[2]) out.none.push(category);
      item = undefined; inNote = false;
      continue;
    }
    if (line.col <= 1 && (CODE.test(t) || codeOpen)) {
      const split = CODE_COLUMN.exec(t);
      const left = (split?.[1] ?? t).trim();
      const text = (split?.[2] ?? '').trim();
      if (codeOpen && item) {
        item.printed = `${item.printed} ${left}`;
      } else {
        item = { codes: [], printed: left, category, text: [], pages: new Set([line.page]) };
        out.items.push(item);
      }
      codeOpen = /(&|\bto)$/.test(left);
      if (text) item.text.push(text);
      item.pages.add(line.page);
      inNote = false;
      if (!codeOpen) {
        const codes = expandCodes(item.printed);
        if (!codes) out.problems.push(`page ${line.page}: cannot read the codes "${item.printed}"`);
        item.codes = codes ?? [];
      }
      continue;
    }
    if (t === '-') continue; // a stray dash under 4.E.1. in the Sensitive List
    if (inNote) { out.notes[out.notes.length - 1] += ` ${t}`; continue; }
    if (item) { item.text.push(t); item.pages.add(line.page); continue; }
    out.problems.push(`page ${line.page}: text outside any item: "${t.slice(0, 60)}"`);
  }
  return out;
}
