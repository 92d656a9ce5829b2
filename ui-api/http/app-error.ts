export type ErrorCode =
  | 'validation_failed'
  | 'malformed_json'
  | 'payload_too_large'
  | 'unauthenticated'
  | 'csrf_failed'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'too_many_requests'
  | 'setup_done'
  | 'account_verification_failed'
  | 'account_in_use'
  | 'connector_failed'
  | 'not_configured'
  | 'unsupported_media_type'
  | 'internal';

export interface FieldProblem {
  /** The request field, e.g. `schedule.times[1]` or `mapping.email`. */
  field: string;
  message: string;
}

/** The one error type services throw; the error middleware turns it into a response. */
export class AppError extends Error {
  constructor(
    public readonly code: ErrorCode,
    message: string,
    public readonly details: { fields?: FieldProblem[]; [key: string]: unknown } = {},
    public readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const STATUS_BY_CODE: Record<ErrorCode, number> = {
  validation_failed: 400,
  malformed_json: 400,
  payload_too_large: 413,
  unauthenticated: 401,
  csrf_failed: 403,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  too_many_requests: 429,
  setup_done: 409,
  account_verification_failed: 422,
  account_in_use: 409,
  connector_failed: 422,
  not_configured: 409,
  unsupported_media_type: 415,
  internal: 500,
};

export function notFound(what: string): AppError {
  return new AppError('not_found', `${what} was not found.`);
}
