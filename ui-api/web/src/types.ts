// Shapes of the public API as the wizard reads them (issue 5). One place to adjust.
import type { Role } from '../../../engine/teams/roles';

export type { Role };

export type JsonSchema = {
  type?: string | string[];
  title?: string;
  description?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  default?: unknown;
  format?: string;
  writeOnly?: boolean;
  minimum?: number;
  maximum?: number;
  contentMediaType?: string;
  'x-widget'?: string;
  [key: string]: unknown;
};

export type JsonObject = Record<string, unknown>;

export interface FieldProblem {
  field: string;
  message: string;
}

export interface Choice {
  value: string;
  label: string;
  /** Set on the choice the wizard proposes, saying why. */
  suggestion?: string;
}

export interface User {
  id: string;
  email: string;
}

export interface Workspace {
  id: string;
  name: string;
  timezone: string;
  /** The signed-in person's role in this workspace. */
  role: Role;
}

export interface Session {
  user: User;
  workspace: Workspace;
  workspaces: Workspace[];
  csrfToken: string;
}

export interface Member {
  userId: string;
  email: string;
  role: Role;
  joinedAt: string;
}

export interface Invitation {
  id: string;
  email: string;
  role: Role;
  createdAt: string;
  expiresAt: string;
  expired: boolean;
}

/** A one-time link as the API hands it back: `path` is `/join#token=...` on this server. */
export interface OneTimeLink {
  link: string;
  path: string;
}

export interface AuditEvent {
  id: string;
  at: string;
  actor: { userId: string | null; email: string | null; via: 'session' | 'token'; tokenName: string | null };
  action: string;
  target: { type: string; id: string | null; name: string | null };
  summary: string;
}

export interface TriggerInfo {
  name: string;
  displayName: string;
  description?: string;
  kind: 'polling' | 'push';
  optionsSchema: JsonSchema;
  dynamicOptions?: Record<string, { dependsOn: string[] }>;
  sampleData: JsonObject[];
  /** The service's endpoint can be created from here (Stripe webhook endpoints). */
  registersEndpoint?: boolean;
}

export interface ActionInfo {
  name: string;
  displayName: string;
  description?: string;
  optionsSchema: JsonSchema;
  inputSchema: JsonSchema;
  /** Present when the inputs are read from the destination (a sheet's header cells) once these options are chosen. */
  dynamicInputSchema?: { dependsOn: string[] } | null;
  sampleData: JsonObject;
  dynamicOptions?: Record<string, { dependsOn: string[] }>;
}

export interface ConnectorInfo {
  name: string;
  displayName: string;
  description?: string;
  account: { schema: JsonSchema; signIn?: 'google' | null } | null;
  triggers: TriggerInfo[];
  actions: ActionInfo[];
}

export interface Account {
  id: string;
  connector: string;
  name: string;
  /** Masked, e.g. "sk_test_...4242". */
  hint: string;
  details?: JsonObject;
  verifiedAt?: string | null;
  createdAt?: string;
}

export type Schedule =
  | { type: 'interval'; minutes: number }
  | { type: 'times'; times: string[]; timezone: string }
  | { type: 'cron'; expression: string; timezone: string }
  | { type: 'manual' };

export interface DueTimeShown {
  at: string;
  /** "today at 12:20 (Europe/Berlin)". */
  description: string;
}

/** POST /api/schedules/preview: what a schedule would do if saved now. */
export interface SchedulePreview {
  first: DueTimeShown | null;
  times: Array<{ time: string; first: DueTimeShown }>;
  upcoming: DueTimeShown[];
}

export interface Endpoint {
  connector: string;
  account: string | null;
  options: JsonObject;
}

export interface SourceEndpoint extends Endpoint {
  trigger: string;
}

export interface DestinationEndpoint extends Endpoint {
  action: string;
}

/** The connection document from ARCHITECTURE.md: what the wizard saves. */
export interface ConnectionDocument {
  name: string;
  source: SourceEndpoint;
  /** null while the connection is a draft saved from the wizard's first step. */
  destination: DestinationEndpoint | null;
  mapping: Record<string, string>;
  schedule: Schedule | null;
  runAfter: string | null;
  enabled: boolean;
}

export type RunStatus = 'queued' | 'running' | 'succeeded' | 'partial' | 'failed';

export interface RunSummary {
  id: string;
  status: RunStatus;
  finishedAt: string | null;
  itemsSent: number;
  itemsFailed: number;
}

/** A connection as the API returns it: the document plus what the server computes. */
export interface Connection extends Omit<ConnectionDocument, 'mapping'> {
  id: string;
  mapping: Record<string, string | number | boolean>;
  nextRunAt: string | null;
  nextRunDescription: string | null;
  lastRun: RunSummary | null;
  webhookUrl: string | null;
}

export interface Run extends RunSummary {
  connectionId: string;
  trigger: string;
  itemsTotal: number;
  itemsSkipped: number;
  /** Items the source chose not to send (counted in itemsSkipped); only on a single run. */
  itemsNotSent?: number;
  /** Items the run stopped before (auth or config failure); the next run sends them. */
  itemsNotAttempted?: number;
  queuedAt: string;
  startedAt: string | null;
  error: { message: string } | null;
}

export interface DestinationError {
  message: string;
  param?: string | null;
  code?: string | null;
  type?: string | null;
}

export interface RunItem {
  id: string;
  itemKey: string;
  status: 'sent' | 'skipped' | 'failed' | 'not_attempted';
  source: JsonObject;
  mapped: JsonObject | null;
  destinationObjectId: string | null;
  error: DestinationError | null;
  result?: ItemResult | null;
  /** Why the source did not send it (a row that looks like an edit), and whether a person may. */
  notSent?: { code: string; reason: string; sendable: boolean } | null;
  sendRequestedAt?: string | null;
}

/** What the destination reported for an item: a summary, a dashboard link, and output such as a payment link's URL. */
export interface ItemResult {
  summary: string | null;
  url: string | null;
  output: JsonObject | null;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface PreviewItem {
  /** The source item's key (a webhook delivery, a sheet row); what a test send names. */
  key: string;
  source: JsonObject;
  /** What would be sent; the inputs mapped so far while the mapping is incomplete. */
  input: JsonObject | null;
  errors: FieldProblem[];
}

export interface Preview {
  items: PreviewItem[];
  fields: string[];
  /** True when the source has nothing yet and the items are the trigger's sample data. */
  fromSampleData?: boolean;
  /** Placeholders naming no source field, per input (`phone`). */
  warnings?: FieldProblem[];
}

export interface TestSendResult {
  object: JsonObject;
  objectId: string | null;
  dashboardUrl: string | null;
  summary?: string | null;
  output?: JsonObject | null;
  skipped?: boolean;
}

export interface DayStats {
  day: string;
  sent: number;
  failed: number;
}
