/** Errors the emulator answers with, in Stripe's shape: `{ "error": { type, code, param, message, ... } }`. */

export type StripeErrorType = 'invalid_request_error' | 'api_error' | 'idempotency_error' | 'card_error';

export interface StripeErrorBody {
  type: StripeErrorType;
  message: string;
  code?: string;
  param?: string;
  doc_url?: string;
  request_log_url?: string;
  /** Card errors: the issuer's reason (`insufficient_funds`), and the objects the attempt touched. */
  decline_code?: string;
  charge?: string;
  payment_intent?: Record<string, unknown>;
  payment_method?: Record<string, unknown>;
}

export class EmulatedError extends Error {
  constructor(
    readonly status: number,
    readonly body: StripeErrorBody,
    readonly headers: Record<string, string> = {},
  ) {
    super(body.message);
  }

  toJSON(requestId: string): { error: StripeErrorBody } {
    return {
      error: {
        ...this.body,
        ...(this.body.code ? { doc_url: `https://stripe.com/docs/error-codes/${this.body.code.replace(/_/g, '-')}` } : {}),
        request_log_url: `https://dashboard.stripe.com/test/logs/${requestId}?t=${Math.floor(Date.now() / 1000)}`,
      },
    };
  }
}

export interface InvalidRequestOptions {
  code?: string;
  param?: string;
  status?: number;
}

export function invalidRequest(message: string, options: InvalidRequestOptions = {}): EmulatedError {
  const body: StripeErrorBody = { type: 'invalid_request_error', message };
  if (options.code) body.code = options.code;
  if (options.param) body.param = options.param;
  return new EmulatedError(options.status ?? 400, body);
}

/** `No such customer: 'cus_x'` — 404 for an id in the URL, 400 for an id passed as a parameter. */
export function resourceMissing(kind: string, id: string, param = 'id', status = param === 'id' ? 404 : 400): EmulatedError {
  return invalidRequest(`No such ${kind}: '${id}'`, { code: 'resource_missing', param, status });
}

/** A 402 `card_error`, as Stripe answers a declined or unauthenticated card. */
export function cardError(message: string, details: Omit<StripeErrorBody, 'type' | 'message'>): EmulatedError {
  return new EmulatedError(402, { type: 'card_error', message, ...details });
}

export function parameterMissing(param: string): EmulatedError {
  return invalidRequest(`Missing required param: ${param}.`, { code: 'parameter_missing', param });
}

export function unrecognizedUrl(method: string, path: string): EmulatedError {
  return invalidRequest(
    `Unrecognized request URL (${method}: ${path}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.`,
    { status: 404 },
  );
}

export function rateLimited(): EmulatedError {
  return invalidRequest('Request rate limit exceeded. Learn more about rate limits here https://stripe.com/docs/rate-limits.', {
    code: 'rate_limit',
    status: 429,
  });
}

export function apiError(): EmulatedError {
  return new EmulatedError(500, {
    type: 'api_error',
    message:
      "Sorry, something went wrong. We've already been notified of the problem, but if you need any help, you can reach out to support@stripe.com.",
  });
}

/** Turn a parameter path like ['lines', 0, 'price'] into Stripe's `lines[0][price]`. */
export function paramName(path: ReadonlyArray<string | number>): string {
  return path.map((segment, i) => (i === 0 ? String(segment) : `[${segment}]`)).join('');
}
