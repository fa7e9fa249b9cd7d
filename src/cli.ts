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
    // The analysis rules (rules/analysis/) are data of the reports: checked here with the knowledge base.
    const { checkAnalysisRules } = await import('./load/analysis-rules.ts');
    const ar = checkAnalysisRules(root());
    r.issues.push(...ar.issues);
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
      const wa = r.kb.wassenaar();
      const perCategory = wa.categories().map((c) => `${c.category}: ${wa.entries().filter((e) => e.category === c.category).length}`).join(', ');
      const ml = wa.entries().filter((e) => e.list === 'munitions');
      const paragraphs = wa.entries().reduce((n, e) => n + e.paragraphs.length, 0);
      const sl = wa.sensitiveLists().lists.map((l) => `${l.id} ${l.items.filter((i) => !i.not_used).length} items`).join(', ');
      console.log(`  Wassenaar ${wa.edition.id} (${wa.edition.document}): ${wa.entries().length - ml.length} dual-use entries (${perCategory}), ${ml.length} Munitions List entries, ${paragraphs} paragraphs, ${wa.definitions().length} definitions; ${sl}`);
      const { summarizeMap } = await import('./kb/wassenaar-map.ts');
      const t = summarizeMap(r.kb.wassenaarMap(), wa).total;
      console.log(`  analysis rules: ${ar.rules?.rules.length ?? 0} in rules/analysis/`);
      console.log(`  cross-regime map: ${t.eccns} ECCNs (${t.correlated} correlated, ${t.other_regime} other regime, ${t.plurilateral} plurilateral, ${t.us_only} US-only, ${t.other_authority} other agency), ${t.wassenaar_only} Wassenaar-only entries, ${t.paragraphs.paired} paragraph pairs`);
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

program
  .command('serve')
  .description('serve the HTTP API on http://127.0.0.1:3000 (PORT and HOST environment variables)')
  .action(async () => {
    const { serve } = await import('./api/server.ts');
    await serve(root(), { port: Number(process.env.PORT ?? 3000), host: process.env.HOST ?? '127.0.0.1' });
  });

const collect = (v: string, prev: string[] = []) => [...prev, ...v.split(',').map((x) => x.trim()).filter(Boolean)];

