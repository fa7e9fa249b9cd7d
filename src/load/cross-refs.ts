/**
 * @module load/cross-refs
 * Checks that the knowledge base's files point at each other correctly: file names match ids, every edition,
 * source, country, group, footnote, section and ECCN referred to exists. Reports every problem, not just the first.
 */
import type { Issue } from '../errors.ts';
import type { KbRecords } from '../kb/kb.ts';

/** Members of Country Groups that are not export destinations (the United States is a member of the regimes). */
const NON_DESTINATION_MEMBERS = new Set(['US']);

export function checkCrossReferences(r: KbRecords): Issue[] {
  const issues: Issue[] = [];
  const add = (file: string, pointer: string, message: string, hint: string) => issues.push({ code: 'RULESET_REFERENCE_ERROR', file, pointer, message, hint });

  const editions = new Map(r.editions.data.editions.map((e) => [e.id, e]));
  const sources = new Map(r.editions.data.sources.map((s) => [s.id, s]));
  r.editions.data.editions.forEach((e, i) => {
    if (e.id !== e.date) add(r.editions.file, `/editions/${i}/id`, `edition id '${e.id}' differs from its date '${e.date}'`, 'an edition is identified by its eCFR date');
    e.sources.forEach((s, j) => { if (!sources.has(s)) add(r.editions.file, `/editions/${i}/sources/${j}`, `unknown source '${s}'`, 'declare it under sources:'); });
  });
  const checkEdition = (file: string, pointer: string, ed: string) => { if (!editions.has(ed)) add(file, pointer, `unknown edition '${ed}'`, `use one of ${[...editions.keys()].join(', ')} (regulations/editions.yaml)`); };
  const checkSource = (file: string, pointer: string, s: string) => { if (!sources.has(s)) add(file, pointer, `unknown source '${s}'`, 'declare it in regulations/editions.yaml'); };
  const checkRevisionOrder = (file: string, pointer: string, revs: readonly { edition: string }[]) => {
    for (let i = 1; i < revs.length; i++) {
      const a = editions.get((revs[i - 1] as { edition: string }).edition)?.date;
      const b = editions.get((revs[i] as { edition: string }).edition)?.date;
      if (a && b && a >= b) add(file, `${pointer}/${i}/edition`, `revisions are not in increasing date order (${a} then ${b})`, 'sort revisions oldest first, one per edition');
    }
  };

  const destCodes = new Set(r.destinations.map((d) => d.data.code));
  const territoryCodes = new Set(r.territories.data.territories.map((t) => t.code));
  const groupIds = new Set(r.groups.map((g) => g.data.group));
  const footnoteNumbers = new Set(r.footnotes.data.footnotes.map((f) => f.number));
  const sectionIds = new Set(r.sections.map((s) => s.data.id));
  const eccnIds = new Set(r.eccns.map((e) => e.data.eccn));
  const known = (c: string) => destCodes.has(c) || territoryCodes.has(c);

  // ECCNs
  for (const { file, data } of r.eccns) {
    const stem = file.replace(/^.*\//, '').replace(/\.yaml$/, '');
    if (stem !== data.eccn) add(file, '/eccn', `file holds ECCN '${data.eccn}' but is named '${stem}.yaml'`, `rename the file to ${data.eccn}.yaml or fix the eccn field`);
    if (!file.includes(`/ccl/${data.category}/`)) add(file, '/category', `category ${data.category} does not match the folder`, `move the file to regulations/ccl/${data.category}/`);
    if (data.eccn[0] !== data.category) add(file, '/category', `category '${data.category}' does not match ECCN ${data.eccn}`, `category is the ECCN's first character (${data.eccn[0]})`);
    if (data.eccn[1] !== data.product_group) add(file, '/product_group', `product group '${data.product_group}' does not match ECCN ${data.eccn}`, `product_group is the ECCN's second character (${data.eccn[1]})`);
    checkRevisionOrder(file, '/revisions', data.revisions);
    data.revisions.forEach((rev, i) => {
      checkEdition(file, `/revisions/${i}/edition`, rev.edition);
      rev.sources.forEach((s, j) => checkSource(file, `/revisions/${i}/sources/${j}`, s));
      if (i === 0) {
        for (const f of ['heading', 'reasons_for_control', 'license_requirements', 'license_requirements_known', 'other_authority'] as const) {
          if (rev[f] === undefined) add(file, `/revisions/0`, `the first revision must state '${f}'`, 'later revisions hold only what changed; the first holds everything');
        }
      }
      rev.license_requirements?.forEach((lr, k) => {
        const p = `/revisions/${i}/license_requirements/${k}`;
        lr.applies_to.paragraphs?.forEach((para, m) => {
          if (!para.startsWith(`${data.eccn}.`)) add(file, `${p}/applies_to/paragraphs/${m}`, `paragraph '${para}' is not inside ${data.eccn}`, 'scope paragraphs name paragraphs of the entry itself');
        });
        const ds = lr.destinations;
        if (ds) {
          [...(ds.countries ?? []), ...(ds.except_countries ?? [])].forEach((c) => { if (!known(c)) add(file, `${p}/destinations`, `unknown destination '${c}'`, 'use the ISO code of a Country Chart destination'); });
          [...(ds.groups ?? []), ...(ds.except_groups ?? [])].forEach((g) => { if (!groupIds.has(g)) add(file, `${p}/destinations`, `unknown country group '${g}'`, 'see regulations/country-groups/'); });
        }
      });
    });
    const ss = data.single_source;
    if (ss) {
      checkEdition(file, '/single_source/known_as_of/edition', ss.known_as_of.edition);
      checkSource(file, '/single_source/known_as_of/source', ss.known_as_of.source);
      ss.related_eccns?.forEach((e, i) => {
        if (!eccnIds.has(e)) add(file, `/single_source/related_eccns/${i}`, `related control ${e} is not an ECCN in the knowledge base`, 'fix the reference, or add the missing ECCN');
      });
    }
  }

  // Destinations
  for (const { file, data } of r.destinations) {
    const stem = file.replace(/^.*\//, '').replace(/\.yaml$/, '');
    if (stem !== data.code) add(file, '/code', `file holds destination '${data.code}' but is named '${stem}.yaml'`, `rename the file to ${data.code}.yaml`);
    checkRevisionOrder(file, '/chart', data.chart);
    data.chart.forEach((rev, i) => {
      checkEdition(file, `/chart/${i}/edition`, rev.edition);
      rev.sources.forEach((s, j) => checkSource(file, `/chart/${i}/sources/${j}`, s));
      rev.footnotes.forEach((n, j) => { if (!footnoteNumbers.has(n)) add(file, `/chart/${i}/footnotes/${j}`, `footnote ${n} does not exist`, 'see regulations/country-chart/footnotes.yaml'); });
    });
  }
  const aliasOwner = new Map<string, string>();
  const claim = (file: string, pointer: string, key: string, owner: string) => {
    const k = key.toLowerCase();
    const prev = aliasOwner.get(k);
    if (prev && prev !== owner) add(file, pointer, `name or alias '${key}' is used by both ${prev} and ${owner}`, 'an alias must name one destination');
    else aliasOwner.set(k, owner);
  };
  for (const { file, data } of r.destinations) {
    claim(file, '/code', data.code, data.code);
    claim(file, '/chart_name', data.chart_name, data.code);
    data.aliases.forEach((a, i) => claim(file, `/aliases/${i}`, a, data.code));
  }
  r.territories.data.territories.forEach((t, i) => {
    const f = r.territories.file;
    if (destCodes.has(t.code)) add(f, `/territories/${i}/code`, `${t.code} has a chart row of its own`, 'remove it from territories');
    if (!destCodes.has(t.row_of)) add(f, `/territories/${i}/row_of`, `unknown destination '${t.row_of}'`, 'row_of names a Country Chart destination');
    claim(f, `/territories/${i}/code`, t.code, t.code);
    t.aliases.forEach((a, j) => claim(f, `/territories/${i}/aliases/${j}`, a, t.code));
  });

  // Footnotes
  r.footnotes.data.footnotes.forEach((fn, i) => {
    checkRevisionOrder(r.footnotes.file, `/footnotes/${i}/revisions`, fn.revisions);
    fn.revisions.forEach((rev, j) => { checkEdition(r.footnotes.file, `/footnotes/${i}/revisions/${j}/edition`, rev.edition); rev.sources.forEach((s, k) => checkSource(r.footnotes.file, `/footnotes/${i}/revisions/${j}/sources/${k}`, s)); });
  });

  // Country groups
  for (const { file, data } of r.groups) {
    const stem = file.replace(/^.*\//, '').replace(/\.yaml$/, '');
    if (stem !== data.group.replace(':', '')) add(file, '/group', `file holds group '${data.group}' but is named '${stem}.yaml'`, `rename it to ${data.group.replace(':', '')}.yaml`);
    checkEdition(file, '/known_as_of/edition', data.known_as_of.edition);
    checkSource(file, '/known_as_of/source', data.known_as_of.source);
    data.members.forEach((m, i) => { if (!known(m) && !NON_DESTINATION_MEMBERS.has(m)) add(file, `/members/${i}`, `unknown destination '${m}'`, 'members are ISO codes of Country Chart destinations'); });
  }
  if (groupIds.size !== r.groups.length) add('regulations/country-groups', '', 'a country group is defined twice', 'one file per group');

  // Licence exceptions
  const symbols = new Set<string>();
  for (const { file, data } of r.exceptions) {
    const stem = file.replace(/^.*\//, '').replace(/\.yaml$/, '');
    if (stem !== data.symbol) add(file, '/symbol', `file holds '${data.symbol}' but is named '${stem}.yaml'`, `rename it to ${data.symbol}.yaml`);
    for (const s of [data.symbol, ...data.other_symbols]) { if (symbols.has(s)) add(file, '/symbol', `symbol ${s} is defined twice`, 'one file per exception'); symbols.add(s); }
    checkEdition(file, '/known_as_of/edition', data.known_as_of.edition);
    checkSource(file, '/known_as_of/source', data.known_as_of.source);
    if (data.text_file && !sectionIds.has(data.text_file)) add(file, '/text_file', `section text '${data.text_file}' does not exist`, 'see regulations/ear-text/');
  }
  for (const { file, data } of r.sections) {
    const stem = file.replace(/^.*\//, '').replace(/\.yaml$/, '');
    if (stem !== data.id) add(file, '/id', `file holds section '${data.id}' but is named '${stem}.yaml'`, `rename it to ${data.id}.yaml`);
  }
  // Controls (Parts 744, 746 …)
  const exceptionSymbols = new Set(r.exceptions.flatMap((e) => [e.data.symbol, ...e.data.other_symbols]));
  for (const { file, data } of r.controls) {
    const stem = file.replace(/^.*\//, '').replace(/\.yaml$/, '');
    if (stem !== data.id) add(file, '/id', `file holds control '${data.id}' but is named '${stem}.yaml'`, `rename it to ${data.id}.yaml`);
    if (!data.id.startsWith(data.section)) add(file, '/section', `id '${data.id}' does not start with section ${data.section}`, 'ids are <section>-<paragraph>');
    if (!file.includes(`/controls/${data.section.slice(0, 3)}/`)) add(file, '/section', `section ${data.section} is filed in the wrong folder`, `move it to regulations/controls/${data.section.slice(0, 3)}/`);
    if (!sectionIds.has(data.text_file)) add(file, '/text_file', `section text '${data.text_file}' does not exist`, 'see regulations/ear-text/');
    const ds = data.applies_when.destinations;
    if (ds) {
      [...(ds.countries ?? []), ...(ds.except_countries ?? [])].forEach((c) => { if (!known(c)) add(file, '/applies_when/destinations', `unknown destination '${c}'`, 'use the ISO code of a Country Chart destination'); });
      [...(ds.groups ?? []), ...(ds.except_groups ?? [])].forEach((g) => { if (!groupIds.has(g)) add(file, '/applies_when/destinations', `unknown country group '${g}'`, 'see regulations/country-groups/'); });
    }
    const it = data.applies_when.items;
    [...(it.eccns ?? []), ...(it.except_eccns ?? [])].forEach((e) => { if (!eccnIds.has(e.slice(0, 5))) add(file, '/applies_when/items', `ECCN ${e} is not in the knowledge base`, 'fix the reference'); });
    (data.license_exceptions.allowed ?? []).forEach((x, i) => { if (!exceptionSymbols.has(x)) add(file, `/license_exceptions/allowed/${i}`, `unknown licence exception '${x}'`, 'see regulations/license-exceptions/'); });
    if (data.license_exceptions.policy === 'listed' && !data.license_exceptions.allowed?.length) add(file, '/license_exceptions', "policy 'listed' needs a non-empty 'allowed' list", "use policy 'none' when no exception is allowed");
  }
  // Licence exception terms and § 740.2 restrictions
  for (const { file, data } of r.terms) {
    const stem = file.replace(/^.*\//, '').replace(/\.yaml$/, '');
    if (stem !== data.symbol) add(file, '/symbol', `file holds terms of '${data.symbol}' but is named '${stem}.yaml'`, `rename it to ${data.symbol}.yaml`);
    if (!exceptionSymbols.has(data.symbol)) add(file, '/symbol', `unknown licence exception '${data.symbol}'`, 'see regulations/license-exceptions/');
    if (!sectionIds.has(data.text_file)) add(file, '/text_file', `section text '${data.text_file}' does not exist`, 'see regulations/ear-text/');
    const ds = data.destinations;
    [...(ds.countries ?? []), ...(ds.except_countries ?? [])].forEach((c) => { if (!known(c)) add(file, '/destinations', `unknown destination '${c}'`, 'use the ISO code of a Country Chart destination'); });
    [...(ds.groups ?? []), ...(ds.except_groups ?? [])].forEach((g) => { if (!groupIds.has(g)) add(file, '/destinations', `unknown country group '${g}'`, 'see regulations/country-groups/'); });
  }
  for (const { file, data } of r.restrictions) {
    const stem = file.replace(/^.*\//, '').replace(/\.yaml$/, '');
    if (stem !== data.id) add(file, '/id', `file holds restriction '${data.id}' but is named '${stem}.yaml'`, `rename it to ${data.id}.yaml`);
    if (!sectionIds.has(data.text_file)) add(file, '/text_file', `section text '${data.text_file}' does not exist`, 'see regulations/ear-text/');
    if ((data.only === undefined) === (data.removes === undefined)) add(file, '/only', 'a restriction states exactly one of `only` (what remains) or `removes` (what it takes away)', 'keep one of the two');
    [...(data.only ?? []), ...(data.removes ?? [])].forEach((x) => { if (!exceptionSymbols.has(x)) add(file, data.only ? '/only' : '/removes', `unknown licence exception '${x}'`, 'see regulations/license-exceptions/'); });
    const it = data.applies_when.items;
    [...(it.eccns ?? []), ...(it.except_eccns ?? [])].forEach((e) => { if (!eccnIds.has(e.slice(0, 5))) add(file, '/applies_when/items', `ECCN ${e} is not in the knowledge base`, 'fix the reference'); });
    const ds = data.applies_when.destinations;
    if (ds) {
      [...(ds.countries ?? []), ...(ds.except_countries ?? [])].forEach((c) => { if (!known(c)) add(file, '/applies_when/destinations', `unknown destination '${c}'`, 'use an ISO code'); });
      [...(ds.groups ?? []), ...(ds.except_groups ?? [])].forEach((g) => { if (!groupIds.has(g)) add(file, '/applies_when/destinations', `unknown country group '${g}'`, 'see regulations/country-groups/'); });
    }
  }
  return issues;
}
