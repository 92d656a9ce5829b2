/**
 * What an engine service throws when a request cannot be served as asked. The API's
 * error middleware turns it into `{ error: { code, message, details } }`; the engine
 * never imports the HTTP layer, so the codes live here as plain strings.
 */
export type ServiceErrorCode =
  | 'validation_failed'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'setup_done'
  | 'too_many_requests'
  | 'account_verification_failed'
  | 'account_in_use'
  | 'connector_failed'
  | 'not_configured';

export interface FieldProblem {
  field: string;
  message: string;
}

export class ServiceError extends Error {
  constructor(
    public readonly code: ServiceErrorCode,
    message: string,
    public readonly details: { fields?: FieldProblem[]; [key: string]: unknown } = {},
    /** Response headers the caller should see, e.g. Retry-After. */
    public readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'ServiceError';
  }
}

export function fieldError(field: string, message: string): ServiceError {
  return new ServiceError('validation_failed', `${field}: ${message}`, { fields: [{ field, message }] });
}

export function notFound(what: string): ServiceError {
  return new ServiceError('not_found', `${what} was not found in this workspace.`);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids in URLs are untrusted text; anything that is not a UUID cannot name a resource. */
export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}
