import { compileMapping, isKnownField } from './compile';
import { compileValue, placeholdersOf } from './evaluate';
import type { ApplyResult, CompileOptions, Mapping, MappingError } from './types';

/**
 * The source fields a mapping reads, in first-use order, for the wizard: references by
 * name, and the top-level paths JSONata expressions read. Values that do not compile are
 * skipped (compileMapping reports them).
 */
export function listSourceFields(mapping: Mapping, sourceFields?: string[]): string[] {
  const known = sourceFields ? new Set(sourceFields) : undefined;
  const found: string[] = [];
  for (const raw of Object.values(mapping)) {
    const compiled = compileValue(raw, known);
    if (!compiled.ok) continue;
    for (const placeholder of placeholdersOf(compiled.value)) {
      const names = placeholder.kind === 'reference' ? [placeholder.field] : placeholder.fields;
      for (const name of names) if (!found.includes(name)) found.push(name);
    }
  }
  return found;
}

/**
 * Per input, the `{{Field}}` references to fields the source does not have, such as
 * {{Phone number}} when the source has Email and Name. Warnings rather than errors: a
 * later item may still bring the field, but until then the input stays empty.
 */
export function unknownFieldWarnings(mapping: Mapping, sourceFields: string[]): MappingError[] {
  const known = new Set(sourceFields);
  const warnings: MappingError[] = [];
  for (const [name, raw] of Object.entries(mapping)) {
    const compiled = compileValue(raw, known);
    if (!compiled.ok) continue;
    const unknown = placeholdersOf(compiled.value).flatMap((placeholder) =>
      placeholder.kind === 'reference' && !isKnownField(placeholder.field, known) ? [`{{${placeholder.field}}}`] : [],
    );
    if (unknown.length === 0) continue;
    const names = unknown.join(', ');
    const verb = unknown.length === 1 ? 'is not a field' : 'are not fields';
    const fields = sourceFields.length > 0 ? sourceFields.join(', ') : 'none yet';
    warnings.push({ field: name, message: `${names} ${verb} of the source, so it stays empty. The source’s fields: ${fields}.` });
  }
  return warnings;
}

export interface PreviewItem {
  /** The sample item as given. */
  item: Record<string, unknown>;
  result: ApplyResult;
}

export type PreviewResult = { ok: true; items: PreviewItem[] } | { ok: false; errors: MappingError[] };

/** Maps several sample items at once, each with its own outcome, for the wizard's preview. */
export async function previewMapping(options: CompileOptions & { items: Record<string, unknown>[] }): Promise<PreviewResult> {
  const compiled = compileMapping(options);
  if (!compiled.ok) return compiled;
  const items: PreviewItem[] = [];
  for (const item of options.items) items.push({ item, result: await compiled.mapping.apply(item) });
  return { ok: true, items };
}
