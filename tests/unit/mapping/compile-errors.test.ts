import { compileMapping, type Mapping } from '../../../engine/mapping';
import { inputSchema } from './fixtures';

function compileErrors(mapping: Mapping, options: { sourceFields?: string[]; timeZone?: string } = {}) {
  const result = compileMapping({ inputSchema, ...options, mapping: { email: '{{Email}}', ...mapping } });
  return result.ok ? [] : result.errors;
}

describe('mappings refused when saved', () => {
  test('a JSONata syntax error names the input and where the expression breaks', () => {
    expect(compileErrors({ description: '{{ $uppercase(Email }}' })).toEqual([
      {
        field: 'description',
        message: expect.stringMatching(
          /^description: the expression "\{\{ \$uppercase\(Email \}\}" has a syntax error at character \d+: /,
        ),
      },
    ]);
  });

  test.each([
    ['{{Email', 'description: "{{" at position 1 has no matching "}}"'],
    ['Hi {{First name}', 'description: "{{" at position 4 has no matching "}}"'],
    ['Email}}', 'description: "}}" at position 6 has no matching "{{"'],
    ['{{}}', 'description: "{{}}" is empty; put a field name or an expression inside'],
    ['{{   }}', 'description: "{{}}" is empty; put a field name or an expression inside'],
  ])('%p is refused: %s', (template, message) => {
    expect(compileErrors({ description: template })).toEqual([{ field: 'description', message }]);
  });

  test('an input the action does not have is refused with the inputs it has', () => {
    const errors = compileErrors({ emial: '{{Email}}' });
    expect(errors).toEqual([
      {
        field: 'emial',
        message: expect.stringContaining('emial: this action has no input named "emial"; known inputs: email, name,'),
      },
    ]);
  });

  test('a nested input the object does not have is refused', () => {
    expect(compileErrors({ 'address.town': '{{Town}}' })).toEqual([
      { field: 'address.town', message: 'address.town: "address" has no input named "town"; known inputs: line1, city, country' },
    ]);
  });

  test('any key under metadata is accepted', () => {
    expect(compileErrors({ 'metadata.order_id': '{{Order}}', 'metadata.Source Sheet': 'Leads' })).toEqual([]);
  });

  test('a required input that is not mapped is refused', () => {
    const result = compileMapping({ inputSchema, mapping: { name: '{{Name}}' } });
    expect(result).toEqual({
      ok: false,
      errors: [{ field: 'email', message: 'email: is required; map a source field or enter a value' }],
    });
  });

  test('mapping part of an optional object requires its required parts too', () => {
    expect(compileErrors({ 'address.city': '{{City}}' })).toEqual([
      { field: 'address.line1', message: 'address.line1: is required; map a source field or enter a value' },
    ]);
  });

  test('a literal that cannot be coerced is refused when saved', () => {
    expect(compileErrors({ quantity: 'two', taxExempt: 'maybe' })).toEqual([
      { field: 'quantity', message: 'quantity: "two" is not a number' },
      { field: 'taxExempt', message: 'taxExempt: "maybe" is not a yes/no value (write yes, no, true, false, 1 or 0)' },
    ]);
  });

  test('a reference to a field the source does not have is refused when the source fields are known', () => {
    expect(compileErrors({ name: '{{Frist name}}' }, { sourceFields: ['Email', 'First name'] })).toEqual([
      { field: 'name', message: 'name: {{Frist name}} is not a source field; the source has: Email, First name' },
    ]);
  });

  test('a dotted reference into a known nested field is accepted', () => {
    expect(compileErrors({ name: '{{customer.name}}' }, { sourceFields: ['Email', 'customer'] })).toEqual([]);
  });

  test('mapping an object and one of its parts at once is refused', () => {
    const result = compileMapping({
      inputSchema,
      mapping: { email: '{{Email}}', metadata: '{{ {"a": "1"} }}', 'metadata.b': 'x' },
    });
    expect(result.ok ? [] : result.errors).toEqual([
      { field: 'metadata.b', message: 'metadata.b: conflicts with "metadata"; map either the whole object or its parts' },
    ]);
  });

  test('an unknown time zone is refused', () => {
    expect(compileErrors({}, { timeZone: 'Mars/Olympus' })).toEqual([
      { field: 'timeZone', message: 'timeZone: "Mars/Olympus" is not a time zone (use a name like Europe/Berlin)' },
    ]);
  });

  test('every problem is reported at once', () => {
    expect(compileErrors({ description: '{{ $x( }}', quantity: 'x', nope: '1' }).map((error) => error.field)).toEqual([
      'description',
      'quantity',
      'nope',
    ]);
  });
});

describe('input names that are not inputs', () => {
  test.each(['__proto__', 'metadata.__proto__', 'address.', '.email', 'toString'])('%p is refused', (name) => {
    expect(compileErrors({ [name]: 'x' }).map((error) => error.field)).toEqual([name]);
  });
});
