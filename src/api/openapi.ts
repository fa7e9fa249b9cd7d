/**
 * @module api/openapi
 * The OpenAPI 3.1 document, built from the same JSON Schemas that validate requests (OpenAPI 3.1 schemas are JSON
 * Schema 2020-12), served at /openapi.json. tests/api/openapi.test.ts checks it against the routes.
 */
import { DeterminationRequest } from '../engine/request.ts';
import { InquiryReport } from '../exchange/schema.ts';

const ErrorEnvelope = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message', 'request_id', 'details'],
      properties: {
        code: { type: 'string', description: 'VALIDATION_FAILED, MALFORMED_JSON, INVALID_ECCN, INVALID_COUNTRY, INVALID_DATE, INVALID_VALUE, NOT_FOUND, PAYLOAD_TOO_LARGE, UNSUPPORTED_MEDIA_TYPE, DATE_OUT_OF_COVERAGE, DATE_BEYOND_DATA, INVALID_PARTY_NAME, UNSUPPORTED_SCRIPT, INVALID_WASSENAAR_CODE, RATE_LIMITED, NOT_READY, AUDIT_UNAVAILABLE, LIST_UNAVAILABLE, WASSENAAR_UNAVAILABLE, INTERNAL_ERROR' },
        message: { type: 'string' },
        request_id: { type: 'string' },
        details: { type: 'array', items: { type: 'object', properties: { pointer: { type: 'string' }, code: { type: 'string' } } } },
      },
    },
  },
} as const;

const Answer = {
  type: 'object',
  description: 'A determination: decision, reasons with citations, licence exceptions, per-item answers, party screening, what was not covered, caveats and the rule trace (see docs/engine.md).',
  required: ['decision', 'as_of', 'edition', 'reasons', 'license_exceptions', 'items', 'parties', 'not_covered', 'trace'],
  properties: {
    record_id: { type: 'string' },
    ref: { type: 'string' },
    decision: { type: 'string', enum: ['license_required', 'no_license_required', 'prohibited', 'needs_review'] },
    as_of: { type: 'string', format: 'date' },
    destination: { type: 'object' },
    edition: { type: 'object', properties: { id: { type: 'string' }, sha256: { type: 'string' } } },
    rules: { type: 'object', properties: { sha256: { type: 'string' } } },
    reasons: { type: 'array', items: { type: 'object', properties: { code: { type: 'string' }, basis: { type: 'string' }, citation: { type: 'string' }, text: { type: 'string' }, rule: { type: 'string' }, decision: { type: 'string' }, item: { type: 'string' }, conditional: { type: 'boolean' } } } },
    license_exceptions: { type: 'array', items: { type: 'object', properties: { code: { type: 'string' }, status: { type: 'string', enum: ['available', 'not_available', 'needs_review'] }, why: { type: 'string' }, citation: { type: 'string' } } } },
    items: { type: 'array', items: { type: 'object' } },
    parties: { type: 'array', items: { type: 'object' } },
    screening: { type: 'object', description: 'When parties were screened: the lists used (file, date, SHA-256) and the matcher version and thresholds.', properties: { lists: { type: 'object', properties: { file: { type: 'string' }, date: { type: 'string', format: 'date' }, sha256: { type: 'string' } } }, matcher: { type: 'string' }, thresholds: { type: 'object' } } },
    not_covered: { type: 'array', items: { type: 'string' } },
    caveats: { type: 'array', items: { type: 'string' } },
    trace: { type: 'array', items: { type: 'object' } },
  },
} as const;

const errors = (...codes: number[]) => Object.fromEntries(codes.map((c) => [String(c), { description: 'error', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } }]));
const ok = (schema: object, description = 'OK') => ({ '200': { description, content: { 'application/json': { schema } } } });
const dateParam = { name: 'date', in: 'query', required: false, schema: { type: 'string', format: 'date' } };

