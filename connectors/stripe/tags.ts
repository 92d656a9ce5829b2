/**
 * Metadata the product writes on what it creates or changes: the connection that did it.
 * A connection reading Stripe (customers updated, invoices paid) can then recognise the
 * product's own changes, and a person can see in Stripe where a change came from.
 */
export const TAG_KEY = 'tributary_connection';

export function connectionTag(connectionId: string | undefined): Record<string, string> {
  return connectionId ? { [TAG_KEY]: connectionId } : {};
}
