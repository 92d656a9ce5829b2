import type { ErrorObject } from 'ajv';
import { invalidRequest, type EmulatedError } from '../errors';

/**
 * Picks the one Ajv error Stripe would report and words it the way Stripe does. Emptyable
 * parameters are `anyOf` a real schema and `""`, so Ajv reports a failure per branch; the
 * deepest, most specific one is what the caller got wrong.
 */
const PREFERENCE = ['additionalProperties', 'required', 'enum', 'type', 'maxLength', 'pattern'];

function segments(error: ErrorObject): string[] {
  const parts = error.instancePath
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (error.keyword === 'additionalProperties') parts.push(String(error.params.additionalProperty));
  if (error.keyword === 'required') parts.push(String(error.params.missingProperty));
  return parts;
}

function stripeName(parts: string[]): string {
  return parts.map((part, i) => (i === 0 ? part : `[${part}]`)).join('');
}

function isEmptyBranch(error: ErrorObject): boolean {
  const allowed = error.keyword === 'enum' ? (error.params.allowedValues as unknown[]) : undefined;
  return Array.isArray(allowed) && allowed.length === 1 && allowed[0] === '';
}

function rank(error: ErrorObject): number {
  const index = PREFERENCE.indexOf(error.keyword);
  return index === -1 ? PREFERENCE.length : index;
}

export function pickError(errors: ErrorObject[]): ErrorObject | undefined {
  const candidates = errors.filter((e) => e.keyword !== 'anyOf' && !isEmptyBranch(e));
  const pool = candidates.length > 0 ? candidates : errors;
  return [...pool].sort((a, b) => segments(b).length - segments(a).length || rank(a) - rank(b))[0];
}

function show(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > 40 ? `${text.slice(0, 40)}...` : text;
}

function listWords(values: unknown[]): string {
  const words = values.filter((v) => v !== '' && v !== null).map(String);
  return words.length <= 1 ? words.join('') : `${words.slice(0, -1).join(', ')}, or ${words[words.length - 1]}`;
}

export function toStripeError(errors: ErrorObject[]): EmulatedError {
  const error = pickError(errors);
  if (!error) return invalidRequest('Invalid request parameters.');
  const param = stripeName(segments(error));
  const options = { param };
  switch (error.keyword) {
    case 'additionalProperties':
      return invalidRequest(`Received unknown parameter: ${param}`, { ...options, code: 'parameter_unknown' });
    case 'required':
      return invalidRequest(`Missing required param: ${param}.`, { ...options, code: 'parameter_missing' });
    case 'enum':
      return invalidRequest(`Invalid ${param}: must be one of ${listWords(error.params.allowedValues as unknown[])}`, {
        ...options,
        code: 'parameter_invalid_enum',
      });
    case 'maxLength':
      return invalidRequest(`Invalid string: ${show(error.data)}; must be at most ${String(error.params.limit)} characters`, {
        ...options,
        code: 'parameter_invalid_string_too_long',
      });
    case 'type':
      return typeError(String(error.params.type), error.data, param);
    default:
      return invalidRequest(`Invalid value for ${param}: ${show(error.data)} (${error.message ?? 'invalid'})`, options);
  }
}

function typeError(expected: string, data: unknown, param: string): EmulatedError {
  const wanted = expected.split(',')[0];
  switch (wanted) {
    case 'integer':
      return invalidRequest(`Invalid integer: ${show(data)}`, { param, code: 'parameter_invalid_integer' });
    case 'number':
      return invalidRequest(`Invalid decimal: ${show(data)}`, { param, code: 'parameter_invalid_decimal' });
    case 'boolean':
      return invalidRequest(`Invalid boolean: ${show(data)}`, { param, code: 'parameter_invalid_boolean' });
    case 'object':
      return invalidRequest(`Invalid object`, { param, code: 'parameter_invalid_object' });
    case 'array':
      return invalidRequest(`Invalid array`, { param, code: 'parameter_invalid_array' });
    default:
      return invalidRequest(`Invalid string: ${show(data)}`, { param, code: 'parameter_invalid_string' });
  }
}
