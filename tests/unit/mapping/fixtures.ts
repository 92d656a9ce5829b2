import {
  compileMapping,
  type ApplyResult,
  type CompiledMapping,
  type CompileOptions,
  type Mapping,
} from '../../../engine/mapping';

/** An input schema shaped like the Stripe actions': plain, formatted, nested, money and metadata inputs. */
export const inputSchema = {
  type: 'object',
  required: ['email'],
  properties: {
    email: { type: 'string', format: 'email' },
    name: { type: 'string', maxLength: 20 },
    phone: { type: 'string' },
    description: { type: 'string' },
    quantity: { type: 'integer', minimum: 1 },
    price: { type: 'number' },
    taxExempt: { type: 'boolean' },
    collection: { type: 'string', enum: ['charge_automatically', 'send_invoice'] },
    startDate: { type: 'string', format: 'date' },
    startsAt: { type: 'string', format: 'date-time' },
    dueDate: { type: 'integer', format: 'unix-time' },
    amount: { type: 'integer', 'x-money': true },
    credit: { type: 'integer', 'x-money': true, 'x-allow-negative': true },
    currency: { type: 'string', format: 'currency' },
    address: {
      type: 'object',
      required: ['line1'],
      properties: { line1: { type: 'string' }, city: { type: 'string' }, country: { type: 'string', maxLength: 2 } },
    },
    metadata: { type: 'object', additionalProperties: { type: 'string', maxLength: 500 } },
  },
};

/** Compiles with the shared schema (email mapped unless the test maps it) and fails loudly otherwise. */
export function compile(mapping: Mapping, options: Partial<CompileOptions> = {}): CompiledMapping {
  const result = compileMapping({ inputSchema, ...options, mapping: { email: 'ann@example.com', ...mapping } });
  if (!result.ok) throw new Error(`mapping did not compile: ${JSON.stringify(result.errors)}`);
  return result.mapping;
}

/** Applies a one-input mapping and returns the mapped input, or the error messages. */
export async function mapOne(mapping: Mapping, item: Record<string, unknown>, options: Partial<CompileOptions> = {}) {
  const result: ApplyResult = await compile(mapping, options).apply(item);
  return result.ok ? { input: result.input } : { errors: result.errors.map((error) => error.message) };
}
