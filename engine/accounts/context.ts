import type { ConnectorContext } from '../../connectors/sdk';
import type { Config } from '../config/config';

/** What connectors learn about the running product: where Stripe and Google live. */
export function connectorContext(config: Config): ConnectorContext {
  return {
    stripeApiBase: config.stripeApiBase,
    googleApiBase: config.googleApiBase,
    googleOAuth:
      config.googleOAuthClientId && config.googleOAuthClientSecret
        ? { clientId: config.googleOAuthClientId, clientSecret: config.googleOAuthClientSecret }
        : null,
  };
}
