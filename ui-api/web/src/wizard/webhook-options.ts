// The webhook trigger's options that matter for the protection chosen: no secret and no
// header without protection, and only the header that protection reads.
import type { JsonObject, JsonSchema } from '../types';

const PROTECTION_OPTIONS = ['secret', 'secretHeader', 'signatureHeader'];
const NEEDED_BY: Record<string, string[]> = {
  none: [],
  'shared-secret': ['secret', 'secretHeader'],
  'hmac-sha256': ['secret', 'signatureHeader'],
  'hmac-sha256-timestamped': ['secret', 'signatureHeader'],
};

/** The options schema with only what `options.protection` needs; a protection this UI does not know shows everything. */
export function webhookOptionsShown(schema: JsonSchema, options: JsonObject): JsonSchema {
  const protection = typeof options.protection === 'string' ? options.protection : 'none';
  const needed = NEEDED_BY[protection];
  if (!needed) return schema;
  const properties = Object.entries(schema.properties ?? {}).filter(
    ([name]) => !PROTECTION_OPTIONS.includes(name) || needed.includes(name),
  );
  return { ...schema, properties: Object.fromEntries(properties) };
}

/**
 * Values of options that are no longer shown are not saved, so a hidden input can never be
 * the reason a save fails (a secret typed before protection was turned off). Values with a
 * schema default stay: they are what the option would be anyway.
 */
export function withoutHiddenOptions(all: JsonSchema, shown: JsonSchema, options: JsonObject): JsonObject {
  const hidden = Object.entries(all.properties ?? {}).filter(
    ([name, property]) => !shown.properties?.[name] && property.default === undefined,
  );
  if (!hidden.some(([name]) => name in options)) return options;
  const kept = { ...options };
  for (const [name] of hidden) delete kept[name];
  return kept;
}
