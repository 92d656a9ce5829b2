// Google's OAuth side: service accounts with real RSA keys, OAuth clients with refresh
// tokens, and the access tokens both turn into. Access tokens expire by the emulator clock.
import { generateKeyPairSync, randomBytes, verify, type KeyObject } from 'node:crypto';

/** The JSON key file Google hands out for a service account. */
export interface ServiceAccountKey {
  type: 'service_account';
  project_id: string;
  private_key_id: string;
  private_key: string;
  client_email: string;
  client_id: string;
  auth_uri: string;
  token_uri: string;
  universe_domain: string;
}

export interface OAuthClient {
  clientId: string;
  clientSecret: string;
}

export interface TokenReply {
  status: number;
  body: Record<string, unknown>;
}

/** Google's own token URL: google-auth-library signs service-account JWTs for this audience. */
export const GOOGLE_TOKEN_URL = 'https://oauth2.googleapis.com/token';

const JWT_GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

function random(bytes: number): string {
  return randomBytes(bytes).toString('base64url');
}

function grantError(status: number, error: string, description: string): TokenReply {
  return { status, body: { error, error_description: description } };
}

export class AuthState {
  private readonly serviceAccounts = new Map<string, KeyObject>();
  private readonly clients = new Map<string, string>();
  private readonly refreshTokens = new Map<string, { clientId: string; email: string }>();
  private readonly accessTokens = new Map<string, { email: string; expiresAt: number }>();

  constructor(
    private readonly tokenUrl: () => string,
    private readonly now: () => number,
    public tokenLifetimeSeconds: number,
  ) {}

  createServiceAccount(
    name = `robot-${random(4)
      .toLowerCase()
      .replace(/[^a-z0-9]/g, 'x')}`,
  ): ServiceAccountKey {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const email = `${name}@tributary-test.iam.gserviceaccount.com`;
    this.serviceAccounts.set(email, publicKey);
    return {
      type: 'service_account',
      project_id: 'tributary-test',
      private_key_id: randomBytes(20).toString('hex'),
      private_key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      client_email: email,
      client_id: String(100000000000000000000n + BigInt(this.serviceAccounts.size)),
      auth_uri: `${this.tokenUrl().replace(/\/token$/, '')}/auth`,
      token_uri: this.tokenUrl(),
      universe_domain: 'googleapis.com',
    };
  }

  createOAuthClient(): OAuthClient {
    const client = { clientId: `${random(9)}.apps.googleusercontent.com`, clientSecret: `GOCSPX-${random(21)}` };
    this.clients.set(client.clientId, client.clientSecret);
    return client;
  }

  issueRefreshToken(clientId: string, email: string): string {
    if (!this.clients.has(clientId)) throw new Error(`Unknown OAuth client ${clientId}`);
    const token = `1//${random(48)}`;
    this.refreshTokens.set(token, { clientId, email });
    return token;
  }

  revokeRefreshToken(token: string): void {
    this.refreshTokens.delete(token);
  }

  /** Makes every access token handed out so far expire now. */
  expireAccessTokens(): void {
    this.accessTokens.clear();
  }

  /** The email behind a bearer token, or null when it is unknown or expired. */
  principal(bearer: string): string | null {
    const token = this.accessTokens.get(bearer);
    if (token && token.expiresAt > this.now()) return token.email;
    // Without scopes google-auth-library skips the token endpoint and sends a self-signed JWT.
    if (bearer.split('.').length === 3) {
      const claims = this.verifyJwt(bearer, null);
      if (typeof claims !== 'string') return claims.iss;
    }
    return null;
  }

  exchange(form: URLSearchParams, basicAuth: string | null): TokenReply {
    const grant = form.get('grant_type');
    if (grant === 'refresh_token') return this.refresh(form, basicAuth);
    if (grant === JWT_GRANT) return this.serviceAccountGrant(form.get('assertion') ?? '');
    return grantError(400, 'unsupported_grant_type', `Invalid grant_type: ${grant ?? ''}`);
  }

  private issueAccessToken(email: string, scope: string): TokenReply {
    const accessToken = `ya29.${random(60)}`;
    this.accessTokens.set(accessToken, { email, expiresAt: this.now() + this.tokenLifetimeSeconds * 1000 });
    return {
      status: 200,
      body: { access_token: accessToken, expires_in: this.tokenLifetimeSeconds, scope, token_type: 'Bearer' },
    };
  }

  private refresh(form: URLSearchParams, basicAuth: string | null): TokenReply {
    let clientId = form.get('client_id');
    let clientSecret = form.get('client_secret');
    if (basicAuth) {
      const [id, secret] = Buffer.from(basicAuth, 'base64').toString().split(':');
      clientId = decodeURIComponent(id);
      clientSecret = decodeURIComponent(secret ?? '');
    }
    if (!clientId || this.clients.get(clientId) !== clientSecret) {
      return grantError(401, 'invalid_client', 'The OAuth client was not found.');
    }
    const grant = this.refreshTokens.get(form.get('refresh_token') ?? '');
    if (!grant || grant.clientId !== clientId) return grantError(400, 'invalid_grant', 'Token has been expired or revoked.');
    return this.issueAccessToken(grant.email, 'https://www.googleapis.com/auth/spreadsheets');
  }

  private serviceAccountGrant(assertion: string): TokenReply {
    const claims = this.verifyJwt(assertion, [this.tokenUrl(), GOOGLE_TOKEN_URL]);
    if (typeof claims === 'string') return grantError(400, 'invalid_grant', claims);
    return this.issueAccessToken(claims.iss, typeof claims.scope === 'string' ? claims.scope : '');
  }

  /** Checks an RS256 JWT from a known service account; returns its claims or why it fails. */
  private verifyJwt(jwt: string, audiences: string[] | null): { iss: string; scope?: unknown } | string {
    const [header, payload, signature] = jwt.split('.');
    let claims: Record<string, unknown>;
    try {
      const head = JSON.parse(Buffer.from(header, 'base64url').toString()) as Record<string, unknown>;
      if (head.alg !== 'RS256') return 'Invalid JWT: algorithm must be RS256.';
      claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
    } catch {
      return 'Invalid JWT: malformed.';
    }
    const key = typeof claims.iss === 'string' ? this.serviceAccounts.get(claims.iss) : undefined;
    if (!key) return 'Invalid grant: account not found';
    const signed = verify('RSA-SHA256', Buffer.from(`${header}.${payload}`), key, Buffer.from(signature ?? '', 'base64url'));
    if (!signed) return 'Invalid JWT Signature.';
    if (audiences && !audiences.includes(String(claims.aud)))
      return `Invalid JWT: audience ${String(claims.aud)} is not the token endpoint.`;
    const nowSeconds = Math.floor(this.now() / 1000);
    if (typeof claims.exp !== 'number' || claims.exp <= nowSeconds) {
      return 'Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe.';
    }
    return { iss: claims.iss as string, scope: claims.scope };
  }
}
