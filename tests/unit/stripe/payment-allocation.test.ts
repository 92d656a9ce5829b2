import type Stripe from 'stripe';
import { allocatePayment } from '../../../connectors/stripe/payment-allocation';

const DAY = 86_400;

function invoice(id: string, amount: number, dueDay: number | null, extra: Partial<Stripe.Invoice> = {}): Stripe.Invoice {
  return {
    id,
    status: 'open',
    amount_remaining: amount,
    amount_paid: 0,
    created: 1_700_000_000 + Number(id.replace(/\D/g, '')),
    due_date: dueDay === null ? null : 1_700_000_000 + dueDay * DAY,
    metadata: {},
    ...extra,
  } as Stripe.Invoice;
}

const paidBy = (marker: string, applied: number) => ({
  status: 'paid' as const,
  amount_remaining: 0,
  metadata: { tributary_payment: marker, tributary_payment_applied: String(applied) },
});

test('pays earliest due first, each in full, and stops at the first the rest cannot pay', () => {
  const plan = allocatePayment({
    amount: 250,
    marker: 'm',
    invoices: [invoice('in_1', 100, 30), invoice('in_2', 100, 10), invoice('in_3', 120, 20), invoice('in_4', 10, 40)],
  });
  expect(plan.toPay.map((p) => [p.invoice.id, p.amount])).toEqual([
    ['in_2', 100],
    ['in_3', 120],
  ]);
  expect(plan.stoppedAt?.id).toBe('in_1');
  expect(plan.remaining).toBe(30);
});

test('invoices this payment already paid count first, so resuming after a crash never spends the amount twice', () => {
  // Before the crash in_2 (due day 10) was paid with 100; since then an invoice due earlier appeared.
  const plan = allocatePayment({
    amount: 250,
    marker: 'm',
    invoices: [invoice('in_2', 100, 10, paidBy('m', 100)), invoice('in_9', 200, 5), invoice('in_3', 120, 20)],
  });
  expect(plan.alreadyPaid.map((p) => p.invoice.id)).toEqual(['in_2']);
  expect(plan.toPay).toEqual([]);
  expect(plan.stoppedAt?.id).toBe('in_9');
  expect(plan.remaining).toBe(150);
});

test('an invoice paid by another payment is not counted, and one without a due date counts from its creation', () => {
  const plan = allocatePayment({
    amount: 100,
    marker: 'm',
    invoices: [invoice('in_5', 50, null), invoice('in_6', 40, 1, paidBy('other', 40)), invoice('in_7', 50, 400)],
  });
  expect(plan.toPay.map((p) => p.invoice.id)).toEqual(['in_5', 'in_7']);
  expect(plan.remaining).toBe(0);
});
