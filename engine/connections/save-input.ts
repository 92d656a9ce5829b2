// What saving a connection checks and prepares before it writes anything: the document
// against the connectors (every problem named by field), the webhook secret sealed, the
// source's baseline read, and the row to store. A save that fails here has written nothing.
import { isConnectorError } from '../../connectors/sdk';
import { accountContext } from '../rate-limits';
import { loadCredentials } from '../runner/credentials';
import { PROTECTIONS_WITH_SECRET, sealWebhookSecret } from '../webhooks/protection';
import { workspaceTimezone } from '../workspaces/repository';
import { ServiceError } from '../workspaces/service-error';
import type { ConnectionDocument } from './document';
import type { ConnectionServiceDeps } from './service';
import { checkConnection, type CheckedConnection } from './validate';

/** The document checked against the connectors, or a validation error naming every field at fault. */
export async function checkOrThrow(
  deps: ConnectionServiceDeps,
  workspaceId: string,
  connectionId: string | null,
  document: ConnectionDocument,
) {
  const timezone = await workspaceTimezone(deps.db, workspaceId);
  const { problems, checked } = await checkConnection({
    db: deps.db,
    registry: deps.registry,
    workspaceId,
    workspaceTimezone: timezone,
    connectionId,
    document,
  });
  if (!checked) {
    const first = problems[0];
    throw new ServiceError('validation_failed', first ? `${first.field}: ${first.message}` : 'The connection is not valid.', {
      fields: problems,
    });
  }
  return { checked, timezone };
}

/**
 * "Only rows added from now on" needs a picture of what is there now, taken when the
 * connection is switched on (not at its first run, which may be much later). It is taken
 * before anything is written, so a source that cannot be read leaves nothing half-saved.
 */
export async function takeBaseline(
  deps: ConnectionServiceDeps,
  workspaceId: string,
  document: ConnectionDocument,
  checked: CheckedConnection,
): Promise<unknown> {
  if (checked.trigger.kind !== 'polling') return undefined;
  try {
    const credentials = await loadCredentials(deps.db, deps.secretKey, workspaceId, document.source.account ?? null);
    const from = checked.sourceOptions.startFrom === 'beginning' ? 'beginning' : 'now';
    const context = accountContext({
      ...deps,
      connector: document.source.connector,
      accountId: document.source.account ?? null,
      credentials,
    });
    return await checked.trigger.startCursor({ credentials, options: checked.sourceOptions, from, context });
  } catch (error) {
    if (!isConnectorError(error)) throw error;
    throw new ServiceError('connector_failed', `Could not read the source: ${error.message}`, {
      fields: [{ field: 'source.options', message: error.message }],
    });
  }
}

/** JSON text with keys sorted, so two values compare equal whatever order their keys came in. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) =>
    inner && typeof inner === 'object' && !Array.isArray(inner)
      ? Object.fromEntries(Object.entries(inner).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : inner,
  );
}

export const sameJson = (a: unknown, b: unknown): boolean => canonicalJson(a ?? null) === canonicalJson(b ?? null);

/**
 * A webhook's shared secret arrives in the source options but is stored only sealed, in
 * its own column, and never shown again. Keeping it out of the options keeps it out of
 * every response, export and log line. Returns the sealed value to store.
 */
export function sealWebhookSecretOf(
  deps: ConnectionServiceDeps,
  checked: CheckedConnection,
  stored: string | null,
): string | null {
  if (checked.trigger.kind !== 'push') return null;
  const secret = checked.sourceOptions.secret;
  delete checked.sourceOptions.secret;
  const sealed = typeof secret === 'string' && secret !== '' ? sealWebhookSecret(secret, deps.secretKey) : stored;
  const protection = checked.sourceOptions.protection;
  if (sealed === null && (PROTECTIONS_WITH_SECRET as readonly unknown[]).includes(protection)) {
    throw new ServiceError(
      'validation_failed',
      'source.options.secret: set the secret that senders use (at least 16 characters).',
      {
        fields: [{ field: 'source.options.secret', message: 'Set the secret that senders use (at least 16 characters).' }],
      },
    );
  }
  return sealed;
}

export function rowFromDocument(document: ConnectionDocument, checked: CheckedConnection) {
  return {
    name: document.name,
    source_connector: document.source.connector,
    source_trigger: document.source.trigger,
    source_account_id: document.source.account ?? null,
    source_options: JSON.stringify(checked.sourceOptions),
    destination_connector: document.destination?.connector ?? null,
    destination_action: document.destination?.action ?? null,
    destination_account_id: document.destination?.account ?? null,
    destination_options: JSON.stringify(checked.destinationOptions),
    mapping: JSON.stringify(document.mapping ?? {}),
    schedule: checked.schedule ? JSON.stringify(checked.schedule) : null,
    run_after: document.runAfter ?? null,
    enabled: document.enabled ?? false,
  };
}
