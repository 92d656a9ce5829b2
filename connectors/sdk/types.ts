// The contract between the engine and every connector. Connectors import only this
// folder (never engine/ or ui-api/), and the engine knows connectors only through it.
import type { ActionBatch, SourceWriteBack } from './batches';

/** A JSON Schema object (draft 2020-12 subset that ajv validates). */
export type JsonSchema = Record<string, unknown>;

export type JsonObject = Record<string, unknown>;

/** What the running product tells a connector about its surroundings. */
export interface ConnectorContext {
  /** Base URL of Stripe's API (or an emulator / stripe-mock). */
  stripeApiBase: string;
  /** Base URL for Google's APIs (Sheets, Drive, OAuth token); null = Google's own. */
  googleApiBase: string | null;
  googleOAuth?: { clientId: string; clientSecret: string } | null;
  log?: (level: 'info' | 'warn' | 'error', message: string, details?: JsonObject) => void;
  /**
   * Awaited before every HTTP request a connector sends with one account's credentials,
   * retries and look-ups included. The engine sets it to that account's shared budget, so
   * a rate limit counts requests (not items) and holds across every worker process. A
   * connector calls it in its one shared client, never per action. Absent: no limit.
   */
  beforeRequest?: (request: OutgoingRequest) => Promise<void>;
  /**
   * The workspace's IANA time zone (`Europe/Berlin`), for dates a source turns into text
   * (a Stripe source's `created_iso`). Absent: UTC.
   */
  timezone?: string;
}

export interface OutgoingRequest {
  method: string;
  url: string;
}

/**
 * How fast an account may send: at most `burst + perSecond * T` requests in any T
 * seconds. Stripe's "25 per second" is `{ perSecond: 25 }`; a quota of 60 per minute
 * that tolerates bursts can be `{ perSecond: 0.5, burst: 30 }`.
 */
export interface RequestRate {
  perSecond: number;
  /** Requests that may go at once after a quiet spell; default 0 (evenly spaced). */
  burst?: number;
  /**
   * Whose quota this is on the service's side when that is not the account record (a
   * Google service account's email: Google counts per user, however many Tributary
   * accounts hold its key). Accounts naming the same owner share one budget. Absent: the
   * account has its own.
   */
  quotaOwner?: string;
}

export interface AccountDefinition<Credentials = JsonObject> {
  /** Schema of the credentials a person enters. Secret fields are marked `"writeOnly": true`. */
  schema: JsonSchema;
  /** A masked hint safe to show, e.g. "sk_test_...4242". Never the secret itself. */
  hint(credentials: Credentials): string;
  /**
   * Proves the credentials work by calling the service. Throws a ConnectorError whose
   * message says what to fix. Returns facts worth showing (mode, account name).
   */
  verify(args: { credentials: Credentials; context: ConnectorContext }): Promise<{ details?: JsonObject }>;
  /** Offered as a "Sign in with ..." button when the product has an OAuth client for it. */
  signIn?: 'google';
  /** How fast this account may send requests; the engine enforces it across all workers. */
  requestRate?(credentials: Credentials): RequestRate;
}

export interface Choice {
  value: string;
  label: string;
  /** Set on the choice the wizard proposes, saying why (e.g. "every row has a different Email"). */
  suggestion?: string;
}

/** Options whose choices depend on earlier ones (sheets of a spreadsheet, columns of a sheet). */
export interface DynamicOptions<Credentials = JsonObject> {
  /** Option names that must be filled in before these choices can be loaded. */
  dependsOn: string[];
  load(args: { credentials: Credentials; options: JsonObject; context: ConnectorContext }): Promise<Choice[]>;
}

/** One thing read from a source, identified by a key that never depends on its position. */
export interface SourceItem {
  key: string;
  data: JsonObject;
  /**
   * Set when the source itself decided not to send this item (a sheet row that looks like
   * an edit of a row already sent): the run log lists it as "Not sent: <reason>" instead of
   * the item vanishing without a word, and offers to send it when `sendable`.
   */
  notSent?: NotSent;
}

export interface NotSent {
  /** Stable machine code, e.g. `looks_like_edit`, `repeated_key`. */
  code: string;
  /** What follows "Not sent: " in the run log, e.g. "looks like an edit of row 5 (changed: Plan)". */
  reason: string;
  /** A person may send the item anyway from the run log. */
  sendable: boolean;
}

export interface SourceBatch {
  items: SourceItem[];
  /**
   * Present on the last batch of a read: the cursor that covers every item yielded by
   * this read. The engine stores it in the same transaction as those items' records.
   */
  cursor?: unknown;
}

interface DefinitionBase<Options> {
  /** kebab-case machine name; never changes once released. */
  name: string;
  displayName: string;
  description: string;
  optionsSchema: JsonSchema;
  /** Declared for typing only. */
  readonly __options?: Options;
}

