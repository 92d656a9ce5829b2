import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { JsonSchema } from '../../connectors/sdk';

export interface SchemaProblem {
  field: string;
  message: string;
}

// Connector schemas carry annotations such as `x-money`; unknown keywords are allowed.
// Defaults are filled in, so stored options and validated bodies are complete.
function makeAjv(coerceTypes: boolean): Ajv {
  const ajv = new Ajv({ allErrors: true, strict: false, useDefaults: true, coerceTypes });
  addFormats(ajv);
  return ajv;
}
const exactAjv = makeAjv(false);
// Query strings are text; "?limit=20" must satisfy `type: integer`.
const coercingAjv = makeAjv(true);

const compiledExact = new WeakMap<JsonSchema, ValidateFunction>();
const compiledCoercing = new WeakMap<JsonSchema, ValidateFunction>();

function compile(schema: JsonSchema, coerce: boolean): ValidateFunction {
  const cache = coerce ? compiledCoercing : compiledExact;
  let validate = cache.get(schema);
  if (!validate) {
    validate = (coerce ? coercingAjv : exactAjv).compile(schema);
    cache.set(schema, validate);
  }
  return validate;
}

/** `/schedule/times/1` under prefix `body` -> `schedule.times[1]`. */
function fieldName(instancePath: string, prefix: string): string {
  const parts = instancePath
    .split('/')
    .slice(1)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'));
  let name = prefix;
  for (const part of parts) name = /^\d+$/.test(part) ? `${name}[${part}]` : name ? `${name}.${part}` : part;
  return name;
}

function join(parent: string, child: string): string {
  return parent ? `${parent}.${child}` : child;
}

function describe(error: ErrorObject, prefix: string): SchemaProblem {
  const at = fieldName(error.instancePath, prefix);
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return { field: join(at, String(params.missingProperty)), message: 'is required' };
    case 'additionalProperties': {
      const known = Object.keys((error.parentSchema?.properties as object | undefined) ?? {});
      const hint = known.length > 0 ? `; known fields are ${known.join(', ')}` : '';
      return { field: join(at, String(params.additionalProperty)), message: `is not a known field: remove it${hint}` };
    }
    case 'type':
      return { field: at || '(body)', message: `must be ${params.type === 'object' ? 'an object' : `a ${String(params.type)}`}` };
    case 'enum':
      return {
        field: at,
        message: `must be one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`,
      };
    case 'format':
      return { field: at, message: `must be a valid ${String(params.format)}` };
    case 'minLength':
      // An empty value is what a limit of one catches: say so, not "at least 1 characters".
      return {
        field: at,
        message: params.limit === 1 ? 'is required' : `must be at least ${String(params.limit)} characters long`,
      };
    case 'maxLength':
      return { field: at, message: `must be at most ${String(params.limit)} characters long` };
    default:
      return { field: at || '(body)', message: error.message ?? 'is not valid' };
  }
}

/**
 * Validates `value` against a JSON Schema, filling in defaults in place, and names each
 * problem by its path under `prefix` (e.g. `source.options.sheet`). The API's request
 * validation and the connection checks both use it, so one wording serves everywhere.
 */
export function schemaProblems(
  schema: JsonSchema,
  value: unknown,
  options: { prefix?: string; coerce?: boolean } = {},
): SchemaProblem[] {
  const validate = compile(schema, options.coerce ?? false);
  if (validate(value)) return [];
  const seen = new Set<string>();
  return (validate.errors ?? [])
    .filter((error) => !['anyOf', 'oneOf', 'if'].includes(error.keyword))
    .map((error) => describe(error, options.prefix ?? ''))
    .filter((problem) => !seen.has(`${problem.field}:${problem.message}`) && seen.add(`${problem.field}:${problem.message}`));
}
