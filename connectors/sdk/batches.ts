// Batches: how a destination sends many items at once, and how a source writes results back.
import type { ConnectorError } from './errors';
import type { JsonObject, ActionResult, ConnectorContext, SourceItem, JsonSchema } from './types';

/** One item of a batch, mapped and coerced to the action's (loaded) input schema. */
export interface BatchItem<Input = JsonObject> {
  /** The source item's key: the same on every retry, after a crash and after a takeover. */
  key: string;
  input: Input;
  /** As for `execute`: derived from connection, item and step only. */
  idempotencyKey: (step: string) => string;
  /** Mapped inputs whose value was empty for this item (see `execute`). */
  emptyInputs: string[];
  /**
   * An earlier attempt at this item may have reached the destination without its answer
   * being recorded: a worker died between the destination's answer and the ledger, or a
   * request failed in a way that does not say whether it was applied. A destination
   * without idempotency keys (Google Sheets) looks for the item's marker before writing it
   * again; for the other items it can skip that look-up.
   */
  uncertain: boolean;
}

/** What became of one item of a batch: its result, or the error that failed it. */
export type BatchOutcome = ActionResult | ConnectorError;

export interface BatchWriter<Input = JsonObject> {
  /**
   * Performs the action for every item in as few requests as the destination allows and
   * returns one outcome per item, in the same order. A `retryable` outcome is tried again
   * (with `uncertain` set); throwing is the same error for every item.
   */
  write(items: BatchItem<Input>[]): Promise<BatchOutcome[]>;
}

export interface ActionBatch<Options = JsonObject, Input = JsonObject, Credentials = JsonObject> {
  /** The most items the engine hands to one `write` (a few hundred rows per append). */
  maxItems: number;
  /**
   * Opened once per run, when its first item is ready (a run with nothing new makes no
   * request), so what holds for the whole run (the sheet's header row, where its marker
   * column is) is read once, not once per item or per batch.
   */
  open(args: {
    credentials: Credentials;
    options: Options;
    context: ConnectorContext;
    connectionId: string;
    /** The schema the items' inputs were coerced to (the loaded dynamic one, if any). */
    inputSchema: JsonSchema;
  }): Promise<BatchWriter<Input>>;
}

/** A sent item and what the destination answered, for a source's write-back. */
export interface WriteBackItem {
  item: SourceItem;
  objectId: string | null;
  url: string | null;
}

export interface SourceWriteBack<Options = JsonObject, Credentials = JsonObject> {
  /** Whether these source options ask for write-back (a column chosen). */
  enabled(options: Options): boolean;
  write(args: { credentials: Credentials; options: Options; context: ConnectorContext; results: WriteBackItem[] }): Promise<void>;
}
