import { responseValidator } from './stripe';

/** Asserts that a body is what Stripe's spec says the operation's 200 response is. */
export function expectValid(operationId: string, body: unknown): void {
  const validate = responseValidator(operationId);
  const plain = JSON.parse(JSON.stringify(body)) as Record<string, unknown>;
  // stripe-node's own addition to every object it returns.
  delete plain.lastResponse;
  expect({ operationId, errors: validate(plain) ? null : validate.errors }).toEqual({ operationId, errors: null });
}
