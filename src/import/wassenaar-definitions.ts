/**
 * @module import/wassenaar-definitions
 * Reads "Definitions of terms used in these Lists" and the list of acronyms. A definition is printed as the quoted
 * term (`"Accuracy"`, `"Bias" (gyro)`, `"Unmanned aerial vehicle" ("UAV")`) with, in the left margin, where it is
 * used (`Cat 2, 3, 6, 7`, `ML1, 8, 10, 14`, `GTN`, `Cat 5P2`), then its text; notes and technical notes under a
 * definition belong to it. The margin may run over several lines and into the text column; it is read with the
 * grammar of the references (`Cat`, category numbers, `5P1`/`5P2`, `ML` numbers, `GTN`, `GSN`, `Dual-Use List`).
 */
import type { SourceLine } from './wassenaar-pages.ts';

export interface ParsedDefinition { term: string; qualifier: string | undefined; acronym: string | undefined; usedIn: string[]; margin: string[]; text: string[]; notes: { label: string; text: string[] }[]; pages: Set<number> }
export interface ParsedDefinitions { notes: { label: string; text: string[] }[]; definitions: ParsedDefinition[]; problems: string[] }

/** One reference in the margin. */
const REF = '(?:Cat\\s*)?(?:[0-9]{1,2}(?:P[12])?|ML\\s?[0-9]{1,2}|GTN|GSN|GISN|Dual-Use List|Both Lists)';
const MARGIN = new RegExp(`^(${REF}(?:\\s*[,&]\\s*${REF})*(?:\\s*[,&])?)(?=\\s|$)\\s*(.*)$`);
/** The term line: `"Term"`, optionally `(qualifier)` and `("ACRONYM")`. */
const TERM = /^"([^"]+)"(?:\s*\(([^)"]+)\))?(?:\s*\("([^"]+)"\))?$/;
const NOTE = /^(Technical Notes?|Notes?(?: [0-9])?|N\.B\.)(?=\s|$)\s*(.*)$/;

/** `Cat 2, 3,` + `6, 7` → Cat 2, Cat 3, Cat 6, Cat 7; `ML1, 8, 10` → ML1, ML8, ML10. */
export function readMargin(margin: string): string[] {
  const out: string[] = [];
  let mode: 'Cat' | 'ML' | undefined;
  for (const raw of margin.split(/[,&]/).map((s) => s.trim()).filter(Boolean)) {
    let tok = raw;
    if (/^Cat\s*/.test(tok)) { mode = 'Cat'; tok = tok.replace(/^Cat\s*/, ''); }
    if (/^ML\s?[0-9]/.test(tok)) { mode = 'ML'; out.push(`ML${tok.replace(/^ML\s?/, '')}`); continue; }
    if (/^(GTN|GSN|GISN|Dual-Use List|Both Lists)$/.test(tok)) { out.push(tok); continue; }
    if (/^[0-9]+(P[12])?$/.test(tok)) { out.push(mode === 'ML' ? `ML${tok}` : `Cat ${tok}`); continue; }
    out.push(tok);
  }
  return [...new Set(out)];
}

export function parseDefinitions(lines: readonly SourceLine[]): ParsedDefinitions {
  const out: ParsedDefinitions = { notes: [], definitions: [], problems: [] };
  let def: ParsedDefinition | undefined;
  let note: { label: string; text: string[] } | undefined;
  for (const line of lines) {
    let t = line.text;
    if (/^DEFINITIONS OF TERMS USED IN THESE LISTS$/.test(t) || /^This document contains the definitions/.test(t)) continue;
    // The margin: only at the left edge of the page.
    let margin = '';
    if (line.col <= 2) {
      const m = MARGIN.exec(t);
      if (m?.[1]) { margin = m[1]; t = m[2] ?? ''; }
    }
    const term = TERM.exec(t);
    if (term?.[1] && (margin || line.col >= 4 || !def || def.text.length > 0)) {
      def = { term: term[1], qualifier: term[2], acronym: term[3], usedIn: [], margin: [], text: [], notes: [], pages: new Set([line.page]) };
      out.definitions.push(def);
      note = undefined;
      if (margin) def.margin.push(margin);
      continue;
    }
    // A term split over the page break: `Wall-plug efficiency"` at the top of a page.
    if (!def && !margin && /^[^"]+"$/.test(t) && out.definitions.length === 0 && out.notes.length === 0) {
      out.problems.push(`page ${line.page}: a term ending "${t}" starts the text; read as a definition`);
    }
    if (margin && def) def.margin.push(margin);
    if (!t) continue;
    const n = NOTE.exec(t);
    if (n?.[1] && !def) { note = { label: n[1], text: n[2] ? [n[2]] : [] }; out.notes.push(note); continue; }
    if (n?.[1] && def) { note = { label: n[1], text: n[2] ? [n[2]] : [] }; def.notes.push(note); def.pages.add(line.page); continue; }
    if (note) { note.text.push(t); if (def) def.pages.add(line.page); continue; }
    if (def) { def.text.push(t); def.pages.add(line.page); continue; }
    out.problems.push(`page ${line.page}: text outside any definition: "${t.slice(0, 60)}"`);
  }
  for (const d of out.definitions) d.usedIn = readMargin(d.margin.join(', '));
  return out;
}

export interface ParsedAcronym { acronym: string; meaning: string; page: number }

/** The two-column list of acronyms: `ADC   Analogue-to-Digital Converter`; a meaning may wrap onto the next line. */
export function parseAcronyms(lines: readonly SourceLine[]): { acronyms: ParsedAcronym[]; intro: string[] } {
  const acronyms: ParsedAcronym[] = [];
  const intro: string[] = [];
  let started = false;
  for (const line of lines) {
    const t = line.text;
    if (/^ACRONYMS AND ABBREVIATIONS USED IN THESE LISTS$/.test(t)) continue;
    if (/^ACRONYM OR\s+MEANING$/.test(t)) { started = true; continue; }
    if (t === 'ABBREVIATION') continue;
    if (!started) { intro.push(t); continue; }
    const m = /^(\S(?:.*?\S)?)\s{2,}(\S.*)$/.exec(t);
    if (m?.[1] && m[2] && line.col <= 2) acronyms.push({ acronym: m[1], meaning: m[2], page: line.page });
    else {
      const last = acronyms[acronyms.length - 1];
      if (last) last.meaning = `${last.meaning} ${t}`;
    }
  }
  return { acronyms, intro };
}
