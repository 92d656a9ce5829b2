import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { Request, RequestHandler } from 'express';
import type { JsonSchema } from '../../connectors/sdk';
import { AppError, FieldProblem } from './app-error';

// Connector schemas carry annotations such as `x-money`; unknown keywords are allowed.
function makeAjv(coerceTypes: boolean): Ajv {
  const ajv = new Ajv({ allErrors: true, strict: false, useDefaults: true, coerceTypes });
  addFormats(ajv);
  return ajv;
}
const bodyAjv = makeAjv(false);
// Query strings are text; "?limit=20" must satisfy `type: integer`.
const queryAjv = makeAjv(true);

const compiled = new WeakMap<JsonSchema, ValidateFunction>();
function compile(ajv: Ajv, schema: JsonSchema): ValidateFunction {
  let validate = compiled.get(schema);
  if (!validate) {
    validate = ajv.compile(schema);
    compiled.set(schema, validate);
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

function describe(error: ErrorObject, prefix: string): FieldProblem {
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
      return { field: at, message: `must be at least ${String(params.limit)} characters long` };
    case 'maxLength':
      return { field: at, message: `must be at most ${String(params.limit)} characters long` };
    default:
      return { field: at || '(body)', message: error.message ?? 'is not valid' };
  }
}

/** Validates `value` in place (defaults applied) or throws 400 validation_failed naming every bad field. */
export function validateValue(schema: JsonSchema, value: unknown, options: { prefix?: string; coerce?: boolean } = {}): void {
  const validate = compile(options.coerce ? queryAjv : bodyAjv, schema);
  if (validate(value)) return;
  const seen = new Set<string>();
  const fields = (validate.errors ?? [])
    .filter((error) => !['anyOf', 'oneOf', 'if'].includes(error.keyword))
    .map((error) => describe(error, options.prefix ?? ''))
    .filter((problem) => !seen.has(`${problem.field}:${problem.message}`) && seen.add(`${problem.field}:${problem.message}`));
  const first = fields[0];
  const summary = first ? `${first.field} ${first.message}` : 'the request is not valid';
  const more =
    fields.length > 1 ? ` (and ${fields.length - 1} more problem${fields.length > 2 ? 's' : ''} listed in details)` : '';
  throw new AppError('validation_failed', `Fix the request: ${summary}${more}.`, { fields });
}

const HAS_BODY = (req: Request): boolean =>
  Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;

/** Body must be JSON matching `schema`; the validated body stays on `req.body`. */
export function validateBody(schema: JsonSchema): RequestHandler {
  return (req, _res, next) => {
    if (HAS_BODY(req) && !req.is('application/json')) {
      throw new AppError('unsupported_media_type', 'Send the request body as JSON with Content-Type: application/json.');
    }
    if (req.body === undefined) req.body = {};
    validateValue(schema, req.body);
    next();
  };
}

const QUERY = Symbol('validated query');
type WithQuery = Request & { [QUERY]?: unknown };

/** Query parameters matching `schema` (numbers and booleans coerced); read them with `getQuery(req)`. */
export function validateQuery(schema: JsonSchema): RequestHandler {
  return (req, _res, next) => {
    // Express 5 re-parses req.query on each read, so the coerced copy is kept aside.
    const query: Record<string, unknown> = { ...(req.query as Record<string, unknown>) };
    validateValue(schema, query, { coerce: true });
    (req as WithQuery)[QUERY] = query;
    next();
  };
}

export function getQuery<Query>(req: Request): Query {
  return ((req as WithQuery)[QUERY] ?? req.query) as Query;
}
