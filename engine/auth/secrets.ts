import crypto from 'node:crypto';

/** 256 random bits, URL-safe. */
export function randomSecret(): string {
  return crypto.randomBytes(32).toString('base64url');
}

/** Only hashes of session cookies and API tokens are stored: a database leak opens no door. */
export function sha256(value: string): string {
  return crypto.createHash('sha256').update(value).digest('hex');
}

export function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(sha256(a), 'hex');
  const right = Buffer.from(sha256(b), 'hex');
  return crypto.timingSafeEqual(left, right);
}
