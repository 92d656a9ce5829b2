import type { ExpressionSandbox } from '../sandbox';

/** Destination input name (dotted for nested inputs) -> literal or template. */
export type Mapping = Record<string, string | number | boolean>;

/** A mapping that cannot be compiled: the input it concerns and what to fix. */
export interface MappingError {
  field: string;
  message: string;
}

/** An item whose mapped value cannot be used: the input, the value it got and why. */
export interface ItemFieldError {
  field: string;
  value: unknown;
  message: string;
}

export type ApplyResult =
  | {
      ok: true;
      input: Record<string, unknown>;
      /** Mapped inputs that came out empty for this item (dotted names); an update may clear them. */
      empty: string[];
    }
  | { ok: false; errors: ItemFieldError[] };

export interface CompiledMapping {
  /** Maps one source item to the destination's input, coerced to its input schema. */
  apply(item: Record<string, unknown>): Promise<ApplyResult>;
  /** Source fields this mapping reads, in first-use order. */
  readonly sourceFields: string[];
}

export type CompileResult =
  | {
      ok: true;
      mapping: CompiledMapping;
      /** With `allowMissing`: required inputs nobody has mapped yet (otherwise always empty). */
      missing: MappingError[];
    }
  | { ok: false; errors: MappingError[] };

export interface CompileOptions {
  mapping: Mapping;
  /** The destination action's `inputSchema`. */
  inputSchema: Record<string, unknown>;
  /**
   * The source's field names (sheet headers, sample payload keys), when known. A
   * `{{...}}` exactly equal to one of them is always a reference, and a reference to a
   * field not among them is rejected at compile time.
   */
  sourceFields?: string[];
  /** IANA time zone for dates written without an offset; default UTC. */
  timeZone?: string;
  /**
   * A mapping still being made (a draft, a preview): required inputs nobody has mapped yet
   * are listed in the result's `missing` instead of failing the compile.
   */
  allowMissing?: boolean;
  /** Where JSONata expressions run (the engine's configured pool); default: the process's shared pool. */
  expressions?: ExpressionSandbox;
  /** Items in a row with an expression stopped before the rest fail at once; default 3 (a preview uses 1). */
  stopsBeforeGivingUp?: number;
}
