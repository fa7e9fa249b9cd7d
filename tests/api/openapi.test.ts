/** The OpenAPI document is valid JSON Schema 2020-12 where it holds schemas, and agrees with the routes. */
import { describe, expect, it } from 'vitest';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { createApp } from '../../src/api/app.ts';
import { openApiDocument } from '../../src/api/openapi.ts';
import { exchangeRouter } from '../../src/api/exchange.ts';

type Layer = { route?: { path: string; methods: Record<string, boolean> } };

describe('OpenAPI', () => {
  const doc = openApiDocument('test') as { openapi: string; paths: Record<string, Record<string, unknown>>; components: { schemas: Record<string, object> } };

  it('is OpenAPI 3.1 and its schemas compile as JSON Schema 2020-12', () => {
    expect(doc.openapi).toBe('3.1.0');
    const ajv = new Ajv2020({ strict: false });
    for (const [name, schema] of Object.entries(doc.components.schemas)) ajv.addSchema(schema, `#/components/schemas/${name}`);
    for (const name of Object.keys(doc.components.schemas)) expect(() => ajv.getSchema(`#/components/schemas/${name}`)).not.toThrow();
    const validate = ajv.compile(doc.components.schemas.DeterminationRequest as object);
    expect(validate({ destination: 'DE', items: [{ eccn: '3A001' }] })).toBe(true);
    expect(validate({ destination: 'DE' })).toBe(false);
    // The inquiry report's schema is the one POST /api/v1/exchange/reports validates with.
    const report = ajv.compile(doc.components.schemas.InquiryReport as object);
    expect(report({ received_at: '2026-10-01', channel: 'email', items: [{ eccn: '3A001' }], parties: [{ role: 'buyer', names: ['X Y'] }], red_flags: [], decision: 'declined' })).toBe(true);
    expect(report({ received_at: '2026-10-01', channel: 'email', items: [], parties: [], red_flags: [], decision: 'declined' })).toBe(false);
  });

  it('documents every route the app serves, and nothing else', () => {
    const app = createApp({ engine: () => undefined, exchange: { store: () => undefined, k: 3 } }) as unknown as { router: { stack: Layer[] } };
    const routes = new Set<string>();
    const add = (stack: Layer[], prefix: string) => {
      for (const l of stack) {
        if (!l.route) continue;
        for (const m of Object.keys(l.route.methods)) routes.add(`${m} ${prefix}${l.route.path.replace(/:([a-z]+)/g, '{$1}')}`);
      }
    };
    add(app.router.stack, '');
    // The exchange's routes are a router of their own, mounted under /api/v1/exchange.
    add((exchangeRouter({ store: () => undefined, k: 3 }) as unknown as { stack: Layer[] }).stack, '/api/v1/exchange');
    const documented = new Set(Object.entries(doc.paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m} ${p}`)));
    expect([...routes].sort()).toEqual([...documented].sort());
  });
});
