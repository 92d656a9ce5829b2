import { invalidRequest, paramName, type EmulatedError } from '../errors';
import type { FormObject, FormValue } from '../form-encoding';
import { resolveSchema } from '../spec/json-schema';
import type { JsonSchema } from '../spec/load';

/**
 * What the schema needs before Ajv sees decoded form values: `lines[0][price]` decodes to an
 * object keyed "0", "1"…, which becomes an array where the schema wants one; and an empty
 * string is only allowed where the schema lists "" (Stripe's "emptyable" parameters, which
 * use it to unset a value). Throws Stripe's error for an empty value that cannot be unset.
 */
export function prepareParams(params: FormObject, schema: JsonSchema): FormObject {
  const prepared = walk(params, schema, [], false);
  return prepared as FormObject;
}

function branchesOf(schema: JsonSchema): JsonSchema[] {
  const resolved = resolveSchema(schema);
  return Array.isArray(resolved.anyOf) ? resolved.anyOf.map((branch: JsonSchema) => resolveSchema(branch)) : [resolved];
}

function acceptsEmpty(branches: JsonSchema[]): boolean {
  return branches.some((b) => Array.isArray(b.enum) && b.enum.includes(''));
}

function isIndexObject(value: FormObject): boolean {
  const keys = Object.keys(value);
  return keys.length > 0 && keys.every((key) => /^\d+$/.test(key));
}

function walk(value: FormValue, schema: JsonSchema, path: string[], isMapValue: boolean): FormValue {
  const branches = branchesOf(schema);
  if (typeof value === 'string') {
    if (value === '' && !isMapValue && path.length > 0 && !acceptsEmpty(branches)) throw emptyValue(paramName(path));
    return value;
  }
  const arrayBranch = branches.find((b) => b.type === 'array');
  if (!Array.isArray(value) && arrayBranch && isIndexObject(value)) {
    value = Object.keys(value)
      .sort((a, b) => Number(a) - Number(b))
      .map((key) => (value as FormObject)[key]);
  }
  if (Array.isArray(value)) {
    const items: JsonSchema = arrayBranch?.items ?? {};
    return value.map((item, i) => walk(item, items, [...path, String(i)], false));
  }
  const objectBranch = branches.find((b) => b.type === 'object' || b.properties);
  if (!objectBranch) return value;
  const properties: Record<string, JsonSchema> = objectBranch.properties ?? {};
  const extra = objectBranch.additionalProperties;
  const out: FormObject = {};
  for (const [key, child] of Object.entries(value)) {
    if (properties[key]) out[key] = walk(child, properties[key], [...path, key], false);
    else if (extra && typeof extra === 'object') out[key] = walk(child, extra as JsonSchema, [...path, key], true);
    else out[key] = child;
  }
  return out;
}

export function emptyValue(param: string): EmulatedError {
  return invalidRequest(
    `You passed an empty string for '${param}'. An empty value asks Stripe to unset a parameter, but '${param}' ` +
      `cannot be unset. Remove '${param}' from the request or send a non-empty value.`,
    { code: 'parameter_invalid_empty', param },
  );
}
