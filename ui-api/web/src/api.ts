// The wizard's only door to the server: every endpoint it calls is named here, once.
import type {
  Account,
  AuditEvent,
  Invitation,
  Member,
  OneTimeLink,
  Role,
  Workspace,
  Choice,
  Connection,
  ConnectionDocument,
  ConnectorInfo,
  DayStats,
  FieldProblem,
  JsonObject,
  JsonSchema,
  Page,
  Preview,
  Run,
  RunItem,
  Schedule,
  SchedulePreview,
  Session,
  TestSendResult,
} from './types';

/** An API error as `{"error":{"code","message","details"}}`, with field problems normalised. */
export class ApiError extends Error {
  constructor(
    public readonly status: number,
    public readonly code: string,
    message: string,
    public readonly fields: FieldProblem[],
    public readonly details: unknown,
  ) {
    super(message);
  }
}

let csrfToken: string | null = null;

export function rememberCsrfToken(token: string | null): void {
  csrfToken = token;
}

// Details arrive as a list of {field, message} or as {fields: [...]}; accept both.
function fieldProblems(details: unknown): FieldProblem[] {
  const list = Array.isArray(details) ? details : (details as { fields?: unknown } | null)?.fields;
  if (!Array.isArray(list)) return [];
  return list.filter((p): p is FieldProblem => typeof p?.field === 'string' && typeof p?.message === 'string');
}

async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, 'network', 'The server cannot be reached. Check that Tributary is running.', [], null);
  }
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = null;
  }
  if (!response.ok) {
    const error = (parsed as { error?: { code?: string; message?: string; details?: unknown } } | null)?.error;
    throw new ApiError(
      response.status,
      error?.code ?? 'http_' + response.status,
      error?.message ?? `The server answered ${response.status}.`,
      fieldProblems(error?.details),
      error?.details ?? null,
    );
  }
  return parsed as T;
}

// Lists arrive bare or wrapped ({connections: [...]}, {items: [...]}); accept both.
function listOf<T>(value: unknown, key: string): T[] {
  if (Array.isArray(value)) return value as T[];
  const wrapped = (value as Record<string, unknown> | null)?.[key] ?? (value as Record<string, unknown> | null)?.items;
  return Array.isArray(wrapped) ? (wrapped as T[]) : [];
}

// A page arrives as { <key>: [...], nextCursor }.
function pageOf<T>(value: unknown, key: string): Page<T> {
  const cursor = (value as { nextCursor?: unknown } | null)?.nextCursor;
  return { items: listOf<T>(value, key), nextCursor: typeof cursor === 'string' ? cursor : null };
}

function pageQuery(cursor: string | null, limit: number): URLSearchParams {
  const query = new URLSearchParams({ limit: String(limit) });
  if (cursor) query.set('cursor', cursor);
  return query;
}

const id = encodeURIComponent;

