import { Collection, type StripeObject } from './store';

/** Every object the emulator holds; one per emulator instance (all API keys share it). */
export class StripeState {
  readonly customers = new Collection('customer', '/v1/customers');
  readonly invoiceItems = new Collection('invoiceitem', '/v1/invoiceitems');
  readonly invoices = new Collection('invoice', '/v1/invoices');
  readonly prices = new Collection('price', '/v1/prices');
  readonly products = new Collection('product', '/v1/products');
  readonly paymentLinks = new Collection('payment_link', '/v1/payment_links');
  readonly checkoutSessions = new Collection('checkout.session', '/v1/checkout/sessions');
  readonly paymentIntents = new Collection('payment_intent', '/v1/payment_intents');
  readonly paymentMethods = new Collection('payment_method', '/v1/payment_methods');
  /** Ids of deleted customers: retrieving one answers `{ id, object, deleted: true }`. */
  readonly deleted = new Set<string>();

  private readonly byPrefix: Record<string, Collection> = {
    cus: this.customers,
    ii: this.invoiceItems,
    in: this.invoices,
    price: this.prices,
    prod: this.products,
    plink: this.paymentLinks,
    cs: this.checkoutSessions,
    pi: this.paymentIntents,
    pm: this.paymentMethods,
  };

  collections(): Collection[] {
    return Object.values(this.byPrefix);
  }

  /** The collection an id belongs to, from its prefix (`cus_...` → customers). */
  collectionFor(id: string): Collection | undefined {
    const prefix = id.startsWith('cs_') ? 'cs' : id.slice(0, id.indexOf('_'));
    return this.byPrefix[prefix];
  }

  find(id: string): StripeObject | undefined {
    return this.collectionFor(id)?.get(id);
  }

  /** Objects of one kind, oldest first, by Stripe's `object` name ('customer', 'invoiceitem', ...). */
  list(kind: string): StripeObject[] {
    return (
      this.collections()
        .find((c) => c.kind === kind)
        ?.all() ?? []
    );
  }

  reset(): void {
    for (const collection of this.collections()) collection.clear();
    this.deleted.clear();
  }
}
