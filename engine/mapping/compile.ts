import { IANAZone } from 'luxon';
import { toMinorUnits } from '../../connectors/sdk/money';
import { coerceValue, isEmpty, showValue } from './coerce';
import { compileValue, ItemEvaluator, placeholdersOf, type CompiledValue } from './evaluate';
import { missingRequired } from './required';
import { resolveInput, typeOf, type ResolvedInput, type Schema } from './schema';
import type { ApplyResult, CompiledMapping, CompileOptions, CompileResult, ItemFieldError, MappingError } from './types';

interface CompiledField {
  name: string;
  input: ResolvedInput;
  value: CompiledValue;
  /** `x-money: true`: a major-unit amount converted with its sibling `currency`. */
  money: boolean;
}

/**
 * Compiles a connection's mapping once per run (or when it is saved, to report every
 * problem at once, each naming its input). `apply` then maps items without re-parsing.
 */
export function compileMapping(options: CompileOptions): CompileResult {
  const schema = options.inputSchema;
  const timeZone = options.timeZone ?? 'UTC';
  const known = options.sourceFields ? new Set(options.sourceFields) : undefined;
  const errors: MappingError[] = [];
  const fail = (field: string, message: string) => errors.push({ field, message: `${field}: ${message}` });
  if (!IANAZone.isValidZone(timeZone)) fail('timeZone', `"${timeZone}" is not a time zone (use a name like Europe/Berlin)`);

  const fields: CompiledField[] = [];
  // Inputs that resolve but fail to compile still count as mapped, so they are not also reported as missing.
  const mappedPaths: string[][] = [];
  for (const [name, raw] of Object.entries(options.mapping)) {
    const resolved = resolveInput(schema, name);
    if (!resolved.ok) {
      fail(name, resolved.message);
      continue;
    }
    mappedPaths.push(resolved.input.path);
    const compiled = compileValue(raw, known);
    if (!compiled.ok) {
      fail(name, compiled.message);
      continue;
    }
    const field = { name, input: resolved.input, value: compiled.value, money: resolved.input.schema['x-money'] === true };
    const clash = fields.find(
      (other) => isPrefix(other.input.path, field.input.path) || isPrefix(field.input.path, other.input.path),
    );
    if (clash) {
      fail(name, `conflicts with "${clash.name}"; map either the whole object or its parts`);
      continue;
    }
    for (const placeholder of placeholdersOf(compiled.value)) {
      if (known && placeholder.kind === 'reference' && !isKnownField(placeholder.field, known)) {
        fail(name, `{{${placeholder.field}}} is not a source field; the source has: ${[...known].join(', ') || 'no fields'}`);
      }
    }
    if (compiled.value.kind === 'literal' && !field.money) {
      const coerced = coerceValue(compiled.value.value, resolved.input.schema, timeZone);
      if (!coerced.ok) fail(name, `${showValue(raw)} ${coerced.reason}`);
    }
    fields.push(field);
  }

  const mapped = (path: string[]) => mappedPaths.some((mappedPath) => isPrefix(path, mappedPath));
  const missing = missingRequired(schema, mapped).map(({ field }) => ({
    field,
    message: `${field}: is required; map a source field or enter a value`,
  }));
  if (!options.allowMissing) errors.push(...missing);
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, mapping: createCompiledMapping(fields, schema, options), missing: options.allowMissing ? missing : [] };
}

function createCompiledMapping(fields: CompiledField[], schema: Schema, options: CompileOptions): CompiledMapping {
  const timeZone = options.timeZone ?? 'UTC';
  const evaluator = new ItemEvaluator(
    fields.map((field) => field.value),
    { sandbox: options.expressions, stopsBeforeGivingUp: options.stopsBeforeGivingUp },
  );
  const sourceFields: string[] = [];
  for (const field of fields) {
    for (const placeholder of placeholdersOf(field.value)) {
      const names = placeholder.kind === 'reference' ? [placeholder.field] : placeholder.fields;
      for (const name of names) if (!sourceFields.includes(name)) sourceFields.push(name);
    }
  }
  return { sourceFields, apply: (item) => applyMapping(fields, evaluator, schema, timeZone, item) };
}

