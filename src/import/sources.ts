/**
 * @module import/sources
 * Reads the third-party mirrors in `shared/regdata/` (see its MANIFEST.md) into typed records. Nothing here
 * interprets the regulation; it only knows each file's layout.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface ToolstopEccn { c: [string, string, string | null][]; r: string[]; t: string; n?: number }
export interface ToolstopFile {
  source_edition: string;
  chart_columns: string[];
  footnotes: Record<string, string>;
  countries: Record<string, { c?: string[]; f?: number[]; e?: string }>;
  eccns: Record<string, ToolstopEccn>;
}
export interface SeelpeedEntry {
  eccn: string; category: string; productGroup: string; heading: string; reasonForControl: string | null;
  countryChart: { control: string; countryChart: string }[];
  licenceExceptionFlags: Record<string, string> | null;
  staSpecialConditions: string | null; relatedControls: string | null;
  items: { paragraph: string | null; kind: 'item' | 'text' | 'note'; depth: number; text: string }[] | null;
}
export interface SeelpeedCcl { ecfrIssueDate: string; entries: SeelpeedEntry[] }
export interface SeelpeedChart {
  ecfrIssueDate: string;
  countries: Record<string, { marks: string[]; footnotes: number[] }>;
  embargoed: Record<string, { pointer: string; footnotes: number[] }>;
  footnotes: Record<string, string>;
  aliases: Record<string, string>;
  territoryInheritance: Record<string, { row: string; basis: string }>;
}
export interface SeelpeedGroups {
  ecfrIssueDate: string;
  notes: Record<string, string>;
  aliases: Record<string, string>;
  labels: Record<string, string>;
  groups: Record<string, string[]>;
}
export interface SeelpeedExceptions { ecfrIssueDate: string; exceptions: { sectionNumber: string; symbols: string[]; title: string }[] }
export interface JaepalyHeading { code: string; category: string; text: string }

export interface Sources {
  root: string;
  toolstop: { '2026-01-01': ToolstopFile; '2026-08-07': ToolstopFile };
  toolstopCommits: Record<string, string>;
  seelpeed: { ccl: SeelpeedCcl; chart: SeelpeedChart; groups: SeelpeedGroups; exceptions: SeelpeedExceptions; commit: string };
  jaepaly: { headings: JaepalyHeading[]; commit: string; ecfrDate: string };
  earTextDir: string;
}

const json = <T>(p: string): T => JSON.parse(readFileSync(p, 'utf8')) as T;
const commit = (p: string): string => readFileSync(p, 'utf8').trim();

export const SOURCE_PATHS = {
  toolstop: 'structured/toolstop-mcp-export-control',
  seelpeed: 'structured/seelpeed-export-controls-agent-mcp',
  jaepaly: 'corpora/jaepaly-2026sanbo',
  earText: 'ear-text',
} as const;

export function readSources(root: string): Sources {
  const ts = join(root, SOURCE_PATHS.toolstop);
  const sp = join(root, SOURCE_PATHS.seelpeed);
  const jp = join(root, SOURCE_PATHS.jaepaly);
  const manifest = json<{ ecfr_date: string }>(join(jp, 'ecfr_fetch_manifest.json'));
  return {
    root,
    toolstop: {
      '2026-01-01': json(join(ts, '2026-01-01/ear-chart-and-ccl.json')),
      '2026-08-07': json(join(ts, '2026-08-07/ear-chart-and-ccl.json')),
    },
    toolstopCommits: {
      '2026-01-01': commit(join(ts, 'SOURCE_COMMIT_2026-01-01')),
      '2026-08-07': commit(join(ts, 'SOURCE_COMMIT_2026-08-07')),
    },
    seelpeed: {
      ccl: json(join(sp, 'ccl.json')),
      chart: json(join(sp, 'country-chart.json')),
      groups: json(join(sp, 'country-groups.json')),
      exceptions: json(join(sp, 'license-exception-catalog.json')),
      commit: commit(join(sp, 'SOURCE_COMMIT')),
    },
    jaepaly: { headings: json(join(jp, 'ecfr_supp1.json')), commit: commit(join(jp, 'SOURCE_COMMIT')), ecfrDate: manifest.ecfr_date },
    earTextDir: join(root, SOURCE_PATHS.earText),
  };
}
