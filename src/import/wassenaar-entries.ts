/**
 * @module import/wassenaar-entries
 * Reads the entries of the Wassenaar lists (Dual-Use Categories 1–9 and the Munitions List) from the cleaned lines of
 * `import/wassenaar-pages`, into a tree: entry (`3.A.1`, `ML1`) → paragraphs (`a.`, `1.`, `a.` … alternating letters
 * and numbers by depth) → notes, technical notes and N.B.s attached to the paragraph they qualify.
 *
 * How the printed layout is read:
 * - A top-level entry starts with its code printed with spaces (`3. A. 1.`, `ML1.`). Later entries of a product group
 *   are sometimes printed with their number only (`       2.   "Software" …` for 1.D.2): a number that continues the
 *   group's numbering at the left margin starts the next entry.
 * - After a note, the list resumes with the full code of the paragraph (`1. A. 4.  a.  1.`): these lines re-anchor
 *   the paragraph tree and are not new entries.
 * - A paragraph label (`b.`, `3.`) continues the tree when it is the next label of an open paragraph (its sibling) or
 *   the first label under the deepest one (its child); among several, the one whose column is nearest wins. Any other
 *   label is text (a list inside a note, or wrapped text).
 * - A note (`Note`, `Note 2`, `Technical Notes`, `N.B.2.`) is attached to the open paragraph it names in its first
 *   words (`Note 1.A.4.a. includes …`, `For the purposes of 6.A.8.: …`) when that paragraph is open; otherwise to the
 *   deepest open paragraph whose text starts at or left of the note. Its text runs until a line that continues the
 *   paragraph tree; a label that starts or continues a list inside the note (after `…:` or inside `Notes`) stays in
 *   the note.
 * Whatever the parser cannot place with confidence is returned as a problem, for a review note.
 */
import type { SourceLine } from './wassenaar-pages.ts';

export type NoteKind = 'note' | 'technical_note' | 'nb';

export interface ParsedNote { kind: NoteKind; label: string; text: string[]; pages: Set<number> }

export interface ParsedParagraph {
  code: string;
  label: string;
  depth: number;
  text: string[];
  pages: Set<number>;
  notes: ParsedNote[];
  children: ParsedParagraph[];
  labelCol: number;
  textCol: number | undefined;
}

export interface ParsedEntry extends ParsedParagraph {
  /** `3.A` for dual-use entries; '' for the Munitions List. */
  group: string;
  part: number | undefined;
  /** Number within its group (dual-use) or the ML number. */
  num: number;
  subheading: string | undefined;
  /** How the heading was printed: full code, or number only (abbreviated). */
  printed: 'code' | 'number';
}

export interface ParsedGroup { code: string; part: number | undefined; title: string; pages: Set<number>; notes: ParsedNote[] }
export interface ParsedPart { part: number; title: string; pages: Set<number>; notes: ParsedNote[] }
export interface ParsedAnnex { title: string; pages: Set<number>; lines: SourceLine[] }
export interface ParseProblem { page: number; code: string; message: string }

export interface ParsedList {
  notes: ParsedNote[];
  parts: ParsedPart[];
  groups: ParsedGroup[];
  entries: ParsedEntry[];
  annexes: ParsedAnnex[];
  problems: ParseProblem[];
}

