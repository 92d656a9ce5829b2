import { cardError, type EmulatedError } from '../errors';
import type { StripeObject } from '../store';

/**
 * Stripe's test cards, by the name in their magic ids (`pm_card_visa`, `tok_chargeDeclined`)
 * and their test numbers. Each behaves as Stripe documents it: succeeds, is declined with
 * a decline code, or asks for 3-D Secure (on session: `requires_action`; off session: a
 * decline with `authentication_required`, since nobody is there to authenticate).
 */
export interface TestCard {
  name: string;
  number: string;
  brand: string;
  outcome: 'succeed' | 'decline' | 'authenticate';
  declineCode?: string;
  message?: string;
  /** 4000 0000 0000 0002 is refused already when attached; 0341 attaches fine and fails later. */
  refusedOnAttach?: boolean;
}

const DECLINED = 'Your card was declined.';

const CARDS: TestCard[] = [
  { name: 'visa', number: '4242424242424242', brand: 'visa', outcome: 'succeed' },
  { name: 'mastercard', number: '5555555555554444', brand: 'mastercard', outcome: 'succeed' },
  {
    name: 'chargeDeclined',
    number: '4000000000000002',
    brand: 'visa',
    outcome: 'decline',
    declineCode: 'generic_decline',
    message: DECLINED,
    refusedOnAttach: true,
  },
  {
    name: 'chargeCustomerFail',
    number: '4000000000000341',
    brand: 'visa',
    outcome: 'decline',
    declineCode: 'generic_decline',
    message: DECLINED,
  },
  {
    name: 'chargeDeclinedInsufficientFunds',
    number: '4000000000009995',
    brand: 'visa',
    outcome: 'decline',
    declineCode: 'insufficient_funds',
    message: 'Your card has insufficient funds.',
  },
  { name: 'authenticationRequired', number: '4000002760003184', brand: 'visa', outcome: 'authenticate' },
];

export function cardByName(name: string): TestCard | undefined {
  return CARDS.find((card) => card.name === name);
}

export function cardByNumber(number: string): TestCard | undefined {
  const digits = number.replace(/\D/g, '');
  return CARDS.find((card) => card.number === digits);
}

/** The test card behind `pm_card_<name>` or `tok_<name>`, if the id is one of Stripe's magic ones. */
export function cardOfMagicId(id: string): TestCard | undefined {
  const match = /^(?:pm_card_|tok_)(\w+)$/.exec(id);
  return match ? cardByName(match[1]) : undefined;
}

// The card a payment method stands for is bookkeeping, hidden from responses.
export function setCardOf(paymentMethod: StripeObject, card: TestCard): void {
  Object.defineProperty(paymentMethod, '__card', { value: card.name, enumerable: false, writable: true, configurable: true });
}

export function cardOf(paymentMethod: StripeObject): TestCard {
  return cardByName((paymentMethod.__card as string | undefined) ?? 'visa') ?? CARDS[0];
}

export type ChargeResult = { outcome: 'succeeded' } | { outcome: 'requires_action' } | { outcome: 'failed'; error: LastError };

export interface LastError {
  type: 'card_error';
  code: string;
  decline_code: string;
  message: string;
}

/** What charging this card does, with the customer present or not. */
export function charge(card: TestCard, offSession: boolean): ChargeResult {
  if (card.outcome === 'succeed') return { outcome: 'succeeded' };
  if (card.outcome === 'authenticate') {
    if (!offSession) return { outcome: 'requires_action' };
    return {
      outcome: 'failed',
      error: {
        type: 'card_error',
        code: 'authentication_required',
        decline_code: 'authentication_required',
        message: 'Your card was declined. This transaction requires authentication.',
      },
    };
  }
  return {
    outcome: 'failed',
    error: { type: 'card_error', code: 'card_declined', decline_code: card.declineCode!, message: card.message ?? DECLINED },
  };
}

/** The 402 Stripe answers for a failed charge, naming the objects involved. */
export function chargeFailed(error: LastError, related: Parameters<typeof cardError>[1]): EmulatedError {
  return cardError(error.message, { code: error.code, decline_code: error.decline_code, ...related });
}
