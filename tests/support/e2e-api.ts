// Arranging a browser test through the API, so each test starts where its own story does
// (a workspace, an account, a connection with a payload) without clicking through the
// steps another test covers. Requests go through the page's context and share its cookies.
import type { Page } from 'playwright-core';

export const OWNER = { email: 'owner@example.com', password: 'correct horse battery', workspaceName: 'Acme' };

export interface E2eApi {
  post<T = Record<string, unknown>>(path: string, body?: unknown): Promise<T>;
  put<T = Record<string, unknown>>(path: string, body: unknown): Promise<T>;
  get<T = Record<string, unknown>>(path: string): Promise<T>;
}

async function json<T>(response: { ok(): boolean; status(): number; text(): Promise<string> }, what: string): Promise<T> {
  const text = await response.text();
  if (!response.ok()) throw new Error(`${what} answered ${response.status()}: ${text}`);
  return (text ? JSON.parse(text) : null) as T;
}

/** Sets up the workspace as the owner and logs the page's context in. */
export async function setUpByApi(page: Page, timezone = 'Europe/Berlin'): Promise<E2eApi> {
  const setup = await json<{ csrfToken: string }>(
    await page.request.post('/api/setup', { data: { ...OWNER, timezone } }),
    'POST /api/setup',
  );
  const headers = { 'X-CSRF-Token': setup.csrfToken };
  return {
    post: async (path, body = {}) => json(await page.request.post(path, { data: body, headers }), `POST ${path}`),
    put: async (path, body) => json(await page.request.put(path, { data: body, headers }), `PUT ${path}`),
    get: async (path) => json(await page.request.get(path), `GET ${path}`),
  };
}

export async function addStripeAccount(api: E2eApi, secretKey = 'sk_test_e2eAccount4242'): Promise<string> {
  return (
    await api.post<{ id: string }>('/api/accounts', { connector: 'stripe', name: 'Stripe account', credentials: { secretKey } })
  ).id;
}

export interface CreatedConnection {
  id: string;
  webhookUrl: string | null;
  name: string;
}

/** A webhook -> Stripe connection (disabled unless said otherwise); with no account, a draft with no destination yet. */
export async function createWebhookConnection(
  api: E2eApi,
  fields: {
    name?: string;
    account: string | null;
    action?: string;
    mapping?: Record<string, string>;
    options?: Record<string, unknown>;
    schedule?: unknown;
    runAfter?: string | null;
    enabled?: boolean;
  },
): Promise<CreatedConnection> {
  return api.post<CreatedConnection>('/api/connections', {
    name: fields.name ?? 'Signups to Stripe customers',
    source: { connector: 'webhook', trigger: 'new-payload', options: {} },
    destination: fields.account
      ? {
          connector: 'stripe',
          action: fields.action ?? 'create-customer',
          account: fields.account,
          options: fields.options ?? {},
        }
      : null,
    mapping: fields.mapping ?? {},
    schedule: fields.schedule ?? null,
    runAfter: fields.runAfter ?? null,
    enabled: fields.enabled ?? false,
  });
}

/** Posts a payload to a webhook URL as a sender would. */
export async function postPayload(url: string, payload: Record<string, unknown>): Promise<void> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(payload),
  });
  if (response.status >= 300) throw new Error(`The webhook answered ${response.status}: ${await response.text()}`);
}
