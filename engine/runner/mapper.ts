import type { JsonObject, JsonSchema } from '../../connectors/sdk';

export interface FieldError {
  field: string;
  message: string;
  value?: unknown;
}

export type MappedItem = { ok: true; input: JsonObject } | { ok: false; errors: FieldError[] };

/** A connection's mapping compiled once per run, applied to each source item. */
export interface ItemMapper {
  apply(data: JsonObject): Promise<MappedItem>;
}

export type CompileResult = { ok: true; mapper: ItemMapper } | { ok: false; errors: FieldError[] };

export type CompileMapping = (mapping: Record<string, unknown>, inputSchema: JsonSchema) => CompileResult;
