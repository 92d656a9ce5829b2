import crypto from 'node:crypto';
import { invalidRequest } from '../errors';
import { newId, nowSeconds } from '../ids';
import { STRIPE_API_VERSION } from '../spec/load';
import { assignFields, listOptions, mergeMetadata, type Operation } from './context';

/**
 * Webhook endpoints: where the emulator sends signed events, as Stripe's dashboard or API
 * sets them up. Unknown event types are refused by the spec's own enum.
 */

function checkUrl(url: unknown): void {
  if (typeof url !== 'string') return;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw invalidRequest('Invalid URL: An explicit scheme (such as https) must be provided.', { param: 'url' });
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw invalidRequest('Invalid URL: URL must be publicly accessible (https or http).', { param: 'url' });
  }
}

export const createWebhookEndpoint: Operation = ({ params, state, livemode }) => {
  checkUrl(params.url);
  const secret = `whsec_${crypto.randomBytes(24).toString('hex')}`;
  const endpoint = {
    id: newId('we'),
    object: 'webhook_endpoint',
    api_version: (params.api_version as string | undefined) ?? STRIPE_API_VERSION,
    application: null,
    created: nowSeconds(),
    description: (params.description as string | undefined) ?? null,
    enabled_events: params.enabled_events as string[],
    livemode,
    metadata: {},
    status: 'enabled',
    url: params.url as string,
  };
  mergeMetadata(endpoint, params.metadata);
  state.webhookEndpoints.insert(endpoint);
  state.endpointSecrets.set(endpoint.id, secret);
  // The secret is shown once, in this answer; Stripe never returns it again.
  return { ...endpoint, secret };
};

export const listWebhookEndpoints: Operation = ({ params, state }) => state.webhookEndpoints.list(listOptions(params));

export const retrieveWebhookEndpoint: Operation = ({ path, state }) => state.webhookEndpoints.require(path.webhook_endpoint);

export const updateWebhookEndpoint: Operation = ({ params, path, state }) => {
  const endpoint = state.webhookEndpoints.require(path.webhook_endpoint);
  checkUrl(params.url);
  assignFields(endpoint, params, ['url', 'enabled_events', 'description']);
  if (typeof params.disabled === 'boolean') endpoint.status = params.disabled ? 'disabled' : 'enabled';
  mergeMetadata(endpoint, params.metadata);
  return endpoint;
};

export const deleteWebhookEndpoint: Operation = ({ path, state }) => {
  const endpoint = state.webhookEndpoints.require(path.webhook_endpoint);
  state.webhookEndpoints.remove(endpoint.id);
  state.endpointSecrets.delete(endpoint.id);
  return { id: endpoint.id, object: 'webhook_endpoint', deleted: true };
};
