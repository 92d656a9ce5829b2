import { messageFor, problemsUnder } from '../../ui-api/web/src/problems';
import { allowedPredecessors } from '../../ui-api/web/src/wizard/run-after';
import { insertAt, mappingTargets, previewValue, problemFor } from '../../ui-api/web/src/wizard/mapping-targets';
import { webhookOptionsShown, withoutHiddenOptions } from '../../ui-api/web/src/wizard/webhook-options';
import type { Connection, JsonSchema } from '../../ui-api/web/src/types';
import { newPayload } from '../../connectors/webhook';

function connection(id: string, runAfter: string | null): Connection {
  return {
    id,
    name: `Connection ${id}`,
    source: { connector: 'webhook', trigger: 'new-payload', account: null, options: {} },
    destination: null,
    mapping: {},
    schedule: null,
    runAfter,
    enabled: false,
    nextRunAt: null,
    nextRunDescription: null,
    lastRun: null,
    webhookUrl: null,
  };
}

describe('the run-after picker', () => {
  it('offers neither the connection itself nor any connection that already runs after it, directly or not', () => {
    const all = [connection('a', null), connection('b', 'a'), connection('c', 'b'), connection('d', null)];
    expect(allowedPredecessors(all, 'a').map((c) => c.id)).toEqual(['d']);
    expect(allowedPredecessors(all, 'c').map((c) => c.id)).toEqual(['a', 'b', 'd']);
  });
});

describe('the mapping step', () => {
  const inputSchema = {
    type: 'object',
    required: ['email', 'address'],
    properties: {
      email: { type: 'string', title: 'Email' },
      address: { type: 'object', required: ['city'], properties: { city: { type: 'string' }, line2: { type: 'string' } } },
      shipping: { type: 'object', properties: { name: { type: 'string' } } },
      metadata: { type: 'object', additionalProperties: { type: 'string' } },
    },
  };

  it('lists nested inputs by dotted name and marks required ones only when their parent is required too', () => {
    const targets = mappingTargets(inputSchema).map((t) => [t.path, t.required, t.openObject]);
    expect(targets).toEqual([
      ['email', true, false],
      ['address.city', true, false],
      ['address.line2', false, false],
      ['shipping.name', false, false],
      ['metadata', false, true],
    ]);
  });

  it('inserts a field chip at the cursor, replacing the selected text', () => {
    expect(insertAt('Dear , welcome', '{{First name}}', 5, 5)).toEqual({ value: 'Dear {{First name}}, welcome', caret: 19 });
    expect(insertAt('old text', '{{Email}}', 0, 8)).toEqual({ value: '{{Email}}', caret: 9 });
    expect(insertAt('abc', '{{X}}', null, null).value).toBe('abc{{X}}');
  });

  it('finds a preview value whether the server nests it or keeps the dotted name', () => {
    expect(previewValue({ address: { city: 'Berlin' } }, 'address.city')).toBe('Berlin');
    expect(previewValue({ 'metadata.source': 'sheet' }, 'metadata.source')).toBe('sheet');
  });

  it('shows a preview or save problem next to the input it names', () => {
    const problems = [
      { field: 'mapping.email', message: 'is not an email address' },
      { field: '/input/address/city', message: 'is required' },
    ];
    expect(problemFor(problems, 'email')).toBe('is not an email address');
    expect(problemFor(problems, 'address.city')).toBe('is required');
    expect(problemFor(problems, 'name')).toBeUndefined();
  });
});

describe('server field problems', () => {
  it('are handed to a sub-form with its prefix removed, whatever notation the server used', () => {
    const problems = [
      { field: 'credentials.secretKey', message: 'Stripe rejected this key' },
      { field: '/source/options/sheet', message: 'no such sheet' },
      { field: 'schedule.times[1]', message: 'use HH:MM' },
    ];
    expect(messageFor(problemsUnder(problems, 'credentials'), 'secretKey')).toBe('Stripe rejected this key');
    expect(messageFor(problemsUnder(problems, 'source.options'), 'sheet')).toBe('no such sheet');
    expect(messageFor(problems, 'schedule.times.1')).toBe('use HH:MM');
  });
});

describe('the webhook source options', () => {
  // The real trigger schema, so the wizard's rule cannot drift from the connector's option names.
  const schema = newPayload.optionsSchema as JsonSchema;
  // The hook's delivery limit is shown whatever the protection.
  const LIMIT = ['deliveriesPerSecond', 'deliveryBurst'];
  const shown = (protection?: string) =>
    Object.keys(webhookOptionsShown(schema, protection ? { protection } : {}).properties ?? {});

  it('show no secret and no header without protection', () => {
    expect(shown('none')).toEqual(['protection', 'instant', ...LIMIT]);
    expect(shown()).toEqual(['protection', 'instant', ...LIMIT]);
  });

  it('show the secret with the header each protection reads', () => {
    expect(shown('shared-secret')).toEqual(['protection', 'secret', 'secretHeader', 'instant', ...LIMIT]);
    expect(shown('hmac-sha256')).toEqual(['protection', 'secret', 'signatureHeader', 'instant', ...LIMIT]);
    expect(shown('hmac-sha256-timestamped')).toEqual(['protection', 'secret', 'signatureHeader', 'instant', ...LIMIT]);
  });

  it('forget a secret typed before protection was turned off, but keep options that have a default', () => {
    const options = { protection: 'none', secret: 'typed earlier', secretHeader: 'X-Mine', instant: true };
    expect(withoutHiddenOptions(schema, webhookOptionsShown(schema, options), options)).toEqual({
      protection: 'none',
      secretHeader: 'X-Mine',
      instant: true,
    });
  });
});