/** A source that the engine polls (Google Sheets rows). */
export interface PollingTrigger<Options = JsonObject, Credentials = JsonObject> extends DefinitionBase<Options> {
  kind: 'polling';
  dynamicOptions?: Record<string, DynamicOptions<Credentials>>;
  /** Items a wizard can show before any real data exists. */
  sampleData: JsonObject[];
  /**
   * The cursor to start from when a connection is first enabled: "from now on" marks
   * everything already there as seen; "everything" starts from nothing.
   */
  startCursor(args: {
    credentials: Credentials;
    options: Options;
    from: 'now' | 'beginning';
    context: ConnectorContext;
  }): Promise<unknown>;
  /**
   * The options that say where items come from (a spreadsheet and a sheet): when one of
   * them changes, the engine drops the cursor and takes a new one. A change of any other
   * option (a key column) keeps it, and the trigger's next read deals with the change, so
   * items added since the last run are not lost. Absent: every option.
   */
  cursorOptions?: string[];
  /** Items new since `cursor`, in pages. Throws ConnectorError for auth/config problems. */
  read(args: {
    credentials: Credentials;
    options: Options;
    cursor: unknown;
    context: ConnectorContext;
    /**
     * The run reading. A source whose items exist once per run (a balance snapshot) keys
     * them by it, so a run resumed after a crash does not deliver its item twice.
     */
    runId?: string;
  }): AsyncIterable<SourceBatch>;
  /**
   * Present when the source can take the destination's result back into the item it came
   * from (the Stripe customer id into a column of the sheet row), as the connection's
   * source options ask. The engine calls `write` once items are recorded as sent, in groups;
   * a failure is reported with the run and never undoes a delivery.
   */
  writeBack?: SourceWriteBack<Options, Credentials>;
  /**
   * The last few items, newest first, for test data. Empty source: []. Each carries the
   * key `read` gives the same item: a test send of it counts as its delivery.
   */
  recent(args: { credentials: Credentials; options: Options; limit: number; context: ConnectorContext }): Promise<SourceItem[]>;
}

/** A source that receives pushed payloads (webhooks); the engine stores them and reads its inbox. */
export interface PushTrigger<Options = JsonObject, Credentials = JsonObject> extends DefinitionBase<Options> {
  kind: 'push';
  sampleData: JsonObject[];
  /**
   * For services that sign their own deliveries (Stripe): checks one delivery with the
   * connection's sealed secret (the `secret` option, opened) and says what to store.
   * Absent: the generic webhook's protection options apply and the body is stored as is.
   */
  receive?(delivery: PushDelivery<Options>): PushReceipt;
  /**
   * Registers the connection's URL with the service (Stripe's webhook endpoints), so a
   * person need not paste it; returns the signing secret the service issued, which the
   * engine seals as the connection's secret.
   */
  register?(args: {
    credentials: Credentials;
    options: Options;
    url: string;
    context: ConnectorContext;
  }): Promise<{ secret: string; details: JsonObject }>;
}

export interface PushDelivery<Options = JsonObject> {
  rawBody: Buffer;
  headers: Record<string, string | string[] | undefined>;
  /** The connection's secret in clear; null when none was stored. */
  secret: string | null;
  options: Options;
  /** The workspace's time zone, as in ConnectorContext. */
  timezone?: string;
  /** Milliseconds since the epoch when the delivery arrived (signature time checks). */
  receivedAt: number;
}

export type PushReceipt =
  /** Store `payload`; a second delivery with the same `deliveryKey` is a duplicate. */
  | { outcome: 'store'; deliveryKey: string; payload: JsonObject }
  /** Authentic, but not wanted by this connection (an event type it does not take): answer 200, store nothing. */
  | { outcome: 'ignore'; reason: string }
  /** Not authentic or unreadable: answer 400 with `message`. */
  | { outcome: 'reject'; message: string };

export type TriggerDefinition = PollingTrigger<any, any> | PushTrigger<any, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface ActionResult {
  /**
   * Id of the object created or changed in the destination (cus_..., ii_..., in_...); null
   * only for a skipped item that matched no object.
   */
  objectId: string | null;
  object: JsonObject;
  /** One line for the run log, e.g. "Created customer cus_123 (ann@example.com)". */
  summary?: string;
  /** Where a person can see the object in the service's own dashboard. */
  url?: string;
  /**
   * What a person needs from the item besides the object id, kept with the item in the run
   * log: a payment link's URL, what a payment paid and what remains. Small and flat.
   */
  output?: JsonObject;
  /**
   * The action deliberately changed nothing: an update that would not change anything, or
   * no object matched and the connection skips those. The run log lists the item as
   * skipped with `summary` as the reason; it is not recorded as delivered.
   */
  skipped?: boolean;
}

export interface ActionDefinition<
  Options = JsonObject,
  Input = JsonObject,
  Credentials = JsonObject,
