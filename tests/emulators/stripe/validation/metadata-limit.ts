import { invalidRequest, type EmulatedError } from '../errors';

/**
 * Stripe keeps at most 50 metadata keys on an object and refuses a request that would set
 * more; Stripe's published spec does not say so (no maxProperties), hence this check.
 */
export const MAX_METADATA_KEYS = 50;

/** The first `metadata` (top level or one level down, e.g. `payment_intent_data`) over the limit. */
export function metadataOverLimit(params: Record<string, unknown>): EmulatedError | undefined {
  const candidates: Array<[string, unknown]> = [['metadata', params.metadata]];
  for (const [name, value] of Object.entries(params)) {
    if (isObject(value) && 'metadata' in value) candidates.push([`${name}[metadata]`, value.metadata]);
  }
  for (const [param, metadata] of candidates) {
    if (!isObject(metadata)) continue;
    const count = Object.keys(metadata).length;
    if (count > MAX_METADATA_KEYS) {
      return invalidRequest(`Metadata can hold at most ${MAX_METADATA_KEYS} keys; this request has ${count}.`, { param });
    }
  }
  return undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
