import { mapOne } from './fixtures';

const base = { email: 'ann@example.com' };

async function mapValue(input: string, value: unknown, options = {}) {
  return mapOne({ [input]: '{{Value}}' }, { Value: value }, options);
}

describe('numbers', () => {
  test.each([
    ['1,234.50', 1234.5],
    ['1234.5', 1234.5],
    [' 12 ', 12],
    ['-3', -3],
    [7.25, 7.25],
    ['0.1', 0.1],
  ])('%p becomes the number %p', async (value, expected) => {
    expect(await mapValue('price', value)).toEqual({ input: { ...base, price: expected } });
  });

  test.each([
    ['abc', 'price: "abc" is not a number'],
    ['12,34', 'price: "12,34" uses a comma as the decimal separator; write 12.34'],
    ['1.2.3', 'price: "1.2.3" is not a number'],
    ['1e3', 'price: "1e3" uses exponent notation; write the plain number'],
    [true, 'price: true is a yes/no value, not a number'],
    [{ a: 1 }, 'price: {"a":1} is not a number'],
  ])('%p is refused with a message naming the input, the value and the reason', async (value, message) => {
    expect(await mapValue('price', value)).toEqual({ errors: [message] });
  });
});

describe('integers', () => {
  test.each([
    ['3', 3],
    ['3.0', 3],
    ['1,000', 1000],
    [4, 4],
  ])('%p becomes the whole number %p', async (value, expected) => {
    expect(await mapValue('quantity', value)).toEqual({ input: { ...base, quantity: expected } });
  });

  test.each([
    ['2.5', 'quantity: "2.5" is not a whole number'],
    ['0', 'quantity: "0" is less than the minimum (1)'],
    ['many', 'quantity: "many" is not a number'],
  ])('%p is refused', async (value, message) => {
    expect(await mapValue('quantity', value)).toEqual({ errors: [message] });
  });
});

describe('yes/no values', () => {
  test.each([
    ['yes', true],
    ['Yes', true],
    ['TRUE', true],
    ['1', true],
    [1, true],
    [true, true],
    ['on', true],
    ['y', true],
    ['no', false],
    ['No', false],
    ['false', false],
    ['0', false],
    [0, false],
    [false, false],
    ['off', false],
  ])('%p becomes %p', async (value, expected) => {
    expect(await mapValue('taxExempt', value)).toEqual({ input: { ...base, taxExempt: expected } });
  });

  test.each(['maybe', '2', 'ja'])('%p is refused', async (value) => {
    expect(await mapValue('taxExempt', value)).toEqual({
      errors: [`taxExempt: "${value}" is not a yes/no value (write yes, no, true, false, 1 or 0)`],
    });
  });
});

describe('text', () => {
  test('is trimmed, and numbers and yes/no values are written out', async () => {
    expect(await mapValue('description', '  hello  ')).toEqual({ input: { ...base, description: 'hello' } });
    expect(await mapValue('phone', 4915112345678)).toEqual({ input: { ...base, phone: '4915112345678' } });
    expect(await mapValue('description', false)).toEqual({ input: { ...base, description: 'false' } });
  });

  test('longer than the input allows is refused, not cut', async () => {
    expect(await mapValue('name', 'Bartholomew Fitzgerald-Smythe')).toEqual({
      errors: ['name: "Bartholomew Fitzgerald-Smythe" is longer than 20 characters (29)'],
    });
  });

  test('an enum value matches ignoring case, and anything else is refused with the choices', async () => {
    expect(await mapValue('collection', 'Send_Invoice')).toEqual({ input: { ...base, collection: 'send_invoice' } });
    expect(await mapValue('collection', 'invoice')).toEqual({
      errors: ['collection: "invoice" is not one of: charge_automatically, send_invoice'],
    });
  });

  test('a list is not text', async () => {
    expect(await mapValue('description', ['a', 'b'])).toEqual({ errors: ['description: ["a","b"] is a list, not text'] });
  });

  test('a very long value is shortened in the message', async () => {
    const long = 'x'.repeat(100);
    const result = await mapValue('name', long);
    expect(result).toEqual({ errors: [`name: "${'x'.repeat(57)}..." is longer than 20 characters (100)`] });
  });
});

