import Ajv, { type ValidateFunction } from 'ajv';
import { loadStripeSpec, type JsonSchema, type OpenApiOperation } from './load';

/**
 * Turns the OpenAPI 3.0 schemas of the spec into JSON Schema that Ajv accepts, and compiles
 * validators lazily: one per operation for requests and one per operation for responses, cached
 * for the life of the process (compiling the invoice response graph takes a while).
 */

const COMPONENTS_ID = 'stripe-components';
const REF_PREFIX = '#/components/schemas/';

/** OpenAPI's `nullable: true` becomes a `null` type or branch; `x-*` extensions are dropped. */
export function toJsonSchema(schema: JsonSchema): JsonSchema {
  const out: JsonSchema = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key.startsWith('x-') || key === 'nullable' || key === 'description') continue;
    if (key === '$ref' && typeof value === 'string' && value.startsWith(REF_PREFIX)) {
      out.$ref = `${COMPONENTS_ID}${value}`;
    } else if (key === 'properties') {
      out.properties = Object.fromEntries(
        Object.entries(value as Record<string, JsonSchema>).map(([name, child]) => [name, toJsonSchema(child)]),
      );
    } else if ((key === 'anyOf' || key === 'oneOf' || key === 'allOf') && Array.isArray(value)) {
      out[key] = value.map((child: JsonSchema) => toJsonSchema(child));
    } else if ((key === 'items' || key === 'additionalProperties') && typeof value === 'object' && value !== null) {
      out[key] = toJsonSchema(value as JsonSchema);
    } else {
      out[key] = value;
    }
  }
  if (schema.nullable !== true) return out;
  if (out.$ref) return { anyOf: [{ $ref: out.$ref }, { type: 'null' }] };
  if (out.anyOf) return { ...out, anyOf: [...out.anyOf, { type: 'null' }] };
  if (out.type) out.type = [out.type, 'null'];
  if (Array.isArray(out.enum)) out.enum = [...out.enum, null];
  return out;
}

const ajvs = new Map<boolean, Ajv>();
let components: Record<string, JsonSchema> | undefined;

function convertedComponents(): Record<string, JsonSchema> {
  components ??= Object.fromEntries(
    Object.entries(loadStripeSpec().components.schemas).map(([name, schema]) => [name, toJsonSchema(schema)]),
  );
  return components;
}

/**
 * Requests are validated with coercion (form values arrive as strings and Stripe reads
 * `amount=100` as an integer); responses without, so a string where an integer belongs fails.
 */
function getAjv(coerce: boolean): Ajv {
  let ajv = ajvs.get(coerce);
  if (!ajv) {
    ajv = new Ajv({ strict: false, allErrors: false, coerceTypes: coerce, verbose: true, validateFormats: false, inlineRefs: coerce });
    ajv.addSchema({ $id: COMPONENTS_ID, components: { schemas: convertedComponents() } });
    ajvs.set(coerce, ajv);
  }
  return ajv;
}

/** Follow a `$ref` into the converted components (request schemas are mostly inline). */
export function resolveSchema(schema: JsonSchema): JsonSchema {
  let current = schema;
  for (let hops = 0; typeof current.$ref === 'string' && hops < 20; hops += 1) {
    const name = current.$ref.slice(`${COMPONENTS_ID}${REF_PREFIX}`.length);
    current = convertedComponents()[name] ?? {};
  }
  return current;
}

/**
 * The request schema of an operation: the form body for POST and DELETE; for GET the query
 * parameters folded into one object. Path parameters come from the URL and are left out.
 */
export function requestSchema(method: string, operation: OpenApiOperation): JsonSchema {
  const body = operation.requestBody?.content['application/x-www-form-urlencoded']?.schema;
  if (method !== 'get' && body) return closeObjects(toJsonSchema(body));
  const query = (operation.parameters ?? []).filter((p) => p.in === 'query');
  return {
    type: 'object',
    properties: Object.fromEntries(query.map((p) => [p.name, toJsonSchema(p.schema)])),
    required: query.filter((p) => p.required).map((p) => p.name),
    additionalProperties: false,
  };
}

/**
 * The spec only closes the top level of request bodies, but Stripe also rejects unknown keys
 * inside nested hashes (`address[cty]`). Objects with named properties and no word on extra
 * keys are closed; maps such as metadata keep their `additionalProperties` schema.
 */
function closeObjects(schema: JsonSchema): JsonSchema {
  const out: JsonSchema = { ...schema };
  if (out.properties) {
    out.properties = Object.fromEntries(
      Object.entries(out.properties as Record<string, JsonSchema>).map(([name, child]) => [name, closeObjects(child)]),
    );
    out.additionalProperties ??= false;
  }
  if (Array.isArray(out.anyOf)) out.anyOf = out.anyOf.map((child: JsonSchema) => closeObjects(child));
  if (out.items && typeof out.items === 'object') out.items = closeObjects(out.items as JsonSchema);
  return out;
}

const requestValidators = new Map<string, { schema: JsonSchema; validate: ValidateFunction }>();
const responseValidators = new Map<string, ValidateFunction>();

export function requestValidator(method: string, operation: OpenApiOperation): { schema: JsonSchema; validate: ValidateFunction } {
  let entry = requestValidators.get(operation.operationId);
  if (!entry) {
    const schema = requestSchema(method, operation);
    entry = { schema, validate: getAjv(true).compile(schema) };
    requestValidators.set(operation.operationId, entry);
  }
  return entry;
}

/** Validator for the 200 body of an operation, by operationId (e.g. 'PostCustomers'). */
export function responseValidator(operationId: string): ValidateFunction {
  let validate = responseValidators.get(operationId);
  if (!validate) {
    const operation = findOperation(operationId);
    const schema = operation.responses['200']?.content?.['application/json']?.schema;
    if (!schema) throw new Error(`${operationId} has no JSON 200 response in the spec`);
    validate = getAjv(false).compile(toJsonSchema(schema));
    responseValidators.set(operationId, validate);
  }
  return validate;
}

let errorValidator: ValidateFunction | undefined;

/** Validator for an error body (`{ "error": { type, code, decline_code, payment_intent, ... } }`). */
export function errorBodyValidator(): ValidateFunction {
  errorValidator ??= getAjv(false).compile({ $ref: `${COMPONENTS_ID}${REF_PREFIX}error` });
  return errorValidator;
}

function findOperation(operationId: string): OpenApiOperation {
  for (const methods of Object.values(loadStripeSpec().paths)) {
    for (const operation of Object.values(methods)) {
      if (operation.operationId === operationId) return operation;
    }
  }
  throw new Error(`No operation ${operationId} in the Stripe spec`);
}
