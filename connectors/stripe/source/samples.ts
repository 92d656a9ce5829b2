import type { JsonObject } from '../../sdk';
import { readable } from './readable';

// What the wizard shows before a Stripe account has data: shaped like Stripe's own
// objects of API version 2024-04-10, cut to the fields people map most.

export const chargeSample: JsonObject = readable(
  {
    id: 'ch_3PExample0000000001',
    object: 'charge',
    amount: 1250,
    amount_captured: 1250,
    amount_refunded: 0,
    currency: 'usd',
    created: 1717243200,
    customer: 'cus_PExample00001',
    description: 'Pro plan, June',
    billing_details: { email: 'ann@example.com', name: 'Ann Lee' },
    paid: true,
    receipt_email: 'ann@example.com',
    receipt_url: 'https://pay.stripe.com/receipts/example',
    status: 'succeeded',
    metadata: {},
  },
  'UTC',
);

export const invoiceUpdateSample: JsonObject = readable(
  {
    event_id: 'evt_1PExample00000000001',
    event_type: 'invoice.updated',
    event_created_at: 1717243260,
    changed: ['status'],
    previous_attributes: { status: 'open' },
    id: 'in_1PExample0000000001',
    object: 'invoice',
    amount_due: 4900,
    amount_paid: 4900,
    currency: 'eur',
    created: 1717243200,
    customer: 'cus_PExample00001',
    customer_email: 'ann@example.com',
    hosted_invoice_url: 'https://invoice.stripe.com/i/example',
    number: 'ABCD-0001',
    status: 'paid',
  },
  'UTC',
);

export const balanceSample: JsonObject = readable(
  {
    object: 'balance',
    report: 'balance',
    read_at: 1717243200,
    available: [{ amount: 125000, currency: 'usd', source_types: { card: 125000 } }],
    pending: [{ amount: 4900, currency: 'usd', source_types: { card: 4900 } }],
    livemode: false,
  },
  'UTC',
);

export const invoicePaidEventSample: JsonObject = readable(
  {
    id: 'evt_1PExample00000000002',
    object: 'event',
    type: 'invoice.paid',
    api_version: '2024-04-10',
    created: 1717243260,
    livemode: false,
    data: {
      object: {
        id: 'in_1PExample0000000001',
        object: 'invoice',
        amount_paid: 4900,
        currency: 'eur',
        customer: 'cus_PExample00001',
        customer_email: 'ann@example.com',
        number: 'ABCD-0001',
        status: 'paid',
      },
    },
  },
  'UTC',
);
