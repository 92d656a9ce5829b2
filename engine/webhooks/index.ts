// The webhook source: ingress storage (used by ui-api/hooks) and the inbox the runner
// and the wizard read. Decisions users can rely on:
// - The secret of a protected hook is sealed in connections.webhook_secret_encrypted
//   (sealWebhookSecret), never in source_options, so it never travels with the options.
// - A disabled connection still accepts and stores deliveries (senders such as shops do
//   not retry for days); they are processed once it is enabled, and start no instant run.
// - With an empty body the query-string values are the payload; with a body they fill in
//   names the body lacks. A hook that checks signatures takes a query string only when
//   the signature covers it.
// - A repeat is stored once: same delivery key with the same payload, or same signed
//   content. A delivery key reused for a different payload is refused, never dropped.
export { newWebhookToken, webhookUrl } from './token';
export {
  sealWebhookSecret,
  openWebhookSecret,
  protectionFromOptions,
  checkDelivery,
  signedContent,
  PROTECTIONS_WITH_SECRET,
} from './protection';
export type { WebhookProtection, DeliveryCheck } from './protection';
export { verifyPlainSignature, verifyTimestampedSignature, signTimestamped, TIMESTAMP_TOLERANCE_SECONDS } from './signature';
export type { SignatureCheck } from './signature';
export { PendingPayloadCap, DEFAULT_MAX_PENDING_PAYLOADS } from './pending-cap';
export { parsePayload, serializePayload, headersToStore, deliveryKey, PayloadError } from './payload';
export { InboxWriter } from './inbox-writer';
export type { Delivery, StoredDelivery } from './inbox-writer';
export { readInbox, markProcessed, recentPayloads, inboxItemKey } from './inbox';
export type { InboxItem, RecentPayload } from './inbox';
export { discoverFields } from './fields';
export type { DiscoveredField } from './fields';
export { BurstLimiter, burstLimitFromOptions, DEFAULT_BURST_LIMIT } from './burst-limiter';
export type { BurstLimit } from './burst-limiter';
export { findWebhookConnection, WebhookConnectionCache } from './hook-connections';
export type { WebhookConnection } from './hook-connections';
export { InstantNotifier } from './instant-notifier';