program
  .command('check')
  .description('does this shipment need a licence? one transaction from flags, or a file of them (--file)')
  .option('--eccn <eccn...>', 'ECCN with optional paragraph (3A001.b.2) or EAR99; repeat for several items')
  .option('--to <country>', 'destination, ISO 3166-1 alpha-2 code (e.g. AE)')
  .option('--region <region>', 'crimea, dnr or lnr (with --to UA)')
  .option('--value <usd>', 'net value in US dollars (of each item)')
  .option('--attribute <a>', 'item attribute (food, medicine, mass_market …); repeatable', collect)
  .option('--date <YYYY-MM-DD>', 'date of the export (default today)')
  .option('--end-user <name>', 'end user name')
  .option('--end-user-kind <kind>', 'commercial, government, military, military_intelligence or individual')
  .option('--end-user-hq <country>', 'ISO code of the country where the end user is headquartered')
  .option('--end-use <use>', 'nuclear, missile, chemical_biological_weapons, military …; repeatable', collect)
  .option('--red-flag <code>', 'a red flag you observed (see docs/cli.md); repeatable', collect)
  .option('--ref <ref>', 'your reference, echoed back')
  .option('--json', 'print the answer as contract JSON')
  .option('--trace', 'include the rule trace (JSON output)')
  .option('--file <path>', 'answer every request in a .jsonl or .csv file')
  .option('--out <path>', 'with --file: write the answers here (default stdout)')
  .option('--full', 'with --file: write the full contract answer per line instead of the compact line')
  .option('--workers <n>', 'with --file: worker threads answering in parallel', '1')
  .option('--no-record', 'do not record the answer in the record store (DUALUSE_DB, default data/dualuse.sqlite)')
  .action(async (o: Record<string, string | string[] | boolean | undefined>) => {
    const { openEngine } = await import('./engine/index.ts');
    const { validateRequest } = await import('./engine/validate-request.ts');
    const { formatDetermination, EXIT } = await import('./cli/format.ts');
    const { InvalidInputError, CoverageError } = await import('./errors.ts');
    if (o.file) {
      const workers = Math.max(1, Number(o.workers ?? 1) || 1);
      // With workers, the engine is opened by runBatch once the workers are starting, so both overlap.
      const d = workers === 1 ? openEngine(root()) : undefined;
      const engineData = () => { const e = d ?? openEngine(root()); return { records: e.kb.records, hash: e.kb.hash, rules: e.rules }; };
      const { runBatch } = await import('./cli/batch.ts');
      let bar: { update(n: number): void; stop(): void } | undefined;
      if (process.stderr.isTTY) {
        const { SingleBar, Presets } = await import('cli-progress');
        const b = new SingleBar({ format: 'checking {value} lines | {rate} lines/s', stream: process.stderr }, Presets.shades_classic);
        b.start(0, 0, { rate: 0 });
        const t0 = performance.now();
        bar = { update: (n) => b.update(n, { rate: Math.round(n / ((performance.now() - t0) / 1000)) }), stop: () => b.stop() };
      }
      // Every answered line is recorded before its output is written (15 CFR 762), unless --no-record.
      const { DEFAULT_DB } = await import('./records/store.ts');
      const { ANSWER_VERSIONS } = await import('./engine/index.ts');
      const recordPath = process.env.DUALUSE_DB ?? DEFAULT_DB;
      const summary = await runBatch(d, { file: String(o.file), root: root(), workers, ...(o.out ? { out: String(o.out) } : {}), trace: Boolean(o.trace), full: Boolean(o.full), engineData, ...(o.record !== false ? { record: { path: recordPath, versions: ANSWER_VERSIONS } } : {}), ...(bar ? { progress: (n: number) => bar.update(n) } : {}) });
      bar?.stop();
      process.stderr.write(`${summary.lines} lines: ${summary.answered} answered (${Object.entries(summary.decisions).map(([k, v]) => `${k} ${v}`).join(', ')}), ${summary.errors} errors, ${Math.round(summary.lines / (summary.ms / 1000))} lines/s${o.record !== false ? `; ${summary.recorded} recorded in ${recordPath}` : '; not recorded (--no-record)'}\n`);
      process.exitCode = summary.errors ? EXIT.bad_input : 0;
      return;
    }
    const d = openEngine(root());
    try {
      const items = ((o.eccn as string[] | undefined) ?? []).map((eccn) => ({
        eccn,
        ...(o.value !== undefined ? { value_usd: Number(o.value) } : {}),
        ...(o.attribute ? { attributes: o.attribute as string[] } : {}),
      }));
      const raw = {
        ...(o.ref ? { ref: o.ref } : {}),
        ...(o.date ? { date: o.date } : {}),
        destination: typeof o.to === 'string' ? o.to.toUpperCase() : '', // the CLI upper-cases; the API does not
        ...(o.region ? { region: o.region } : {}),
        items,
        ...(o.endUser || o.endUserKind || o.endUserHq ? { end_user: { ...(o.endUser ? { name: o.endUser } : {}), ...(o.endUserKind ? { kind: o.endUserKind } : {}), ...(o.endUserHq ? { headquarters: String(o.endUserHq).toUpperCase() } : {}) } } : {}),
        ...(o.endUse ? { end_uses: o.endUse } : {}),
        ...(o.redFlag ? { red_flags: o.redFlag } : {}),
      };
      if (!items.length) throw new InvalidInputError('VALIDATION_FAILED', '--eccn is required (or --file)', [{ pointer: '/items', code: 'VALIDATION_FAILED' }]);
      if (!o.to) throw new InvalidInputError('INVALID_COUNTRY', '--to is required: the destination as an ISO code, e.g. --to DE', [{ pointer: '/destination', code: 'INVALID_COUNTRY' }]);
      const request = validateRequest(raw);
      const res = await d.determine(request);
      if (o.record !== false) {
        // Recorded before it is shown (15 CFR 762); if it cannot be recorded, it is not shown.
        const { openRecordStore, recordedAnswer } = await import('./records/store.ts');
        const { ANSWER_VERSIONS } = await import('./engine/index.ts');
        const store = openRecordStore();
        const id = store.record({ source: 'cli', requestJson: JSON.stringify(request), answer: recordedAnswer(res) }, ANSWER_VERSIONS);
        store.close();
        if (!o.json) console.error(`recorded as ${id} in ${store.path}`);
      }
      console.log(o.json ? JSON.stringify(o.trace ? res : { ...res, trace: undefined }, null, 2) : formatDetermination(res));
      process.exitCode = EXIT[res.decision];
    } catch (e) {
      if (e instanceof InvalidInputError || e instanceof CoverageError) {
        if (o.json) console.log(JSON.stringify({ error: { code: e.code, message: e.message } }, null, 2));
        else console.error(`error ${e.code}: ${e.message}`);
        process.exitCode = EXIT.bad_input;
        return;
      }
      throw e;
    }
  });

