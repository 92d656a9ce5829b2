import { isConnectorError } from '../../connectors/sdk';
import { accountContext } from '../rate-limits';
import { loadCredentials } from '../runner/credentials';
import { allow, type Actor } from '../teams/actor';
import { sealWebhookSecret } from '../webhooks/protection';
import { webhookUrl } from '../webhooks/token';
import { notFound, ServiceError } from '../workspaces/service-error';
import { findConnection } from './repository';
import type { ConnectionServiceDeps } from './service';

/**
 * Registers a push connection's URL with its service (a Stripe webhook endpoint) so a
 * person need not copy it there, and keeps the signing secret the service issued, sealed
 * as the connection's secret. Only possible when the product knows the address the
 * service can reach it at (TRIBUTARY_PUBLIC_URL); without it the wizard shows the URL.
 */
export async function registerPushEndpoint(args: {
  deps: ConnectionServiceDeps;
  actor: Actor;
  id: string;
  /** TRIBUTARY_PUBLIC_URL; null when not set. */
  publicUrl: string | null;
}) {
  const { deps } = args;
  const workspaceId = allow(args.actor, 'connections.build');
  const record = await findConnection(deps.db, args.id, workspaceId);
  if (!record) throw notFound('The connection');
  const trigger = deps.registry.trigger(record.source_connector, record.source_trigger);
  if (trigger?.kind !== 'push' || !trigger.register || !record.webhook_token) {
    throw new ServiceError('validation_failed', 'This source has no endpoint to create: give its URL to the sender instead.', {
      fields: [{ field: 'source.trigger', message: 'has no endpoint to create' }],
    });
  }
  if (!args.publicUrl) {
    throw new ServiceError(
      'not_configured',
      'Tributary does not know the address Stripe can reach it at. Set TRIBUTARY_PUBLIC_URL and restart, or copy the URL shown into Stripe Dashboard > Developers > Webhooks and paste the signing secret here.',
    );
  }
  const url = webhookUrl(args.publicUrl, record.webhook_token);
  const credentials = await loadCredentials(deps.db, deps.secretKey, workspaceId, record.source_account_id);
  const context = accountContext({
    ...deps,
    connector: record.source_connector,
    accountId: record.source_account_id,
    credentials,
  });
  let registered: Awaited<ReturnType<NonNullable<typeof trigger.register>>>;
  try {
    registered = await trigger.register({ credentials, options: record.source_options, url, context });
  } catch (error) {
    if (!isConnectorError(error)) throw error;
    throw new ServiceError('connector_failed', `Stripe did not create the endpoint: ${error.message}`, {
      destinationError: error.details,
    });
  }
  await deps
    .db('connections')
    .where({ id: record.id, workspace_id: workspaceId })
    .update({ webhook_secret_encrypted: sealWebhookSecret(registered.secret, deps.secretKey), updated_at: deps.db.fn.now() });
  return { webhookUrl: url, endpoint: registered.details };
}
