import { formatDecimal, isStripeCurrency, parseDecimal } from '../../connectors/sdk/money';
import { coerceDate, isDateFormat } from './dates';
import { typeOf, type Schema } from './schema';

/**
 * Turns a mapped value into what the destination input's JSON Schema expects. `value:
 * undefined` means "not provided" (empty text, null, nothing found). A reason is phrased
 * to follow the shown value: `"abc" is not a number`.
 */
export type CoerceResult = { ok: true; value: unknown } | { ok: false; reason: string };

const EMAIL = /^[^\s@"<>(),;:]+@[^\s@"<>(),;:]+\.[^\s@"<>(),;:.]{2,}$/;
const TRUE_WORDS = new Set(['true', 'yes', 'y', '1', 'on']);
const FALSE_WORDS = new Set(['false', 'no', 'n', '0', 'off']);

export function isEmpty(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (typeof value === 'string') return value.trim() === '';
  return Array.isArray(value) && value.length === 0;
}

export function coerceValue(value: unknown, schema: Schema, timeZone: string): CoerceResult {
  if (isEmpty(value)) return { ok: true, value: undefined };
  if (isDateFormat(schema.format)) return coerceDate(value, schema.format, timeZone);
  switch (typeOf(schema)) {
    case 'string':
      return coerceString(value, schema);
    case 'number':
    case 'integer':
      return coerceNumber(value, schema);
    case 'boolean':
      return coerceBoolean(value);
    case 'object':
      return isPlainObject(value) ? { ok: true, value } : { ok: false, reason: 'is not an object' };
    case 'array':
      return coerceList(value, schema, timeZone);
    default:
      return { ok: true, value: typeof value === 'string' ? value.trim() : value };
  }
}

/**
 * A list input (several line items' prices, say) takes a list from an expression, or a
 * single value as a list of one. Each entry is coerced to the `items` schema; an empty entry
 * becomes null so that parallel lists keep their positions.
 */
function coerceList(value: unknown, schema: Schema, timeZone: string): CoerceResult {
  const list = Array.isArray(value) ? value : [value];
  if (typeof schema.maxItems === 'number' && list.length > schema.maxItems) {
    return { ok: false, reason: `has ${list.length} entries; at most ${schema.maxItems} are allowed` };
  }
  const items = schema.items;
  if (items === null || typeof items !== 'object' || Array.isArray(items)) return { ok: true, value: list };
  const out: unknown[] = [];
  for (const [index, entry] of list.entries()) {
    const coerced = coerceValue(entry, items as Schema, timeZone);
    if (!coerced.ok) return { ok: false, reason: `has ${showValue(entry)} at position ${index + 1}, which ${coerced.reason}` };
    out.push(coerced.value ?? null);
  }
  return out.every((entry) => entry === null) ? { ok: true, value: undefined } : { ok: true, value: out };
}

function coerceString(value: unknown, schema: Schema): CoerceResult {
  const text = asText(value);
  if (text === null) return { ok: false, reason: Array.isArray(value) ? 'is a list, not text' : 'is an object, not text' };
  if (text === '') return { ok: true, value: undefined };
  if (schema.format === 'email' && !EMAIL.test(text)) return { ok: false, reason: 'is not a valid email address' };
  if (schema.format === 'currency') {
    if (!isStripeCurrency(text)) return { ok: false, reason: 'is not a currency Stripe supports' };
    return { ok: true, value: text.toLowerCase() };
  }
  const chosen = matchEnum(text, schema.enum);
  if (!chosen.ok) return chosen;
  const length = [...chosen.value].length;
  if (typeof schema.maxLength === 'number' && length > schema.maxLength) {
    return { ok: false, reason: `is longer than ${schema.maxLength} characters (${length})` };
  }
  if (typeof schema.minLength === 'number' && length < schema.minLength) {
    return { ok: false, reason: `is shorter than ${schema.minLength} characters (${length})` };
  }
  if (typeof schema.pattern === 'string' && !new RegExp(schema.pattern, 'u').test(chosen.value)) {
    return { ok: false, reason: `does not match the expected pattern ${schema.pattern}` };
  }
  return chosen;
}

/** Text for a string input: numbers and yes/no values are written out, lists and objects are not text. */
function asText(value: unknown): string | null {
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number') return Number.isFinite(value) ? String(Number(value.toPrecision(15))) : String(value);
  if (typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (value instanceof Date) return value.toISOString();
  return null;
}

/** An exact enum value, or the one value that matches ignoring case ("Reuse" -> "reuse"). */
function matchEnum(text: string, choices: unknown): { ok: true; value: string } | { ok: false; reason: string } {
  if (!Array.isArray(choices)) return { ok: true, value: text };
  if (choices.includes(text)) return { ok: true, value: text };
  const folded = choices.filter((choice) => typeof choice === 'string' && choice.toLowerCase() === text.toLowerCase());
  if (folded.length === 1) return { ok: true, value: folded[0] as string };
  return { ok: false, reason: `is not one of: ${choices.map(String).join(', ')}` };
}

function coerceNumber(value: unknown, schema: Schema): CoerceResult {
  let number: number;
  if (typeof value === 'boolean') return { ok: false, reason: 'is a yes/no value, not a number' };
  if (typeof value === 'number' || typeof value === 'string') {
    const parsed = parseDecimal(value);
    if (!parsed.ok) return parsed;
    number = Number(formatDecimal(parsed.value));
  } else {
    return { ok: false, reason: 'is not a number' };
  }
  if (typeOf(schema) === 'integer' && !Number.isInteger(number)) return { ok: false, reason: 'is not a whole number' };
  if (typeof schema.minimum === 'number' && number < schema.minimum) {
    return { ok: false, reason: `is less than the minimum (${schema.minimum})` };
  }
  if (typeof schema.maximum === 'number' && number > schema.maximum) {
    return { ok: false, reason: `is more than the maximum (${schema.maximum})` };
  }
  if (typeof schema.exclusiveMinimum === 'number' && number <= schema.exclusiveMinimum) {
    return { ok: false, reason: `must be more than ${schema.exclusiveMinimum}` };
  }
  if (Array.isArray(schema.enum) && !schema.enum.includes(number)) {
    return { ok: false, reason: `is not one of: ${schema.enum.map(String).join(', ')}` };
  }
  return { ok: true, value: number };
}

function coerceBoolean(value: unknown): CoerceResult {
  if (typeof value === 'boolean') return { ok: true, value };
  const word = typeof value === 'string' ? value.trim().toLowerCase() : typeof value === 'number' ? String(value) : null;
  if (word !== null && TRUE_WORDS.has(word)) return { ok: true, value: true };
  if (word !== null && FALSE_WORDS.has(word)) return { ok: true, value: false };
  return { ok: false, reason: 'is not a yes/no value (write yes, no, true, false, 1 or 0)' };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Date);
}

/** A value as it appears in a message: text quoted and shortened, other values as JSON. */
export function showValue(value: unknown): string {
  if (value === undefined) return '(nothing)';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  const text = typeof value === 'string' ? value : value instanceof Date ? value.toISOString() : JSON.stringify(value);
  const short = text.length > 60 ? `${text.slice(0, 57)}...` : text;
  return typeof value === 'string' || value instanceof Date ? JSON.stringify(short) : short;
}
