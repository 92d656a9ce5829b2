/**
 * Splits a mapping value into literal text and `{{ ... }}` placeholders. Braces inside a
 * placeholder may nest (a JSONata object constructor `{{ {"a": 1}.a }}`) and quoted strings
 * may contain braces, so the closing `}}` is found by counting, not by the first match.
 */
export type TemplatePart = { kind: 'text'; text: string } | { kind: 'placeholder'; source: string };

export type TemplateParse = { ok: true; parts: TemplatePart[] } | { ok: false; message: string };

export function parseTemplate(template: string): TemplateParse {
  const parts: TemplatePart[] = [];
  let text = '';
  let index = 0;
  while (index < template.length) {
    if (template.startsWith('{{', index)) {
      const end = findPlaceholderEnd(template, index + 2);
      if (end < 0) return { ok: false, message: `"{{" at position ${index + 1} has no matching "}}"` };
      if (text !== '') parts.push({ kind: 'text', text });
      text = '';
      parts.push({ kind: 'placeholder', source: template.slice(index + 2, end) });
      index = end + 2;
    } else if (template.startsWith('}}', index)) {
      return { ok: false, message: `"}}" at position ${index + 1} has no matching "{{"` };
    } else {
      text += template[index];
      index += 1;
    }
  }
  if (text !== '') parts.push({ kind: 'text', text });
  return { ok: true, parts };
}

/** Index of the `}}` closing a placeholder whose body starts at `from`, or -1. */
function findPlaceholderEnd(template: string, from: number): number {
  let depth = 0;
  let quote: string | null = null;
  for (let i = from; i < template.length; i += 1) {
    const char = template[i];
    if (quote) {
      if (char === '\\') i += 1;
      else if (char === quote) quote = null;
    } else if (char === '"' || char === '`') {
      // Single quotes are left alone: they appear in column names ("Customer's name").
      quote = char;
    } else if (char === '{') {
      depth += 1;
    } else if (char === '}') {
      if (depth === 0 && template[i + 1] === '}') return i;
      if (depth > 0) depth -= 1;
      else return -1;
    }
  }
  return -1;
}
