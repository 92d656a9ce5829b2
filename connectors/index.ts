import { googleSheets } from './google-sheets';
import { createRegistry } from './registry';
import { stripe } from './stripe';
import { webhook } from './webhook';

export type { ConnectorRegistry } from './registry';
export { createRegistry } from './registry';

/** Every connector the product ships. Add a new one here. */
export const connectors = createRegistry([googleSheets, stripe, webhook]);
