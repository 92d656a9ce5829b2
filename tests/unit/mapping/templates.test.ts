import { compileMapping, isExpression, listSourceFields } from '../../../engine/mapping';
import { inputSchema, mapOne } from './fixtures';

describe('references to source fields', () => {
  test.each([
    ['{{Email}}', { Email: 'x' }, 'x'],
    ['{{First name}}', { 'First name': 'Ann' }, 'Ann'],
    ['{{ First name }}', { 'First name': 'Ann' }, 'Ann'],
    ['{{E-mail (work)}}', { 'E-mail (work)': 'ann@work.example' }, 'ann@work.example'],
    ['{{Paid?}}', { 'Paid?': 'yes' }, 'yes'],
    ["{{Customer's name}}", { "Customer's name": 'Bo' }, 'Bo'],
    ['{{Order #}}', { 'Order #': 'A-17' }, 'A-17'],
    ['{{Date/Time}}', { 'Date/Time': 'noon' }, 'noon'],
    ['{{Straße & Nr.}}', { 'Straße & Nr.': 'Hauptstr. 1' }, 'Hauptstr. 1'],
    ['{{customer.email}}', { 'customer.email': 'flat' }, 'flat'],
    ['{{customer.email}}', { customer: { email: 'nested' } }, 'nested'],
    ['{{customer.address.city}}', { customer: { address: { city: 'Oslo' } } }, 'Oslo'],
  ])('%s reads the field verbatim', async (template, item, expected) => {
    expect(await mapOne({ description: template }, item)).toEqual({ input: { email: 'ann@example.com', description: expected } });
  });

  test('a flattened key wins over a nested path of the same name', async () => {
    const item = { 'customer.email': 'flat', customer: { email: 'nested' } };
    expect(await mapOne({ description: '{{customer.email}}' }, item)).toEqual({
      input: { email: 'ann@example.com', description: 'flat' },
    });
  });

  test('a field missing from the item counts as not provided', async () => {
    expect(await mapOne({ description: '{{Notes}}' }, {})).toEqual({ input: { email: 'ann@example.com' } });
  });
});

describe('templates that mix text and references', () => {
  test('joins text and fields into one string', async () => {
    const item = { 'First name': 'Ann', 'Last name': 'Lee' };
    expect(await mapOne({ description: 'Customer {{First name}} {{Last name}}!' }, item)).toEqual({
      input: { email: 'ann@example.com', description: 'Customer Ann Lee!' },
    });
  });

  test('a single reference keeps the value type, mixed text turns it into text', async () => {
    const compiled = compileMapping({
      inputSchema: { type: 'object', properties: { a: {}, b: {} } },
      mapping: { a: '{{Qty}}', b: '{{Qty}} pcs' },
    });
    if (!compiled.ok) throw new Error('did not compile');
    expect(await compiled.mapping.apply({ Qty: 3 })).toEqual({ ok: true, input: { a: 3, b: '3 pcs' }, empty: [] });
  });

  test('empty fields in a mixed template leave no stray spaces, and all-empty means not provided', async () => {
    expect(await mapOne({ description: '{{First name}} {{Last name}}' }, { 'First name': 'Ann', 'Last name': '' })).toEqual({
      input: { email: 'ann@example.com', description: 'Ann' },
    });
    expect(await mapOne({ description: '{{First name}} {{Last name}}' }, {})).toEqual({ input: { email: 'ann@example.com' } });
  });

  test('literal values are passed through and coerced', async () => {
    expect(await mapOne({ description: 'From the sheet', quantity: 2, taxExempt: true }, {})).toEqual({
      input: { email: 'ann@example.com', description: 'From the sheet', quantity: 2, taxExempt: true },
    });
  });
});

