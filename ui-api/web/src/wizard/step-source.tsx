import { messageFor, TextField } from '../components/field';
import { navigate } from '../router';
import { EndpointFields, type EndpointChange } from './endpoint-fields';
import type { StepProps } from './shared';
import { StepForm } from './step-form';
import { WebhookPanel } from './webhook-panel';
import { webhookOptionsShown } from './webhook-options';

export function SourceStep(props: StepProps) {
  const { draft, setDraft, catalog, connection } = props;
  const trigger = catalog.find((c) => c.name === draft.source.connector)?.triggers.find((t) => t.name === draft.source.trigger);
  const isPush = trigger?.kind === 'push';

  const change = ({ operation, ...patch }: EndpointChange) =>
    setDraft((d) => ({ ...d, source: { ...d.source, ...patch, ...(operation !== undefined && { trigger: operation }) } }));

  const next = async () => {
    const firstSave = !connection;
    const saved = await props.save();
    if (!saved) return;
    // A new webhook connection stays here: its URL exists now and the wizard waits for a payload.
    if (firstSave && isPush) navigate(`/connections/${encodeURIComponent(saved.id)}/edit/1`, { replace: true });
    else props.goTo(2);
  };

  return (
    <StepForm
      shownHere={(field) => field === 'name' || field.startsWith('source.')}
      step={props}
      onNext={next}
      submitLabel={isPush && !connection ? 'Save and get the webhook URL' : undefined}
    >
      <TextField
        id="connection-name"
        label="Connection name"
        required
        description="For example: Leads sheet to Stripe customers."
        value={draft.name}
        onInput={(name) => setDraft((d) => ({ ...d, name }))}
        error={messageFor(props.problems, 'name')}
      />
      <EndpointFields
        side="source"
        kind="trigger"
        labels={{ system: 'Source system', operation: 'Trigger', account: 'Source account' }}
        step={props}
        endpoint={draft.source}
        operation={draft.source.trigger}
        onChange={change}
        shownOptions={draft.source.connector === 'webhook' ? webhookOptionsShown : undefined}
      />
      {isPush && connection && (
        <WebhookPanel connectionId={connection.id} url={connection.webhookUrl} registers={trigger?.registersEndpoint === true} />
      )}
    </StepForm>
  );
}
