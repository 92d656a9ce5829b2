import crypto from 'node:crypto';

// 24 random bytes = 192 bits, comfortably above the 128 bits a guess-proof URL needs.
const TOKEN_BYTES = 24;

/** A fresh secret path segment for `/hooks/<token>` (base64url, 32 characters). */
export function newWebhookToken(): string {
  return crypto.randomBytes(TOKEN_BYTES).toString('base64url');
}

/** The URL a sender posts to. `publicUrl` is the product's public base URL. */
export function webhookUrl(publicUrl: string, token: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/hooks/${token}`;
}