program
  .command('screen')
  .description('screen a party name (or a file of them) against the restricted-party lists')
  .argument('[name]', 'the party name')
  .option('--country <code>', 'ISO code of the party\'s country, if known (a small bonus or penalty in the score)')
  .option('--json', 'print the result as JSON')
  .option('--file <path>', 'screen every party in a .jsonl ({ref, name, country}), .csv (ref,name,country) or .txt (one name a line) file')
  .option('--out <path>', 'with --file: write the results here (default stdout)')
  .action(async (name: string | undefined, o: { country?: string; json?: boolean; file?: string; out?: string }) => {
    const { loadPartyLists } = await import('./load/lists.ts');
    const { createMatcher } = await import('./screening/match.ts');
    const { screenInput, screenOne } = await import('./screening/screen.ts');
    const { InvalidInputError } = await import('./errors.ts');
    const { listAge, todayUtc } = await import('./engine/determine.ts');
    const { listMaxAgeDays } = await import('./engine/index.ts');
    const lists = loadPartyLists(root());
    const m = createMatcher(lists);
    const age = listAge(lists.date, todayUtc(), listMaxAgeDays());
    if (age.stale) process.stderr.write(`warning LIST_STALE: the lists are as of ${age.date}, ${age.age_days} days ago (limit ${age.max_age_days}, DUALUSE_LIST_MAX_AGE_DAYS): a clear result cannot be relied on; update them (dualuse import)\n`);
    if (o.file) {
      const { screenFile } = await import('./cli/screen-file.ts');
      const s = await screenFile(m, { file: o.file, ...(o.out ? { out: o.out } : {}) });
      process.stderr.write(`${s.lines} lines: ${s.screened} screened (${Object.entries(s.bands).map(([k, v]) => `${k} ${v}`).join(', ') || 'none'}), ${s.errors} errors; lists as of ${lists.date}\n`);
      process.exitCode = s.errors ? 2 : 0;
      return;
    }
    try {
      if (!name) throw new InvalidInputError('INVALID_PARTY_NAME', 'give a name to screen (or --file)', [{ pointer: '/name', code: 'INVALID_PARTY_NAME' }]);
      const r = screenOne(m, screenInput({ name, ...(o.country ? { country: o.country } : {}) }));
      if (o.json) { console.log(JSON.stringify({ lists: { ...age, file: lists.file, sha256: lists.sha256 }, ...r }, null, 2)); return; }
      console.log(`${r.band.replace('_', ' ').toUpperCase()}: "${r.name}" against the lists of ${lists.date}`);
      if (r.truncated) console.log(`  (the first ${r.matches.length} of more matches: give the full name)`);
      for (const x of r.matches) {
        console.log(`  ${x.band === 'match' ? 'match' : 'possible match'} ${x.score.toFixed(2)} — ${x.list}: ${x.entry_name}${x.matched_name !== x.entry_name ? ` (matched "${x.matched_name}")` : ''} [${x.features.join(', ')}]`);
        if (x.license_requirement) console.log(`    licence requirement: ${x.license_requirement}`);
        if (x.programs?.length) console.log(`    programmes: ${x.programs.join('; ')}`);
        console.log(`    ${x.citation}${x.federal_register ? `; ${x.federal_register}` : ''}`);
      }
    } catch (e) {
      if (e instanceof InvalidInputError) { console.error(`error ${e.code}: ${e.message}`); process.exitCode = 2; return; }
      throw e;
    }
  });

