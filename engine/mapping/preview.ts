import { compileMapping } from './compile';
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
