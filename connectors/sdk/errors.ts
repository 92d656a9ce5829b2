import type { JsonObject } from './types';

/**
 * How the engine should treat a failure:
 * - `retryable`: try again later with the same idempotency key (429, 5xx, network).
 * - `item`: this item cannot succeed as it is (a 4xx); fail it, keep the details.
 * - `auth`: the account's credentials are refused; the whole run fails.
 * - `config`: the connection's options are wrong (missing sheet, renamed column); the run fails.
 */
export type ErrorKind = 'retryable' | 'item' | 'auth' | 'config';

export interface ErrorDetails extends JsonObject {
  /** e.g. Stripe's `invalid_request_error`. */
  type?: string;
  code?: string;
  /** The destination parameter the error names, e.g. `email` or `address[country]`. */
  param?: string;
  statusCode?: number;
}

export class ConnectorError extends Error {
  constructor(
    public readonly kind: ErrorKind,
    message: string,
    public readonly details: ErrorDetails = {},
    /** For `retryable`: the delay the service asked for (Retry-After), if any. */
    public readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'ConnectorError';
  }
}

export function isConnectorError(error: unknown): error is ConnectorError {
  return error instanceof ConnectorError;
}
