/**
 * Finds the JSON Schema of each mapped destination input. Nested inputs use dotted names
 * (`address.city`). Keys under `metadata`, or under any object whose schema declares
 * `additionalProperties`, are free-form: `metadata.order.id` is the key "order.id". An input
 * whose own name holds a dot (a sheet column "Charge no.") is matched whole.
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
  const invalid: ResolveResult = { ok: false, message: `"${name}" is not a valid input name` };
  if (name.trim() === '') return invalid;
  let current = inputSchema;
  const path: string[] = [];
  let rest = name;
  for (;;) {
    const properties = propertiesOf(current);
    // A name may itself hold dots (a sheet's "Charge no." column): the longest property
    // name that `rest` is, or starts with before a dot, wins over splitting at every dot.
    const segment = longestPropertyAt(properties, rest);
    if (segment !== undefined) {
      const property = properties[segment] as Schema;
      path.push(segment);
      if (segment === rest) return { ok: true, input: { path, schema: property, parent: current } };
      current = property;
      rest = rest.slice(segment.length + 1);
      continue;
    }
    const next = rest.split('.')[0]!;
    // `__proto__` would write into the output object's prototype instead of a key.
    if (rest.trim() === '' || rest === '__proto__' || next === '__proto__') return invalid;
    if (allowsFreeKeys(current, path)) {
      const extra = current.additionalProperties;
      return {
        ok: true,
        input: { path: [...path, rest], schema: isSchema(extra) ? extra : FREE_FORM_VALUE, parent: current },
      };
    }
    const known = Object.keys(properties);
    const where = path.length === 0 ? 'this action' : `"${path.join('.')}"`;
    return { ok: false, message: `${where} has no input named "${next}"; known inputs: ${known.join(', ') || 'none'}` };
  }
}

function longestPropertyAt(properties: Record<string, unknown>, rest: string): string | undefined {
  let found: string | undefined;
  for (const [key, property] of Object.entries(properties)) {
    if (key === '__proto__' || !isSchema(property)) continue;
    if ((rest === key || rest.startsWith(`${key}.`)) && (found === undefined || key.length > found.length)) found = key;
  }
  return found;
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
