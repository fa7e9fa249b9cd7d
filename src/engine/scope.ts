/**
 * @module engine/scope
 * Set membership used by the operators: whether a destination is in a DestinationSet, whether an item paragraph is
 * covered by a row's scope, whether an item falls under a control's item selector. Pure functions of the data.
 */
import type { Snapshot } from '../kb/kb.ts';
import type { AppliesToT, DestinationSetT } from '../schema/eccn.ts';
import type { ItemSelectorT } from '../schema/control.ts';
import { withinParagraph } from '../kb/eccn-ref.ts';

/**
 * Whether a destination is in a set. A country the sentence names explicitly is in the set even when it is also in
 * an excluded group ("To or within the United Arab Emirates or destinations specified in Country Groups D:1, D:4, and
 * D:5 …, excluding any destination also specified in Country Groups A:5 or A:6": the exclusion qualifies the
 * destinations specified by group, and the UAE, itself in A:5, was named to be covered). `except_countries` removes a
 * country whatever brought it in ("ALL destinations, except Canada").
 */
export function inDestinationSet(s: Snapshot, code: string, set: DestinationSetT): boolean {
  if (set.except_countries?.includes(code)) return false;
  if (set.countries?.includes(code)) return true;
  const groups = s.groupsOf(code);
  if (!(set.all === true || anyIn(set.groups, groups))) return false;
  return !anyIn(set.except_groups, groups);
}

// Hot paths below avoid closures: under the TypeScript loader every closure creation also names the function.
function anyIn(list: readonly string[] | undefined, set: readonly string[]): boolean {
  if (!list) return false;
  for (const x of list) if (set.includes(x)) return true;
  return false;
}

function covers(list: readonly string[] | undefined, ref: string): boolean {
  if (!list) return false;
  for (const e of list) if (withinParagraph(ref, e)) return true;
  return false;
}

/**
 * Whether a row may apply to the item. With no paragraph given, every row may apply (the answer says "applies if
 * your item is in …"); with a paragraph, paragraph-scoped rows apply when the paragraph lies within their scope.
 */
export function rowMayApply(paragraph: string, a: AppliesToT): boolean {
  if (!paragraph) return true;
  switch (a.kind) {
    case 'entire_entry':
    case 'conditional':
      return true;
    case 'paragraphs':
      // The item is in the scope, or the scope lies inside the item's paragraph (item "3A001.b" may be "3A001.b.2").
      return (a.paragraphs ?? []).some((p) => withinParagraph(paragraph, p) || withinParagraph(p, paragraph));
    case 'entire_entry_except':
      return !(a.paragraphs ?? []).some((p) => withinParagraph(paragraph, p));
  }
}

/** Whether the row certainly applies (not just possibly): used to word the explanation. */
export function rowCertainlyApplies(paragraph: string, a: AppliesToT): boolean {
  if (a.kind === 'entire_entry') return true;
  if (!paragraph || a.kind === 'conditional') return false;
  if (a.kind === 'paragraphs') return (a.paragraphs ?? []).some((p) => withinParagraph(paragraph, p));
  return !(a.paragraphs ?? []).some((p) => withinParagraph(paragraph, p) || withinParagraph(p, paragraph));
}

export interface ItemFacts {
  eccn: string; // "EAR99" or the ECCN
  paragraph: string; // full reference or ''
  reasons: readonly string[];
  attributes: readonly string[];
}

/** ECCN families named by their pattern: "600 series" (third character 6), 9x515, 0Y521. */
export function inSeries(series: readonly string[] | undefined, eccn: string): boolean {
  if (!series?.length || eccn === 'EAR99') return false;
  return series.some((s) => (s === '600_series' && eccn[2] === '6') || (s === '9x515' && /^9[A-E]515$/.test(eccn)) || (s === '0y521' && /^0[A-E]521$/.test(eccn)));
}

export function itemMatches(sel: ItemSelectorT, item: ItemFacts): boolean {
  const ear99 = item.eccn === 'EAR99';
  const ref = item.paragraph || item.eccn;
  const included =
    sel.all_subject_to_ear === true ||
    inSeries(sel.series, item.eccn) ||
    (sel.ccl_all === true && !ear99) ||
    (sel.ear99 === true && ear99) ||
    covers(sel.eccns, ref) ||
    (!ear99 && anyIn(sel.reasons, item.reasons));
  if (!included) return false;
  if (covers(sel.except_eccns, ref)) return false;
  if (sel.except_attributes?.length && (!sel.except_attributes_ear99_only || ear99)) {
    if (anyIn(sel.except_attributes, item.attributes)) return false;
  }
  return true;
}

/**
 * Whether an item *may* be covered by a paragraph-level list when the caller gave no paragraph (e.g. the list names
 * 3A991.a and the caller said 3A991): such a match is possible, not certain.
 */
export function itemMayMatchByParagraph(sel: ItemSelectorT, item: ItemFacts): boolean {
  if (item.eccn === 'EAR99') return false;
  // The list names a paragraph inside the item's (e.g. the list has 3A001.z.1.b, the item is 3A001.z or 3A001).
  if (!sel.eccns) return false;
  const prefix = `${item.paragraph || item.eccn}.`;
  for (const e of sel.eccns) if (e.startsWith(prefix)) return true;
  return false;
}