describe('email addresses', () => {
  test.each([
    ['ann@example.com', 'ann@example.com'],
    ['  Ann.Lee+vip@Example.co.uk ', 'Ann.Lee+vip@Example.co.uk'],
  ])('%p is accepted as %p', async (value, expected) => {
    expect(await mapOne({ email: '{{Email}}' }, { Email: value })).toEqual({ input: { email: expected } });
  });

  test.each(['ann', 'ann@', 'ann@example', 'ann@@example.com', 'ann lee@example.com', 'Ann <ann@example.com>'])(
    '%p is refused',
    async (value) => {
      expect(await mapOne({ email: '{{Email}}' }, { Email: value })).toEqual({
        errors: [`email: ${JSON.stringify(value)} is not a valid email address`],
      });
    },
  );
});

describe('dates', () => {
  test.each([
    ['startDate', '2024-05-31', '2024-05-31'],
    ['startDate', '31/05/2024', '2024-05-31'],
    ['startDate', '5.6.2024', '2024-06-05'],
    ['startDate', '2024-05-31T23:30:00-05:00', '2024-05-31'],
    ['startsAt', '2024-05-31T14:30:00+02:00', '2024-05-31T12:30:00Z'],
    ['startsAt', '2024-05-31', '2024-05-31T00:00:00Z'],
    ['startsAt', '31/05/2024 14:30', '2024-05-31T14:30:00Z'],
    ['dueDate', '2024-05-31', 1717113600],
    ['dueDate', '2024-05-31T00:00:00Z', 1717113600],
    ['dueDate', '31/05/2024', 1717113600],
    ['dueDate', 1717113600, 1717113600],
    ['dueDate', '1717113600', 1717113600],
  ])('%s %p becomes %p', async (input, value, expected) => {
    expect(await mapValue(input, value)).toEqual({ input: { ...base, [input]: expected } });
  });

  test('a date without an offset is read in the mapping time zone', async () => {
    expect(await mapValue('dueDate', '2024-05-31', { timeZone: 'Europe/Berlin' })).toEqual({
      input: { ...base, dueDate: 1717106400 },
    });
    expect(await mapValue('startsAt', '31/01/2024 09:00', { timeZone: 'Europe/Berlin' })).toEqual({
      input: { ...base, startsAt: '2024-01-31T08:00:00Z' },
    });
  });

  test.each([
    ['startDate', '2024-13-01', 'startDate: "2024-13-01" is not a real date'],
    ['startDate', '31/02/2024', 'startDate: "31/02/2024" is not a real date (dates are read day first)'],
    ['startDate', '05/31/2024', 'startDate: "05/31/2024" is not a real date (dates are read day first)'],
    [
      'startDate',
      'next Tuesday',
      'startDate: "next Tuesday" is not a date (write 2024-05-31, 31/05/2024 or 2024-05-31T14:30:00Z)',
    ],
    ['startsAt', 45000, 'startsAt: 45000 is not a date (write 2024-05-31, 31/05/2024 or 2024-05-31T14:30:00Z)'],
    ['dueDate', 1.5, 'dueDate: 1.5 is not a whole number of seconds'],
  ])('%s %p is refused', async (input, value, message) => {
    expect(await mapValue(input, value)).toEqual({ errors: [message] });
  });
});

describe('empty values', () => {
  test.each([[''], ['   '], [null], [undefined]])('%p counts as not provided and is left out', async (value) => {
    expect(await mapValue('description', value)).toEqual({ input: base });
    expect(await mapValue('quantity', value)).toEqual({ input: base });
  });
});
