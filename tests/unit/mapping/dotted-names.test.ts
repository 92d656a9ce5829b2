import { compileMapping, type Mapping } from '../../../engine/mapping';

// A sheet's header cells are the inputs of add-row and update-row, and people put dots in
// them ("Charge no.", "e.g. notes", "v1.2"): such a column is one input, not a nested path.
const sheetColumns = {
  type: 'object',
  properties: {
    'Charge no.': { type: 'string' },
    Amount: { type: 'string' },
    'Amount v1.2': { type: 'string' },
    'e.g. notes': { type: 'string' },
  },
};
const nested = {
  type: 'object',
  properties: {
    address: { type: 'object', properties: { city: { type: 'string' } } },
    metadata: { type: 'object', additionalProperties: { type: 'string' } },
  },
};

async function apply(schema: Record<string, unknown>, mapping: Mapping, item: Record<string, unknown>) {
  const compiled = compileMapping({ inputSchema: schema, mapping });
  if (!compiled.ok) return { errors: compiled.errors.map((e) => e.message) };
  const result = await compiled.mapping.apply(item);
  return result.ok ? { input: result.input } : { errors: result.errors.map((e) => e.message) };
}

test('a column whose name holds dots is filled whole, next to one whose name is a prefix of it', async () => {
  const mapped = await apply(
    sheetColumns,
    { 'Charge no.': '{{id}}', Amount: '{{amount_major}}', 'Amount v1.2': 'x', 'e.g. notes': 'first' },
    { id: 'ch_1', amount_major: '12.50' },
  );
  expect(mapped).toEqual({ input: { 'Charge no.': 'ch_1', Amount: '12.50', 'Amount v1.2': 'x', 'e.g. notes': 'first' } });
});

test('nested inputs and free metadata keys still split at dots', async () => {
  const mapped = await apply(nested, { 'address.city': 'Oslo', 'metadata.order.id': '42' }, {});
  expect(mapped).toEqual({ input: { address: { city: 'Oslo' }, metadata: { 'order.id': '42' } } });
});

test('a name that is not an input, dotted or not, is still refused with the known inputs', async () => {
  expect(await apply(sheetColumns, { 'Charge no': '{{id}}' }, {})).toEqual({
    errors: [expect.stringContaining('this action has no input named "Charge no"; known inputs: Charge no., Amount')],
  });
  expect(await apply(nested, { 'metadata.__proto__': 'x' }, {})).toEqual({
    errors: [expect.stringContaining('is not a valid input name')],
  });
});