program
  .command('wassenaar')
  .description('the cross-regime map: an ECCN\'s Wassenaar counterpart (3A001), a Wassenaar entry or paragraph (3.A.1), or --summary')
  .argument('[code]', 'an ECCN (3A001) or a Wassenaar code (3.A.1, 5.A.2.a, ML10)')
  .option('--summary', 'counts per category of correlated, other-regime, plurilateral, US-only and Wassenaar-only entries, and the divergence counts')
  .option('--json', 'print JSON (the API\'s objects)')
  .action(async (code: string | undefined, o: { summary?: boolean; json?: boolean }) => {
    const { loadKnowledgeBase } = await import('./load/index.ts');
    const { eccnCorrelation, wassenaarCode, wassenaarOverview } = await import('./engine/wassenaar.ts');
    const { formatCode, formatCorrelation, formatSummary } = await import('./cli/wassenaar.ts');
    const { reportInputError } = await import('./cli/format.ts');
    const { InvalidInputError, NotFoundError } = await import('./errors.ts');
    const { parseEccnRef } = await import('./kb/eccn-ref.ts');
    const print = (value: unknown, text: (v: never) => string) => process.stdout.write(o.json ? `${JSON.stringify(value, null, 2)}\n` : text(value as never));
    try {
      if (Boolean(o.summary) === Boolean(code)) throw new InvalidInputError('VALIDATION_FAILED', 'give an ECCN or a Wassenaar code, or --summary (not both)');
      const kb = loadKnowledgeBase(root());
      if (o.summary) { print(wassenaarOverview(kb), formatSummary); return; }
      const input = code as string;
      if (/^[0-9][A-Za-z][0-9]{3}/.test(input.trim())) {
        const ref = parseEccnRef(input);
        const c = eccnCorrelation(kb, ref.eccn);
        if (!c) throw new NotFoundError('ECCN', ref.eccn);
        print(c, formatCorrelation);
        return;
      }
      const v = wassenaarCode(kb, input);
      if (!v) throw new NotFoundError('Wassenaar entry or paragraph', input);
      print(v, formatCode);
    } catch (e) {
      if (!reportInputError(e, o.json)) throw e;
    }
  });

program
  .command('report')
  .description('the overlap, unilateral, outdated-control and burden reports, computed from the knowledge base and rules/analysis/')
  .argument('<name>', 'overlaps, unilateral, outdated or burden')
  .option('--edition <id>', 'the edition (default: the latest)')
  .option('--json', 'print the report as JSON (the API\'s object)')
  .option('--csv', 'print the findings (burden: the per-ECCN counts) as CSV')
  .action(async (name: string, o: { edition?: string; json?: boolean; csv?: boolean }) => {
    const { openEngine } = await import('./engine/index.ts');
    const { analyse } = await import('./analysis/index.ts');
    const { buildReport, reportCsv, REPORT_NAMES } = await import('./analysis/reports.ts');
    const { formatReport } = await import('./cli/report.ts');
    const { reportInputError } = await import('./cli/format.ts');
    const { InvalidInputError, NotFoundError } = await import('./errors.ts');
    try {
      if (o.json && o.csv) throw new InvalidInputError('VALIDATION_FAILED', 'give --json or --csv, not both');
      // Checked before the analysis runs (≈ 15 s), so a typo fails at once.
      if (!(REPORT_NAMES as readonly string[]).includes(name)) throw new NotFoundError('report', name, undefined, `use one of: ${REPORT_NAMES.join(', ')}`);
      const d = openEngine(root());
      if (o.edition && !d.kb.edition(o.edition)) throw new NotFoundError('edition', o.edition, undefined, `use one of: ${d.kb.editions.map((e) => e.id).join(', ')}`);
      const r = buildReport(await analyse(d, root()), name, o.edition);
      process.stdout.write(o.json ? `${JSON.stringify(r, null, 2)}\n` : o.csv ? reportCsv(r) : formatReport(r));
    } catch (e) {
      if (!reportInputError(e, o.json)) throw e;
    }
  });