> extends DefinitionBase<Options> {
  /**
   * Schema of the action's inputs: the field-mapping targets. Nested objects (address,
   * metadata) are mapped with dotted names. Formats used for coercion: email, date,
   * date-time; `x-money: true` marks a major-unit amount whose currency is the sibling
   * `currency` input. With `dynamicInputSchema`, this is what holds for any destination
   * (free-form names), used only while the real one cannot be loaded.
   */
  inputSchema: JsonSchema;
  /**
   * Inputs that depend on the destination itself (the header cells of the chosen sheet), so
   * no fixed schema can name them. Where present, the wizard's mapping step, the preview,
   * the check when a connection is saved, test sends and every run load it and use it in
   * place of `inputSchema`: mapping targets, coercion and validation follow the destination
   * as it is at that moment.
   */
  dynamicInputSchema?: DynamicInputSchema<Options, Credentials>;
  /** An example of what the action returns, for the wizard before a test send. */
  sampleData: JsonObject;
  dynamicOptions?: Record<string, DynamicOptions<Credentials>>;
  /**
   * Present when the destination takes many items in one request (one values.append for
   * hundreds of sheet rows) and is slow or rationed per request. The engine then hands a
   * run's items over in groups through a writer opened once per run, instead of calling
   * `execute` item by item; every item still gets its own outcome in the run log.
   */
  batch?: ActionBatch<Options, Input, Credentials>;
  /**
   * The destination object this item may look up and then create when it is missing (a
   * customer found by email under "reuse"), or null when the item shares nothing with
   * others. Two items of one run (or of two workers) with the same natural key would
   * otherwise both look up, both find nothing and both create; the engine runs items
   * with the same natural key on the same destination account one at a time, in this
   * process and across workers. Derived from the mapped input and the options only.
   */
  naturalKey?(args: { options: Options; input: Input }): string | null;
  /**
   * Performs the action for one item. Every write passes `idempotencyKey(step)`, so a
   * retry or a crash never creates a duplicate. Throws ConnectorError on failure.
   */
  execute(args: {
    credentials: Credentials;
    options: Options;
    input: Input;
    idempotencyKey: (step: string) => string;
    context: ConnectorContext;
    /**
     * The connection the item belongs to. Actions that change existing objects tag them
     * with it (metadata `tributary_connection`), so a change the product made itself can
     * be recognised when it comes back through another connection. The engine always
     * passes it; only direct calls (tests) may leave it out.
     */
    connectionId?: string;
    /**
     * Mapped inputs whose value was empty for this item (dotted names such as `phone` or
     * `metadata.plan`); absent from `input`. An update action may clear them on request.
     */
    emptyInputs?: string[];
    /**
     * A short value derived from the connection and the item (`trb_...`, under 40
     * characters), the same on every attempt. A destination that can keep it on what it
     * creates (Stripe metadata `tributary_item`) does, so `findDelivered` can find it.
     */
    itemTag?: string;
  }): Promise<ActionResult>;
  /**
   * Present when the destination can tell whether an earlier attempt at an item already
   * created its object, by the item's tag. See DeliveredFinder.
   */
  findDelivered?: DeliveredFinder<Options, Input, Credentials>;
}

/**
 * How an action finds what an earlier attempt at an item delivered when that attempt's
 * answer was lost. The engine asks only for items attempted before with no recorded
 * outcome, and only once their first attempt is `afterSeconds` old: until then the
 * attempt's idempotency keys make a plain re-send safe, and a normal send never pays for
 * a look-up.
 */
export interface DeliveredFinder<Options = JsonObject, Input = JsonObject, Credentials = JsonObject> {
  /** How long the destination honours idempotency keys, less a margin (Stripe: 23 hours). */
  afterSeconds: number;
  /** The object the earlier attempt made (its summary says it was found), or null: send it. */
  find(args: {
    credentials: Credentials;
    options: Options;
    input: Input;
    itemTag: string;
    /** When the item was first attempted; a look-up through lists can start there. */
    since: Date;
    /**
     * The item's keys, as `execute` gets them: for a finder that finishes what the earlier
     * attempt left undone (Create Invoice stopped between two currencies).
     */
    idempotencyKey: (step: string) => string;
    context: ConnectorContext;
  }): Promise<ActionResult | null>;
}

// The registry holds connectors of every credential type side by side.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export interface ConnectorDefinition<Credentials = any> {
  name: string;
  displayName: string;
  description: string;
  /** null: the connector needs no account (webhooks). */
  account: AccountDefinition<Credentials> | null;
  triggers: Record<string, TriggerDefinition>;
  actions: Record<string, ActionDefinition<any, any, Credentials>>; // eslint-disable-line @typescript-eslint/no-explicit-any
}

export interface DynamicInputSchema<Options = JsonObject, Credentials = JsonObject> {
  /** Option names that must be filled in before the schema can be loaded. */
  dependsOn: string[];
  /** Throws ConnectorError (config: "the header row is empty", auth, retryable). */
  load(args: { credentials: Credentials; options: Options; context: ConnectorContext }): Promise<JsonSchema>;
}
