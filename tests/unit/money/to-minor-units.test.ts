import {
  toMinorUnits,
  fromMinorUnits,
  STRIPE_CURRENCIES,
  ZERO_DECIMAL_CURRENCIES,
  THREE_DECIMAL_CURRENCIES,
} from '../../../connectors/sdk/money';

describe('toMinorUnits', () => {
  test.each([
    ['12', 'eur', 1200],
    ['12.5', 'eur', 1250],
    ['12.50', 'EUR', 1250],
    ['1,234.50', 'usd', 123450],
    ['1234.5', 'usd', 123450],
    [' 12 ', 'gbp', 1200],
    ['+7.01', 'usd', 701],
    ['.5', 'usd', 50],
    ['0', 'usd', 0],
    ['-0', 'usd', 0],
    ['0.00', 'usd', 0],
    ['1,000,000.00', 'usd', 100000000],
    ['12.500000', 'eur', 1250],
  ] as [string, string, number][])('a two-decimal amount %p in %s becomes %p minor units', (amount, currency, expected) => {
    expect(toMinorUnits(amount, currency)).toEqual({ ok: true, value: expected });
  });

  test.each([
    ['1.005', 'usd', 'has more decimals than USD allows (2)'],
    ['1.15', 'usd', null],
    ['0.29', 'usd', null],
    ['4.35', 'usd', null],
    ['1.005', 'eur', 'has more decimals than EUR allows (2)'],
  ])('amounts that break floating point (%p %s) convert exactly or fail, never round', (amount, currency, reason) => {
    const result = toMinorUnits(amount, currency);
    if (reason === null) {
      const expected = Number(amount.replace('.', ''));
      expect(result).toEqual({ ok: true, value: expected });
    } else {
      expect(result).toEqual({ ok: false, reason });
    }
  });

  test('the currency code may be written in any case and with spaces around it', () => {
    expect(toMinorUnits('3', ' Usd ')).toEqual({ ok: true, value: 300 });
  });

  test.each(ZERO_DECIMAL_CURRENCIES.map((code) => [code]))('zero-decimal %s amounts are sent as they are', (code) => {
    expect(toMinorUnits('1,500', code)).toEqual({ ok: true, value: 1500 });
    expect(toMinorUnits('1500.00', code)).toEqual({ ok: true, value: 1500 });
  });

  test('a zero-decimal amount with decimals is refused', () => {
    expect(toMinorUnits('500.5', 'JPY')).toEqual({ ok: false, reason: 'has decimals, but JPY has no minor unit' });
  });

  test.each(THREE_DECIMAL_CURRENCIES.map((code) => [code]))('three-decimal %s amounts are sent x1000', (code) => {
    expect(toMinorUnits('12.34', code)).toEqual({ ok: true, value: 12340 });
    expect(toMinorUnits('12.340', code)).toEqual({ ok: true, value: 12340 });
    expect(toMinorUnits('5', code)).toEqual({ ok: true, value: 5000 });
  });

  test('a three-decimal amount whose last digit is not 0 is refused, as Stripe requires', () => {
    expect(toMinorUnits('12.345', 'kwd')).toEqual({
      ok: false,
      reason: "has a third decimal; Stripe requires the last of KWD's 3 decimals to be 0",
    });
  });

  test('a three-decimal amount with four decimals is refused as too precise', () => {
    expect(toMinorUnits('1.2345', 'bhd')).toEqual({ ok: false, reason: 'has more decimals than BHD allows (3)' });
  });

  test('Icelandic krona is sent x100 but only whole kronur can be charged', () => {
    expect(toMinorUnits('5', 'isk')).toEqual({ ok: true, value: 500 });
    expect(toMinorUnits('5.50', 'isk')).toEqual({
      ok: false,
      reason: 'has decimals, but Stripe charges ISK in whole units only',
    });
  });

  test.each([
    ['12,34', 'uses a comma as the decimal separator; write 12.34'],
    ['1,5', 'uses a comma as the decimal separator; write 1.5'],
    ['1.2.3', 'is not a number'],
    ['', 'is empty'],
    ['   ', 'is empty'],
    ['abc', 'is not a number'],
    ['12 EUR', 'is not a number'],
    ['€12', 'is not a number'],
    ['1e3', 'uses exponent notation; write the plain number'],
    ['1.5E-2', 'uses exponent notation; write the plain number'],
    ['12,3456', 'is not a number'],
    ['1,23,456', 'is not a number'],
    ['-', 'is not a number'],
    ['.', 'is not a number'],
    ['12.', 'is not a number'],
    ['--1', 'is not a number'],
  ])('the text %p is refused because it %s', (amount, reason) => {
    expect(toMinorUnits(amount, 'usd')).toEqual({ ok: false, reason });
  });

  test.each([
    [NaN, 'is not a finite number'],
    [Infinity, 'is not a finite number'],
    [-Infinity, 'is not a finite number'],
    [1e21, 'is too large'],
  ])('the number %p is refused because it %s', (amount, reason) => {
    expect(toMinorUnits(amount, 'usd')).toEqual({ ok: false, reason });
  });

  test.each([
    [12, 1200],
    [12.5, 1250],
    [1.15, 115],
    [0.1 + 0.2, 30],
    [19.99 * 3, 5997],
    [1e-7, null],
  ])('the number %p converts to %p minor units without floating point errors', (amount, expected) => {
    const result = toMinorUnits(amount, 'usd');
    if (expected === null) expect(result.ok).toBe(false);
    else expect(result).toEqual({ ok: true, value: expected });
  });

  test('a number with more precision than the currency allows is refused', () => {
    expect(toMinorUnits(1.005, 'usd')).toEqual({ ok: false, reason: 'has more decimals than USD allows (2)' });
  });

  test('negative amounts are refused unless a credit is allowed', () => {
    expect(toMinorUnits('-5.00', 'usd')).toEqual({
      ok: false,
      reason: 'is negative; only credits may be negative and this input is not a credit',
    });
    expect(toMinorUnits('-5.00', 'usd', { allowNegative: true })).toEqual({ ok: true, value: -500 });
    expect(toMinorUnits(-1.5, 'kwd', { allowNegative: true })).toEqual({ ok: true, value: -1500 });
  });

  test('an unknown currency is refused and named', () => {
    expect(toMinorUnits('5', 'abc')).toEqual({
      ok: false,
      reason: 'cannot be converted: "abc" is not a currency Stripe supports',
    });
    expect(toMinorUnits('5', 'euro')).toEqual({
      ok: false,
      reason: 'cannot be converted: "euro" is not a currency Stripe supports',
    });
  });

  test('an empty currency is refused', () => {
    expect(toMinorUnits('5', ' ')).toEqual({ ok: false, reason: 'cannot be converted: the currency is empty' });
  });

  test('an amount beyond the integers JavaScript holds exactly is refused', () => {
    expect(toMinorUnits('90071992547409.93', 'usd')).toEqual({ ok: false, reason: 'is too large' });
    expect(toMinorUnits('90071992547409.91', 'usd')).toEqual({ ok: true, value: 9007199254740991 });
  });

  test('every listed currency converts', () => {
    for (const code of STRIPE_CURRENCIES) {
      expect(toMinorUnits('10', code).ok).toBe(true);
    }
    expect(STRIPE_CURRENCIES).toEqual(expect.arrayContaining([...ZERO_DECIMAL_CURRENCIES, ...THREE_DECIMAL_CURRENCIES]));
  });
});

describe('fromMinorUnits', () => {
  test.each([
    [123450, 'eur', '1234.50'],
    [5, 'usd', '0.05'],
    [0, 'usd', '0.00'],
    [-250, 'usd', '-2.50'],
    [500, 'JPY', '500'],
    [12340, 'kwd', '12.340'],
    [7, 'kwd', '0.007'],
    [500, 'isk', '5.00'],
  ])('%p minor units of %s read as %p', (minor, currency, expected) => {
    expect(fromMinorUnits(minor, currency)).toBe(expected);
  });

  test('converting there and back gives the same amount', () => {
    for (const [amount, currency] of [
      ['1234.56', 'usd'],
      ['99', 'jpy'],
      ['3.21', 'omr'],
    ] as const) {
      const minor = toMinorUnits(amount, currency);
      if (!minor.ok) throw new Error(minor.reason);
      expect(Number(fromMinorUnits(minor.value, currency))).toBe(Number(amount));
    }
  });

  test('an unknown currency or a fractional amount is a programming error', () => {
    expect(() => fromMinorUnits(100, 'xyz')).toThrow(RangeError);
    expect(() => fromMinorUnits(1.5, 'usd')).toThrow(RangeError);
  });
});
