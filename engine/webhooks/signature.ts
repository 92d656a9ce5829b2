// HMAC-SHA256 signatures of webhook deliveries, in the two forms senders use:
// - plain: the header is the hex HMAC of the content (optionally "sha256=<hex>"), as
//   GitHub and Shopify-style senders do;
// - timestamped: "t=<unix seconds>,v1=<hex>[,v1=<hex>...]", the HMAC of "<t>.<content>",
//   exactly Stripe's Stripe-Signature scheme (a whsec_ secret is used as the key as is).
// Pure functions with no knowledge of HTTP or the database, so any source that receives
// signed deliveries (webhooks here, Stripe events later) verifies them the same way.
import crypto from 'node:crypto';

/** How far a timestamped signature's `t` may be from this server's clock, either way. */
export const TIMESTAMP_TOLERANCE_SECONDS = 5 * 60;

export type SignatureCheck =
  | {
      ok: true;
      /** The matching HMAC: equal for equal signed content, so it identifies a replay. */
      mac: Buffer;
      /** The signed `t` (unix seconds) of a timestamped signature, else null. */
      timestamp: number | null;
    }
  | { ok: false; reason: 'malformed' | 'mismatch' | 'expired'; message: string };

export function hmacSha256(secret: string, content: Buffer | string): Buffer {
  return crypto.createHmac('sha256', secret).update(content).digest();
}

/** Compares in constant time; a candidate of the wrong length still costs one comparison. */
function sameMac(candidateHex: string, expected: Buffer): boolean {
  const wellFormed = /^[0-9a-fA-F]{64}$/.test(candidateHex);
  const candidate = wellFormed ? Buffer.from(candidateHex, 'hex') : Buffer.alloc(expected.length);
  return crypto.timingSafeEqual(candidate, expected) && wellFormed;
}

const MISMATCH = 'The signature does not match the content signed with this connection’s secret.';

/** A plain signature: `<hex>` or `sha256=<hex>` (any case) of `content`. */
export function verifyPlainSignature(args: { header: string; content: Buffer; secret: string }): SignatureCheck {
  const expected = hmacSha256(args.secret, args.content);
  const hex = args.header.trim().replace(/^sha256=/i, '');
  if (!sameMac(hex, expected)) return { ok: false, reason: 'mismatch', message: MISMATCH };
  return { ok: true, mac: expected, timestamp: null };
}

function parseTimestamped(header: string): { timestamp: number; macs: string[] } | null {
  let timestamp: number | null = null;
  const macs: string[] = [];
  for (const part of header.split(',')) {
    const at = part.indexOf('=');
    if (at < 0) continue;
    const key = part.slice(0, at).trim();
    const value = part.slice(at + 1).trim();
    if (key === 't') {
      if (timestamp !== null || !/^\d{1,12}$/.test(value)) return null;
      timestamp = Number(value);
    } else if (key === 'v1') {
      macs.push(value);
    }
    // Other schemes (Stripe's v0) are ignored, as Stripe's own libraries do.
  }
  return timestamp === null || macs.length === 0 ? null : { timestamp, macs };
}

/**
 * A timestamped signature `t=<unix>,v1=<hex>` of `<t>.<content>`. Several v1 values are
 * allowed (a sender rolling its secret signs with both); one match is enough. A match
 * whose `t` is more than `toleranceSeconds` from `nowSeconds` fails as expired.
 */
export function verifyTimestampedSignature(args: {
  header: string;
  content: Buffer;
  secret: string;
  nowSeconds: number;
  toleranceSeconds?: number;
}): SignatureCheck {
  const parsed = parseTimestamped(args.header);
  if (!parsed) {
    return {
      ok: false,
      reason: 'malformed',
      message: 'The signature header must look like "t=<unix seconds>,v1=<hex HMAC-SHA256 of t.body>".',
    };
  }
  const expected = hmacSha256(args.secret, Buffer.concat([Buffer.from(`${parsed.timestamp}.`), args.content]));
  // Every candidate is compared, so timing does not tell which one matched.
  const matched = parsed.macs.map((mac) => sameMac(mac, expected)).includes(true);
  if (!matched) return { ok: false, reason: 'mismatch', message: MISMATCH };
  const tolerance = args.toleranceSeconds ?? TIMESTAMP_TOLERANCE_SECONDS;
  const skew = Math.round(args.nowSeconds - parsed.timestamp);
  if (Math.abs(skew) > tolerance) {
    const when = skew > 0 ? `${skew} s ago` : `${-skew} s in the future`;
    return {
      ok: false,
      reason: 'expired',
      message:
        `The signature was made ${when} (t=${parsed.timestamp}); only ${tolerance / 60} minutes either way are accepted, ` +
        'so an old delivery cannot be replayed. Sign each delivery when sending it, and check the sender’s clock.',
    };
  }
  return { ok: true, mac: expected, timestamp: parsed.timestamp };
}

/** The header value a sender would send for `content` signed at `timestamp` (tests, docs, emulators). */
export function signTimestamped(secret: string, content: Buffer | string, timestamp: number): string {
  const signed = Buffer.concat([Buffer.from(`${timestamp}.`), Buffer.from(content)]);
  return `t=${timestamp},v1=${hmacSha256(secret, signed).toString('hex')}`;
}
