import { propertiesOf, requiredOf, typeOf, type Schema } from './schema';

/**
 * Required inputs, level by level. A nested object's `required` list only applies when
 * that object is itself required or gets at least one value (JSON Schema's meaning): an
 * optional address left entirely empty is fine, half an address missing its line1 is not.
 */
export interface MissingInput {
  /** Dotted input name. */
  field: string;
}

/** `has(path)`: whether something is present at or below that path. */
export function missingRequired(schema: Schema, has: (path: string[]) => boolean, prefix: string[] = []): MissingInput[] {
  const missing: MissingInput[] = [];
  const properties = propertiesOf(schema);
  const required = new Set(requiredOf(schema));
  for (const [name, property] of Object.entries(properties)) {
    const path = [...prefix, name];
    const present = has(path);
    if (!present) {
      if (required.has(name) && !hasDefault(property)) missing.push({ field: path.join('.') });
      continue;
    }
    if (isObjectSchema(property)) missing.push(...missingRequired(property as Schema, has, path));
  }
  for (const name of required) {
    if (!(name in properties) && !has([...prefix, name])) missing.push({ field: [...prefix, name].join('.') });
  }
  return missing;
}

function hasDefault(property: unknown): boolean {
  return property !== null && typeof property === 'object' && 'default' in property;
}

function isObjectSchema(property: unknown): boolean {
  return property !== null && typeof property === 'object' && typeOf(property as Schema) === 'object' && 'properties' in property;
}
