import { ModeBadge } from '../pages/accounts';
import { isTestModeHint } from '../format';
import { EndpointFields, type EndpointChange } from './endpoint-fields';
import type { StepProps } from './shared';
import { StepForm } from './step-form';

export function DestinationStep(props: StepProps) {
  const { draft, setDraft } = props;
  const account = props.accounts.find((a) => a.id === draft.destination.account);

  const change = ({ operation, ...patch }: EndpointChange) =>
    setDraft((d) => {
      const destination = { ...d.destination, ...patch, ...(operation !== undefined && { action: operation }) };
      // Inputs of another action do not carry over.
      return { ...d, destination, mapping: destination.action === d.destination.action ? d.mapping : {} };
    });
  const next = async () => {
    if (await props.save()) props.goTo(3);
  };

  return (
    <StepForm shownHere={(field) => field.startsWith('destination')} step={props} onNext={next} back={1}>
      <EndpointFields
        side="destination"
        kind="action"
        labels={{ system: 'Destination system', operation: 'Action', account: 'Destination account' }}
        step={props}
        endpoint={draft.destination}
        operation={draft.destination.action}
        onChange={change}
      >
        {account && draft.destination.connector === 'stripe' && (
          <p>
            This account works in <ModeBadge hint={account.hint} />{' '}
            {isTestModeHint(account.hint)
              ? 'Nothing real is charged; objects appear in Stripe’s test dashboard.'
              : 'Real customers and invoices will be created.'}
          </p>
        )}
      </EndpointFields>
    </StepForm>
  );
}
