import { describedBy, Field, FormError, messageFor, problemsUnder } from '../components/field';
import { SchemaForm, withDefaults } from '../components/schema-form';
import { navigate } from '../router';
import { AccountPicker } from './account-picker';
import { clearDependents, useDynamicOptions } from './dynamic-options';
import type { StepProps } from './shared';
import { WebhookPanel } from './webhook-panel';

export function SourceStep(props: StepProps) {
  const { draft, setDraft, catalog } = props;
  const systems = catalog.filter((c) => c.triggers.length > 0);
  const connector = systems.find((c) => c.name === draft.source.connector);
  const trigger = connector?.triggers.find((t) => t.name === draft.source.trigger);
  const optionsSchema = trigger?.optionsSchema ?? { type: 'object', properties: {} };
  const dynamic = useDynamicOptions({
    connector: draft.source.connector,
    kind: 'trigger',
    name: draft.source.trigger,
    account: draft.source.account,
    needsAccount: Boolean(connector?.account),
    options: draft.source.options,
    declared: trigger?.dynamicOptions,
  });
  const problems = props.problems;
  const isPush = trigger?.kind === 'push';

  const setSource = (patch: Partial<typeof draft.source>) => setDraft((d) => ({ ...d, source: { ...d.source, ...patch } }));
  const chooseSystem = (name: string) => {
    const next = systems.find((c) => c.name === name);
    const first = next?.triggers[0];
    setSource({ connector: name, trigger: first?.name ?? '', account: null, options: withDefaults(first?.optionsSchema ?? {}, {}) });
  };
  const chooseTrigger = (name: string) => {
    const next = connector?.triggers.find((t) => t.name === name);
    setSource({ trigger: name, options: withDefaults(next?.optionsSchema ?? {}, {}) });
  };

  const next = async () => {
    const firstSave = !props.connection;
    const saved = await props.save();
    if (!saved) return;
    // A new webhook connection stays here: its URL exists now and the wizard waits for a payload.
    if (firstSave && isPush) navigate(`/connections/${encodeURIComponent(saved.id)}/edit/1`, { replace: true });
    else props.goTo(2);
  };

  const nameError = messageFor(problems, 'name');
  return (
    <form onSubmit={(e) => { e.preventDefault(); void next(); }} noValidate>
      <FormError message={props.saveError && props.saveError.fields.length === 0 ? props.saveError.message : null} />
      <Field id="connection-name" label="Connection name" required description="For example: Leads sheet to Stripe customers." error={nameError}>
        <input id="connection-name" value={draft.name} onInput={(e) => setDraft((d) => ({ ...d, name: e.currentTarget.value }))} {...describedBy('connection-name', true, nameError)} />
      </Field>
      <Field id="source-connector" label="Source system" required error={messageFor(problems, 'source.connector')}>
        <select id="source-connector" value={draft.source.connector} onChange={(e) => chooseSystem(e.currentTarget.value)}>
          {systems.map((c) => (
            <option key={c.name} value={c.name}>
              {c.displayName}
            </option>
          ))}
        </select>
      </Field>
      {connector && (
        <Field id="source-trigger" label="Trigger" required description={trigger?.description} error={messageFor(problems, 'source.trigger')}>
          <select id="source-trigger" value={draft.source.trigger} onChange={(e) => chooseTrigger(e.currentTarget.value)} {...describedBy('source-trigger', Boolean(trigger?.description))}>
            {connector.triggers.map((t) => (
              <option key={t.name} value={t.name}>
                {t.displayName}
              </option>
            ))}
          </select>
        </Field>
      )}
      {connector?.account && (
        <AccountPicker
          id="source-account"
          label="Source account"
          connector={connector}
          accounts={props.accounts}
          value={draft.source.account}
          onChange={(account) => setSource({ account })}
          reloadAccounts={props.reloadAccounts}
          error={messageFor(problems, 'source.account')}
        />
      )}
      {Object.keys(optionsSchema.properties ?? {}).length > 0 && (
        <fieldset>
          <legend>Options</legend>
          <SchemaForm
            schema={optionsSchema}
            value={draft.source.options}
            onChange={(options) => setSource({ options: clearDependents(trigger?.dynamicOptions, draft.source.options, options) })}
            idPrefix="source-options"
            problems={problemsUnder(problems, 'source.options')}
            dynamic={dynamic}
          />
        </fieldset>
      )}
      {isPush && props.connection && <WebhookPanel connectionId={props.connection.id} url={props.connection.webhookUrl} />}
      <div class="actions">
        <button type="submit" class="primary" disabled={props.saving}>
          {props.saving ? 'Saving...' : isPush && !props.connection ? 'Save and get the webhook URL' : 'Save and continue'}
        </button>
      </div>
    </form>
  );
}
