// Server field problems, matched to the inputs they name.
import type { FieldProblem } from './types';

/** "/source/options/sheet" and "source.options.sheet" name the same field. */
export function normaliseField(field: string): string {
  return field
    .replace(/^\//, '')
    .replace(/\//g, '.')
    .replace(/\[(\d+)\]/g, '.$1');
}

/** The problems under `prefix`, with the prefix removed ("credentials." -> their form's own names). */
export function problemsUnder(problems: FieldProblem[], prefix: string): FieldProblem[] {
  const dotted = prefix ? prefix.replace(/\.?$/, '.') : '';
  return problems
    .map((p) => ({ ...p, field: normaliseField(p.field) }))
    .filter((p) => p.field.startsWith(dotted))
    .map((p) => ({ ...p, field: p.field.slice(dotted.length) }));
}

export function messageFor(problems: FieldProblem[], field: string): string | undefined {
  const found = problems.filter((p) => normaliseField(p.field) === field).map((p) => p.message);
  return found.length ? found.join(' ') : undefined;
}
