/**
 * @module load/wassenaar-checks
 * What the Wassenaar schemas cannot say: each entry file holds the code its name gives, in the folder of its
 * category; codes are unique across the list; every paragraph belongs to its entry and its parent paragraph comes
 * before it; category files name their own groups; the Sensitive and Very Sensitive List items name codes that exist
 * and the entries carry exactly the membership the annexes give; definitions are not repeated.
 */
import type { Issue } from '../errors.ts';
import type { WassenaarRecords } from '../kb/wassenaar.ts';

export function checkWassenaarReferences(r: WassenaarRecords): Issue[] {
  const issues: Issue[] = [];
  const add = (file: string, pointer: string, message: string, hint: string) => issues.push({ code: 'RULESET_REFERENCE_ERROR', file, pointer, message, hint });

  const where = new Map<string, string>(); // code → file that holds it
  const membership = new Map<string, { file: string; pointer: string; lists: readonly string[] }>();
  for (const { file, data } of r.entries) {
    const stem = file.replace(/^.*\//, '').replace(/\.yaml$/, '');
    if (stem !== data.code) add(file, '/code', `file holds entry ${data.code} but is named ${stem}.yaml`, `rename the file to ${data.code}.yaml or fix the code`);
    if (data.list === 'dual-use') {
      if (!file.includes(`/dual-use/${data.category ?? '?'}/`) || data.code[0] !== data.category) add(file, '/category', `category ${data.category ?? '(none)'} does not match entry ${data.code} and its folder`, `the category is the code's first digit (${data.code[0]}); the file goes in dual-use/${data.code[0]}/`);
      if (data.group !== data.code[2]) add(file, '/group', `group ${data.group ?? '(none)'} does not match entry ${data.code}`, `the group is the code's letter (${data.code[2]})`);
    } else if (!/^ML/.test(data.code) || !file.includes('/munitions/')) add(file, '/code', `munitions entry ${data.code} is not an ML code in munitions/`, 'Munitions List entries are ML1 … ML22 in munitions/');
    const seen = where.get(data.code);
    if (seen) add(file, '/code', `code ${data.code} is also held by ${seen}`, 'each code is held once');
    where.set(data.code, file);
    if (data.lists) membership.set(data.code, { file, pointer: '/lists', lists: data.lists });
    const inEntry = new Set([data.code]);
    data.paragraphs.forEach((p, i) => {
      const ptr = `/paragraphs/${i}/code`;
      const parent = p.code.slice(0, p.code.lastIndexOf('.'));
      if (!p.code.startsWith(`${data.code}.`)) add(file, ptr, `paragraph ${p.code} is not inside entry ${data.code}`, `paragraph codes start with ${data.code}.`);
      else if (!inEntry.has(parent)) add(file, ptr, `the parent ${parent} of paragraph ${p.code} does not exist before it`, 'list every paragraph after its parent; re-run `dualuse import`');
      const other = where.get(p.code);
      if (other) add(file, ptr, `code ${p.code} is also held by ${other === file ? 'an earlier paragraph of this file' : other}`, 'each code is held once');
      where.set(p.code, file);
      inEntry.add(p.code);
      if (p.lists) membership.set(p.code, { file, pointer: `/paragraphs/${i}/lists`, lists: p.lists });
    });
  }

  for (const { file, data } of r.categories) {
    if (!file.includes(`/dual-use/${data.category}/`)) add(file, '/category', `category ${data.category} does not match its folder`, `move the file to dual-use/${data.category}/index.yaml`);
    data.groups.forEach((g, i) => { if (g.code[0] !== data.category) add(file, `/groups/${i}/code`, `group ${g.code} is not in Category ${data.category}`, 'a category lists its own product groups'); });
  }
  const categoryFiles = new Set(r.categories.map((c) => c.data.category));
  for (const { file, data } of r.entries) if (data.category && !categoryFiles.has(data.category)) add(file, '/category', `Category ${data.category} has no index.yaml`, 'run `dualuse import`');

  // The annexes give the membership; the entries must carry exactly that.
  const expected = new Map<string, Set<string>>();
  r.sensitive.data.lists.forEach((l, i) => l.items.forEach((item, j) => item.codes.forEach((c, k) => {
    if (item.not_used) return;
    if (!where.has(c)) add(r.sensitive.file, `/lists/${i}/items/${j}/codes/${k}`, `${l.id} item ${c} is not a code of the list`, 'fix the code, or mark the item not_used when it reads "Not used since …"');
    const s = expected.get(c) ?? new Set<string>();
    s.add(l.id);
    expected.set(c, s);
  })));
  for (const [code, lists] of expected) {
    const m = membership.get(code);
    const file = where.get(code);
    if (file && (!m || m.lists.length !== lists.size || m.lists.some((x) => !lists.has(x)))) add(file, m?.pointer ?? '/code', `${code} is on ${[...lists].join(' and ')} in sensitive-lists.yaml but its file says ${m ? m.lists.join(', ') : 'none'}`, 'the membership comes from the annexes: re-run `dualuse import`');
  }
  for (const [code, m] of membership) if (!expected.has(code)) add(m.file, m.pointer, `${code} says it is on ${m.lists.join(', ')} but no item of sensitive-lists.yaml names it`, 'remove `lists`, or add the item to sensitive-lists.yaml');

  const terms = new Map<string, number>();
  r.definitions.data.definitions.forEach((d, i) => {
    const key = `${d.term.toLowerCase()}\0${d.qualifier ?? ''}`;
    const first = terms.get(key);
    if (first !== undefined) add(r.definitions.file, `/definitions/${i}/term`, `"${d.term}"${d.qualifier ? ` (${d.qualifier})` : ''} is defined twice (also /definitions/${first})`, 'keep one definition per term and qualifier');
    else terms.set(key, i);
  });
  return issues;
}