describe('JSONata expressions', () => {
  test.each([
    ['{{ $uppercase(Email) }}', { Email: 'ann@x.io' }, 'ANN@X.IO'],
    ['{{ Price * Qty }}', { Price: 2.5, Qty: 4 }, '10'],
    ['{{ $number(Price) * $number(Qty) }}', { Price: '19.99', Qty: '3' }, '59.97'],
    ['{{ `Unit price` * Qty }}', { 'Unit price': 2, Qty: 3 }, '6'],
    ['{{ First & " " & Last }}', { First: 'Ann', Last: 'Lee' }, 'Ann Lee'],
    ['{{ Plan = "pro" ? "Pro plan" : "Free" }}', { Plan: 'pro' }, 'Pro plan'],
    ['{{ {"a": {"b": "deep"}}.a.b }}', {}, 'deep'],
    ['Total: {{ Price * Qty }} EUR', { Price: 19.99, Qty: 3 }, 'Total: 59.97 EUR'],
  ])('%s evaluates against the item', async (template, item, expected) => {
    expect(await mapOne({ description: template }, item)).toEqual({ input: { email: 'ann@example.com', description: expected } });
  });

  test('a single expression keeps its number type for a number input', async () => {
    expect(await mapOne({ price: '{{ Price * Qty }}' }, { Price: 2.5, Qty: 4 })).toEqual({
      input: { email: 'ann@example.com', price: 10 },
    });
  });

  test('an expression that fails at run time fails the item, naming the input and the expression', async () => {
    expect(await mapOne({ price: '{{ Price * Qty }}' }, { Price: '19.99', Qty: '3' })).toEqual({
      errors: [
        'price: the expression "{{ Price * Qty }}" failed: The left side of the "*" operator must evaluate to a number' +
          ' (source values are often text: use $number(...))',
      ],
    });
  });
});

describe('telling references from expressions', () => {
  test.each([
    ['First name', false],
    ['E-mail (work)', false],
    ['Paid?', false],
    ['Price*Qty', false],
    ['customer.email', false],
    ['$uppercase(Email)', true],
    ['Price * Qty', true],
    ['Price - Discount', true],
    ['Qty > 1', true],
    ['"text"', true],
    ['`Unit price`', true],
    ['Items[0]', true],
    ['a and b', true],
  ])('%p is an expression: %p', (text, expected) => {
    expect(isExpression(text)).toBe(expected);
  });

  test('a known source field name is a reference even when it looks like an expression', async () => {
    const item = { 'Price * Qty': 'from the column' };
    expect(await mapOne({ description: '{{Price * Qty}}' }, item, { sourceFields: ['Price * Qty'] })).toEqual({
      input: { email: 'ann@example.com', description: 'from the column' },
    });
  });
});

describe('listing the source fields a mapping reads', () => {
  test('lists references and the fields expressions read, once each, in order of use', () => {
    const fields = listSourceFields({
      email: '{{E-mail (work)}}',
      name: '{{First name}} {{Last name}}',
      price: '{{ $number(`Unit price`) * Qty }}',
      description: '{{First name}} ordered {{ customer.plan }}',
      'metadata.source': 'sheet',
    });
    expect(fields).toEqual(['E-mail (work)', 'First name', 'Last name', 'Unit price', 'Qty', 'customer.plan']);
  });

  test('the compiled mapping reports the same fields', () => {
    const compiled = compileMapping({ inputSchema, mapping: { email: '{{Email}}', price: '{{ $sum(Items.Price) }}' } });
    expect(compiled.ok && compiled.mapping.sourceFields).toEqual(['Email', 'Items.Price']);
  });
});

describe('names that look like operators', () => {
  test('a field named like an expression is read when the item has it, otherwise the expression runs', async () => {
    const template = { description: '{{Terms & Conditions}}' };
    expect(await mapOne(template, { 'Terms & Conditions': 'accepted' })).toEqual({
      input: { email: 'ann@example.com', description: 'accepted' },
    });
    expect(await mapOne(template, { Terms: 'a', Conditions: 'b' })).toEqual({
      input: { email: 'ann@example.com', description: 'ab' },
    });
  });

  test('text with spaced operators that is not valid JSONata is a reference', () => {
    expect(isExpression('Straße & Nr.')).toBe(false);
  });
});
