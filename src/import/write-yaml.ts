/**
 * @module import/write-yaml
 * Writes knowledge-base YAML in one stable style: short scalars (ECCNs, codes, dates) double-quoted so that no
 * YAML version can read them as numbers, booleans or dates; no line folding, so diffs show whole sentences.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { Document, isScalar, visit } from 'yaml';

export function toYaml(data: unknown, header?: string): string {
  const doc = new Document(data);
  visit(doc, {
    Pair(_, pair) {
      if (isScalar(pair.value) && typeof pair.value.value === 'string' && pair.value.value.length <= 80) pair.value.type = 'QUOTE_DOUBLE';
    },
    Seq(_, seq) {
      for (const it of seq.items) if (isScalar(it) && typeof it.value === 'string' && it.value.length <= 80) it.type = 'QUOTE_DOUBLE';
      // Short lists of codes read best on one line: reasons: ["NS", "AT"]
      if (seq.items.length > 0 && seq.items.every((it) => isScalar(it) && (typeof it.value !== 'string' || it.value.length <= 24))) seq.flow = true;
    },
  });
  const body = doc.toString({ lineWidth: 0, minContentWidth: 0, doubleQuotedMinMultiLineLength: 1_000_000 });
  return (header ? header.split('\n').map((l) => `# ${l}`.trimEnd()).join('\n') + '\n' : '') + body;
}

export function writeYaml(path: string, data: unknown, header?: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, toYaml(data, header));
}
