import { newId, nowSeconds } from '../ids';
import { fixture } from '../spec/load';
import type { StripeState } from '../state';
import { createdFrom, type ListOptions, type ListPage, type StripeObject } from '../store';

/** Validated, coerced request parameters (form values already turned into numbers/arrays). */
export type Params = Record<string, unknown>;

export interface OperationContext {
  params: Params;
  /** Path parameters, e.g. `{ customer: 'cus_...' }` for /v1/customers/{customer}. */
  path: Record<string, string>;
  state: StripeState;
  livemode: boolean;
}

export type OperationResult = StripeObject | ListPage | Record<string, unknown>;
export type Operation = (context: OperationContext) => OperationResult;

/** A new object from the official sample, with a fresh id, timestamp and the key's livemode. */
export function fromFixture(resourceId: string, prefix: string, context: OperationContext): StripeObject {
  const object = fixture(resourceId) as StripeObject;
  object.id = newId(prefix);
  if ('created' in object) object.created = nowSeconds();
  object.livemode = context.livemode;
  if ('metadata' in object) object.metadata = {};
  return object;
}

/** Stripe unsets a parameter sent as "" (only allowed where the spec says so). */
export function isUnset(value: unknown): boolean {
  return value === '';
}

/** Assign the parameters present in `params` to `target`, turning "" into null. */
export function assignFields(target: StripeObject, params: Params, fields: readonly string[]): void {
  for (const field of fields) {
    if (!(field in params)) continue;
    const value = params[field];
    target[field] = isUnset(value) ? null : value;
  }
}

/** `metadata[k]=v` merges, `metadata[k]=` removes a key, `metadata=` clears all of it. */
export function mergeMetadata(target: StripeObject, value: unknown): void {
  if (value === undefined) return;
  if (isUnset(value)) {
    target.metadata = {};
    return;
  }
  const metadata = { ...(target.metadata as Record<string, string>) };
  for (const [key, entry] of Object.entries(value as Record<string, string>)) {
    if (entry === '') delete metadata[key];
    else metadata[key] = entry;
  }
  target.metadata = metadata;
}

export function listOptions(params: Params): ListOptions {
  return {
    limit: params.limit as number | undefined,
    starting_after: params.starting_after as string | undefined,
    ending_before: params.ending_before as string | undefined,
    createdFrom: createdFrom(params.created),
  };
}

/** Filter on one field when the parameter is present. */
export function fieldEquals(field: string, value: unknown): ((o: StripeObject) => boolean) | undefined {
  return value === undefined ? undefined : (o) => o[field] === value;
}

export function emptyList(url: string): ListPage {
  return { object: 'list', data: [], has_more: false, url };
}
