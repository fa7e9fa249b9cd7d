/**
 * @module cli
 * `dualuse <command>`: a thin shell over the library. Each command's logic lives in its own module.
 * Exit codes: 0 success, 1 failure (e.g. validation errors), 2 bad input; `check` adds 10/11/12 (see docs/cli.md).
 */
import { Command, CommanderError } from 'commander';
import { resolve } from 'node:path';
import { formatIssue } from './errors.ts';

const program = new Command();
program
  .name('dualuse')
  .description('Open knowledge base and rules engine for dual-use export controls')
  .option('--root <dir>', 'repository root holding regulations/ and rules/', process.cwd())
  .exitOverride()
  .configureOutput({ writeErr: (s) => process.stderr.write(s) });

const root = () => resolve(program.opts<{ root: string }>().root);

program
  .command('validate')
  .description('check every file of the knowledge base: strict YAML, JSON Schema, cross-references')
  .option('--json', 'print the issues as JSON')
  .action(async (opts: { json?: boolean }) => {
    const { checkKnowledgeBase } = await import('./load/index.ts');
    const t0 = performance.now();
    const r = checkKnowledgeBase(root());
    const ms = Math.round(performance.now() - t0);
    if (opts.json) {
      console.log(JSON.stringify({ ok: r.issues.length === 0, files: r.files, issues: r.issues, hash: r.kb?.hash ?? null }, null, 2));
    } else if (r.issues.length) {
      for (const i of r.issues) console.error(formatIssue(i));
      console.error(`\n${r.issues.length} problem(s) in ${r.files} files. Nothing was loaded.`);
    } else if (r.kb) {
      const latest = r.kb.latest();
      console.log(`knowledge base OK: ${r.files} files in ${ms} ms, sha256 ${r.kb.hash.slice(0, 16)}…`);
      console.log(`  editions ${r.kb.editions.map((e) => e.id).join(', ')} (coverage ${r.kb.coverage.from} to ${r.kb.coverage.to})`);
      console.log(`  ${latest.eccns().length} ECCNs, ${latest.destinations().length} destinations (+${latest.territories().length} territories), ${latest.columns().length} chart columns, ${latest.groups().length} country groups, ${latest.licenseExceptions().length} licence exceptions`);
    }
    process.exitCode = r.issues.length ? 1 : 0;
  });

program
  .command('import')
  .description('regenerate regulations/ from the source mirrors (shared/regdata); review the diff afterwards')
  .option('--source <dir>', 'folder holding MANIFEST.md and the mirrors', '../shared/regdata')
  .action(async (opts: { source: string }) => {
    const { runImport } = await import('./import/index.ts');
    const s = runImport(resolve(opts.source), root());
    console.log(`wrote ${s.files} files: ${s.eccns} ECCNs, ${s.destinations} destinations, ${s.territories} territories, ${s.groups} country groups, ${s.exceptions} licence exceptions, ${s.sections} section texts`);
    console.log(`${s.changes} ECCNs changed between editions; ${s.discrepancies} parser differences listed in docs/import-report.md`);
  });

try {
  await program.parseAsync(process.argv);
} catch (e) {
  if (e instanceof CommanderError) {
    process.exitCode = e.exitCode === 0 ? 0 : 2;
  } else {
    console.error(e instanceof Error ? e.message : String(e));
    process.exitCode = 1;
  }
}
