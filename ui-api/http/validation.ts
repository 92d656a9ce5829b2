import type { Request, RequestHandler } from 'express';
import type { JsonSchema } from '../../connectors/sdk';
import { schemaProblems } from '../../engine/schema/validator';
import { AppError } from './app-error';

/** Validates `value` in place (defaults applied) or throws 400 validation_failed naming every bad field. */
export function validateValue(schema: JsonSchema, value: unknown, options: { prefix?: string; coerce?: boolean } = {}): void {
  const fields = schemaProblems(schema, value, options);
  if (fields.length === 0) return;
  const first = fields[0]!;
  const summary = `${first.field} ${first.message}`;
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
