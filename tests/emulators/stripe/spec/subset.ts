// Rebuilds stripe-openapi-subset.json from Stripe's full spec (spec3.2024-04-10.json.gz,
// byte-identical to github.com/stripe/openapi at v1039, MIT). Stripe's schemas are never
// written by hand: to serve a new operation, add it here and re-run, e.g.
//
//   npx tsx tests/emulators/stripe/spec/subset.ts "POST /v1/payment_methods/{payment_method}/attach"
//
// The endpoint list lives in the subset's own `x-subset.endpoints`, so two branches that
// each added operations merge by re-running this with the union of both lists.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const DIR = __dirname;
const FULL_SPEC = path.join(DIR, 'spec3.2024-04-10.json.gz');
const SUBSET = path.join(DIR, 'stripe-openapi-subset.json');

const isObject = (value: Json | undefined): value is JsonObject =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/** Every components/schemas name reachable from `start` through `$ref`s (anyOf and x-expansionResources included). */
function reachableSchemas(start: Json, schemas: JsonObject): Set<string> {
  const found = new Set<string>();
  const stack: Json[] = [start];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (Array.isArray(node)) {
      stack.push(...node);
      continue;
    }
    if (!isObject(node)) continue;
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string') {
        const name = value.replace('#/components/schemas/', '');
        if (!found.has(name)) {
          found.add(name);
          stack.push(schemas[name]);
        }
      } else stack.push(value);
    }
  }
  return found;
}

/**
 * Drops `description` where it is a keyword of a schema, operation, parameter or security
 * scheme; keeps it where it names a property (`properties.description`) and where OpenAPI
 * 3.0 requires it (a Response Object's one-liner).
 */
function withoutDescriptions(node: Json, keepDescription = false, underProperties = false): Json {
  if (Array.isArray(node)) return node.map((entry) => withoutDescriptions(entry));
  if (!isObject(node)) return node;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'description' && !keepDescription && !underProperties) continue;
    if (key === 'responses' && isObject(value)) {
      out[key] = Object.fromEntries(
        Object.entries(value).map(([status, response]) => [status, withoutDescriptions(response, true)]),
      );
    } else out[key] = withoutDescriptions(value, false, key === 'properties');
  }
  return out;
}

export function buildSubset(full: JsonObject, endpoints: string[]): JsonObject {
  const wanted = new Map<string, Set<string>>();
  for (const endpoint of endpoints) {
    const [method, route] = endpoint.split(' ');
    const operation = (full.paths as JsonObject)[route] as JsonObject | undefined;
    if (!operation?.[method.toLowerCase()]) throw new Error(`${endpoint} is not in Stripe's spec`);
    wanted.set(route, (wanted.get(route) ?? new Set()).add(method.toLowerCase()));
  }
  const paths: JsonObject = {};
  for (const [route, methods] of Object.entries(full.paths as JsonObject)) {
    const keep = wanted.get(route);
    if (!keep || !isObject(methods)) continue;
    paths[route] = Object.fromEntries(Object.entries(methods).filter(([method]) => keep.has(method)));
  }
  const components = full.components as JsonObject;
  const allSchemas = components.schemas as JsonObject;
  const reached = reachableSchemas(paths, allSchemas);
  const schemas = Object.fromEntries(Object.entries(allSchemas).filter(([name]) => reached.has(name)));
  const info = { ...(full.info as JsonObject) };
  delete info['x-stripeSpecFilename'];
  delete info.description;
  return {
    openapi: full.openapi,
    info,
    servers: full.servers,
    security: full.security,
    'x-subset': {
      source: 'github.com/stripe/openapi',
      path: 'openapi/spec3.json',
      commit: 'b89252df78636b22a3ad03f31ad7599b478f7316',
      blob: '7dada99eb77a9aa17fca0dc8548799280553a732',
      apiVersion: '2024-04-10',
      endpoints,
      trim: "description fields and x-stripeSpecFilename removed (Response Object descriptions kept); only the listed operations and transitively $ref'd components/schemas kept",
    },
    paths: withoutDescriptions(paths),
    components: {
      schemas: withoutDescriptions(schemas, false, false),
      securitySchemes: withoutDescriptions(components.securitySchemes),
    },
  };
}

function main(): void {
  const full = JSON.parse(zlib.gunzipSync(fs.readFileSync(FULL_SPEC)).toString('utf8')) as JsonObject;
  const current = JSON.parse(fs.readFileSync(SUBSET, 'utf8')) as JsonObject;
  const endpoints = [...((current['x-subset'] as JsonObject).endpoints as string[])];
  for (const added of process.argv.slice(2)) if (!endpoints.includes(added)) endpoints.push(added);
  fs.writeFileSync(SUBSET, JSON.stringify(buildSubset(full, endpoints)));
  process.stdout.write(`${endpoints.length} operations written to ${path.relative(process.cwd(), SUBSET)}\n`);
}

if (require.main === module) main();
