import type { JsonObject } from '../../connectors/sdk/types';
import { describeUnstorable, unstorableJson } from '../store/storable-json';

/** Why a delivery's body could not become a payload; the ingress maps it to a status. */
export class PayloadError extends Error {
  constructor(
    public readonly code: 'malformed_json' | 'unsupported_media_type' | 'validation_failed',
    message: string,
  ) {
    super(message);
    this.name = 'PayloadError';
  }
}

function formToObject(params: URLSearchParams): JsonObject {
  const result: JsonObject = {};
  for (const [name, value] of params) {
    const existing = result[name];
    // A repeated name (tags=a&tags=b) becomes a list, as form senders mean it.
    if (existing === undefined) result[name] = value;
    else if (Array.isArray(existing)) existing.push(value);
    else result[name] = [existing, value];
  }
  return result;
}

function jsonToPayload(text: string): JsonObject {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new PayloadError('malformed_json', 'The request body is not valid JSON. Check quotes, commas and brackets.');
  }
  if (Array.isArray(value)) return { items: value };
  if (value === null || typeof value !== 'object') {
    throw new PayloadError('validation_failed', 'Send a JSON object (or an array) as the body, not a single value.');
  }
  return value as JsonObject;
}

/**
 * Turns one delivery into the payload that is stored.
 * - JSON object: as is. JSON array: `{ items: [...] }` (one payload, one item).
 * - Form-encoded: name -> value; repeated names -> list.
 * - Empty body: the query-string values. With a body, query values fill in names the body
 *   lacks (the body wins), so `?source=shop` tags every delivery of a sender.
 * - No or another content type: read as JSON when it is JSON, else 415.
 */
export function parsePayload(args: { contentType: string | undefined; rawBody: Buffer; query: URLSearchParams }): JsonObject {
  const { rawBody, query } = args;
  const queryValues = formToObject(query);
  if (rawBody.length === 0) return queryValues;

  const mediaType = (args.contentType ?? '').split(';')[0]!.trim().toLowerCase();
  const text = rawBody.toString('utf8');

  let body: JsonObject;
  if (mediaType === 'application/x-www-form-urlencoded') {
    body = formToObject(new URLSearchParams(text));
  } else if (mediaType === 'application/json' || mediaType.endsWith('+json')) {
    body = jsonToPayload(text);
  } else {
    try {
      body = jsonToPayload(text);
    } catch {
      throw new PayloadError(
        'unsupported_media_type',
        'Send JSON (Content-Type: application/json), form data (application/x-www-form-urlencoded) or query-string values.',
      );
    }
  }
  return { ...queryValues, ...body };
}

/**
 * The payload as JSON text for the inbox. What PostgreSQL's jsonb cannot hold (U+0000, a
 * lone surrogate, very deep nesting) is refused here with the reason, rather than failing
 * the batch it would be stored with and answering 500, which makes senders retry forever.
 */
export function serializePayload(payload: JsonObject): string {
  const problem = unstorableJson(payload);
  if (problem) throw new PayloadError('validation_failed', `The payload cannot be stored: ${describeUnstorable(problem)}`);
  return JSON.stringify(payload);
}

// Never stored: they authenticate the sender, and the inbox is shown in the wizard.
const SECRET_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie', 'set-cookie']);

/** The delivery's headers worth keeping, without credentials or the connection's secret headers. */
export function headersToStore(
  headers: Record<string, string | string[] | undefined>,
  alsoDrop: string[],
): Record<string, string> {
  const dropped = new Set([...SECRET_HEADERS, ...alsoDrop.map((name) => name.toLowerCase())]);
  const kept: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    if (value === undefined || dropped.has(lower)) continue;
    kept[lower] = Array.isArray(value) ? value.join(', ') : value;
  }
  return kept;
}

export const MAX_DELIVERY_KEY_LENGTH = 255;

/** The sender's delivery id (Idempotency-Key, else X-Request-Id), used to store a repeat once. */
export function deliveryKey(headers: Record<string, string | string[] | undefined>): string | null {
  for (const name of ['idempotency-key', 'x-request-id']) {
    const value = headers[name];
    const first = (Array.isArray(value) ? value[0] : value)?.trim();
    if (!first) continue;
    if (first.length > MAX_DELIVERY_KEY_LENGTH) {
      throw new PayloadError('validation_failed', `The ${name} header is longer than ${MAX_DELIVERY_KEY_LENGTH} characters.`);
    }
    return first;
  }
  return null;
}
