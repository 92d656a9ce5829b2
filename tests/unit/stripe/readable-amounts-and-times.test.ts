import { readable } from '../../../connectors/stripe/source/readable';

describe('a Stripe object made readable', () => {
  test('each minor-unit amount gains its major-unit string, per the currency’s decimals', () => {
    expect(readable({ amount: 1000, currency: 'jpy' }, 'UTC')).toMatchObject({ amount: 1000, amount_major: '1000' });
    expect(readable({ amount: 1250, currency: 'usd' }, 'UTC')).toMatchObject({ amount_major: '12.50' });
    expect(readable({ amount: 1500, currency: 'kwd' }, 'UTC')).toMatchObject({ amount_major: '1.500' });
    expect(readable({ amount_due: -705, currency: 'eur' }, 'UTC')).toMatchObject({ amount_due_major: '-7.05' });
  });

  test('amounts without a known currency and counters are left alone', () => {
    const out = readable({ amount: 500, quantity: 3, attempt_count: 2, percent_off: 25 }, 'UTC');
    expect(Object.keys(out).filter((key) => key.endsWith('_major'))).toEqual([]);
    expect(readable({ amount: 500, currency: 'xyz' }, 'UTC')).not.toHaveProperty('amount_major');
  });

  test('nested amounts use their own currency or their parent’s', () => {
    const balance = readable(
      {
        object: 'balance',
        available: [
          { amount: 125000, currency: 'jpy' },
          { amount: 4900, currency: 'usd' },
        ],
      },
      'UTC',
    );
    expect(balance.available).toEqual([
      { amount_major: '125000', amount: 125000, currency: 'jpy' },
      { amount_major: '49.00', amount: 4900, currency: 'usd' },
    ]);
    const invoice = readable({ currency: 'eur', lines: { data: [{ amount: 990 }] } }, 'UTC') as { lines: { data: object[] } };
    expect(invoice.lines.data[0]).toEqual({ amount_major: '9.90', amount: 990 });
  });

  test('times gain ISO 8601 in the workspace zone, and the readable fields come first', () => {
    const out = readable({ id: 'ch_1', created: 1717243200, amount: 100, currency: 'usd', canceled_at: null }, 'Europe/Berlin');
    expect(out.created_iso).toBe('2024-06-01T14:00:00+02:00');
    expect(Object.keys(out).slice(0, 2)).toEqual(['created_iso', 'amount_major']);
    expect(out).not.toHaveProperty('canceled_at_iso');
  });
});
