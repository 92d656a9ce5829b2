// What the source and destination steps share: the system, what it should do (a trigger or
// an action), the account (or a new one connected inline) and the options from their schema.
import type { ComponentChildren } from 'preact';
import { describedBy, Field, messageFor, Options, problemsUnder } from '../components/field';
import { SchemaForm, withDefaults } from '../components/schema-form';
import type { ConnectorInfo, Endpoint, JsonObject, JsonSchema } from '../types';
import { AccountPicker } from './account-picker';
import { clearDependents, useDynamicOptions } from './dynamic-options';
import type { StepProps } from './shared';
import { withoutHiddenOptions } from './webhook-options';

/** A trigger or an action: what the endpoint does, and its options. */
interface Operation {
  name: string;
  displayName: string;
  description?: string;
  optionsSchema: JsonSchema;
  dynamicOptions?: Record<string, { dependsOn: string[] }>;
}

/** A change to the endpoint; `operation` is the trigger's or action's name. */
export type EndpointChange = Partial<Endpoint> & { operation?: string };

const NO_OPTIONS: JsonSchema = { type: 'object', properties: {} };

export function EndpointFields(props: {
  /** Names the inputs (`source-connector`) and the server's problems (`source.account`). */
  side: 'source' | 'destination';
  kind: 'trigger' | 'action';
  labels: { system: string; operation: string; account: string };
  /** The catalog, the accounts and the save's problems, as the step has them. */
  step: Pick<StepProps, 'catalog' | 'accounts' | 'reloadAccounts' | 'problems'>;
  endpoint: Endpoint;
  operation: string;
  onChange: (change: EndpointChange) => void;
  /** The options to show for the current values (all of them when left out). */
  shownOptions?: (schema: JsonSchema, options: JsonObject) => JsonSchema;
  /** Shown below the account (what the chosen account means). */
  children?: ComponentChildren;
}) {
  const { side, kind, endpoint } = props;
  const { problems } = props.step;
  const operationsOf = (c: ConnectorInfo): Operation[] => (kind === 'trigger' ? c.triggers : c.actions);
  const systems = props.step.catalog.filter((c) => operationsOf(c).length > 0);
  const connector = systems.find((c) => c.name === endpoint.connector);
  const operations = connector ? operationsOf(connector) : [];
  const operation = operations.find((o) => o.name === props.operation);
  const allOptions = operation?.optionsSchema ?? NO_OPTIONS;
  const shown = (options: JsonObject) => (props.shownOptions ? props.shownOptions(allOptions, options) : allOptions);
  const optionsSchema = shown(endpoint.options);
  const dynamic = useDynamicOptions({
    connector: endpoint.connector,
    kind,
    name: props.operation,
    account: endpoint.account,
    needsAccount: Boolean(connector?.account),
    options: endpoint.options,
    declared: operation?.dynamicOptions,
  });

  const chooseSystem = (name: string) => {
    const next = systems.find((c) => c.name === name);
    const first = next ? operationsOf(next)[0] : undefined;
    props.onChange({
      connector: name,
      operation: first?.name ?? '',
      account: null,
      options: withDefaults(first?.optionsSchema ?? {}, {}),
    });
  };
  const chooseOperation = (name: string) => {
    const next = operations.find((o) => o.name === name);
    props.onChange({ operation: name, options: withDefaults(next?.optionsSchema ?? {}, {}) });
  };

  const operationId = `${side}-${kind}`;
  return (
    <>
      <Field id={`${side}-connector`} label={props.labels.system} required error={messageFor(problems, `${side}.connector`)}>
        <select id={`${side}-connector`} value={endpoint.connector} onChange={(e) => chooseSystem(e.currentTarget.value)}>
          <Options choices={systems.map((c) => ({ value: c.name, label: c.displayName }))} />
        </select>
      </Field>
      {connector && (
        <Field
          id={operationId}
          label={props.labels.operation}
          required
          description={operation?.description}
          error={messageFor(problems, `${side}.${kind}`)}
        >
          <select
            id={operationId}
            value={props.operation}
            onChange={(e) => chooseOperation(e.currentTarget.value)}
            {...describedBy(operationId, Boolean(operation?.description))}
          >
            <Options choices={operations.map((o) => ({ value: o.name, label: o.displayName }))} />
          </select>
        </Field>
      )}
      {connector?.account && (
        <AccountPicker
          id={`${side}-account`}
          label={props.labels.account}
          connector={connector}
          accounts={props.step.accounts}
          value={endpoint.account}
          onChange={(account) => props.onChange({ account })}
          reloadAccounts={props.step.reloadAccounts}
          error={messageFor(problems, `${side}.account`)}
        />
      )}
      {props.children}
      {Object.keys(optionsSchema.properties ?? {}).length > 0 && (
        <fieldset>
          <legend>Options</legend>
          <SchemaForm
            schema={optionsSchema}
            value={endpoint.options}
            onChange={(changed) => {
              const options = clearDependents(operation?.dynamicOptions, endpoint.options, changed);
              props.onChange({ options: withoutHiddenOptions(allOptions, shown(options), options) });
            }}
            idPrefix={`${side}-options`}
            problems={problemsUnder(problems, `${side}.options`)}
            dynamic={dynamic}
          />
        </fieldset>
      )}
    </>
  );
}
