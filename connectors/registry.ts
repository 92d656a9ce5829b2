import type { ActionDefinition, ConnectorDefinition, TriggerDefinition } from './sdk';

export interface ConnectorRegistry {
  list(): ConnectorDefinition[];
  get(name: string): ConnectorDefinition | undefined;
  trigger(connector: string, trigger: string): TriggerDefinition | undefined;
  action(connector: string, action: string): ActionDefinition | undefined;
}

export function createRegistry(definitions: ConnectorDefinition[]): ConnectorRegistry {
  const byName = new Map(definitions.map((definition) => [definition.name, definition]));
  return {
    list: () => [...byName.values()],
    get: (name) => byName.get(name),
    trigger: (connector, trigger) => byName.get(connector)?.triggers[trigger],
    action: (connector, action) => byName.get(connector)?.actions[action],
  };
}
