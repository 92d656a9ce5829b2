import fs from 'node:fs';
import path from 'node:path';

/**
 * Stripe's official OpenAPI spec (API version 2024-04-10, trimmed to the operations the
 * emulator serves) and its sample objects, from github.com/stripe/openapi (MIT, see
 * LICENSE-openapi). Loaded once per process; callers must not mutate the result.
 */
export interface OpenApiSpec {
  openapi: string;
  info: { version: string };
  paths: Record<string, Record<string, OpenApiOperation>>;
  components: { schemas: Record<string, JsonSchema> };
}

export interface OpenApiParameter {
  name: string;
  in: 'query' | 'path' | 'header';
  required?: boolean;
  schema: JsonSchema;
  style?: string;
  explode?: boolean;
}

export interface OpenApiOperation {
  operationId: string;
  parameters?: OpenApiParameter[];
  requestBody?: { content: Record<string, { schema: JsonSchema }>; required?: boolean };
  responses: Record<string, { description: string; content?: Record<string, { schema: JsonSchema }> }>;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type JsonSchema = Record<string, any>;

export interface StripeFixtures {
  resources: Record<string, Record<string, unknown>>;
}

export const SPEC_DIR = __dirname;
export const STRIPE_API_VERSION = '2024-04-10';

let spec: OpenApiSpec | undefined;
let fixtures: StripeFixtures | undefined;

export function loadStripeSpec(): OpenApiSpec {
  spec ??= JSON.parse(fs.readFileSync(path.join(SPEC_DIR, 'stripe-openapi-subset.json'), 'utf8')) as OpenApiSpec;
  return spec;
}

export function loadStripeFixtures(): StripeFixtures {
  fixtures ??= JSON.parse(
    fs.readFileSync(path.join(SPEC_DIR, 'stripe-fixtures-subset.json'), 'utf8'),
  ) as StripeFixtures;
  return fixtures;
}

/** A deep copy of the official sample object for `resourceId` (e.g. 'customer', 'checkout.session'). */
export function fixture(resourceId: string): Record<string, unknown> {
  const sample = loadStripeFixtures().resources[resourceId];
  if (!sample) throw new Error(`No Stripe fixture for ${resourceId}`);
  return structuredClone(sample);
}
