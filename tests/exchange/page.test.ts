/**
 * The analyst page of the exchange (/exchange/, served by the API server, not part of the static site) in headless
 * Chromium: without a token it shows nothing; with a member's token it shows the API's refusal; with an analyst's
 * token it draws each network reported by at least k members (SVG: parties and reports) and lists the others as
 * counts; no reporter identity or note appears anywhere on the page.
 */
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/api/app.ts';
import { newSecrets } from '../../src/exchange/crypto.ts';
import { openExchangeStore, type ExchangeStore } from '../../src/exchange/store.ts';
import type { InquiryReportT } from '../../src/exchange/schema.ts';
import { REPO_ROOT } from '../helpers/kb.ts';

const dir = mkdtempSync(join(tmpdir(), 'dualuse-exchange-page-'));
let server: Server;
let browser: Browser;
let base = '';
let store: ExchangeStore;
const tokens: Record<string, string> = {};
const errors: string[] = [];

const report = (name: string, email: string, note: string): InquiryReportT => ({
  received_at: '2026-10-01', channel: 'email', items: [{ eccn: '6A005.b', quantity: 2 }], destination: 'AE',
  parties: [{ role: 'buyer', names: [name], emails: [email], countries: ['AE'] }], red_flags: ['evasive_about_end_use'], decision: 'declined', notes: note,
});

beforeAll(async () => {
  // The page's stylesheet comes from the static site's assets.
  mkdirSync(join(dir, 'site', 'assets'), { recursive: true });
  for (const f of ['site.css', 'icon.svg']) cpSync(join(REPO_ROOT, 'templates/assets', f), join(dir, 'site/assets', f));
  store = openExchangeStore(':memory:', newSecrets());
  const members = ['Acme Lasers Inc', 'Beta Optics GmbH', 'Gamma Photonics SA'].map((n) => store.createPrincipal('member', n));
  tokens.member = members[0]?.token as string;
  tokens.analyst = store.createPrincipal('analyst', 'Analyst').token;
  // One network reported by three members (shown at k = 3), one by a single member (counts only).
  members.forEach((m, i) => store.addReport(m.principal, report(i % 2 ? 'Gulf Photonics Trading L.L.C.' : 'Gulf Photonics Trading LLC', `buy${i}@gulfphoton.ae`, `private note ${i}`)));
  store.addReport(members[0]?.principal as never, report('Lonely Optical Supplies Pte Ltd', 'x@lonelyoptics.sg', 'private note x'));
  server = createServer(createApp({ engine: () => undefined, rateLimitPerMinute: 0, siteDir: join(dir, 'site'), exchange: { store: () => store, k: 3, pageDir: join(REPO_ROOT, 'templates/exchange') } }));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await new Promise<void>((r) => server.close(() => r()));
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the analyst page', () => {
  it('draws the networks for an analyst, refuses a member, never shows a reporter or a note', async () => {
    const page = await browser.newPage();
    page.on('console', (m) => { if (m.type() === 'error' && !/401|403/.test(m.text())) errors.push(m.text()); });
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${base}/exchange/`);
    expect(await page.locator('#networks').textContent()).toBe('');
    await page.fill('#token', tokens.member as string);
    await page.click('#token-form button[type=submit]');
    await expect.poll(() => page.locator('#status').textContent()).toMatch(/^FORBIDDEN: this needs the analyst role/);
    await page.fill('#token', tokens.analyst as string);
    await page.click('#token-form button[type=submit]');
    await page.waitForSelector('svg.network');
    expect(await page.locator('section.cluster').count()).toBe(1);
    expect(await page.locator('section.cluster h2').textContent()).toMatch(/3 reports from 3 members/);
    expect(await page.locator('svg.network circle.party').count()).toBe(1);
    expect(await page.locator('svg.network circle.report').count()).toBe(3);
    expect(await page.locator('svg.network line').count()).toBe(3);
    expect(await page.locator('table.hidden-clusters tbody tr').count()).toBe(1);
    const text = await page.locator('body').textContent() ?? '';
    expect(text).toContain('Gulf Photonics Trading');
    expect(text).not.toContain('Lonely Optical'); // below k: counts only
    for (const secret of ['Acme Lasers', 'Beta Optics', 'Gamma Photonics', 'private note']) expect(text).not.toContain(secret);
    await page.close();
    expect(errors).toEqual([]);
  }, 60_000);
});
