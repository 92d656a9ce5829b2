import crypto from 'node:crypto';

/**
 * The key every destination write carries. Derived only from what identifies the work
 * (connection, item, step), so a retry, a crash-and-resume or another worker taking the
 * run over sends the same key and the destination applies the change once.
 */
export function idempotencyKey(connectionId: string, itemKey: string, step: string): string {
  const digest = crypto.createHash('sha256').update(`${connectionId}\u0000${itemKey}\u0000${step}`).digest('base64url');
  return `trb_${digest}`;
}

/** Test sends must never collide with real deliveries (or with each other). */
export function testSendKey(step: string): string {
  return `trb_test_${crypto.randomUUID()}_${step}`;
}

/**
 * The item's tag kept on what the destination creates for it (Stripe metadata
 * `tributary_item`): stable for connection and item like the keys, but one per item
 * rather than per step, and kept by Stripe for good, where keys last 24 hours. 128 bits
 * of the digest keep it short (Stripe allows 500 characters).
 */
export function itemTag(connectionId: string, itemKey: string): string {
  const digest = crypto.createHash('sha256').update(`${connectionId}\u0000${itemKey}`).digest('base64url');
  return `trb_${digest.slice(0, 22)}`;
}
