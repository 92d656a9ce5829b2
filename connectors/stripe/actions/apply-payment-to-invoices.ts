import type Stripe from 'stripe';
import type { ActionDefinition } from '../../sdk';
import type { StripeCredentials } from '../account';
import { formatAmount } from '../amounts';
import { requirePositive } from '../checks';
import { dashboardUrl, stripeClient } from '../client';
import { callStripe } from '../errors';
import { customerKey } from '../customers';
import { customerLabel, requireCustomer } from '../find-customer';
import { describeInvoice } from '../invoice-action';
import { allocatePayment, APPLIED_KEY, PAYMENT_KEY } from '../payment-allocation';
import { amountSchema, currencySchema, customerReferenceSchema, noOptionsSchema } from '../schemas';
import { connectionTag } from '../tags';

export interface ApplyPaymentInput {
  customer: string;
  /** Minor units: the mapping converts the major-unit amount a person enters. */
  amount: number;
  currency: string;
  reference?: string;
}

const PAGE = 100;

export const applyPaymentToInvoices: ActionDefinition<Record<string, never>, ApplyPaymentInput, StripeCredentials> = {
  name: 'apply-payment-to-invoices',
  displayName: 'Apply Payment to Invoices',
  description:
    'Records a payment received outside Stripe (e.g. a bank transfer) against the customer’s open invoices, earliest due first, each paid in full while the amount lasts; reports what was paid and what remains.',
  optionsSchema: noOptionsSchema,
  inputSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['customer', 'amount', 'currency'],
    properties: {
      customer: customerReferenceSchema,
      amount: amountSchema('Amount received', 'In the currency’s main unit, e.g. 1250.00.'),
      currency: { ...currencySchema, description: 'Only open invoices in this currency are paid.' },
      reference: {
        type: 'string',
        title: 'Payment reference',
        description: 'e.g. the bank transfer’s reference; recorded on each invoice it pays.',
        maxLength: 500,
      },
    },
  },
  sampleData: {
    customer: 'cus_Sample123',
    currency: 'eur',
    amount_received: 50000,
    paid_invoices: ['in_Sample1', 'in_Sample2'],
    remaining: 1250,
  },
  // Payments of one customer walk the same open invoices: one at a time, or two would pay one invoice.
  naturalKey: ({ input }) => (input.customer ? customerKey(input.customer) : null),
  async execute({ credentials, input, idempotencyKey, context, connectionId }) {
    const { amount, currency } = input;
    requirePositive(amount, currency, 'amount');
    const client = stripeClient(credentials.secretKey, context);
    const customer = await requireCustomer(client, input.customer);
    // The item's own key marks every invoice this payment pays: after a crash half-way,
    // those invoices are recognised and counted instead of being paid (or spent) again.
    const marker = idempotencyKey('apply-payment');
    const invoices = [
      ...(await listInvoices(client, customer.id, 'open')).filter((invoice) => invoice.currency === currency),
      ...(await listInvoices(client, customer.id, 'paid')).filter((invoice) => invoice.metadata?.[PAYMENT_KEY] === marker),
    ];
    const plan = allocatePayment({ amount, marker, invoices });
    const paidNow: Stripe.Invoice[] = [];
    for (const { invoice, amount: applied } of plan.toPay) {
      // Marked before it is paid: a crash in between leaves an open invoice with a marker
      // (harmless), never a paid one without (which would spend the amount twice).
      await callStripe(() =>
        client.invoices.update(
          invoice.id,
          {
            metadata: {
              [PAYMENT_KEY]: marker,
              [APPLIED_KEY]: String(applied),
              ...(input.reference ? { tributary_payment_reference: input.reference } : {}),
              ...connectionTag(connectionId),
            },
          },
          { idempotencyKey: idempotencyKey(`mark:${invoice.id}:${applied}`) },
        ),
      );
      paidNow.push(
        await callStripe(() =>
          client.invoices.pay(invoice.id, { paid_out_of_band: true }, { idempotencyKey: idempotencyKey(`pay:${invoice.id}`) }),
        ),
      );
    }
    const paid = [...plan.alreadyPaid.map((entry) => entry.invoice), ...paidNow];
    const applied = amount - plan.remaining;
    const list = paid.map(describeInvoice).join(', ');
    const next = plan.stoppedAt ? ` (the next open invoice, ${describeInvoice(plan.stoppedAt)}, is more than that)` : '';
    return {
      objectId: customer.id,
      url: dashboardUrl(credentials.secretKey, `customers/${customer.id}`),
      object: {
        customer: customer.id,
        currency,
        amount_received: amount,
        paid_invoices: paid.map((invoice) => invoice.id),
        remaining: plan.remaining,
      },
      output: {
        paid_invoices: paid.map((invoice) => invoice.id).join(', '),
        paid: formatAmount(applied, currency),
        remaining: formatAmount(plan.remaining, currency),
      },
      summary:
        paid.length > 0
          ? `Applied ${formatAmount(applied, currency)} of ${formatAmount(amount, currency)} from ${customerLabel(customer)} to ${paid.length} invoice${paid.length === 1 ? '' : 's'}: ${list}; ${formatAmount(plan.remaining, currency)} remains${next}`
          : `No invoice paid: ${customerLabel(customer)} has no open ${currency.toUpperCase()} invoice that ${formatAmount(amount, currency)} pays in full${next}; ${formatAmount(plan.remaining, currency)} remains`,
    };
  },
};

/** Every invoice of the customer in one status, page by page. */
async function listInvoices(client: Stripe, customer: string, status: 'open' | 'paid'): Promise<Stripe.Invoice[]> {
  const all: Stripe.Invoice[] = [];
  let after: string | undefined;
  for (;;) {
    const page = await callStripe(() => client.invoices.list({ customer, status, limit: PAGE, starting_after: after }));
    all.push(...page.data);
    if (!page.has_more || page.data.length === 0) return all;
    after = page.data[page.data.length - 1]!.id;
  }
}
