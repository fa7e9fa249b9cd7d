/**
 * @module api/errors
 * The one place that turns errors into HTTP responses: `{ "error": { "code", "message", "request_id", "details" } }`,
 * always JSON, never a stack trace.
 */
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { CoverageError, InvalidInputError, NotFoundError } from '../errors.ts';

export class HttpError extends Error {
  constructor(readonly status: number, readonly code: string, message: string, readonly headers: Record<string, string> = {}) { super(message); }
}

export const notFound: RequestHandler = (req, _res, next) => next(new HttpError(404, 'NOT_FOUND', `no route ${req.method} ${req.path}`));

export const errorHandler: ErrorRequestHandler = (err: unknown, req, res, _next) => {
  const requestId = String(res.getHeader('x-request-id') ?? '');
  let status = 500;
  let code = 'INTERNAL_ERROR';
  let message = 'internal error; the request id identifies it in the server log';
  let details: { pointer: string; code: string }[] = [];
  const e = err as { type?: string; status?: number; message?: string };
  if (err instanceof InvalidInputError) { status = 400; code = err.code; message = err.message; details = err.details.map((d) => ({ pointer: d.pointer, code: d.code })); }
  else if (err instanceof CoverageError) { status = 422; code = err.code; message = err.message; }
  else if (err instanceof NotFoundError) { status = 404; code = 'NOT_FOUND'; message = err.message; }
  else if (err instanceof HttpError) { status = err.status; code = err.code; message = err.message; for (const [k, v] of Object.entries(err.headers)) res.setHeader(k, v); }
  else if (e?.type === 'entity.parse.failed') { status = 400; code = 'MALFORMED_JSON'; message = 'the body is not valid JSON'; }
  else if (e?.type === 'entity.too.large') { status = 413; code = 'PAYLOAD_TOO_LARGE'; message = 'the body is larger than the limit'; }
  else if (e?.type === 'encoding.unsupported' || e?.type === 'charset.unsupported') { status = 415; code = 'UNSUPPORTED_MEDIA_TYPE'; message = 'unsupported content encoding or charset'; }
  else console.error(`[${requestId}] ${req.method} ${req.path}:`, err);
  res.status(status).json({ error: { code, message, request_id: requestId, details } });
};
