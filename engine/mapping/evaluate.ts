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

/** Thrown when a JSONata expression fails while evaluating one item. */
export class ExpressionFailure extends Error {
  constructor(
    readonly expression: string,
    message: string,
  ) {
    super(message);
  }
}

export async function evaluateValue(value: CompiledValue, item: Record<string, unknown>): Promise<unknown> {
  if (value.kind === 'literal') return value.value;
  if (value.kind === 'single') return evaluatePlaceholder(value.placeholder, item);
  let text = '';
  for (const part of value.parts) {
    text += typeof part === 'string' ? part : asTemplateText(await evaluatePlaceholder(part, item));
  }
  return text;
}

async function evaluatePlaceholder(placeholder: Placeholder, item: Record<string, unknown>): Promise<unknown> {
  if (placeholder.kind === 'reference') return readField(item, placeholder.field);
  const field = placeholder.sameNamedField;
  if (field !== undefined && Object.prototype.hasOwnProperty.call(item, field)) return item[field];
  try {
    return await placeholder.expression.evaluate(item);
  } catch (error) {
    const message = (error as { message?: unknown }).message;
    throw new ExpressionFailure(placeholder.text, typeof message === 'string' ? message : String(error));
  }
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
