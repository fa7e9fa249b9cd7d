/**
 * @module site/render
 * One isolated handlebars instance in strict mode: `templates/layout.hbs` around `templates/pages/<name>.hbs`,
 * partials from `templates/partials/`. Templates hold presentation only; every value comes from a plain view model
 * built in code (site/views.ts). Data is always `{{escaped}}`; the only triple-stash is the layout's `{{{body}}}`,
 * which is HTML this module rendered. Regulation text is data, never compiled as a template.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import Handlebars from 'handlebars';

export interface PageView {
  /** Path of the page from the site root, e.g. `eccn/3A001.html`. */
  path: string;
  title: string;
  /** The edition the page describes (shown on every page). */
  edition: string;
  description: string;
  /** Extra scripts of the page, by file name in assets/ (no inline scripts: a strict CSP holds). */
  scripts?: string[];
  [k: string]: unknown;
}

export interface Renderer { render(page: string, view: PageView): string }

/**
 * A <title> of at most 68 characters as written in the HTML, " · dualuse" included (tabs and search results cut the
 * rest; the h1 keeps the whole heading). Measured escaped: `"` is six characters in the file.
 */
export function shortTitle(t: string): string {
  const size = (x: string) => Handlebars.escapeExpression(x).length;
  if (size(t) <= 58) return t;
  let cut = t;
  while (cut.length > 0 && size(`${cut}…`) > 58) cut = cut.slice(0, cut.lastIndexOf(' ') > 0 ? cut.lastIndexOf(' ') : cut.length - 1);
  return `${cut.replace(/[\s,;:—-]+$/, '')}…`;
}

/** "../../" for `a/b/c.html`: every link is relative, so the site works from any folder and any static host. */
export const rootOf = (path: string) => '../'.repeat(path.split('/').length - 1);

/** What every page may show about the site: `wassenaar` says whether it has the Wassenaar pages (navigation). */
export interface SiteInfo { name: string; built: string; kbHash: string; wassenaar: boolean }

export function createRenderer(templatesDir: string, site: SiteInfo): Renderer {
  const hb = Handlebars.create();
  const opts = { strict: true, preventIndent: true } as const;
  const partials = join(templatesDir, 'partials');
  for (const f of readdirSync(partials).filter((x) => x.endsWith('.hbs'))) hb.registerPartial(basename(f, '.hbs'), readFileSync(join(partials, f), 'utf8'));
  const layout = hb.compile(readFileSync(join(templatesDir, 'layout.hbs'), 'utf8'), opts);
  const pages = new Map<string, HandlebarsTemplateDelegate>();
  for (const f of readdirSync(join(templatesDir, 'pages')).filter((x) => x.endsWith('.hbs'))) pages.set(basename(f, '.hbs'), hb.compile(readFileSync(join(templatesDir, 'pages', f), 'utf8'), opts));
  return {
    render(page, view) {
      const t = pages.get(page);
      if (!t) throw new Error(`no template templates/pages/${page}.hbs`);
      const root = rootOf(view.path);
      const ctx = { ...view, root, site };
      const body = t(ctx);
      return layout({ ...ctx, body, title: shortTitle(view.title), scripts: (view.scripts ?? []).map((s) => `${root}assets/${s}`) });
    },
  };
}
