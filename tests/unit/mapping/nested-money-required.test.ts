import { compileMapping, previewMapping } from '../../../engine/mapping';
import { compile, inputSchema, mapOne } from './fixtures';

const base = { email: 'ann@example.com' };

describe('nested inputs', () => {
  test('dotted names build nested objects, and empty parts are left out', async () => {
    const mapping = { 'address.line1': '{{Street}}', 'address.city': '{{City}}', 'address.country': '{{Country}}' };
    expect(await mapOne(mapping, { Street: 'Main St 1', City: 'Oslo', Country: '' })).toEqual({
      input: { ...base, address: { line1: 'Main St 1', city: 'Oslo' } },
    });
  });

  test('an optional object left entirely empty is omitted without complaint', async () => {
    const mapping = { 'address.line1': '{{Street}}', 'address.city': '{{City}}' };
    expect(await mapOne(mapping, {})).toEqual({ input: base });
  });

  test('a nested required input that is empty while its object has values fails the item', async () => {
    const mapping = { 'address.line1': '{{Street}}', 'address.city': '{{City}}' };
    expect(await mapOne(mapping, { City: 'Oslo' })).toEqual({ errors: ['address.line1: is required but the value is empty'] });
  });

  test('nested values are coerced by their own schema', async () => {
    expect(await mapOne({ 'address.line1': 'x', 'address.country': '{{C}}' }, { C: 'NOR' })).toEqual({
      errors: ['address.country: "NOR" is longer than 2 characters (3)'],
    });
  });

  test('metadata keys are free-form and their values become text', async () => {
    const mapping = { 'metadata.order_id': '{{Order}}', 'metadata.row.number': '{{Row}}', 'metadata.source': 'sheet' };
    expect(await mapOne(mapping, { Order: 1042, Row: 7 })).toEqual({
      input: { ...base, metadata: { order_id: '1042', 'row.number': '7', source: 'sheet' } },
    });
  });
});

describe('required inputs', () => {
  test.each([[''], ['   '], [null], [undefined]])('a required input whose value is %p fails the item', async (value) => {
    const result = await compile({ email: '{{Email}}' }).apply({ Email: value });
    expect(result).toEqual({
      ok: false,
      errors: [{ field: 'email', value, message: 'email: is required but the value is empty' }],
    });
  });

  test('a required input that fails coercion is reported once, for the coercion', async () => {
    expect(await mapOne({ email: '{{Email}}' }, { Email: 'not-an-email' })).toEqual({
      errors: ['email: "not-an-email" is not a valid email address'],
    });
  });

  test('every failing input of an item is reported together', async () => {
    const result = await mapOne({ email: '{{Email}}', quantity: '{{Qty}}', taxExempt: '{{Exempt}}' }, { Qty: 'x', Exempt: 'x' });
    expect(result).toEqual({
      errors: [
        'quantity: "x" is not a number',
        'taxExempt: "x" is not a yes/no value (write yes, no, true, false, 1 or 0)',
        'email: is required but the value is empty',
      ],
    });
  });
});

describe('money inputs', () => {
  test.each([
    ['1,234.50', 'EUR', 123450, 'eur'],
    ['1234.5', 'usd', 123450, 'usd'],
    ['500', 'JPY', 500, 'jpy'],
    ['12.34', 'KWD', 12340, 'kwd'],
    [19.99, 'gbp', 1999, 'gbp'],
  ])('%p %s is sent as %p minor units', async (amount, currency, minor, code) => {
    const result = await mapOne({ amount: '{{Amount}}', currency: '{{Currency}}' }, { Amount: amount, Currency: currency });
    expect(result).toEqual({ input: { ...base, amount: minor, currency: code } });
  });

  test.each([
    ['12.345', 'EUR', 'amount: "12.345" has more decimals than EUR allows (2)'],
    ['500.5', 'JPY', 'amount: "500.5" has decimals, but JPY has no minor unit'],
    ['1.235', 'KWD', 'amount: "1.235" has a third decimal; Stripe requires the last of KWD\'s 3 decimals to be 0'],
    ['-5', 'EUR', 'amount: "-5" is negative; only credits may be negative and this input is not a credit'],
    ['12,34', 'EUR', 'amount: "12,34" uses a comma as the decimal separator; write 12.34'],
    ['ten', 'EUR', 'amount: "ten" is not a number'],
  ])('%p %s fails the item: %s', async (amount, currency, message) => {
    expect(await mapOne({ amount: '{{Amount}}', currency: '{{Currency}}' }, { Amount: amount, Currency: currency })).toEqual({
      errors: [message],
    });
  });

  test('an unknown currency fails the currency and the amount that needs it', async () => {
    expect(await mapOne({ amount: '{{Amount}}', currency: '{{Currency}}' }, { Amount: '5', Currency: 'ABC' })).toEqual({
      errors: [
        'currency: "ABC" is not a currency Stripe supports',
        'amount: "5" cannot be converted because the currency is not valid',
      ],
    });
  });

  test('an amount without a currency fails', async () => {
    expect(await mapOne({ amount: '{{Amount}}' }, { Amount: '5' })).toEqual({
      errors: ['amount: "5" cannot be converted without a currency; map the currency input'],
    });
  });

  test('the currency input default is used when the currency is not mapped', async () => {
    const schema = {
      type: 'object',
      properties: { amount: { type: 'integer', 'x-money': true }, currency: { type: 'string', default: 'eur' } },
    };
    const compiled = compileMapping({ inputSchema: schema, mapping: { amount: '9.99' } });
    expect(compiled.ok && (await compiled.mapping.apply({}))).toEqual({ ok: true, input: { amount: 999 }, empty: [] });
  });

  test('a credit input accepts negative amounts', async () => {
    expect(await mapOne({ credit: '{{Credit}}', currency: 'usd' }, { Credit: '-20.00' })).toEqual({
      input: { ...base, credit: -2000, currency: 'usd' },
    });
  });

  test('an expression result is converted without floating point noise', async () => {
    const mapping = { amount: '{{ $number(Price) * $number(Qty) }}', currency: 'eur' };
    expect(await mapOne(mapping, { Price: '19.99', Qty: '3' })).toEqual({ input: { ...base, amount: 5997, currency: 'eur' } });
  });

  test('an empty amount is simply not sent', async () => {
    expect(await mapOne({ amount: '{{Amount}}', currency: 'eur' }, { Amount: '' })).toEqual({
      input: { ...base, currency: 'eur' },
    });
  });
});

describe('previewing a mapping on sample items', () => {
  test('each sample item gets its own mapped input or errors', async () => {
    const preview = await previewMapping({
      inputSchema,
      mapping: { email: '{{Email}}', quantity: '{{Qty}}' },
      items: [
        { Email: 'ann@example.com', Qty: '2' },
        { Email: 'bo@example.com', Qty: 'lots' },
      ],
    });
    expect(preview).toEqual({
      ok: true,
      items: [
        {
          item: { Email: 'ann@example.com', Qty: '2' },
          result: { ok: true, input: { email: 'ann@example.com', quantity: 2 }, empty: [] },
        },
        {
          item: { Email: 'bo@example.com', Qty: 'lots' },
          result: { ok: false, errors: [{ field: 'quantity', value: 'lots', message: 'quantity: "lots" is not a number' }] },
        },
      ],
    });
  });

  test('a mapping that does not compile returns its errors instead', async () => {
    const preview = await previewMapping({ inputSchema, mapping: { email: '{{Email' }, items: [{}] });
    expect(preview).toEqual({
      ok: false,
      errors: [{ field: 'email', message: 'email: "{{" at position 1 has no matching "}}"' }],
    });
  });
});
