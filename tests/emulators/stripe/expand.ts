import { invalidRequest } from './errors';
import type { StripeState } from './state';

/**
 * Stripe's `expand[]=customer` / `expand[]=data.customer`: replace an id at that path with the
 * object it names. Copies along the path, so stored objects are never changed.
 */
export function expand(body: unknown, paths: readonly string[], state: StripeState): unknown {
  let result = body;
  for (const path of paths) result = expandPath(result, path.split('.'), state, path);
  return result;
}

function expandPath(node: unknown, parts: string[], state: StripeState, full: string): unknown {
  if (node === null || typeof node !== 'object') return node;
  const record = node as Record<string, unknown>;
  const [head, ...rest] = parts;
  if (head === 'data' && Array.isArray(record.data) && rest.length > 0) {
    return { ...record, data: record.data.map((item: unknown) => expandPath(item, rest, state, full)) };
  }
  if (!(head in record)) throw cannotExpand(full);
  const value = record[head];
  if (rest.length > 0) return { ...record, [head]: expandPath(value, rest, state, full) };
  if (value === null || typeof value === 'object') return record;
  if (typeof value !== 'string') throw cannotExpand(full);
  const target = state.find(value);
  if (!target) {
    if (state.deleted.has(value)) return { ...record, [head]: { id: value, object: 'customer', deleted: true } };
    throw cannotExpand(full);
  }
  return { ...record, [head]: target };
}

function cannotExpand(path: string): Error {
  return invalidRequest(`This property cannot be expanded (${path}).`, { param: 'expand' });
}
