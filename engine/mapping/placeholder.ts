import jsonata from 'jsonata';

/**
 * What a `{{ ... }}` means. The rule, in order:
 * 1. Its trimmed text equals a known source field name (when the source's fields are
 *    known): a reference. So a column literally named "Price * Qty" still works.
 * 2. Its text contains a strong expression marker: a JSONata expression. Markers are `$`
 *    (every JSONata function and variable starts with it), `"` or a backtick (quoted
 *    strings and quoted names), `[`, `]`, `{`, `}` and `;`.
 * 3. Its text contains an operator with whitespace on both sides (`+ - * / % & = != < <=
 *    > >= ? : ~> and or in`): an expression, unless the item being mapped has a field with
 *    exactly that name, which is then read instead ("Terms & Conditions"). Text that is
 *    not valid JSONata is a plain reference ("Straße & Nr.").
 * 4. Otherwise: a reference to the field with that exact (trimmed) name.
 *
 * So `{{First name}}`, `{{E-mail (work)}}`, `{{Paid?}}`, `{{Customer's name}}`,
 * `{{Price*Qty}}` and `{{customer.email}}` are references, while `{{ $uppercase(Email) }}`
 * and `{{ Price * Qty }}` are expressions. Inside an expression, a field whose name has
 * spaces or punctuation is written in backticks: `{{ `Unit price` * Qty }}`.
 */
export type Placeholder =
  | { kind: 'reference'; field: string }
  | {
      kind: 'expression';
      text: string;
      expression: jsonata.Expression;
      fields: string[];
      /** Rule 3: a field with exactly this name, when an item has it, is read instead. */
      sameNamedField?: string;
    };

export type PlaceholderCompile = { ok: true; placeholder: Placeholder } | { ok: false; message: string };

const MARKER_CHARACTERS = /[$"`[\]{};]/;
const SPACED_OPERATOR = /\s(?:\+|-|\*|\/|%|&|=|!=|<|<=|>|>=|\?|:|~>|and|or|in)\s/;

/** 'strong': certainly an expression; 'weak': an expression unless a field has that name. */
function expressionSignal(text: string, knownFields?: ReadonlySet<string>): 'strong' | 'weak' | null {
  if (knownFields?.has(text)) return null;
  if (MARKER_CHARACTERS.test(text)) return 'strong';
  return SPACED_OPERATOR.test(` ${text} `) ? 'weak' : null;
}

/** Whether `{{ text }}` is read as a JSONata expression (see the rule above). */
export function isExpression(text: string, knownFields?: ReadonlySet<string>): boolean {
  const trimmed = text.trim();
  const signal = expressionSignal(trimmed, knownFields);
  if (signal !== 'weak') return signal === 'strong';
  try {
    jsonata(trimmed);
    return true;
  } catch {
    return false;
  }
}

export function compilePlaceholder(source: string, knownFields?: ReadonlySet<string>): PlaceholderCompile {
  const trimmed = source.trim();
  if (trimmed === '') return { ok: false, message: '"{{}}" is empty; put a field name or an expression inside' };
  const signal = expressionSignal(trimmed, knownFields);
  if (signal === null) return { ok: true, placeholder: { kind: 'reference', field: trimmed } };
  try {
    const expression = jsonata(trimmed);
    const fields = fieldsRead(expression.ast());
    const sameNamedField = signal === 'weak' ? trimmed : undefined;
    return { ok: true, placeholder: { kind: 'expression', text: trimmed, expression, fields, sameNamedField } };
  } catch (error) {
    if (signal === 'weak') return { ok: true, placeholder: { kind: 'reference', field: trimmed } };
    return { ok: false, message: describeSyntaxError(trimmed, error) };
  }
}

/** The value a reference reads: the exact key first, then a dotted path into nested data. */
export function readField(item: Record<string, unknown>, field: string): unknown {
  if (Object.prototype.hasOwnProperty.call(item, field)) return item[field];
  if (!field.includes('.')) return undefined;
  return readPath(item, field.split('.'));
}

/**
 * A list met on the way reads the rest of the path in each entry, as JSONata does:
 * `{{line_items.price}}` is every line item's price. Entries without it give null, so
 * parallel lists (prices and quantities) keep their positions.
 */
function readPath(current: unknown, segments: string[]): unknown {
  if (segments.length === 0) return current;
  if (Array.isArray(current)) {
    const values = current.map((entry) => readPath(entry, segments) ?? null);
    return values.every((value) => value === null) ? undefined : values;
  }
  const [segment, ...rest] = segments;
  if (current === null || typeof current !== 'object' || !Object.prototype.hasOwnProperty.call(current, segment)) {
    return undefined;
  }
  return readPath((current as Record<string, unknown>)[segment], rest);
}

function describeSyntaxError(text: string, error: unknown): string {
  const details = error as { message?: string; position?: number };
  const where = typeof details.position === 'number' ? ` at character ${details.position}` : '';
  return `the expression "{{ ${text} }}" has a syntax error${where}: ${details.message ?? String(error)}`;
}

/**
 * Source field paths an expression reads at the top level (for the wizard's field list).
 * Names inside a path's later steps or filters are relative to that path, not source
 * fields, so the walk does not descend into steps.
 */
function fieldsRead(node: unknown, found: string[] = []): string[] {
  if (Array.isArray(node)) {
    for (const child of node) fieldsRead(child, found);
    return found;
  }
  if (node === null || typeof node !== 'object') return found;
  const record = node as Record<string, unknown>;
  if (record.type === 'path' && Array.isArray(record.steps)) {
    const names: string[] = [];
    for (const step of record.steps as { type?: unknown; value?: unknown }[]) {
      if (step.type !== 'name' || typeof step.value !== 'string') break;
      names.push(step.value);
    }
    const path = names.join('.');
    if (path !== '' && !found.includes(path)) found.push(path);
    return found;
  }
  for (const child of Object.values(record)) {
    if (typeof child === 'object') fieldsRead(child, found);
  }
  return found;
}
