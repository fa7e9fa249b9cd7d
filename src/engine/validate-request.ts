/**
 * @module engine/validate-request
 * Validates a determination request against its JSON Schema (the one OpenAPI publishes) and turns the first
 * problem into an InvalidInputError with a field-specific code and a JSON pointer. Compiled once; stops at the first
 * error (allErrors is for offline linting only: on the request path it lets an attacker produce huge error lists).
 */
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { InvalidInputError } from '../errors.ts';
import { DeterminationRequest, type DeterminationRequestT } from './request.ts';

const addFormats = ((addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule) as unknown as (a: Ajv) => Ajv;
const ajv = new Ajv({ strict: true, allErrors: false, coerceTypes: false, useDefaults: false, removeAdditional: false, multipleOfPrecision: 3 }); // 4999.99 / 0.01 is not an integer in floating point; 3 accepts every cent value below $1e11 and refuses a third decimal
addFormats(ajv);
const validate = ajv.compile<DeterminationRequestT>(JSON.parse(JSON.stringify(DeterminationRequest)) as object);

const FIELD_CODES: [RegExp, string][] = [
  [/^\/destination$/, 'INVALID_COUNTRY'],
  [/^\/end_user\/headquarters$/, 'INVALID_COUNTRY'],
  [/^\/items\/\d+\/eccn$/, 'INVALID_ECCN'],
  [/^\/date$/, 'INVALID_DATE'],
  [/^\/items\/\d+\/value_usd$/, 'INVALID_VALUE'],
  [/^\/(end_user\/name|parties\/\d+\/name)$/, 'INVALID_PARTY_NAME'],
];

/** Returns the request typed, or throws InvalidInputError naming the field, what is wrong and how to fix it. */
export function validateRequest(body: unknown): DeterminationRequestT {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new InvalidInputError('VALIDATION_FAILED', 'the request must be a JSON object with "destination" and "items"', [{ pointer: '', code: 'VALIDATION_FAILED' }]);
  }
  if (validate(body)) return body;
  const e = validate.errors?.[0];
  const pointer = e ? `${e.instancePath}${e.keyword === 'required' ? `/${(e.params as { missingProperty: string }).missingProperty}` : e.keyword === 'additionalProperties' ? `/${(e.params as { additionalProperty: string }).additionalProperty}` : ''}` : '';
  // A missing field is VALIDATION_FAILED (reliability.md T25); a present but malformed one gets its field's code.
  const code = e?.keyword === 'required' ? 'VALIDATION_FAILED' : (FIELD_CODES.find(([re]) => re.test(pointer))?.[1] ?? 'VALIDATION_FAILED');
  let message: string;
  switch (e?.keyword) {
    case 'required': message = `${pointer} is required`; break;
    case 'additionalProperties': message = `${pointer} is not a field of the request (allowed: ${Object.keys((DeterminationRequest as { properties: object }).properties).join(', ')} at the top level)`; break;
    case 'anyOf': message = `${pointer} must be one of the documented values`; break;
    default: message = `${pointer || 'request'} ${e?.message ?? 'is invalid'}`;
  }
  if (code === 'INVALID_DATE') message += ' (use a real calendar date YYYY-MM-DD, e.g. "2026-08-07")';
  if (code === 'INVALID_COUNTRY') message += ' (use an ISO 3166-1 alpha-2 code, e.g. "DE")';
  if (code === 'INVALID_VALUE') message += ' (a number of US dollars ≥ 0 with at most two decimals)';
  throw new InvalidInputError(code, message, [{ pointer, code }]);
}
