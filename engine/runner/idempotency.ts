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
