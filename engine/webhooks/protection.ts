import crypto from 'node:crypto';
import { decryptSecret, encryptSecret } from '../crypto/secret-box';

export type WebhookProtection =
  { kind: 'none' } | { kind: 'shared-secret'; header: string } | { kind: 'hmac-sha256'; header: string };

/** Reads the protection a connection's source options ask for (defaults as in the trigger schema). */
export function protectionFromOptions(options: Record<string, unknown>): WebhookProtection {
  const header = (value: unknown, fallback: string) =>
    (typeof value === 'string' && value.trim() ? value.trim() : fallback).toLowerCase();
  switch (options.protection) {
    case 'shared-secret':
      return { kind: 'shared-secret', header: header(options.secretHeader, 'X-Webhook-Secret') };
    case 'hmac-sha256':
      return { kind: 'hmac-sha256', header: header(options.signatureHeader, 'X-Signature-256') };
    default:
      return { kind: 'none' };
  }
}

/** Seals a webhook secret for `connections.webhook_secret_encrypted`. */
export function sealWebhookSecret(secret: string, key: Buffer): string {
  return encryptSecret(secret, key);
}

export function openWebhookSecret(sealed: string, key: Buffer): string {
  return decryptSecret(sealed, key);
}

// Hashing both sides first gives equal-length buffers, so timingSafeEqual never leaks the
// secret's length and never throws.
function sameSecret(given: string, expected: string): boolean {
  const a = crypto.createHash('sha256').update(given).digest();
  const b = crypto.createHash('sha256').update(expected).digest();
  return crypto.timingSafeEqual(a, b);
}

function signatureMatches(given: string, rawBody: Buffer, secret: string): boolean {
  const expected = crypto.createHmac('sha256', secret).update(rawBody).digest();
  const hex = given.trim().replace(/^sha256=/i, '');
  const wellFormed = /^[0-9a-fA-F]{64}$/.test(hex);
  // A malformed header still costs one comparison, then fails.
  const equal = crypto.timingSafeEqual(wellFormed ? Buffer.from(hex, 'hex') : Buffer.alloc(expected.length), expected);
  return wellFormed && equal;
}

/**
 * True when the delivery proves it knows the connection's secret. A protected connection
 * without a stored secret accepts nothing (fail closed).
 */
export function deliveryIsAuthentic(args: {
  protection: WebhookProtection;
  secret: string | null;
  headers: Record<string, string | string[] | undefined>;
  rawBody: Buffer;
}): boolean {
  const { protection, secret, headers, rawBody } = args;
  if (protection.kind === 'none') return true;
  const value = headers[protection.header];
  const given = Array.isArray(value) ? value[0] : value;
  if (!secret || given === undefined) return false;
  return protection.kind === 'shared-secret' ? sameSecret(given, secret) : signatureMatches(given, rawBody, secret);
}
