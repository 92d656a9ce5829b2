import { sharedExpressionPool, type ExpressionResult, type ExpressionSandbox } from '../sandbox';
import { compilePlaceholder, readField, type Placeholder } from './placeholder';
import { parseTemplate } from './template';

/**
 * A compiled mapping value. A value that is exactly one `{{...}}` (spaces around it
 * allowed) keeps the type of what it reads, so a number stays a number; text mixed with
 * placeholders always yields text.
 */
export type CompiledValue =
  | { kind: 'literal'; value: string | number | boolean }
  | { kind: 'single'; placeholder: Placeholder }
  | { kind: 'mixed'; parts: (string | Placeholder)[] };

export type ValueCompile = { ok: true; value: CompiledValue } | { ok: false; message: string };

export function compileValue(value: string | number | boolean, knownFields?: ReadonlySet<string>): ValueCompile {
  if (typeof value !== 'string') return { ok: true, value: { kind: 'literal', value } };
  const parsed = parseTemplate(value);
  if (!parsed.ok) return parsed;
  const parts: (string | Placeholder)[] = [];
  for (const part of parsed.parts) {
    if (part.kind === 'text') {
      parts.push(part.text);
      continue;
    }
    const compiled = compilePlaceholder(part.source, knownFields);
    if (!compiled.ok) return compiled;
    parts.push(compiled.placeholder);
  }
  const placeholders = parts.filter((part): part is Placeholder => typeof part !== 'string');
  if (placeholders.length === 0) return { ok: true, value: { kind: 'literal', value } };
  const onlyOne = placeholders.length === 1 && parts.every((part) => typeof part !== 'string' || part.trim() === '');
  if (onlyOne) return { ok: true, value: { kind: 'single', placeholder: placeholders[0] } };
  return { ok: true, value: { kind: 'mixed', parts } };
}

export function placeholdersOf(value: CompiledValue): Placeholder[] {
  if (value.kind === 'literal') return [];
  if (value.kind === 'single') return [value.placeholder];
  return value.parts.filter((part): part is Placeholder => typeof part !== 'string');
}

type ExpressionPlaceholder = Extract<Placeholder, { kind: 'expression' }>;

/** One value for one item, or the expression that failed on it and JSONata's reason. */
export type ValueOutcome = { ok: true; value: unknown } | { ok: false; expression: string; message: string };

/**
 * All values of one item, or the value whose expression was stopped: then the item fails
 * as a whole, since its other expressions did not finish either. `reason` completes
 * "the expression ...".
 */
export type ItemValues = { ok: true; values: ValueOutcome[] } | { ok: false; value: number; reason: string };

export interface ItemEvaluatorOptions {
  /** Where expressions run; default: the process's shared pool. */
  sandbox?: ExpressionSandbox;
  /**
   * After this many items in a row had an expression stopped, the remaining items fail at
   * once instead of each spending the whole deadline (a run of 10,000 items would otherwise
   * hold a sandbox process for hours). Default 3.
   */
  stopsBeforeGivingUp?: number;
}

/**
 * Evaluates a mapping's values item by item. Field references are read here; all of an
 * item's JSONata expressions go to the sandbox in one request, so a mapping without
 * expressions never leaves this process.
 */
export class ItemEvaluator {
  private stopsInARow = 0;
  /** The value whose expression was stopped last, and how many items in a row when the rest were given up. */
  private lastStopped = 0;
  private gaveUpAfter = 0;
  private readonly giveUp = new AbortController();

  constructor(
    private readonly values: CompiledValue[],
    private readonly options: ItemEvaluatorOptions = {},
  ) {}

  async evaluate(item: Record<string, unknown>): Promise<ItemValues> {
    const pending: { placeholder: ExpressionPlaceholder; value: number }[] = [];
    this.values.forEach((value, index) => {
      for (const placeholder of placeholdersOf(value)) {
        if (placeholder.kind === 'expression' && !readsSameNamedField(placeholder, item))
          pending.push({ placeholder, value: index });
      }
    });
    const results = new Map<Placeholder, ExpressionResult>();
    if (pending.length > 0) {
      if (this.giveUp.signal.aborted) return this.givenUp();
      const sandbox = this.options.sandbox ?? sharedExpressionPool();
      const expressions = pending.map((entry) => entry.placeholder.text);
      const answer = await sandbox.evaluate({ expressions, item }, { signal: this.giveUp.signal });
      if (answer.status === 'cancelled') {
        return this.giveUp.signal.aborted
          ? this.givenUp()
          : { ok: false, value: pending[0]!.value, reason: 'was not evaluated because the server is stopping' };
      }
      if (answer.status === 'stopped') return this.stopped(pending[answer.index]!.value, answer.cause);
      this.stopsInARow = 0;
      pending.forEach((entry, index) => results.set(entry.placeholder, answer.results[index]!));
    }
    return { ok: true, values: this.values.map((value) => resolveValue(value, item, results)) };
  }

  private stopped(value: number, cause: string): ItemValues {
    this.stopsInARow += 1;
    this.lastStopped = value;
    if (this.stopsInARow >= (this.options.stopsBeforeGivingUp ?? 3) && !this.giveUp.signal.aborted) {
      this.gaveUpAfter = this.stopsInARow;
      this.giveUp.abort();
    }
    return { ok: false, value, reason: cause };
  }

  private givenUp(): ItemValues {
    const where = this.gaveUpAfter === 1 ? 'an earlier item' : `${this.gaveUpAfter} items in a row`;
    return {
      ok: false,
      value: this.lastStopped,
      reason: `was not evaluated because it was stopped on ${where}; fix the mapping, then retry`,
    };
  }
}

/** Rule 3 of placeholder.ts: an item with a field named exactly like the text reads that field. */
function readsSameNamedField(placeholder: ExpressionPlaceholder, item: Record<string, unknown>): boolean {
  const field = placeholder.sameNamedField;
  return field !== undefined && Object.prototype.hasOwnProperty.call(item, field);
}

function resolveValue(
  value: CompiledValue,
  item: Record<string, unknown>,
  results: Map<Placeholder, ExpressionResult>,
): ValueOutcome {
  if (value.kind === 'literal') return { ok: true, value: value.value };
  if (value.kind === 'single') return resolvePlaceholder(value.placeholder, item, results);
  let text = '';
  for (const part of value.parts) {
    if (typeof part === 'string') {
      text += part;
      continue;
    }
    const outcome = resolvePlaceholder(part, item, results);
    if (!outcome.ok) return outcome;
    text += asTemplateText(outcome.value);
  }
  return { ok: true, value: text };
}

function resolvePlaceholder(
  placeholder: Placeholder,
  item: Record<string, unknown>,
  results: Map<Placeholder, ExpressionResult>,
): ValueOutcome {
  if (placeholder.kind === 'reference') return { ok: true, value: readField(item, placeholder.field) };
  if (readsSameNamedField(placeholder, item)) return { ok: true, value: item[placeholder.sameNamedField!] };
  const result = results.get(placeholder);
  if (!result) return { ok: false, expression: placeholder.text, message: 'was not evaluated' };
  if (!result.ok) return { ok: false, expression: placeholder.text, message: result.message };
  return { ok: true, value: result.json === undefined ? undefined : JSON.parse(result.json) };
}

function asTemplateText(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? String(Number(value.toPrecision(15))) : String(value);
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value) && value.every((entry) => typeof entry !== 'object' || entry === null)) {
    return value.map(asTemplateText).join(', ');
  }
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}
