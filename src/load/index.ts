/**
 * @module load
 * The only module that reads `regulations/`: walks the folders, parses every file strictly, validates it against
 * its JSON Schema, checks cross-references, and builds the frozen knowledge base. Problems are collected from every
 * file and reported together in one LoadError.
 */
import { createHash } from 'node:crypto';
import { walk } from './walk.ts';
import { join, sep } from 'node:path';
import type { TSchema } from '@sinclair/typebox';
import { LoadError, type Issue } from '../errors.ts';
import { createKnowledgeBase, type KbRecords, type KnowledgeBase, type FileRecord } from '../kb/kb.ts';
import { EccnFile } from '../schema/eccn.ts';
import { DestinationFile, TerritoriesFile } from '../schema/destination.ts';
import { ColumnsFile, FootnotesFile } from '../schema/chart.ts';
import { CountryGroupFile } from '../schema/country-group.ts';
import { LicenseExceptionFile } from '../schema/license-exception.ts';
import { SectionTextFile } from '../schema/section-text.ts';
import { EditionsFile } from '../schema/editions.ts';
import { ControlFile } from '../schema/control.ts';
import { ExceptionRestrictionFile, ExceptionTermsFile } from '../schema/exception-terms.ts';
import { readFilesByKind } from './read-kinds.ts';
import { createValidator } from './validate.ts';
import { checkCrossReferences } from './cross-refs.ts';
import { locateIssue } from './locate.ts';
import { checkWassenaar, lazyWassenaar, loadWassenaar } from './wassenaar.ts';
import { checkBenchmarks } from './benchmarks.ts';
import type { WassenaarList } from '../kb/wassenaar.ts';
import type { WassenaarMap } from '../kb/wassenaar-map.ts';
import { checkWassenaarMap, lazyWassenaarMap, loadWassenaarMap, type MapContext } from './wassenaar-map.ts';

export const SCHEMAS: Record<string, TSchema> = {
  editions: EditionsFile,
  eccn: EccnFile,
  destination: DestinationFile,
  territories: TerritoriesFile,
  columns: ColumnsFile,
  footnotes: FootnotesFile,
  group: CountryGroupFile,
  exception: LicenseExceptionFile,
  section: SectionTextFile,
  control: ControlFile,
  terms: ExceptionTermsFile,
  restriction: ExceptionRestrictionFile,
};

let validator: ReturnType<typeof createValidator> | undefined;
const getValidator = () => (validator ??= createValidator(SCHEMAS));

/** Which schema a file under `regulations/` follows, from its path; undefined for a file that does not belong. */
export function kindOf(rel: string): string | undefined {
  const p = rel.split(sep).join('/');
  if (p === 'regulations/editions.yaml') return 'editions';
  if (/^regulations\/ccl\/[0-9]\/[^/]+\.yaml$/.test(p)) return 'eccn';
  if (/^regulations\/destinations\/[^/]+\.yaml$/.test(p)) return 'destination';
  if (p === 'regulations/country-chart/territories.yaml') return 'territories';
  if (p === 'regulations/country-chart/columns.yaml') return 'columns';
  if (p === 'regulations/country-chart/footnotes.yaml') return 'footnotes';
  if (/^regulations\/country-groups\/[^/]+\.yaml$/.test(p)) return 'group';
  if (/^regulations\/license-exceptions\/[^/]+\.yaml$/.test(p)) return 'exception';
  if (/^regulations\/ear-text\/[^/]+\.yaml$/.test(p)) return 'section';
  if (/^regulations\/controls\/[0-9]{3}\/[^/]+\.yaml$/.test(p)) return 'control';
  if (/^regulations\/exception-terms\/[^/]+\.yaml$/.test(p)) return 'terms';
  if (/^regulations\/exception-restrictions\/[^/]+\.yaml$/.test(p)) return 'restriction';
  return undefined;
}


export interface CheckResult {
  kb?: KnowledgeBase;
  issues: Issue[];
  files: number;
}

export interface CheckOptions {
  /**
   * `eager` (default, `dualuse validate`): read and check regulations/wassenaar/ now, with everything else.
   * `lazy` (`loadKnowledgeBase`): read it on the first call of `kb.wassenaar()` (and the cross-regime map on the
   * first call of `kb.wassenaarMap()`).
   */
  wassenaar?: 'eager' | 'lazy';
}

