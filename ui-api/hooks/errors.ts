import type { Response } from 'express';

type ErrorCode =
  | 'not_found'
  | 'method_not_allowed'
  | 'too_many_requests'
  | 'invalid_signature'
  | 'bad_signature'
  | 'query_not_signed'
  | 'idempotency_key_reused'
  | 'payload_too_large'
  | 'malformed_json'
  | 'unsupported_media_type'
  | 'validation_failed'
  | 'internal';

// A sender retries 5xx and 429 and gives up on other 4xx: every refusal that sending
// again cannot fix must be a 4xx other than 429.
const STATUS: Record<ErrorCode, number> = {
  not_found: 404,
  method_not_allowed: 405,
  too_many_requests: 429,
  invalid_signature: 401,
  // A service's own signature (Stripe-Signature) that does not verify: 400, as Stripe asks.
  bad_signature: 400,
  query_not_signed: 400,
  idempotency_key_reused: 422,
  payload_too_large: 413,
  malformed_json: 400,
  unsupported_media_type: 415,
  validation_failed: 400,
  internal: 500,
};

export class HookError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly headers: Record<string, string> = {},
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

// One body for every unknown token, path or method under /hooks (a GET of a known token
// aside, see the router): nothing tells a guesser whether a token exists.
export const NOT_FOUND = new HookError(
  'not_found',
  'There is no webhook at this address. Check the URL in the connection’s settings.',
);

export function sendHookError(res: Response, error: HookError): void {
  for (const [name, value] of Object.entries(error.headers)) res.setHeader(name, value);
  res.status(STATUS[error.code]).json({ error: { code: error.code, message: error.message, details: error.details } });
}
