/**
 * @module exchange/validate
 * Validates an inquiry report against its schema (exchange/schema.ts, the one OpenAPI publishes); the first problem
 * becomes an InvalidInputError with the field's JSON pointer, what was wrong and how to fix it.
 */
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { InvalidInputError } from '../errors.ts';
import { InquiryReport, type InquiryReportT } from './schema.ts';

const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule) as unknown as (a: Ajv) => Ajv;
const ajv = new Ajv({ strict: true, allErrors: false, coerceTypes: false, useDefaults: false, removeAdditional: false });
addFormats(ajv);
const validate = ajv.compile<InquiryReportT>(JSON.parse(JSON.stringify(InquiryReport)) as object);

export function validateInquiry(body: unknown): InquiryReportT {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw new InvalidInputError('VALIDATION_FAILED', 'the report must be a JSON object (received_at, channel, items, parties, red_flags, decision)', [{ pointer: '', code: 'VALIDATION_FAILED' }]);
  if (validate(body)) {
    // Something a schema cannot say: a party must be identifiable by at least one identifier.
    body.parties.forEach((p, i) => {
      if (!p.names.length && !p.emails?.length && !p.phones?.length && !p.domains?.length && !p.addresses?.length) throw new InvalidInputError('VALIDATION_FAILED', `/parties/${i} names no identifier: give at least a name, e-mail, phone, web domain or address`, [{ pointer: `/parties/${i}`, code: 'VALIDATION_FAILED' }]);
    });
    return body;
  }
  const e = validate.errors?.[0];
  const pointer = e ? `${e.instancePath}${e.keyword === 'required' ? `/${(e.params as { missingProperty: string }).missingProperty}` : e.keyword === 'additionalProperties' ? `/${(e.params as { additionalProperty: string }).additionalProperty}` : ''}` : '';
  let message: string;
  switch (e?.keyword) {
    case 'required': message = `${pointer} is required`; break;
    case 'additionalProperties': message = `${pointer} is not a field of an inquiry report`; break;
    case 'anyOf': message = `${pointer} must be one of the documented values (see GET /openapi.json, InquiryReport)`; break;
    case 'maxLength': case 'maxItems': message = `${pointer} is too long (at most ${String((e.params as { limit: number }).limit)})`; break;
    case 'pattern': case 'format': message = `${pointer} is malformed: ${e.message ?? ''}`; break;
    default: message = `${pointer || 'the report'} ${e?.message ?? 'is invalid'}`;
  }
  throw new InvalidInputError(pointer.includes('/red_flags') ? 'INVALID_RED_FLAG' : 'VALIDATION_FAILED', message, [{ pointer, code: 'VALIDATION_FAILED' }]);
}
