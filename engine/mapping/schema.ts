/**
 * Finds the JSON Schema of each mapped destination input. Nested inputs use dotted names
 * (`address.city`). Keys under `metadata`, or under any object whose schema declares
 * `additionalProperties`, are free-form: `metadata.order.id` is the key "order.id".
 */
export type Schema = Record<string, unknown>;

export interface ResolvedInput {
  /** Where the value goes in the output, e.g. ["metadata", "order.id"]. */
  path: string[];
  schema: Schema;
  /** The schema of the object holding this input (for its `required` list and siblings). */
  parent: Schema;
}

export type ResolveResult = { ok: true; input: ResolvedInput } | { ok: false; message: string };

const FREE_FORM_VALUE: Schema = { type: 'string' };

export function resolveInput(inputSchema: Schema, name: string): ResolveResult {
  const segments = name.split('.');
  // `__proto__` would write into the output object's prototype instead of a key.
  if (segments.some((segment) => segment.trim() === '' || segment === '__proto__')) {
    return { ok: false, message: `"${name}" is not a valid input name` };
  }
  let current = inputSchema;
  const path: string[] = [];
  for (let index = 0; index < segments.length; index += 1) {
    const segment = segments[index];
    const properties = propertiesOf(current);
    const property = Object.prototype.hasOwnProperty.call(properties, segment) ? properties[segment] : undefined;
    if (isSchema(property)) {
      path.push(segment);
      if (index === segments.length - 1) return { ok: true, input: { path, schema: property, parent: current } };
      current = property;
      continue;
    }
    if (allowsFreeKeys(current, path)) {
      const key = segments.slice(index).join('.');
      const extra = current.additionalProperties;
      return {
        ok: true,
        input: { path: [...path, key], schema: isSchema(extra) ? extra : FREE_FORM_VALUE, parent: current },
      };
    }
    const known = Object.keys(propertiesOf(current));
    const where = path.length === 0 ? 'this action' : `"${path.join('.')}"`;
    return { ok: false, message: `${where} has no input named "${segment}"; known inputs: ${known.join(', ') || 'none'}` };
  }
  return { ok: false, message: `"${name}" is not a valid input name` };
}

export function propertiesOf(schema: Schema): Record<string, unknown> {
  const properties = schema.properties;
  return isSchema(properties) ? properties : {};
}

export function requiredOf(schema: Schema): string[] {
  return Array.isArray(schema.required) ? schema.required.filter((name): name is string => typeof name === 'string') : [];
}

/** The schema's main type, ignoring "null" in a type list. */
export function typeOf(schema: Schema): string | undefined {
  const type = schema.type;
  if (typeof type === 'string') return type;
  if (Array.isArray(type)) return type.find((entry): entry is string => typeof entry === 'string' && entry !== 'null');
  return undefined;
}

export function isSchema(value: unknown): value is Schema {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function allowsFreeKeys(schema: Schema, path: string[]): boolean {
  if (path[path.length - 1] === 'metadata') return true;
  const extra = schema.additionalProperties;
  return extra === true || isSchema(extra);
}
