import crypto from 'node:crypto';
import { decryptSecret, encryptSecret } from '../crypto/secret-box';
import { TIMESTAMP_TOLERANCE_SECONDS, verifyPlainSignature, verifyTimestampedSignature, type SignatureCheck } from './signature';

export type WebhookProtection =
  | { kind: 'none' }
  | { kind: 'shared-secret'; header: string }
  | { kind: 'hmac-sha256'; header: string }
  | { kind: 'hmac-sha256-timestamped'; header: string };

/** The protections whose header is a signature of the delivery (not the secret itself). */
export const SIGNED_PROTECTIONS = ['hmac-sha256', 'hmac-sha256-timestamped'] as const;
/** Every protection that needs a stored secret. */
export const PROTECTIONS_WITH_SECRET = ['shared-secret', ...SIGNED_PROTECTIONS] as const;

/** Reads the protection a connection's source options ask for (defaults as in the trigger schema). */
export function protectionFromOptions(options: Record<string, unknown>): WebhookProtection {
  const header = (value: unknown, fallback: string) =>
    (typeof value === 'string' && value.trim() ? value.trim() : fallback).toLowerCase();
  switch (options.protection) {
    case 'shared-secret':
      return { kind: 'shared-secret', header: header(options.secretHeader, 'X-Webhook-Secret') };
    case 'hmac-sha256':
    case 'hmac-sha256-timestamped':
      return { kind: options.protection, header: header(options.signatureHeader, 'X-Signature-256') };
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

export type DeliveryCheck =
  | {
      ok: true;
      /**
       * Identifies the signed content (sha256 of its HMAC, hex): a second delivery with the
       * same one is a replay. Null when nothing is signed.
       */
      replayKey: string | null;
      /** Once this has passed, the timestamp check alone refuses a replay. Null: never. */
      replayKeyExpiresAt: Date | null;
    }
  | { ok: false; code: 'invalid_signature' | 'query_not_signed'; message: string };

/**
 * What a sender signs: the raw body, or, when the URL has a query string, that query
 * string as sent (with its "?"), a newline, then the body. Query values become payload
 * fields, so they must be signed too or anyone could add some to a captured delivery.
 */
export function signedContent(rawQuery: string, rawBody: Buffer): Buffer {
  return rawQuery === '' ? rawBody : Buffer.concat([Buffer.from(`?${rawQuery}\n`), rawBody]);
}

function verify(
  protection: Extract<WebhookProtection, { kind: (typeof SIGNED_PROTECTIONS)[number] }>,
  header: string,
  content: Buffer,
  secret: string,
  now: Date,
): SignatureCheck {
  return protection.kind === 'hmac-sha256'
    ? verifyPlainSignature({ header, content, secret })
    : verifyTimestampedSignature({ header, content, secret, nowSeconds: now.getTime() / 1000 });
}

const NOT_AUTHENTIC = {
  'shared-secret': 'The secret header is missing or does not match this connection’s secret.',
  signed: 'The signature header is missing or does not match the body signed with this connection’s secret.',
};

/**
 * Whether the delivery proves it knows the connection's secret, and covers everything
 * that becomes the payload. A protected connection without a stored secret accepts
 * nothing (fail closed).
 */
export function checkDelivery(args: {
  protection: WebhookProtection;
  secret: string | null;
  headers: Record<string, string | string[] | undefined>;
  rawBody: Buffer;
  /** The query string exactly as sent, without "?" ('' when none). */
  rawQuery: string;
  now: Date;
}): DeliveryCheck {
  const { protection, secret, headers, rawBody, rawQuery, now } = args;
  if (protection.kind === 'none') return { ok: true, replayKey: null, replayKeyExpiresAt: null };
  const value = headers[protection.header];
  const given = Array.isArray(value) ? value[0] : value;
  if (protection.kind === 'shared-secret') {
    // A shared secret signs nothing: whoever holds it can send any body or query anyway.
    return secret && given !== undefined && sameSecret(given, secret)
      ? { ok: true, replayKey: null, replayKeyExpiresAt: null }
      : { ok: false, code: 'invalid_signature', message: NOT_AUTHENTIC['shared-secret'] };
  }
  if (!secret || given === undefined) return { ok: false, code: 'invalid_signature', message: NOT_AUTHENTIC.signed };

  const full = verify(protection, given, signedContent(rawQuery, rawBody), secret, now);
  if (!full.ok && rawQuery !== '' && verify(protection, given, rawBody, secret, now).ok) {
    return {
      ok: false,
      code: 'query_not_signed',
      message:
        'The signature covers the body only, so the query string was refused: anyone could add values to it. ' +
        'Send those values in the body, or sign "?<query string>", a newline, then the body.',
    };
  }
  if (!full.ok) {
    return { ok: false, code: 'invalid_signature', message: full.reason === 'expired' ? full.message : NOT_AUTHENTIC.signed };
  }
  return {
    ok: true,
    replayKey: crypto.createHash('sha256').update(full.mac).digest('hex'),
    replayKeyExpiresAt: full.timestamp === null ? null : new Date((full.timestamp + TIMESTAMP_TOLERANCE_SECONDS) * 1000),
  };
}
