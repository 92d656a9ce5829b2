import type { JsonObject } from '../../connectors/sdk/types';

export interface DiscoveredField {
  /** Path as a mapping names it: `customer.email`, `items[0].sku`, `First name`. */
  field: string;
  type: 'string' | 'number' | 'boolean' | 'null' | 'object' | 'array';
  /** A value seen in the newest payload that has this field. */
  example: unknown;
}

// Bounds keep one huge or deeply nested payload from flooding the wizard's field list.
const MAX_ARRAY_ITEMS = 10;
const MAX_DEPTH = 10;
const MAX_FIELDS = 500;

function typeOf(value: unknown): DiscoveredField['type'] {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  const type = typeof value;
  return type === 'number' || type === 'boolean' || type === 'object' ? type : 'string';
}

function walk(value: unknown, path: string, depth: number, found: Map<string, DiscoveredField>): void {
  if (found.size >= MAX_FIELDS) return;
  const type = typeOf(value);
  const isEmptyContainer =
    (type === 'object' && Object.keys(value as object).length === 0) || (type === 'array' && (value as unknown[]).length === 0);
  if ((type !== 'object' && type !== 'array') || isEmptyContainer || depth >= MAX_DEPTH) {
    // The newest payload was walked first, so its example stays.
    if (path && !found.has(path)) found.set(path, { field: path, type, example: value });
    return;
  }
  if (type === 'array') {
    (value as unknown[]).slice(0, MAX_ARRAY_ITEMS).forEach((item, index) => walk(item, `${path}[${index}]`, depth + 1, found));
    return;
  }
  for (const [key, child] of Object.entries(value as JsonObject)) {
    walk(child, path ? `${path}.${key}` : key, depth + 1, found);
  }
}

/**
 * The fields a mapping can use, from recent payloads (newest first): nested objects are
 * flattened with dots, array elements with [index]; each leaf comes with an example.
 * Fields appear in the order the payloads first show them.
 */
export function discoverFields(payloads: JsonObject[]): DiscoveredField[] {
  const found = new Map<string, DiscoveredField>();
  for (const payload of payloads) walk(payload, '', 0, found);
  return [...found.values()];
}
