/**
 * Every Country Chart cell and every Country Group membership of every edition, compared with the source files
 * themselves (read here directly, not through the importer's reconciliation).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REGDATA, realKb } from '../helpers/kb.ts';
import { isoCodeFor } from '../../src/import/countries.ts';
import { CHART_COLUMNS } from '../../src/schema/common.ts';
import type { Snapshot } from '../../src/kb/kb.ts';

const kb = realKb();
const json = (p: string) => JSON.parse(readFileSync(join(REGDATA, p), 'utf8'));

const toolstop: Record<string, { countries: Record<string, { c?: string[]; f?: number[]; e?: string }>; footnotes: Record<string, string> }> = {
  '2026-01-01': json('structured/toolstop-mcp-export-control/2026-01-01/ear-chart-and-ccl.json'),
  '2026-08-07': json('structured/toolstop-mcp-export-control/2026-08-07/ear-chart-and-ccl.json'),
};
const seelpeedChart = json('structured/seelpeed-export-controls-agent-mcp/country-chart.json');
const seelpeedGroups = json('structured/seelpeed-export-controls-agent-mcp/country-groups.json');

/** The 16 cells of one row as X/blank, from a list of marked columns. */
const cells = (marks: readonly string[]) => CHART_COLUMNS.map((c) => (marks.map((m) => m.replace(' ', '')).includes(c) ? 'X' : ''));

describe('Country Chart cells match the sources in every edition', () => {
  for (const [edition, src] of Object.entries(toolstop)) {
    it(`${edition}: 200 rows × 16 columns, footnotes and embargo rows`, () => {
      const s = kb.edition(edition) as Snapshot;
      let compared = 0;
      for (const [name, row] of Object.entries(src.countries)) {
        const d = s.destination(name);
        expect(d, name).toBeDefined();
        expect(d?.chart_name).toBe(name);
        expect(cells(d?.chart.marks ?? []), name).toEqual(cells(row.c ?? []));
        expect(d?.chart.footnotes).toEqual([...(row.f ?? [])].sort((a, b) => a - b));
        expect(d?.chart.embargo_referral !== null).toBe(Boolean(row.e));
        compared += 16;
      }
      expect(compared).toBe(200 * 16);
      for (const [n, text] of Object.entries(src.footnotes)) expect(s.footnote(Number(n))?.text.replace(/\s+/g, ' ')).toBe(text.replace(/\s+/g, ' ').trim());
    });
  }
  it('2026-07-23: the seelpeed chart (196 graded rows + 4 embargoed)', () => {
    const s = kb.edition('2026-07-23') as Snapshot;
    for (const [name, row] of Object.entries(seelpeedChart.countries as Record<string, { marks: string[]; footnotes: number[] }>)) {
      expect(cells(s.destination(name)?.chart.marks ?? []), name).toEqual(cells(row.marks));
    }
    for (const name of Object.keys(seelpeedChart.embargoed)) {
      const d = s.destination(name);
      expect(d?.chart.marks).toEqual([]);
      expect(d?.chart.embargo_referral).toBeTruthy();
    }
  });
});

describe('Country Group membership matches the source (known only as of 2026-07-23)', () => {
  it('every group, every member, in every edition', () => {
    for (const e of kb.editions) {
      const s = kb.edition(e.id) as Snapshot;
      for (const [group, names] of Object.entries(seelpeedGroups.groups as Record<string, string[]>)) {
        expect(s.group(group)?.members, group).toEqual(names.map(isoCodeFor).sort());
      }
    }
  });
  it('the per-country index of the source agrees too', () => {
    const s = kb.latest();
    for (const fam of Object.values(seelpeedGroups.byCountry as Record<string, Record<string, string[]>>)) {
      for (const [name, groups] of Object.entries(fam)) {
        const code = isoCodeFor(name);
        for (const g of groups) expect(s.group(g)?.members, `${name} in ${g}`).toContain(code);
      }
    }
  });
});
