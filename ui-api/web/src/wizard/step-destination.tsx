import { ModeBadge } from '../pages/accounts';
import { describedBy, Field, FormError, messageFor, problemsUnder } from '../components/field';
import { SchemaForm, withDefaults } from '../components/schema-form';
import { AccountPicker } from './account-picker';
import { clearDependents, useDynamicOptions } from './dynamic-options';
import type { StepProps } from './shared';

export function DestinationStep(props: StepProps) {
  const { draft, setDraft, catalog, problems } = props;
  const systems = catalog.filter((c) => c.actions.length > 0);
  const connector = systems.find((c) => c.name === draft.destination.connector);
  const action = connector?.actions.find((a) => a.name === draft.destination.action);
  const optionsSchema = action?.optionsSchema ?? { type: 'object', properties: {} };
  const account = props.accounts.find((a) => a.id === draft.destination.account);
  const dynamic = useDynamicOptions({
    connector: draft.destination.connector,
    kind: 'action',
    name: draft.destination.action,
    account: draft.destination.account,
    needsAccount: Boolean(connector?.account),
    options: draft.destination.options,
    declared: action?.dynamicOptions,
  });

  const setDestination = (patch: Partial<typeof draft.destination>) => setDraft((d) => ({ ...d, destination: { ...d.destination, ...patch } }));
  const chooseSystem = (name: string) => {
    const first = systems.find((c) => c.name === name)?.actions[0];
    setDestination({ connector: name, action: first?.name ?? '', account: null, options: withDefaults(first?.optionsSchema ?? {}, {}) });
  };
  const chooseAction = (name: string) => {
    const next = connector?.actions.find((a) => a.name === name);
    // Inputs of another action do not carry over.
    setDraft((d) => ({ ...d, mapping: {}, destination: { ...d.destination, action: name, options: withDefaults(next?.optionsSchema ?? {}, {}) } }));
  };
  const next = async () => {
    if (await props.save()) props.goTo(3);
  };

  return (
    <form onSubmit={(e) => { e.preventDefault(); void next(); }} noValidate>
      <FormError message={props.saveError && props.saveError.fields.length === 0 ? props.saveError.message : null} />
      <Field id="destination-connector" label="Destination system" required error={messageFor(problems, 'destination.connector')}>
        <select id="destination-connector" value={draft.destination.connector} onChange={(e) => chooseSystem(e.currentTarget.value)}>
          {systems.map((c) => (
            <option key={c.name} value={c.name}>
              {c.displayName}
            </option>
          ))}
        </select>
      </Field>
      {connector && (
        <Field id="destination-action" label="Action" required description={action?.description} error={messageFor(problems, 'destination.action')}>
          <select id="destination-action" value={draft.destination.action} onChange={(e) => chooseAction(e.currentTarget.value)} {...describedBy('destination-action', Boolean(action?.description))}>
            {connector.actions.map((a) => (
              <option key={a.name} value={a.name}>
                {a.displayName}
              </option>
            ))}
          </select>
        </Field>
      )}
      {connector?.account && (
        <AccountPicker
          id="destination-account"
          label="Destination account"
          connector={connector}
          accounts={props.accounts}
          value={draft.destination.account}
          onChange={(id) => setDestination({ account: id })}
          reloadAccounts={props.reloadAccounts}
          error={messageFor(problems, 'destination.account')}
        />
      )}
      {account && connector?.name === 'stripe' && (
        <p>
          This account works in <ModeBadge hint={account.hint} />
          {' '}
          {account.hint.includes('_test_') ? 'Nothing real is charged; objects appear in Stripe’s test dashboard.' : 'Real customers and invoices will be created.'}
        </p>
      )}
      {Object.keys(optionsSchema.properties ?? {}).length > 0 && (
        <fieldset>
          <legend>Options</legend>
          <SchemaForm
            schema={optionsSchema}
            value={draft.destination.options}
            onChange={(options) => setDestination({ options: clearDependents(action?.dynamicOptions, draft.destination.options, options) })}
            idPrefix="destination-options"
            problems={problemsUnder(problems, 'destination.options')}
            dynamic={dynamic}
          />
        </fieldset>
      )}
      <div class="actions">
        <button type="button" onClick={() => props.goTo(1)}>
          Back
        </button>
        <button type="submit" class="primary" disabled={props.saving}>
          {props.saving ? 'Saving...' : 'Save and continue'}
        </button>
      </div>
    </form>
  );
}
