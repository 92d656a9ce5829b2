import { fromMinorUnits } from '../../../../connectors/sdk/money/convert';
import type { FieldProblem, JsonObject, JsonSchema } from '../types';
import { normaliseField } from '../problems';

/** One input of the action, named with dots for nested properties (`address.city`). */
export interface MappingTarget {
  path: string;
  schema: JsonSchema;
  required: boolean;
  /** A free-form object (metadata): people add their own keys under it. */
  openObject: boolean;
}

export function mappingTargets(schema: JsonSchema, prefix = '', parentRequired = true): MappingTarget[] {
  const required = new Set(schema.required ?? []);
  return Object.entries(schema.properties ?? {}).flatMap(([name, property]) => {
    const path = prefix ? `${prefix}.${name}` : name;
    const isRequired = parentRequired && required.has(name);
    if (property.type === 'object') {
      if (property.properties && Object.keys(property.properties).length > 0) return mappingTargets(property, path, isRequired);
      return [{ path, schema: property, required: isRequired, openObject: true }];
    }
    return [{ path, schema: property, required: isRequired, openObject: false }];
  });
}

/** The value the preview computed for an input, whether the server nests it or keeps it dotted. */
export function previewValue(input: JsonObject | undefined, path: string): unknown {
  if (!input) return undefined;
  if (path in input) return input[path];
  return path.split('.').reduce<unknown>((current, key) => (current as JsonObject | undefined)?.[key], input);
}

/** Messages for one input, from a preview (`email`, `input.email`, `mapping.email`) or a save. */
export function problemFor(problems: FieldProblem[], path: string): string | undefined {
  const found = problems.filter((p) => normaliseField(p.field).replace(/^(mapping|input)\./, '') === path).map((p) => p.message);
  return found.length ? [...new Set(found)].join(' ') : undefined;
}

/** Inserts `text` into `value` where the cursor was, replacing any selection. */
export function insertAt(
  value: string,
  text: string,
  start: number | null,
  end: number | null,
): { value: string; caret: number } {
  const from = start ?? value.length;
  const to = end ?? from;
  return { value: value.slice(0, from) + text + value.slice(to), caret: from + text.length };
}

/**
 * A money input's preview in the unit a person typed, with what Stripe receives: the
 * mapping sends minor units ("49.90 EUR (sent to Stripe as 4990)"). Null when the input is
 * not money or its currency is not known yet.
 */
export function moneyPreview(target: MappingTarget, value: unknown, input: JsonObject | undefined): string | null {
  if (target.schema['x-money'] !== true || value === undefined) return null;
  const currency = previewValue(input, [...target.path.split('.').slice(0, -1), 'currency'].join('.'));
  if (typeof currency !== 'string') return null;
  const amounts = Array.isArray(value) ? value : [value];
  try {
    const major = amounts.map((amount) => (amount === null ? '(none)' : fromMinorUnits(amount as number, currency)));
    return `${major.join(', ')} ${currency.toUpperCase()} (sent to Stripe as ${JSON.stringify(value)})`;
  } catch {
    return null;
  }
}