program
  .command('report-inquiry')
  .description('file a suspicious-inquiry report with the exchange (member token in DUALUSE_EXCHANGE_TOKEN; docs/exchange.md)')
  .requiredOption('--file <path>', 'the report as JSON (the schema of POST /api/v1/exchange/reports)')
  .option('--server <url>', 'send it to a dualuse server (e.g. http://127.0.0.1:3000) instead of the local store')
  .option('--json', 'print the result as JSON')
  .action(async (o: { file: string; server?: string; json?: boolean }) => {
    const { readFileSync } = await import('node:fs');
    const { InvalidInputError } = await import('./errors.ts');
    const fail = (code: string, message: string, exit = 2) => { if (o.json) console.log(JSON.stringify({ error: { code, message } }, null, 2)); else console.error(`error ${code}: ${message}`); process.exitCode = exit; };
    const token = process.env.DUALUSE_EXCHANGE_TOKEN;
    if (!token) { fail('UNAUTHENTICATED', 'set DUALUSE_EXCHANGE_TOKEN to your organisation\'s member token'); return; }
    let body: unknown;
    try { body = JSON.parse(readFileSync(o.file, 'utf8')); } catch (e) { fail('VALIDATION_FAILED', `${o.file} is not readable JSON: ${(e as Error).message}`); return; }
    if (o.server) {
      const r = await fetch(new URL('/api/v1/exchange/reports', o.server), { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(body) });
      const j = await r.json() as { id?: string; error?: { code: string; message: string } };
      if (!r.ok) { fail(j.error?.code ?? `HTTP_${r.status}`, j.error?.message ?? r.statusText); return; }
      console.log(o.json ? JSON.stringify(j, null, 2) : `report filed: ${j.id}`);
      return;
    }
    const { validateInquiry } = await import('./exchange/validate.ts');
    const { secretsFromEnv, ExchangeConfigError } = await import('./exchange/crypto.ts');
    const { openExchangeStore } = await import('./exchange/store.ts');
    const { DEFAULT_DB } = await import('./records/store.ts');
    try {
      const report = validateInquiry(body);
      const store = openExchangeStore(process.env.DUALUSE_DB ?? DEFAULT_DB, secretsFromEnv());
      try {
        const p = store.authenticate(token);
        if (!p) { fail('UNAUTHENTICATED', 'DUALUSE_EXCHANGE_TOKEN is not a valid exchange token'); return; }
        if (p.role !== 'member') { fail('FORBIDDEN', 'filing a report needs a member token'); return; }
        const s = store.addReport(p, report);
        store.logAccess(p, 'submit_report', s.id);
        console.log(o.json ? JSON.stringify({ id: s.id, received_at: s.received_at, created_at: s.created_at }, null, 2) : `report filed: ${s.id}`);
      } finally { store.close(); }
    } catch (e) {
      if (e instanceof InvalidInputError) { fail(e.code, `${e.message}${e.details[0] ? ` (at ${e.details[0].pointer})` : ''}`); return; }
      if (e instanceof ExchangeConfigError) { fail('EXCHANGE_UNAVAILABLE', e.message, 3); return; }
      throw e;
    }
  });

