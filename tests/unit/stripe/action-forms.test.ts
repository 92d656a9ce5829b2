import type { JsonSchema } from '../../../connectors/sdk';
import { stripe } from '../../../connectors/stripe';

// The wizard draws every action's options form and mapping targets from these schemas, so
// each field needs words a person understands: a title, and labels for its choices.
function untitled(schema: JsonSchema, path: string): string[] {
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  return Object.entries(properties).flatMap(([name, property]) => {
    const here = path ? `${path}.${name}` : name;
    const own = typeof property.title === 'string' && property.title.trim() !== '' ? [] : [here];
    return [...own, ...untitled(property, here)];
  });
}

const actions = Object.values(stripe.actions);

test.each(actions.map((action) => [action.name, action] as const))('%s: every option and input has a title', (_name, action) => {
  expect([...untitled(action.optionsSchema, 'options'), ...untitled(action.inputSchema, 'input')]).toEqual([]);
});

test.each(actions.map((action) => [action.name, action] as const))(
  '%s: every option with choices labels them',
  (_name, action) => {
    const options = Object.entries((action.optionsSchema.properties ?? {}) as Record<string, JsonSchema>);
    const unlabelled = options.filter(
      ([, property]) =>
        Array.isArray(property.enum) &&
        (!Array.isArray(property['x-enumLabels']) || property['x-enumLabels'].length !== property.enum.length),
    );
    expect(unlabelled.map(([name]) => name)).toEqual([]);
  },
);

test('every money input says it is in the main unit and has a currency beside it', () => {
  for (const action of actions) {
    const properties = (action.inputSchema.properties ?? {}) as Record<string, JsonSchema>;
    for (const [name, property] of Object.entries(properties)) {
      if (property['x-money'] !== true) continue;
      expect({ action: action.name, name, hasCurrency: 'currency' in properties }).toEqual({
        action: action.name,
        name,
        hasCurrency: true,
      });
      expect(String(property.description)).toMatch(/main unit/);
    }
  }
});
