/**
 * @module cli/format
 * The readable explanation of a determination: decision first, then reasons with citations, licence exceptions,
 * caveats and what was not covered.
 */
import type { DeterminationResult } from '../engine/result.ts';
import { InvalidInputError, NotFoundError } from '../errors.ts';

const LABEL: Record<string, string> = {
  prohibited: 'PROHIBITED',
  license_required: 'LICENCE REQUIRED',
  needs_review: 'NEEDS REVIEW',
  no_license_required: 'NO LICENCE REQUIRED',
};

export function formatDetermination(r: DeterminationResult): string {
  const out: string[] = [];
  out.push(`${LABEL[r.decision] ?? r.decision}${r.ref ? `  (ref ${r.ref})` : ''}`);
  out.push(`as of ${r.as_of} · edition ${r.edition.id} · knowledge base ${r.edition.sha256.slice(0, 12)}`);
  for (const it of r.items) {
    out.push('', `${it.eccn}: ${LABEL[it.decision] ?? it.decision}${it.heading ? ` — ${it.heading.slice(0, 120)}` : ''}`);
    for (const x of it.reasons) {
      out.push(`  • ${x.decision === 'prohibited' ? 'prohibited' : x.decision === 'license_required' ? 'licence required' : 'review'}: ${x.code} (${x.basis})${x.conditional ? ' [if your item is in scope]' : ''}`);
      out.push(`    ${x.text}`);
      if (x.citation) out.push(`    citation: ${x.citation}`);
    }
    for (const e of it.license_exceptions) out.push(`  ◦ ${e.code}: ${e.status.replace('_', ' ')} — ${e.why} [${e.citation}]`);
  }
  const tx = r.reasons.filter((x) => !x.item);
  if (tx.length) {
    out.push('', 'Transaction:');
    for (const x of tx) out.push(`  • ${x.decision}: ${x.code} (${x.basis}) — ${x.text}`, ...(x.citation ? [`    citation: ${x.citation}`] : []));
  }
  if (r.caveats.length) out.push('', 'Caveats:', ...r.caveats.map((c) => `  ! ${c}`));
  if (r.not_covered.length) out.push('', 'Not covered by this answer:', ...r.not_covered.map((c) => `  - ${c}`));
  return out.join('\n');
}

/** CLI exit codes (documented in docs/cli.md). */
export const EXIT = { no_license_required: 0, license_required: 10, prohibited: 11, needs_review: 12, bad_input: 2, failure: 1 } as const;

/**
 * A caller's mistake (bad input, an unknown report, edition or code) as the commands report it: `{ "error": … }` on
 * stdout with --json, else one line on stderr; exit code 2. Returns false for any other error, which the caller
 * rethrows.
 */
export function reportInputError(e: unknown, json: boolean | undefined): boolean {
  if (!(e instanceof InvalidInputError || e instanceof NotFoundError)) return false;
  if (json) console.log(JSON.stringify({ error: { code: e.code, message: e.message } }, null, 2));
  else console.error(`error ${e.code}: ${e.message}`);
  process.exitCode = 2;
  return true;
}
