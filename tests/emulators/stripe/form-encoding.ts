/**
 * Stripe's form encoding: `metadata[k]=v`, `address[city]=Paris`, `lines[0][price]=price_x`,
 * `expand[]=customer`, `expand[0]=customer`. Decoded without the schema: `[]` appends to an
 * array, every other bracket is an object key (indices stay string keys; the schema-driven
 * coercion turns `{ "0": ..., "1": ... }` into an array where the schema says array).
 * Values stay strings; the empty string means "unset" and is kept as "".
 */

export type FormValue = string | FormValue[] | FormObject;
export interface FormObject {
  [key: string]: FormValue;
}

export class FormDecodeError extends Error {
  constructor(readonly param: string) {
    super(`Invalid parameter: ${param}`);
  }
}

/** Split `lines[0][price]` into ['lines', '0', 'price'] and `expand[]` into ['expand', '']. */
export function splitKey(key: string): string[] {
  const open = key.indexOf('[');
  if (open <= 0 || !key.endsWith(']')) return [key];
  const segments = [key.slice(0, open)];
  const rest = key.slice(open);
  const re = /\[([^\]]*)\]/g;
  let consumed = 0;
  for (let m = re.exec(rest); m; m = re.exec(rest)) {
    if (m.index !== consumed) return [key];
    segments.push(m[1]);
    consumed = m.index + m[0].length;
  }
  return consumed === rest.length ? segments : [key];
}

function assign(target: FormObject | FormValue[], segments: string[], value: string, fullKey: string): void {
  const [head, ...rest] = segments;
  if (Array.isArray(target)) {
    if (head !== '') throw new FormDecodeError(fullKey);
    if (rest.length === 0) {
      target.push(value);
      return;
    }
    // `a[][b]=1`: start a new element unless the last one can still take this key.
    const last = target[target.length - 1];
    const nextKey = rest[0];
    if (last && typeof last === 'object' && !Array.isArray(last) && !(nextKey in last)) {
      assign(last, rest, value, fullKey);
    } else {
      const fresh: FormObject = {};
      target.push(fresh);
      assign(fresh, rest, value, fullKey);
    }
    return;
  }
  if (head === '') throw new FormDecodeError(fullKey);
  if (rest.length === 0) {
    target[head] = value;
    return;
  }
  let child = target[head];
  if (child === undefined || typeof child === 'string') {
    child = rest[0] === '' ? [] : {};
    target[head] = child;
  }
  assign(child, rest, value, fullKey);
}

/** Decode an `application/x-www-form-urlencoded` string (a body or a query string). */
export function decodeForm(encoded: string, into: FormObject = {}): FormObject {
  const search = new URLSearchParams(encoded);
  for (const [key, value] of search) {
    if (key === '') continue;
    assign(into, splitKey(key), value, key);
  }
  return into;
}

/** Stripe merges query-string and body parameters (stripe-node sends DELETE params in the query). */
export function decodeRequestParams(query: string, body: string): FormObject {
  return decodeForm(body, decodeForm(query));
}
