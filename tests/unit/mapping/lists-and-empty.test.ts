import { compileMapping, type Mapping } from '../../../engine/mapping';

// Line items are mapped as parallel lists (prices, quantities, amounts), one entry per line;
// an update action needs to know which mapped inputs came out empty.
const schema = {
  type: 'object',
  properties: {
    currency: { type: 'string', format: 'currency' },
    quantity: { type: 'array', maxItems: 3, items: { type: 'integer', minimum: 1 } },
    price: { type: 'array', items: { type: 'string' } },
    amount: { type: 'array', items: { type: 'integer' }, 'x-money': true },
    name: { type: 'string' },
    phone: { type: 'string' },
    metadata: { type: 'object', additionalProperties: { type: 'string' } },
  },
};

async function apply(mapping: Mapping, item: Record<string, unknown>) {
  const compiled = compileMapping({ inputSchema: schema, mapping });
  if (!compiled.ok) throw new Error(JSON.stringify(compiled.errors));
  const result = await compiled.mapping.apply(item);
  return result.ok ? { input: result.input, empty: result.empty } : { errors: result.errors.map((e) => e.message) };
}

test('a list read through a dotted name or an expression is coerced entry by entry; one value is a list of one', async () => {
  expect(
    await apply({ quantity: '{{items.qty}}', price: '{{Price}}' }, { items: [{ qty: '2' }, { qty: 3 }], Price: 'price_1' }),
  ).toEqual({
    input: { quantity: [2, 3], price: ['price_1'] },
    empty: [],
  });
});

test('a bad entry fails the item naming its position', async () => {
  expect(await apply({ quantity: '{{ items.qty }}' }, { items: [{ qty: '2' }, { qty: 'many' }] })).toEqual({
    errors: ['quantity: ["2","many"] has "many" at position 2, which is not a number'],
  });
  expect(await apply({ quantity: '{{ q }}' }, { q: [1, 1, 1, 1] })).toEqual({
    errors: ['quantity: [1,1,1,1] has 4 entries; at most 3 are allowed'],
  });
});

test('a list of amounts is converted to minor units in the mapped currency, refusing over-precise ones', async () => {
  expect(
    await apply(
      { amount: '{{ $map(lines, function($l) { $l.price }) }}', currency: 'jpy' },
      { lines: [{ price: '1200' }, { price: 300 }] },
    ),
  ).toEqual({
    input: { amount: [1200, 300], currency: 'jpy' },
    empty: [],
  });
  expect(
    await apply({ amount: '{{ lines.price }}', currency: 'eur' }, { lines: [{ price: '12.5' }, { price: '0.005' }] }),
  ).toEqual({
    errors: ['amount: ["12.5","0.005"] has "0.005" at position 2, which has more decimals than EUR allows (2)'],
  });
  expect(await apply({ amount: '{{Amount}}', currency: 'kwd' }, { Amount: '1.25' })).toEqual({
    input: { amount: [1250], currency: 'kwd' },
    empty: [],
  });
});

test('mapped inputs that came out empty are reported by name, metadata keys included', async () => {
  expect(
    await apply(
      { name: '{{Name}}', phone: '{{Phone}}', 'metadata.plan': '{{Plan}}', amount: '{{Amount}}', currency: 'eur' },
      {
        Name: 'Ann',
        Phone: ' ',
        Plan: '',
        Amount: null,
      },
    ),
  ).toEqual({ input: { name: 'Ann', currency: 'eur' }, empty: ['phone', 'metadata.plan', 'amount'] });
});