program
  .command('exchange')
  .description('administer the suspicious-inquiry exchange: new secrets, principals (tokens shown once), key rotation, re-linking')
  .argument('<action>', 'secrets | add-principal | revoke | reseal | relink')
  .option('--role <role>', 'member, analyst or admin (add-principal)')
  .option('--name <name>', 'organisation or person (add-principal)')
  .option('--id <id>', 'principal id (revoke)')
  .action(async (action: string, o: { role?: string; name?: string; id?: string }) => {
    const { newSecrets, secretsFromEnv } = await import('./exchange/crypto.ts');
    if (action === 'secrets') {
      const s = newSecrets(`k${new Date().toISOString().slice(0, 10).replace(/-/g, '')}`);
      console.log(`DUALUSE_EXCHANGE_KEYS=${s.keys.map((k) => `${k.id}:${k.key.toString('base64')}`).join(',')}`);
      console.log(`DUALUSE_EXCHANGE_HMAC_SECRET=${s.hmacSecret.toString('base64')}`);
      console.error('Keep these secret and backed up: without them no stored report can be read or linked. To rotate the encryption key, put a new key first in DUALUSE_EXCHANGE_KEYS, keep the old one after it, run `dualuse exchange reseal`, then drop the old one.');
      return;
    }
    const { openExchangeStore, ROLES } = await import('./exchange/store.ts');
    const { DEFAULT_DB } = await import('./records/store.ts');
    const { ExchangeConfigError } = await import('./exchange/crypto.ts');
    let store;
    try { store = openExchangeStore(process.env.DUALUSE_DB ?? DEFAULT_DB, secretsFromEnv()); } catch (e) {
      if (e instanceof ExchangeConfigError) { console.error(`error EXCHANGE_UNAVAILABLE: ${e.message}`); process.exitCode = 3; return; }
      throw e;
    }
    try {
      if (action === 'add-principal') {
        if (!ROLES.includes(o.role as never) || !o.name?.trim()) { console.error(`error VALIDATION_FAILED: give --role (${ROLES.join(', ')}) and --name`); process.exitCode = 2; return; }
        const { principal, token } = store.createPrincipal(o.role as (typeof ROLES)[number], o.name.trim());
        console.log(JSON.stringify({ id: principal.id, role: principal.role, token, note: 'the token is shown once; store it now' }, null, 2));
      } else if (action === 'revoke') {
        if (!o.id || !store.revoke(o.id)) { console.error(`error NOT_FOUND: no active principal '${o.id ?? ''}'`); process.exitCode = 2; }
      } else if (action === 'reseal') {
        console.log(`re-sealed ${store.reseal()} values with the current key`);
      } else if (action === 'relink') {
        console.log(`re-linked ${store.relink()} reports with the current identifier rules`);
      } else { console.error(`error VALIDATION_FAILED: unknown action '${action}' (secrets, add-principal, revoke, reseal, relink)`); process.exitCode = 2; }
    } finally { store.close(); }
  });

program
  .command('build-site')
  .description('render the static reference site (every ECCN, destination, group, exception, edition and diff; search index)')
  .option('--out <dir>', 'output folder', 'dist/site')
  .action(async (o: { out: string }) => {
    const { openEngine } = await import('./engine/index.ts');
    const { buildSite } = await import('./site/build.ts');
    const r = await buildSite(openEngine(root()), { root: root(), out: resolve(o.out) });
    console.log(`site: ${r.pages} pages in ${r.out} (${(r.ms / 1000).toFixed(1)} s); search index ${(r.indexBytes / 1e6).toFixed(2)} MB, ${(r.indexGzipBytes / 1e6).toFixed(2)} MB gzipped`);
  });

program
  .command('diff')
  .description('what changed between two editions or dates: entries, chart, groups, footnotes, and licence decisions')
  .requiredOption('--from <edition|date>', 'edition id or date (YYYY-MM-DD) inside the coverage')
  .requiredOption('--to <edition|date>', 'edition id or date (YYYY-MM-DD) inside the coverage')
  .option('--json', 'print the diff as JSON')
  .option('--csv', 'print every change as one CSV row (kind, subject, destination, field, from, to, detail)')
  .action(async (o: { from: string; to: string; json?: boolean; csv?: boolean }) => {
    const { openEngine } = await import('./engine/index.ts');
    const { diffEditions, resolveDiffDate } = await import('./engine/diff.ts');
    const { diffText, diffCsv } = await import('./format/diff.ts');
    const { InvalidInputError, CoverageError } = await import('./errors.ts');
    if (o.json && o.csv) { console.error('error VALIDATION_FAILED: choose one of --json and --csv'); process.exitCode = 2; return; }
    const d = openEngine(root());
    try {
      const a = resolveDiffDate(d, o.from, '/from');
      const b = resolveDiffDate(d, o.to, '/to');
      const r = await diffEditions({ d, date: a.date, input: o.from }, { d, date: b.date, input: o.to });
      process.stdout.write(o.json ? `${JSON.stringify(r, null, 2)}\n` : o.csv ? diffCsv(r) : diffText(r));
    } catch (e) {
      if (e instanceof InvalidInputError || e instanceof CoverageError) { console.error(`error ${e.code}: ${e.message}`); process.exitCode = 2; return; }
      throw e;
    }
  });

process.stdout.on('error', (e: NodeJS.ErrnoException) => { if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0); });

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