const DU_CODE = /^([0-9])\.\s*([A-E])\.\s*([0-9]{1,2})\.(?=\s|$)\s*(.*)$/;
const DU_GROUP = /^([0-9])\.\s*([A-E])\.\s+(?:Part\s?([12])\.\s+)?([A-Z"'].*)$/;
const ML_CODE = /^ML\s?([0-9]{1,2})\.(?=\s|$)\s*(.*)$/;
const LABEL = /^([a-z]|[0-9]{1,2})\.(?:\s+|$)(.*)$/;
const NOTE = /^(Technical\s+Notes?|Notes?(?:\s+[0-9]{1,2})?(?:\s+to\s+(?:the\s+Cryptography\s+Note|[0-9][0-9A-Za-z.]*[0-9a-z.]))?|N\.\s?B\.(?:\s?[0-9]\.?)?)(\s+cont\.)?(?=\s|$|:)\s*(.*)$/;
const PART = /^Part\s+([12])\s+-\s+(.+)$/;
const CATEGORY_TITLE = /^[0-9]\.\s+[A-Z][A-Z ]+$/;
/** Blocks printed after a Category's entries that are not entries: Category 1's Annex, Category 2's table, Category 4's APP note. */
const ANNEX_START = /^(ANNEX|TABLE - DEPOSITION TECHNIQUES|TECHNICAL NOTE ON 'ADJUSTED PEAK PERFORMANCE' \('APP'\))$/;
/** A code as written in running text: `1.A.4.a.`, `ML1.b.`, `6.A.8.` (used to find the paragraph a note names). */
const TEXT_CODE = /(?:ML[0-9]{1,2}|[0-9]\.[A-E]\.[0-9]{1,2})(?:\.[a-z0-9]{1,2})*\.?/;

const isLetter = (l: string) => /^[a-z]$/.test(l);
/** Labels alternate by depth: letters at odd depths (a. under the entry), numbers at even depths. */
const labelFits = (label: string, depth: number) => (depth % 2 === 1 ? isLetter(label) : /^[0-9]+$/.test(label));
const firstLabel = (depth: number) => (depth % 2 === 1 ? 'a' : '1');
const succ = (l: string) => (isLetter(l) ? String.fromCharCode(l.charCodeAt(0) + 1) : String(Number(l) + 1));

/** The labels at the start of `rest` (`a.  1.  Text`), each with its column, and the text after them. */
function splitLabels(line: SourceLine, rest: string): { labels: { label: string; col: number }[]; rest: string; restCol: number } {
  const labels: { label: string; col: number }[] = [];
  let r = rest;
  for (let m = LABEL.exec(r); m?.[1] && labels.length < 8; m = LABEL.exec(r)) {
    labels.push({ label: m[1], col: line.col + line.text.length - r.length });
    r = m[2] ?? '';
  }
  return { labels, rest: r, restCol: line.col + line.text.length - r.length };
}

/** Whether a paragraph's text ends by announcing a list (`:`); an empty text (re-anchored, or text to come) counts. */
function announcesList(p: ParsedParagraph): boolean {
  const last = p.text[p.text.length - 1];
  // Sub-paragraphs of a deleted paragraph are kept as deleted too (8.A.2.f: "Not used since 2009", f.1, f.2).
  return last === undefined || /:$/.test(last) || /^Not used since [0-9]{4}$/.test(p.text.join(' '));
}

function noteKind(keyword: string): NoteKind {
  if (/^Technical/.test(keyword)) return 'technical_note';
  if (/^N\.\s?B\./.test(keyword)) return 'nb';
  return 'note';
}

/** Normalised note label: `Note 2`, `Technical Notes`, `N.B.1`, `Note to the Cryptography Note`. */
function noteLabel(keyword: string): string {
  return keyword.replace(/\s+/g, ' ').replace(/^N\.\s?B\.\s?([0-9])\.?$/, 'N.B.$1').replace(/^N\.\s?B\.$/, 'N.B.');
}

interface OpenNote {
  note: ParsedNote;
  /** Where the note was attached by its column, and the paragraphs open when it started (for the one it names). */
  target: Target;
  open: ParsedParagraph[] | undefined;
  col: number;
  textCol: number;
  plural: boolean;
  /** The first-level list inside the note, once it has started. */
  list: { last: string; col: number } | undefined;
  endsWithColon: boolean;
}

type Target = { notes: ParsedNote[]; pages: Set<number> };

/** Parses one list (a Category, or the Munitions List) from its lines. */
export function parseList(lines: readonly SourceLine[], opts: { kind: 'dual-use'; category: string } | { kind: 'munitions' }): ParsedList {
  const out: ParsedList = { notes: [], parts: [], groups: [], entries: [], annexes: [], problems: [] };
  const listTarget: Target = { notes: out.notes, pages: new Set() };
  let part: ParsedPart | undefined;
  let group: ParsedGroup | undefined;
  let entry: ParsedEntry | undefined;
  let stack: ParsedParagraph[] = [];
  let note: OpenNote | undefined;
  let subheading: string | undefined;
  let annex: ParsedAnnex | undefined;
  const problem = (line: SourceLine, message: string) => out.problems.push({ page: line.page, code: entry?.code ?? group?.code ?? '', message });

  const scopeTarget = (): Target => (entry ? entry : group ?? part ?? listTarget);
  const deepest = () => stack[stack.length - 1];

  const addText = (p: { text: string[]; pages: Set<number> }, text: string, page: number) => { if (text) p.text.push(text); p.pages.add(page); };

  const newParagraph = (parent: ParsedParagraph, label: string, labelCol: number, textCol: number | undefined): ParsedParagraph => {
    const prev = parent.children[parent.children.length - 1];
    const p: ParsedParagraph = { code: `${parent.code}.${label}`, label, depth: parent.depth + 1, text: [], pages: new Set(), notes: [], children: [], labelCol, textCol };
    parent.children.push(p);
    if (parent.textCol === undefined) parent.textCol = labelCol;
    if (prev && prev.label === label) out.problems.push({ page: 0, code: p.code, message: `paragraph ${p.code} appears twice` });
    return p;
  };

  const startEntry = (line: SourceLine, code: string, num: number, groupCode: string, rest: string, textCol: number | undefined, printed: 'code' | 'number'): ParsedEntry => {
    const e: ParsedEntry = {
      code, label: '', depth: 0, text: [], pages: new Set([line.page]), notes: [], children: [], labelCol: line.col, textCol,
      group: groupCode, part: part?.part, num, subheading, printed,
    };
    subheading = undefined;
    if (out.entries.some((x) => x.code === code)) problem(line, `entry ${code} starts twice`);
    out.entries.push(e);
    entry = e;
    stack = [e];
    note = undefined;
    if (rest) addText(e, rest, line.page);
    return e;
  };

  /** Re-anchors the tree on an explicit path of labels under the current entry (`1. A. 4.  a.  1.`). */
  const reanchor = (line: SourceLine, labels: { label: string; col: number }[], rest: string, restCol: number, base?: ParsedParagraph) => {
    if (!entry) return;
    note = undefined;
    let p: ParsedParagraph = base ?? entry;
    const path: ParsedParagraph[] = base ? stack.slice(0, stack.indexOf(base) + 1) : [entry];
    labels.forEach(({ label, col }, i) => {
      let child = p.children.find((c) => c.label === label);
      if (!child) {
        const last = p.children[p.children.length - 1];
        const expected = last ? succ(last.label) : firstLabel(p.depth + 1);
        if (label !== expected) problem(line, `${p.code}.${label} continues ${p.code} out of sequence (expected ${p.code}.${expected})`);
        // A sibling printed normally gives the column of this level; otherwise the label's column on this line.
        child = newParagraph(p, label, last?.labelCol ?? col, i === labels.length - 1 && rest ? restCol : undefined);
      }
      p = child;
      path.push(child);
    });
    stack = path;
    addText(p, rest, line.page);
  };

  /** The paragraph a label continues, or undefined when the label does not continue the tree. */
  const candidateFor = (label: string, col: number): { parent: ParsedParagraph; expectedCol: number; firstChild: boolean } | undefined => {
    const cands: { parent: ParsedParagraph; expectedCol: number; firstChild: boolean }[] = [];
    const d = deepest();
    // A paragraph has sub-paragraphs only when its text announces them (`… as follows:`, `any of the following:`).
    if (d && d.children.length === 0 && label === firstLabel(d.depth + 1) && announcesList(d)) cands.push({ parent: d, expectedCol: d.textCol ?? d.labelCol + 5, firstChild: true });
    for (let i = stack.length - 1; i >= 1; i--) {
      const p = stack[i] as ParsedParagraph;
      const parent = stack[i - 1] as ParsedParagraph;
      const lastSibling = parent.children[parent.children.length - 1];
      if (lastSibling === p && label === succ(p.label) && labelFits(label, p.depth)) cands.push({ parent, expectedCol: p.labelCol, firstChild: false });
    }
    let best: (typeof cands)[number] | undefined;
    for (const c of cands) if (!best || Math.abs(col - c.expectedCol) < Math.abs(col - best.expectedCol)) best = c;
    return best && Math.abs(col - best.expectedCol) <= 8 ? best : undefined;
  };

  /** Whether a label that could continue the tree ends the open note instead of belonging to it. */
  const labelEndsNote = (n: OpenNote, label: string, col: number, cand: { expectedCol: number; firstChild: boolean }): boolean => {
    const paraDist = Math.abs(col - cand.expectedCol);
    if (n.list && label === succ(n.list.last) && Math.abs(col - n.list.col) <= paraDist) return false;
    // Deeper than the note's own list: a list inside one of its items.
    if (n.list && col > n.list.col + 1) return false;
    if (!n.list && n.endsWithColon && (label === 'a' || label === '1')) return paraDist + 2 < Math.abs(col - n.textCol) && !cand.firstChild;
    if (!n.list && n.plural && label === '1') return false;
    // A prose note: a label near the paragraph's column, or left of the note's own text, resumes the paragraphs.
    return paraDist <= 4 || col < n.textCol - 2;
  };

  const openNote = (line: SourceLine, keyword: string, rest: string, cont: boolean) => {
    const kind = noteKind(keyword);
    const label = noteLabel(keyword);
    const textCol = line.col + (line.text.length - rest.length);
    if (cont) {
      // "Technical Notes cont." at the top of a page: the note goes on.
      if (note) { if (rest) addNoteText(line, rest, textCol); return; }
      problem(line, `"${line.text}" continues a note that is not open; read as a new note`);
    }
    // A note keyword inside the text of an open note (an N.B. under a Note) belongs to that note.
    if (note && line.col >= note.textCol - 1 && line.col > note.col) {
      addNoteText(line, line.text, line.col);
      return;
    }
    const n: ParsedNote = { kind, label, text: [], pages: new Set([line.page]) };
    let target: Target = scopeTarget();
    if (entry) target = [...stack].reverse().find((p) => p === entry || line.col > p.labelCol + 1) ?? entry;
    target.notes.push(n);
    note = { note: n, target, open: entry ? [...stack] : undefined, col: line.col, textCol: rest ? textCol : line.col, plural: /Notes$/.test(keyword), list: undefined, endsWithColon: /:$/.test(rest) };
    if (rest) { n.text.push(rest); retarget(note, rest); }
  };

  /** A note that names an open paragraph in its first words (`1.A.4.a. includes …`, `For the purposes of 1.C.2.b.:`) belongs to it. */
  const retarget = (n: OpenNote, firstText: string) => {
    const open = n.open;
    n.open = undefined;
    if (!open) return;
    const named = TEXT_CODE.exec(firstText.slice(0, 60));
    const code = named ? named[0].replace(/\.$/, '') : undefined;
    const byName = code ? open.find((p) => p.code === code) : undefined;
    if (!byName || byName === n.target) return;
    const list = n.target.notes;
    list.splice(list.indexOf(n.note), 1);
    byName.notes.push(n.note);
    n.target = byName;
  };

  const addNoteText = (line: SourceLine, text: string, col: number) => {
    if (!note) return;
    const m = LABEL.exec(text);
    if (m?.[1]) {
      if (!note.list && (note.endsWithColon || note.plural)) note.list = { last: m[1], col };
      else if (note.list && m[1] === succ(note.list.last) && Math.abs(col - note.list.col) <= 4) note.list.last = m[1];
    }
    note.note.text.push(text);
    note.note.pages.add(line.page);
    if (note.open) retarget(note, text);
    note.endsWithColon = /:$/.test(text);
  };

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as SourceLine;
    const t = line.text;

    if (annex) {
      if (line.text === annex.title || /^LIST - "EXPLOSIVES"( cont\.)?$/.test(t) && annex.title.startsWith('ANNEX')) { annex.pages.add(line.page); annex.lines.push(line); continue; }
      const sub = /^TABLE - DEPOSITION TECHNIQUES - (NOTES|TECHNICAL NOTE|STATEMENT OF UNDERSTANDING)$/.exec(t);
      if (sub && annex.title !== t) { annex = { title: t, pages: new Set([line.page]), lines: [] }; out.annexes.push(annex); continue; }
      annex.pages.add(line.page);
      annex.lines.push(line);
      continue;
    }
    if (opts.kind === 'dual-use' && ANNEX_START.test(t) && line.col > 10) {
      annex = { title: t, pages: new Set([line.page]), lines: [] };
      out.annexes.push(annex);
      note = undefined;
      continue;
    }

    if (opts.kind === 'dual-use') {
      if (CATEGORY_TITLE.test(t) && !entry && !group && line.col === 0) continue;
      const pm = PART.exec(t);
      if (pm?.[1] && pm[2] && line.col < 4) {
        part = { part: Number(pm[1]), title: pm[2], pages: new Set([line.page]), notes: [] };
        out.parts.push(part);
        group = undefined; entry = undefined; stack = []; note = undefined;
        continue;
      }
      const gm = DU_GROUP.exec(t);
      if (gm?.[1] && gm[2] && gm[4] && line.col < 4 && !/[a-z]/.test(gm[4].replace(/ - None$/, ''))) {
        if (gm[1] !== (opts as { category: string }).category) problem(line, `group ${gm[1]}.${gm[2]} printed in Category ${(opts as { category: string }).category}`);
        group = { code: `${gm[1]}.${gm[2]}`, part: gm[3] ? Number(gm[3]) : part?.part, title: gm[4], pages: new Set([line.page]), notes: [] };
        out.groups.push(group);
        entry = undefined; stack = []; note = undefined; subheading = undefined;
        continue;
      }
      const cm = DU_CODE.exec(t);
      if (cm?.[1] && cm[2] && cm[3] && line.col < 4) {
        const code = `${cm[1]}.${cm[2]}.${Number(cm[3])}`;
        const { labels, rest, restCol: textCol } = splitLabels(line, cm[4] ?? '');
        const groupCode = `${cm[1]}.${cm[2]}`;
        if (!group || group.code !== groupCode) problem(line, `${code} is printed outside its product group ${groupCode}`);
        if (entry?.code === code && labels.length) { reanchor(line, labels, rest, textCol); continue; }
        if (entry?.code === code) { problem(line, `${code} is printed again without paragraph; read as text`); addText(deepest() ?? entry, rest, line.page); continue; }
        if (labels.length) problem(line, `${code} starts with paragraph labels ${labels.map((l) => l.label).join('.')}: read as the entry and its paragraphs`);
        startEntry(line, code, Number(cm[3]), groupCode, labels.length ? '' : rest, labels.length ? undefined : textCol, 'code');
        if (labels.length) reanchor(line, labels, rest, textCol);
        continue;
      }
    } else {
      const mm = ML_CODE.exec(t);
      if (mm?.[1] && line.col < 4) {
        const code = `ML${Number(mm[1])}`;
        const { labels, rest, restCol: textCol } = splitLabels(line, mm[2] ?? '');
        if (entry?.code === code && labels.length) { reanchor(line, labels, rest, textCol); continue; }
        if (entry?.code === code) { problem(line, `${code} is printed again without paragraph; read as text`); continue; }
        startEntry(line, code, Number(mm[1]), '', labels.length ? '' : rest, labels.length ? undefined : textCol, 'code');
        if (labels.length) reanchor(line, labels, rest, textCol);
        continue;
      }
    }

    const nm = NOTE.exec(t);
    if (nm?.[1]) {
      openNote(line, nm[1], nm[3] ?? '', Boolean(nm[2]));
      continue;
    }

    const lm = LABEL.exec(t);
    if (lm?.[1]) {
      const label = lm[1];
      const rest = lm[2] ?? '';
      // `c.   2.  Ceramic-…`: a path of labels under an open paragraph, printed without the entry code.
      const sub = LABEL.exec(rest);
      const at = sub?.[1] && entry ? stack.findIndex((p, k) => k > 0 && p.label === label && p === stack[k - 1]?.children[stack[k - 1]!.children.length - 1]) : -1;
      if (sub?.[1] && at > 0) {
        const split = splitLabels(line, t);
        reanchor(line, split.labels.slice(1), split.rest, split.restCol, stack[at]);
        continue;
      }
      const textCol = line.col + (t.length - rest.length);
      // An entry printed with its number only, continuing the product group's numbering at the left margin.
      if (opts.kind === 'dual-use' && group && /^[0-9]+$/.test(label) && line.col <= 10) {
        const lastNum = out.entries.filter((e) => e.group === group?.code && e.part === group?.part).reduce((m, e) => Math.max(m, e.num), 0);
        const entryTextCol = entry?.textCol ?? 99;
        const noteBlocks = note !== undefined && (note.endsWithColon || (note.list !== undefined && label === succ(note.list.last)) || (note.plural && !note.list));
        if (Number(label) === lastNum + 1 && line.col < entryTextCol - 1 && !noteBlocks) {
          startEntry(line, `${group.code}.${label}`, Number(label), group.code, rest, textCol, 'number');
          continue;
        }
      }
      const cand = entry ? candidateFor(label, line.col) : undefined;
      if (cand && (!note || labelEndsNote(note, label, line.col, cand))) {
        note = undefined;
        const idx = stack.indexOf(cand.parent);
        stack = stack.slice(0, idx + 1);
        const p = newParagraph(cand.parent, label, line.col, rest ? textCol : undefined);
        stack.push(p);
        addText(p, rest, line.page);
        continue;
      }
      if (note) { addNoteText(line, t, line.col); continue; }
      if (entry) {
        problem(line, `label "${label}." does not continue the paragraphs of ${deepest()?.code ?? entry.code}; read as text`);
        addText(deepest() ?? entry, t, line.page);
        continue;
      }
    }

    // A heading in capitals between entries (OPTICAL SENSORS, CRYPTOGRAPHIC "INFORMATION SECURITY").
    const next = lines[i + 1];
    if (!note && /^[A-Z][A-Z "'&/,-]{3,}$/.test(t) && /[A-Z]{4}/.test(t) && next && (DU_CODE.test(next.text) || /^[0-9]{1,2}\.\s/.test(next.text) && next.col <= 10)) {
      subheading = t;
      continue;
    }

    if (note) { addNoteText(line, t, line.col); continue; }
    const d = deepest();
    if (d) {
      if (d.textCol === undefined && d !== entry) d.textCol = line.col;
      addText(d, t, line.page);
      continue;
    }
    const target = scopeTarget();
    if ('title' in target || target === listTarget) {
      problem(line, `text outside any entry or note: "${t.slice(0, 80)}"`);
      if (target === listTarget) listTarget.pages.add(line.page);
    }
  }
  return out;
}