async function applyMapping(
  fields: CompiledField[],
  evaluator: ItemEvaluator,
  schema: Schema,
  timeZone: string,
  item: Record<string, unknown>,
): Promise<ApplyResult> {
  const errors: ItemFieldError[] = [];
  const empty: string[] = [];
  const provided = new Map<string, { path: string[]; value: unknown }>();
  const raws = new Map<CompiledField, unknown>();
  const failed = new Set<CompiledField>();
  const reject = (field: CompiledField, value: unknown, message: string) => {
    failed.add(field);
    errors.push({ field: field.name, value, message: `${field.name}: ${message}` });
  };

  const evaluated = await evaluator.evaluate(item);
  if (!evaluated.ok) {
    const name = fields[evaluated.value]!.name;
    return { ok: false, errors: [{ field: name, value: undefined, message: `${name}: the expression ${evaluated.reason}` }] };
  }
  fields.forEach((field, index) => {
    const outcome = evaluated.values[index]!;
    if (outcome.ok) {
      raws.set(field, outcome.value);
      return;
    }
    // Sheet cells arrive as text, and JSONata refuses arithmetic on text.
    const hint = /must evaluate to a number/.test(outcome.message) ? ' (source values are often text: use $number(...))' : '';
    reject(field, undefined, `the expression "{{ ${outcome.expression} }}" failed: ${outcome.message}${hint}`);
  });
  // Plain inputs first, so an amount can read the currency it was coerced to.
  for (const field of fields) {
    if (field.money || failed.has(field)) continue;
    const raw = raws.get(field);
    const coerced = coerceValue(raw, field.input.schema, timeZone);
    if (!coerced.ok) reject(field, raw, `${showValue(raw)} ${coerced.reason}`);
    else if (coerced.value !== undefined) provided.set(keyOf(field.input.path), { path: field.input.path, value: coerced.value });
    else empty.push(field.input.path.join('.'));
  }
  for (const field of fields) {
    if (!field.money || failed.has(field)) continue;
    const raw = raws.get(field);
    if (isEmpty(raw)) {
      empty.push(field.input.path.join('.'));
      continue;
    }
    const currency = currencyFor(field, provided, fields, failed);
    if (currency === 'failed') {
      reject(field, raw, `${showValue(raw)} cannot be converted because the currency is not valid`);
      continue;
    }
    if (currency === undefined) {
      reject(field, raw, `${showValue(raw)} cannot be converted without a currency; map the currency input`);
      continue;
    }
    const minor = amountInMinorUnits(raw, currency, field.input.schema);
    if (!minor.ok) reject(field, raw, `${showValue(raw)} ${minor.reason}`);
    else provided.set(keyOf(field.input.path), { path: field.input.path, value: minor.value });
  }

  const has = (path: string[]) => [...provided.values()].some((entry) => isPrefix(path, entry.path));
  for (const missing of missingRequired(schema, has)) {
    const path = missing.field.split('.');
    const field = fields.find((candidate) => isPrefix(path, candidate.input.path) && !failed.has(candidate));
    if (field)
      errors.push({ field: field.name, value: raws.get(field), message: `${field.name}: is required but the value is empty` });
  }
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, input: buildInput([...provided.values()]), empty };
}

/**
 * An amount, or a list of amounts (one per line item) when the input is a list, in the
 * currency's minor units. Empty entries of a list stay null so parallel lists keep their positions.
 */
function amountInMinorUnits(
  raw: unknown,
  currency: string,
  schema: Schema,
): { ok: true; value: unknown } | { ok: false; reason: string } {
  const allowNegative = schema['x-allow-negative'] === true;
  const one = (value: unknown) =>
    typeof value === 'string' || typeof value === 'number'
      ? toMinorUnits(value, currency, { allowNegative })
      : { ok: false as const, reason: 'is not an amount' };
  if (typeOf(schema) !== 'array') return one(raw);
  const list = Array.isArray(raw) ? raw : [raw];
  const out: Array<number | null> = [];
  for (const [index, entry] of list.entries()) {
    if (isEmpty(entry)) {
      out.push(null);
      continue;
    }
    const minor = one(entry);
    if (!minor.ok) return { ok: false, reason: `has ${showValue(entry)} at position ${index + 1}, which ${minor.reason}` };
    out.push(minor.value);
  }
  return { ok: true, value: out };
}

/** The currency of an amount: its sibling `currency` input as coerced, or that input's default. */
function currencyFor(
  amount: CompiledField,
  provided: Map<string, { value: unknown }>,
  fields: CompiledField[],
  failed: Set<CompiledField>,
): string | undefined | 'failed' {
  const path = [...amount.input.path.slice(0, -1), 'currency'];
  const sibling = fields.find((field) => keyOf(field.input.path) === keyOf(path));
  if (sibling && failed.has(sibling)) return 'failed';
  const value = provided.get(keyOf(path))?.value;
  if (typeof value === 'string') return value;
  const declared = (amount.input.parent.properties as Record<string, { default?: unknown }> | undefined)?.currency?.default;
  return typeof declared === 'string' ? declared : undefined;
}

function buildInput(entries: { path: string[]; value: unknown }[]): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  for (const { path, value } of entries) {
    let target = input;
    for (const segment of path.slice(0, -1)) {
      const next = target[segment];
      target = (next && typeof next === 'object' ? next : (target[segment] = {})) as Record<string, unknown>;
    }
    target[path[path.length - 1]] = value;
  }
  return input;
}

/** Whether a `{{field}}` reference names one of the source's fields (or something inside one). */
export function isKnownField(field: string, known: ReadonlySet<string>): boolean {
  if (known.has(field)) return true;
  return [...known].some((name) => field.startsWith(`${name}.`));
}

/** Whether `prefix` is `path` or one of its ancestors. */
function isPrefix(prefix: string[], path: string[]): boolean {
  return prefix.length <= path.length && prefix.every((segment, index) => path[index] === segment);
}

function keyOf(path: string[]): string {
  return path.join('\u0000');
}
