import crypto from 'node:crypto';
import type { ConnectorRegistry } from '../../connectors';
import type { JsonObject } from '../../connectors/sdk';
import type { Config } from '../config/config';
import { encryptJson } from '../crypto/secret-box';
import type { Db } from '../store/db';
import { ServiceError } from '../workspaces/service-error';
import { withoutCredentials } from './redact';
import { insertAccount } from './repository';
import { allow, type Actor } from '../teams/actor';
import { Account, createAccount, toAccount } from './service';

export const GOOGLE_CONNECTOR = 'google-sheets';
const SCOPES = ['https://www.googleapis.com/auth/spreadsheets', 'https://www.googleapis.com/auth/drive.metadata.readonly'];
const STATE_LIFETIME_MS = 10 * 60 * 1000;

function requireClient(config: Config): { clientId: string; clientSecret: string } {
  if (!config.googleOAuthClientId || !config.googleOAuthClientSecret) {
    throw new ServiceError(
      'not_configured',
      'Google sign-in is not set up on this server. Set GOOGLE_OAUTH_CLIENT_ID and GOOGLE_OAUTH_CLIENT_SECRET ' +
        '(an OAuth client of type "Web application" whose redirect URI is <TRIBUTARY_PUBLIC_URL>/api/accounts/google/oauth/callback) and restart.',
    );
  }
  return { clientId: config.googleOAuthClientId, clientSecret: config.googleOAuthClientSecret };
}

function stateKey(config: Config): Buffer {
  return crypto.createHmac('sha256', config.secretKey).update('google-oauth-state').digest();
}

function sign(config: Config, payload: string): string {
  return crypto.createHmac('sha256', stateKey(config)).update(payload).digest('base64url');
}

/**
 * The state parameter names who started the flow (a hash of their session) and expires,
 * signed with a key derived from the server's secret: a callback from another browser,
 * or a replay after ten minutes, is refused.
 */
function makeState(config: Config, binding: string, now: Date): string {
  const payload = [crypto.randomBytes(16).toString('base64url'), now.getTime() + STATE_LIFETIME_MS, binding].join('.');
  return `${payload}.${sign(config, payload)}`;
}

function checkState(config: Config, state: string, binding: string, now: Date): void {
  const parts = state.split('.');
  const signature = parts.pop() ?? '';
  const payload = parts.join('.');
  const expected = sign(config, payload);
  const valid =
    parts.length === 3 &&
    signature.length === expected.length &&
    crypto.timingSafeEqual(Buffer.from(signature), Buffer.from(expected)) &&
    parts[2] === binding &&
    Number(parts[1]) > now.getTime();
  if (!valid) {
    throw new ServiceError(
      'validation_failed',
      'This Google sign-in link is expired or belongs to another session. Start again from the wizard.',
      {
        fields: [{ field: 'state', message: 'is expired or belongs to another session' }],
      },
    );
  }
}

export function googleConsentUrl(args: { config: Config; binding: string; redirectUri: string; now: Date }): string {
  const { clientId } = requireClient(args.config);
  const base = args.config.googleApiBase ? `${args.config.googleApiBase}/auth` : 'https://accounts.google.com/o/oauth2/v2/auth';
  const url = new URL(base);
  url.search = new URLSearchParams({
    client_id: clientId,
    redirect_uri: args.redirectUri,
    response_type: 'code',
    scope: SCOPES.join(' '),
    // offline + consent: Google returns a refresh token, also for a person who agreed before.
    access_type: 'offline',
    prompt: 'consent',
    include_granted_scopes: 'true',
    state: makeState(args.config, args.binding, args.now),
  }).toString();
  return url.toString();
}

async function exchangeCode(config: Config, code: string, redirectUri: string): Promise<string> {
  const client = requireClient(config);
  const tokenUrl = config.googleApiBase ? `${config.googleApiBase}/token` : 'https://oauth2.googleapis.com/token';
  const response = await fetch(tokenUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      redirect_uri: redirectUri,
      client_id: client.clientId,
      client_secret: client.clientSecret,
    }).toString(),
    signal: AbortSignal.timeout(15_000),
  });
  const body = (await response.json().catch(() => ({}))) as {
    refresh_token?: string;
    error?: string;
    error_description?: string;
  };
  if (!response.ok || !body.refresh_token) {
    const reason = withoutCredentials(body.error_description ?? body.error ?? `HTTP ${response.status}`, [
      code,
      client.clientSecret,
    ]);
    throw new ServiceError(
      'account_verification_failed',
      `Google did not accept the sign-in: ${reason}. Start again from the wizard.`,
    );
  }
  return body.refresh_token;
}

/** Exchanges the code for a refresh token and saves it as a Google Sheets account. */
export async function completeGoogleOAuth(args: {
  db: Db;
  config: Config;
  connectors: ConnectorRegistry;
  now: Date;
  actor: Actor;
  binding: string;
  state: string;
  code: string;
  redirectUri: string;
  name: string;
}): Promise<Account> {
  const workspaceId = allow(args.actor, 'accounts.manage');
  checkState(args.config, args.state, args.binding, args.now);
  const refreshToken = await exchangeCode(args.config, args.code, args.redirectUri);
  const credentials: JsonObject = { refreshToken };
  if (args.connectors.get(GOOGLE_CONNECTOR)?.account) {
    return createAccount({ ...args, connector: GOOGLE_CONNECTOR, credentials });
  }
  // The Sheets connector is not installed: keep the grant so it is not lost.
  const row = await insertAccount(args.db, {
    workspaceId,
    connector: GOOGLE_CONNECTOR,
    name: args.name,
    credentialsEncrypted: encryptJson(credentials, args.config.secretKey),
    hint: `Google (token ...${refreshToken.slice(-4)})`,
    details: {},
    now: args.now,
  });
  return toAccount(row);
}
