/** The map importer fails loudly: a quote its rules cite must be in the source, and every ECCN number needs a rule. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importWassenaarMap } from '../../src/import/wassenaar-map.ts';
import type { EccnFileT } from '../../src/schema/eccn.ts';
import { REGDATA } from '../helpers/kb.ts';
import { editFile, tempCopies } from '../helpers/temp.ts';

const temp = tempCopies('dualuse-map-import-');
const edition = { rel: 'wassenaar/2025/edition.yaml', data: { id: '2025-corr' } };
const eccn = (id: string): EccnFileT => ({ eccn: id, category: id[0] as string, product_group: id[1] as string, revisions: [{ edition: '2026-01-01', sources: ['toolstop-2026-01-01'], heading: 'Fictional heading', reasons_for_control: ['AT'] }] } as EccnFileT);

describe('importWassenaarMap', () => {
  it('refuses to write a rule whose quote is not in the section it cites', () => {
    const root = temp([[join(REGDATA, 'ear-text'), 'ear-text'], [join(REGDATA, 'ecfr'), 'ecfr']]);
    editFile(root, 'ear-text/738.2.md', (s) => s.replace('| 990-999 | Anti-terrorism (AT), RS, United Nations Sanctions (UN). |', '| 990-999 | Anti-terrorism (AT). |'));
    expect(() => importWassenaarMap(root, [], [edition], 'wassenaar/2025')).toThrow(/quotes "\| 990-999 \| Anti-terrorism \(AT\), RS, United Nations Sanctions \(UN\)\. \|" from regulations\/ear-text\/738\.2\.yaml .* does not contain it/);
  });

  it('refuses an ECCN number no rule of § 738.2(d)(1) covers, and classifies the ones it does', () => {
    expect(() => importWassenaarMap(REGDATA, [eccn('3A450')], [edition], 'wassenaar/2025')).toThrow(/ECCN 3A450: no numbering rule/);
    const r = importWassenaarMap(REGDATA, [eccn('2B991')], [edition], 'wassenaar/2025');
    const cat = r.files.find((f) => f.rel === 'wassenaar/2025/map/2.yaml')?.data as { eccns: { kind: string }[] };
    expect(cat.eccns[0]).toMatchObject({ kind: 'us_only_anti_terrorism', rule: 'at_numbering', counterparts: [] });
  });
});