export const api = {
  session: () => request<Session>('GET', '/api/session'),
  setupStatus: () => request<{ needed: boolean }>('GET', '/api/setup'),
  setup: (body: { email: string; password: string; workspaceName: string; timezone: string }) =>
    request<Session>('POST', '/api/setup', body),
  login: (body: { email: string; password: string }) => request<Session>('POST', '/api/login', body),
  logout: () => request<void>('POST', '/api/logout', {}),

  connectors: async () => listOf<ConnectorInfo>(await request('GET', '/api/connectors'), 'connectors'),
  options: (
    connector: string,
    field: string,
    body: { trigger?: string; action?: string; account: string | null; options: JsonObject },
  ) => request<{ choices: Choice[] }>('POST', `/api/connectors/${id(connector)}/options/${id(field)}`, body),
  inputSchema: (connector: string, body: { action: string; account: string | null; options: JsonObject }) =>
    request<{ inputSchema: JsonSchema; dynamic: boolean }>('POST', `/api/connectors/${id(connector)}/input-schema`, body),

  accounts: async () => listOf<Account>(await request('GET', '/api/accounts'), 'accounts'),
  createAccount: (body: { connector: string; name: string; credentials: JsonObject }) =>
    request<Account>('POST', '/api/accounts', body),
  verifyAccount: (accountId: string) => request<Account>('POST', `/api/accounts/${id(accountId)}/verify`, {}),
  deleteAccount: (accountId: string) => request<void>('DELETE', `/api/accounts/${id(accountId)}`),
  /** The server redirects to Google, then back to `/?account=<id>` (or `/?googleError=...`). */
  googleSignInUrl: (accountName: string) => `/api/accounts/google/oauth/start?name=${encodeURIComponent(accountName)}`,

  /** One page of connections, oldest first; pass the previous page's nextCursor for the next. */
  connections: async (cursor: string | null = null, limit = 50) =>
    pageOf<Connection>(await request('GET', `/api/connections?${pageQuery(cursor, limit)}`), 'connections'),
  /** Every connection, read page by page (for pickers that must offer all of them). */
  allConnections: async () => {
    const all: Connection[] = [];
    let cursor: string | null = null;
    do {
      const page: Page<Connection> = await api.connections(cursor, 200);
      all.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    return all;
  },
  connection: (connectionId: string) => request<Connection>('GET', `/api/connections/${id(connectionId)}`),
  createConnection: (document: ConnectionDocument) => request<Connection>('POST', '/api/connections', document),
  saveConnection: (connectionId: string, document: ConnectionDocument) =>
    request<Connection>('PUT', `/api/connections/${id(connectionId)}`, document),
  deleteConnection: (connectionId: string) => request<void>('DELETE', `/api/connections/${id(connectionId)}`),
  enable: (connectionId: string) => request<Connection>('POST', `/api/connections/${id(connectionId)}/enable`, {}),
  disable: (connectionId: string) => request<Connection>('POST', `/api/connections/${id(connectionId)}/disable`, {}),
  /** `mapping` previews unsaved edits; without it the saved mapping is used. */
  preview: (connectionId: string, mapping?: Record<string, string>) =>
    request<Preview>('POST', `/api/connections/${id(connectionId)}/preview`, mapping ? { mapping } : {}),
  /** Sends one of the recent source items (the newest when none is named). */
  testSend: (connectionId: string, which: { itemIndex?: number } = {}) =>
    request<TestSendResult>('POST', `/api/connections/${id(connectionId)}/test-send`, which),
  runNow: (connectionId: string) => request<{ id: string }>('POST', `/api/connections/${id(connectionId)}/run`, {}),
  /** One page of the connection's runs, newest first. */
  runs: async (connectionId: string, cursor: string | null = null, limit = 50) =>
    pageOf<Run>(await request('GET', `/api/connections/${id(connectionId)}/runs?${pageQuery(cursor, limit)}`), 'runs'),
  stats: async (connectionId: string, days = 30) =>
    listOf<DayStats>(await request('GET', `/api/connections/${id(connectionId)}/stats?days=${days}`), 'days'),
  /** Creates the connection's endpoint in its service (Stripe) and keeps the signing secret. */
  registerWebhook: (connectionId: string) =>
    request<{ webhookUrl: string; endpoint: JsonObject }>('POST', `/api/connections/${id(connectionId)}/webhook/register`, {}),
  webhookPayloads: (connectionId: string) =>
    request<{ payloads: JsonObject[]; fields: string[] }>('GET', `/api/connections/${id(connectionId)}/webhook/payloads`),

  /** What a schedule being edited would do if saved now (400 with field problems when it is not valid). */
  previewSchedule: (schedule: Schedule) => request<SchedulePreview>('POST', '/api/schedules/preview', { schedule }),

  run: (runId: string) => request<Run>('GET', `/api/runs/${id(runId)}`),
  runItems: (runId: string, filter: { status?: string; cursor?: string | null }) => {
    const query = new URLSearchParams();
    if (filter.status) query.set('status', filter.status);
    if (filter.cursor) query.set('cursor', filter.cursor);
    return request<Page<RunItem>>('GET', `/api/runs/${id(runId)}/items?${query}`);
  },
  retryFailed: (runId: string) => request<{ id: string }>('POST', `/api/runs/${id(runId)}/retry-failed`, {}),
  sendItem: (runId: string, itemId: string) =>
    request<{ id: string }>('POST', `/api/runs/${id(runId)}/items/${id(itemId)}/send`, {}),
  members: async () => listOf<Member>(await request('GET', '/api/members'), 'members'),
  changeRole: (userId: string, role: Role) => request<Member>('PATCH', `/api/members/${id(userId)}`, { role }),
  removeMember: (userId: string) => request<void>('DELETE', `/api/members/${id(userId)}`),
  passwordResetLink: (userId: string) =>
    request<OneTimeLink & { email: string }>('POST', `/api/members/${id(userId)}/password-reset`, {}),
  invitations: async () => listOf<Invitation>(await request('GET', '/api/invitations'), 'invitations'),
  invite: (body: { email: string; role: Role }) =>
    request<OneTimeLink & { invitation: Invitation; email: { sent: boolean; reason?: string } }>(
      'POST',
      '/api/invitations',
      body,
    ),
  revokeInvitation: (invitationId: string) => request<void>('DELETE', `/api/invitations/${id(invitationId)}`),
  lookupInvitation: (token: string) =>
    request<{ email: string; role: Role; workspaceName: string; hasAccount: boolean }>('POST', '/api/invitations/lookup', {
      token,
    }),
  acceptInvitation: (body: { token: string; password: string }) => request<Session>('POST', '/api/invitations/accept', body),
  lookupPasswordReset: (token: string) => request<{ email: string }>('POST', '/api/password-resets/lookup', { token }),
  completePasswordReset: (body: { token: string; password: string }) =>
    request<{ email: string }>('POST', '/api/password-resets/complete', body),
  changePassword: (body: { currentPassword: string; newPassword: string }) => request<void>('POST', '/api/password', body),
  audit: async (cursor: string | null, limit = 50) =>
    pageOf<AuditEvent>(await request('GET', `/api/audit?${pageQuery(cursor, limit)}`), 'events'),
  createWorkspace: (body: { name: string; timezone?: string }) => request<Workspace>('POST', '/api/workspaces', body),
  switchWorkspace: (workspaceId: string) => request<Session>('POST', '/api/session/workspace', { workspaceId }),
  renameWorkspace: (body: { name?: string; timezone?: string }) => request<Workspace>('PATCH', '/api/workspace', body),
  deleteWorkspace: (confirmName: string) => request<void>('DELETE', '/api/workspace', { confirmName }),
};