export function openApiDocument(version: string): Record<string, unknown> {
  const { $id: _id, ...request } = DeterminationRequest as unknown as Record<string, unknown>;
  const { $id: _id2, ...inquiry } = InquiryReport as unknown as Record<string, unknown>;
  const bearer = [{ exchangeToken: [] }];
  const idParam = { name: 'id', in: 'path', required: true, schema: { type: 'string' } };
  return {
    openapi: '3.1.0',
    info: { title: 'dualuse API', version, description: 'Licence determinations under the US Export Administration Regulations, with citations, and look-ups of the knowledge base. Every determination is recorded before it is returned.' },
    servers: [{ url: '/' }],
    components: {
      schemas: { DeterminationRequest: request, Determination: Answer, InquiryReport: inquiry, Error: ErrorEnvelope },
      securitySchemes: { exchangeToken: { type: 'http', scheme: 'bearer', description: 'An exchange token (member, analyst or admin), shown once when the principal is created; docs/exchange.md' } },
    },
    paths: {
      '/healthz': { get: { summary: 'Liveness', responses: ok({ type: 'object' }) } },
      '/readyz': { get: { summary: 'Readiness (503 with Retry-After until the knowledge base is loaded)', responses: { ...ok({ type: 'object' }), ...errors(503) } } },
      '/openapi.json': { get: { summary: 'This document', responses: ok({ type: 'object' }) } },
      '/api/v1/determinations': {
        post: { summary: 'Determine whether a transaction needs a licence', requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/DeterminationRequest' } } } }, responses: { ...ok({ $ref: '#/components/schemas/Determination' }), ...errors(400, 413, 415, 422, 429, 503) } },
        get: { summary: 'List recorded determinations', parameters: ['from', 'to', 'decision', 'destination', 'eccn', 'limit', 'after'].map((name) => ({ name, in: 'query', required: false, schema: { type: 'string' } })), responses: { ...ok({ type: 'object' }), ...errors(400, 503) } },
      },
      '/api/v1/determinations/batch': { post: { summary: 'Up to 1,000 determinations in one request', requestBody: { required: true, content: { 'application/json': { schema: { type: 'array', maxItems: 1000, items: { $ref: '#/components/schemas/DeterminationRequest' } } } } }, responses: { ...ok({ type: 'object' }), ...errors(400, 413, 415, 429, 503) } } },
      '/api/v1/determinations/export': { get: { summary: 'Stream every record as JSONL or CSV', parameters: [{ name: 'format', in: 'query', required: false, schema: { type: 'string', enum: ['jsonl', 'csv'] } }], responses: { '200': { description: 'the records' }, ...errors(400, 503) } } },
      '/api/v1/determinations/{id}': { get: { summary: 'One recorded determination', parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }], responses: { ...ok({ type: 'object' }), ...errors(404, 503) } } },
      '/api/v1/eccns/{eccn}': { get: { summary: 'An ECCN (with optional paragraph) as in force on a date, with its Wassenaar correlation (`wassenaar`: kind, counterparts with links to the official document, the rule and its citations, regimes named by the reasons for control, divergence from the counterpart; null when the map does not hold it)', parameters: [{ name: 'eccn', in: 'path', required: true, schema: { type: 'string' } }, dateParam], responses: { ...ok({ type: 'object', required: ['as_of', 'edition', 'eccn', 'wassenaar'] }), ...errors(400, 404, 422) } } },
      '/api/v1/wassenaar': { get: { summary: 'The cross-regime map in numbers: per category (0–9, the 600 series under ML) the ECCNs correlated with the Wassenaar list, linked to other regimes, plurilateral, US-only and pointing to other agencies, the Wassenaar-only entries; the divergence counts of the correlated ECCNs; the rules', responses: { ...ok({ type: 'object', required: ['wassenaar_edition', 'summary', 'divergence', 'wassenaar_only'] }), ...errors(400, 503) } } },
      '/api/v1/wassenaar/{code}': { get: { summary: 'A Wassenaar entry or paragraph (3.A.1, 3.A.1.a.5, ML10): heading and text, pages (PDF and printed), Sensitive List membership, notes, the ECCNs linked to it, and a link to the official document', parameters: [{ name: 'code', in: 'path', required: true, schema: { type: 'string', examples: ['3.A.1', '5.A.2.a', 'ML10'] } }], responses: { ...ok({ type: 'object', required: ['code', 'type', 'entry', 'heading', 'text', 'pages', 'eccns', 'url'] }), ...errors(400, 404, 503) } } },
      '/api/v1/reports/{name}': { get: { summary: 'A report of the analysis (rules/analysis/, evaluated over the engine\'s answers for every (ECCN, destination) pair): overlaps (chart requirements subsumed by Part 746 or all-destination requirements, overlapping reasons), unilateral (controls without a multilateral basis), outdated (Wassenaar divergence, reserved paragraphs, dangling references, passed dates, mass-market benchmarks) or burden (pairs needing a licence, subsumed, overlapping, unilateral-only, by edition). 503 with Retry-After while it is computed after a start or reload', parameters: [{ name: 'name', in: 'path', required: true, schema: { type: 'string', enum: ['overlaps', 'unilateral', 'outdated', 'burden'] } }, { name: 'edition', in: 'query', required: false, schema: { type: 'string' }, description: 'edition id (default: the latest)' }, { name: 'format', in: 'query', required: false, schema: { type: 'string', enum: ['json', 'csv'] } }], responses: { ...ok({ type: 'object', required: ['report', 'title', 'edition', 'inputs', 'reproduce', 'rules', 'findings', 'summary'] }), ...errors(400, 404, 503) } } },
      '/api/v1/countries/{code}': { get: { summary: 'A destination: chart row, footnotes, country groups', parameters: [{ name: 'code', in: 'path', required: true, schema: { type: 'string', pattern: '^[A-Z]{2}$' } }, dateParam], responses: { ...ok({ type: 'object' }), ...errors(400, 404, 422) } } },
      '/api/v1/editions': { get: { summary: 'Editions, coverage, sources, and the ECCNs each edition changed', responses: ok({ type: 'object' }) } },
      '/api/v1/eccns': { get: { summary: 'Search ECCNs by words, category, reason for control', parameters: [{ name: 'q', in: 'query', required: false, schema: { type: 'string' } }, { name: 'category', in: 'query', required: false, schema: { type: 'string', pattern: '^[0-9]$' } }, { name: 'reason', in: 'query', required: false, schema: { type: 'string' } }, dateParam], responses: { ...ok({ type: 'object' }), ...errors(400, 422) } } },
      '/api/v1/countries': { get: { summary: 'Every Country Chart destination and territory', parameters: [dateParam], responses: { ...ok({ type: 'object' }), ...errors(400, 422) } } },
      '/api/v1/country-groups/{group}': { get: { summary: 'A Country Group and its members (e.g. D:5 or D5)', parameters: [{ name: 'group', in: 'path', required: true, schema: { type: 'string' } }, dateParam], responses: { ...ok({ type: 'object' }), ...errors(404, 422) } } },
      '/api/v1/license-exceptions/{code}': { get: { summary: 'A licence exception and its encoded terms', parameters: [{ name: 'code', in: 'path', required: true, schema: { type: 'string' } }, dateParam], responses: { ...ok({ type: 'object' }), ...errors(404, 422) } } },
      '/api/v1/screen': { post: { summary: 'Screen up to 1,000 party names against the restricted-party lists; each gets a band (match, possible_match, clear) and the entries that matched, with the name or alias, score and features', requestBody: { required: true, content: { 'application/json': { schema: { type: 'array', minItems: 1, maxItems: 1000, items: { type: 'object', required: ['name'], additionalProperties: false, properties: { ref: { type: 'string', maxLength: 200 }, name: { type: 'string', maxLength: 512 }, country: { type: 'string', pattern: '^[A-Za-z]{2}$' } } } } } } }, responses: { ...ok({ type: 'object', required: ['lists', 'results'] }), ...errors(400, 413, 415, 429, 503) } } },
      '/api/v1/diff': { get: { summary: 'What changed between two editions or dates: entries (field by field, word-level), Country Chart cells, Country Group members, footnotes, and every (ECCN, destination) decision that changed, answered by the engine', parameters: [{ name: 'from', in: 'query', required: true, schema: { type: 'string' }, description: 'edition id or date YYYY-MM-DD inside the coverage' }, { name: 'to', in: 'query', required: true, schema: { type: 'string' } }, { name: 'format', in: 'query', required: false, schema: { type: 'string', enum: ['json', 'csv'] } }], responses: { ...ok({ type: 'object', required: ['from', 'to', 'entries', 'chart', 'groups', 'footnotes', 'decisions', 'summary'] }), ...errors(400, 503) } } },
      '/api/v1/exchange/reports': {
        post: { summary: 'File a suspicious-inquiry report (member). Party identifiers are linked by keyed hashes; the content and the reporter are stored encrypted', security: bearer, requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/InquiryReport' } } } }, responses: { '201': { description: 'filed', content: { 'application/json': { schema: { type: 'object', required: ['id', 'received_at', 'created_at'] } } } }, ...errors(400, 401, 403, 413, 415, 429, 503) } },
        get: { summary: 'The member\'s own reports', security: bearer, responses: { ...ok({ type: 'object', required: ['reports'] }), ...errors(401, 403, 429, 503) } },
      },
      '/api/v1/exchange/reports/from-determination': { post: { summary: 'Turn a recorded determination into a report (member): its items, destination, end user, parties and red flags, with the member\'s decision', security: bearer, requestBody: { required: true, content: { 'application/json': { schema: { type: 'object', required: ['determination_id', 'decision'], properties: { determination_id: { type: 'string' }, decision: { type: 'string', enum: ['declined', 'licensed', 'shipped_after_review', 'pending'] }, received_at: { type: 'string', format: 'date' }, channel: { type: 'string' }, red_flags: { type: 'array', items: { type: 'string' } }, parties: { type: 'array', items: { type: 'object' } }, notes: { type: 'string' } } } } } }, responses: { '201': { description: 'filed', content: { 'application/json': { schema: { type: 'object', required: ['id', 'report'] } } } }, ...errors(400, 401, 403, 404, 415, 429, 503) } } },
      '/api/v1/exchange/reports/{id}': {
        get: { summary: 'One of the member\'s own reports (another member\'s is 404, as a missing one)', security: bearer, parameters: [idParam], responses: { ...ok({ type: 'object', required: ['id', 'report'] }), ...errors(401, 403, 404, 429, 503) } },
        delete: { summary: 'Withdraw one of the member\'s own reports: deleted with its links, it leaves every network', security: bearer, parameters: [idParam], responses: { '204': { description: 'withdrawn' }, ...errors(401, 403, 404, 429, 503) } },
      },
      '/api/v1/exchange/networks': { get: { summary: 'Procurement networks (analyst): reports sharing an identifier; shown in full when reported by at least k distinct members, otherwise counts only; never a reporter identity or a note', security: bearer, responses: { ...ok({ type: 'object', required: ['k', 'clusters', 'shown', 'hidden'] }), ...errors(401, 403, 429, 503) } } },
      '/api/v1/exchange/networks/{id}/export': { get: { summary: 'Export of a network for the authorities (analyst), JSON or CSV, without member identities', security: bearer, parameters: [idParam, { name: 'format', in: 'query', required: false, schema: { type: 'string', enum: ['json', 'csv'] } }], responses: { ...ok({ type: 'object', required: ['cluster', 'rows'] }), ...errors(400, 401, 403, 404, 429, 503) } } },
      '/api/v1/exchange/principals': { post: { summary: 'Create a member, analyst or admin (admin); the token is in the answer, once', security: bearer, requestBody: { required: true, content: { 'application/json': { schema: { type: 'object', required: ['role', 'name'], properties: { role: { type: 'string', enum: ['member', 'analyst', 'admin'] }, name: { type: 'string', maxLength: 300 } } } } } }, responses: { '201': { description: 'created', content: { 'application/json': { schema: { type: 'object', required: ['id', 'role', 'token'] } } } }, ...errors(400, 401, 403, 415, 429, 503) } } },
      '/api/v1/exchange/principals/{id}': { delete: { summary: 'Revoke a principal\'s token (admin)', security: bearer, parameters: [idParam], responses: { '204': { description: 'revoked' }, ...errors(401, 403, 404, 429, 503) } } },
      '/api/v1/exchange/access-log': { get: { summary: 'Who read or changed exchange data, when (admin); principals as keyed hashes', security: bearer, parameters: [{ name: 'limit', in: 'query', required: false, schema: { type: 'integer', minimum: 1, maximum: 10000 } }], responses: { ...ok({ type: 'object', required: ['entries'] }), ...errors(400, 401, 403, 429, 503) } } },
      '/api/v1/status': { get: { summary: 'The serving knowledge base, reloads and the last reload error', responses: ok({ type: 'object' }) } },
      '/api/v1/admin/reload': { post: { summary: 'Load the knowledge base again and swap it in if valid (Authorization: Bearer <admin token>)', responses: { ...ok({ type: 'object' }), ...errors(401) } } },
    },
  };
}