/** Loads and checks everything under `<root>/regulations`; never throws for bad data (issues are returned). */
export function checkKnowledgeBase(root: string, opts: CheckOptions = {}): CheckResult {
  const issues: Issue[] = [];
  const regRoot = join(root, 'regulations');
  let paths: string[];
  try {
    paths = walk(regRoot);
  } catch (e) {
    return { issues: [{ code: 'RULESET_NOT_FOUND', file: 'regulations', message: `cannot read the knowledge base folder: ${(e as Error).message}`, hint: 'run from the repository root, or pass --root' }], files: 0 };
  }
  const hash = createHash('sha256');
  const { byKind, located, files: read } = readFilesByKind(root, paths, issues, {
    skip: (rel) => rel.endsWith('/.gitkeep')
      || /^regulations\/lists\/[^/]+\.json$/.test(rel) // party lists: loaded on demand by load/lists.ts
      || rel.startsWith('regulations/wassenaar/') // the Wassenaar list: load/wassenaar.ts
      || rel.startsWith('regulations/benchmarks/'), // sourced benchmark figures of the reports: load/benchmarks.ts
    kindOf,
    unknown: (rel) => ({ code: 'RULESET_PATH_INVALID', file: rel, message: 'file is not part of the knowledge-base layout', hint: 'see regulations/README.md for where each kind of file goes (YAML files end in .yaml)' }),
    validator: getValidator(),
    hash,
  });
  let files = read;
  const one = <T>(kind: string, file: string): FileRecord<T> | undefined => {
    const l = byKind.get(kind);
    if (!l || l.length === 0) {
      if (!issues.some((i) => i.file === file)) issues.push({ code: 'RULESET_NOT_FOUND', file, message: 'required file is missing', hint: 'run `dualuse import` to regenerate the knowledge base' });
      return undefined;
    }
    return l[0] as FileRecord<T>;
  };
  const editions = one<KbRecords['editions']['data']>('editions', 'regulations/editions.yaml');
  const territories = one<KbRecords['territories']['data']>('territories', 'regulations/country-chart/territories.yaml');
  const columns = one<KbRecords['columns']['data']>('columns', 'regulations/country-chart/columns.yaml');
  const footnotes = one<KbRecords['footnotes']['data']>('footnotes', 'regulations/country-chart/footnotes.yaml');
  if (!editions || !territories || !columns || !footnotes) return { issues, files };
  const records: KbRecords = {
    editions,
    territories,
    columns,
    footnotes,
    eccns: (byKind.get('eccn') ?? []) as KbRecords['eccns'],
    destinations: (byKind.get('destination') ?? []) as KbRecords['destinations'],
    groups: (byKind.get('group') ?? []) as KbRecords['groups'],
    exceptions: (byKind.get('exception') ?? []) as KbRecords['exceptions'],
    sections: (byKind.get('section') ?? []) as KbRecords['sections'],
    controls: (byKind.get('control') ?? []) as KbRecords['controls'],
    terms: (byKind.get('terms') ?? []) as KbRecords['terms'],
    restrictions: (byKind.get('restriction') ?? []) as KbRecords['restrictions'],
  };
  // Cross-references are checked even when some files failed, so that one run reports everything; a reference to
  // an entry whose own file failed is reported too, with a hint saying so.
  const failed = new Set(issues.map((i) => i.file));
  const refIssues = checkCrossReferences(records).map((i) => (failed.size ? { ...i, hint: `${i.hint ?? ''}${i.hint ? '; ' : ''}this may follow from a file above that failed to load` } : i));
  issues.push(...refIssues.map((i) => locateIssue(i, located.get(i.file))));
  let wassenaar: () => WassenaarList;
  let wassenaarMap: () => WassenaarMap;
  const sectionText = new Map(records.sections.map((s) => [s.data.id, s.data.text]));
  const mapContext = (list: WassenaarList): MapContext => ({ eccns: records.eccns, wassenaar: list, section: (id) => sectionText.get(id) });
  if (opts.wassenaar === 'lazy') {
    wassenaar = lazyWassenaar(root);
    wassenaarMap = lazyWassenaarMap(root, () => mapContext(wassenaar()));
  } else {
    const wa = checkWassenaar(root);
    issues.push(...wa.issues);
    files += wa.files;
    const list = wa.list;
    wassenaar = () => list ?? loadWassenaar(root); // absent folder: loadWassenaar throws a LoadError saying so
    // The map is checked against the list: only when the list itself loaded.
    const m = list ? checkWassenaarMap(root, mapContext(list)) : undefined;
    if (m) { issues.push(...m.issues); files += m.files; }
    const map = m?.map;
    wassenaarMap = () => map ?? loadWassenaarMap(root, mapContext(wassenaar()));
    // Checked with everything else by `dualuse validate`; read by the analysis (analysis/index.ts) when it runs.
    const b = checkBenchmarks(root);
    issues.push(...b.issues);
    files += b.rows.length ? new Set(b.rows.map((x) => x.file)).size : 0;
  }
  if (issues.length) return { issues, files };
  return { kb: createKnowledgeBase(records, hash.digest('hex'), { wassenaar, wassenaarMap }), issues, files };
}

/** Loads the knowledge base or throws a LoadError listing every problem (the Wassenaar list is read on first use). */
export function loadKnowledgeBase(root: string): KnowledgeBase {
  const r = checkKnowledgeBase(root, { wassenaar: 'lazy' });
  if (!r.kb) throw new LoadError(r.issues);
  return r.kb;
}
