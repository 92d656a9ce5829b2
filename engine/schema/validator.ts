import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { JsonSchema } from '../../connectors/sdk';

export interface SchemaProblem {
  field: string;
  message: string;
}

// One ajv for connector schemas: defaults filled in (so stored options are complete),
// unknown keywords such as x-money and x-enumLabels allowed.
const ajv = new Ajv({ allErrors: true, useDefaults: true, strict: false });
addFormats(ajv);
const compiled = new WeakMap<object, ValidateFunction>();

function compile(schema: JsonSchema): ValidateFunction {
  let validate = compiled.get(schema);
  if (!validate) {
    validate = ajv.compile(schema);
    compiled.set(schema, validate);
  }
  return validate;
}

function fieldOf(error: ErrorObject, prefix: string): string {
  const path = error.instancePath
    .split('/')
    .filter(Boolean)
    .map((part) => (/^\d+$/.test(part) ? `[${part}]` : `.${part}`))
    .join('');
  const missing = error.keyword === 'required' ? `.${String(error.params.missingProperty)}` : '';
  const extra = error.keyword === 'additionalProperties' ? `.${String(error.params.additionalProperty)}` : '';
  return `${prefix}${path}${missing}${extra}`.replace(/^\./, '');
}

function messageOf(error: ErrorObject): string {
  switch (error.keyword) {
    case 'required':
      return 'is required.';
    case 'additionalProperties':
      return 'is not a known field; remove it.';
    case 'enum':
      return `must be one of: ${(error.params.allowedValues as unknown[]).map(String).join(', ')}.`;
    default:
      return `${error.message ?? 'is invalid'}.`;
  }
}

/**
 * Validates `value` (filling in schema defaults in place) and names each problem by its
 * path under `prefix`, e.g. `source.options.sheet`.
 */
export function validateWithSchema(schema: JsonSchema, value: unknown, prefix: string): SchemaProblem[] {
  const validate = compile(schema);
  if (validate(value)) return [];
  return (validate.errors ?? []).map((error) => ({ field: fieldOf(error, prefix), message: messageOf(error) }));
}
