import { useEffect, useState } from 'preact/hooks';
import { api } from '../api';
import { describedBy, Field, FormError } from '../components/field';
import { ItemOutput } from '../components/item-output';
import { isTestModeHint, preview as show } from '../format';
import { asApiError } from '../hooks';
import type { JsonObject, Preview, PreviewItem, TestSendResult } from '../types';
import type { StepProps } from './shared';

const DASHBOARD_PATHS: Record<string, string> = {
  cus: 'customers',
  ii: 'invoiceitems',
  in: 'invoices',
  pi: 'payments',
  prod: 'products',
  price: 'prices',
};

/** Where the object can be seen in Stripe's dashboard, when the server did not say. */
function dashboardLink(objectId: string, testMode: boolean): string | null {
  const section = DASHBOARD_PATHS[objectId.split('_')[0]];
  return section ? `https://dashboard.stripe.com/${testMode ? 'test/' : ''}${section}/${objectId}` : null;
}

/** Stripe amounts are in minor units; Intl knows how many decimals each currency has. */
function formatAmount(object: JsonObject): string | null {
  const amount = [object.amount, object.amount_due, object.total].find((v) => typeof v === 'number') as number | undefined;
  const currency = typeof object.currency === 'string' ? object.currency.toUpperCase() : null;
  if (amount === undefined || !currency) return null;
  try {
    const format = new Intl.NumberFormat(undefined, { style: 'currency', currency });
    return format.format(amount / 10 ** (format.resolvedOptions().maximumFractionDigits ?? 2));
  } catch {
    return `${amount} ${currency}`;
  }
}

/** "2. cleo@example.com, Cleo Park": an item told apart by its first few values. */
function itemLabel(item: PreviewItem, index: number): string {
  const values = Object.values(item.source).flatMap((value) =>
    value !== null && typeof value === 'object' ? Object.values(value as JsonObject) : [value],
  );
  const shown = values
    .filter((value) => value !== null && value !== undefined && typeof value !== 'object' && String(value) !== '')
    .slice(0, 3)
    .map(String)
    .join(', ');
  const text = shown.length > 60 ? `${shown.slice(0, 59)}…` : shown;
  return `${index + 1}. ${text || item.key}${index === 0 ? ' (newest)' : ''}`;
}

export function TestStep(props: StepProps) {
  const { connection } = props;
  const [data, setData] = useState<Preview | null>(null);
  // The item to preview and send, by its key: the newest unless the person picks another.
  const [chosenKey, setChosenKey] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [sent, setSent] = useState<TestSendResult | null>(null);
  const [sending, setSending] = useState(false);
  const account = props.accounts.find((a) => a.id === props.draft.destination.account);
  const testMode = account ? isTestModeHint(account.hint) : true;
  const destination = props.catalog.find((c) => c.name === props.draft.destination.connector)?.displayName ?? 'the destination';

  useEffect(() => {
    if (!connection) return;
    api
      .preview(connection.id)
      .then(setData)
      .catch((caught) => setError(asApiError(caught).message));
  }, [connection?.id]);

  const send = async () => {
    if (!connection) return;
    setSending(true);
    setError(null);
    try {
      setSent(await api.testSend(connection.id, { itemIndex: items.indexOf(item!) }));
    } catch (caught) {
      setError(asApiError(caught).message);
    } finally {
      setSending(false);
    }
  };

  const items = data?.items ?? [];
  const item = items.find((candidate) => candidate.key === chosenKey) ?? items[0];
  const link = sent ? (sent.dashboardUrl ?? (sent.objectId ? dashboardLink(sent.objectId, testMode) : null)) : null;
  const amount = sent ? formatAmount(sent.object) : null;
  return (
    <div>
      {!data && !error && <p class="loading">Loading the sample item...</p>}
      {data && !item && (
        <p class="empty">The source has no items yet. Add a row or send a payload, then come back to this step.</p>
      )}
      {item && items.length > 1 && (
        <Field
          id="test-item"
          label="Item to preview and send"
          description={`The ${items.length} newest items of the source, newest first.`}
        >
          <select
            id="test-item"
            value={item.key}
            onChange={(e) => {
              setChosenKey(e.currentTarget.value);
              setSent(null);
              setError(null);
            }}
            {...describedBy('test-item', true)}
          >
            {items.map((candidate, index) => (
              <option key={candidate.key} value={candidate.key}>
                {itemLabel(candidate, index)}
              </option>
            ))}
          </select>
        </Field>
      )}
      {item && (
        <div class="two-columns">
          <section aria-label="Sample item">
            <h3>Sample item</h3>
            <dl class="mapped">
              {Object.entries(item.source).map(([name, value]) => (
                <div key={name}>
                  <dt>{name}</dt>
                  <dd>{show(value)}</dd>
                </div>
              ))}
            </dl>
          </section>
          <section aria-label="Payload">
            <h3>What will be sent</h3>
            <pre class="payload">{JSON.stringify(item.input, null, 2)}</pre>
            {item.errors.length > 0 && (
              <ul class="form-error" role="alert" aria-label="Mapping problems">
                {item.errors.map((p) => (
                  <li key={p.field + p.message}>
                    <strong>{p.field}</strong>: {p.message}
                  </li>
                ))}
              </ul>
            )}
          </section>
        </div>
      )}
      {!testMode && (
        <p class="hint" role="note">
          This account is in live mode: a test send does for real what the action does (a charge, a payment, an email to the
          customer).
        </p>
      )}
      <FormError message={error} />
      {sent && (
        <div class="notice" role="status">
          {sent.skipped ? (
            <p>Test data sent. Nothing was changed in {destination}.</p>
          ) : (
            <p>
              Test data sent. {destination} answered with <span class="mono">{sent.objectId}</span>
              {amount && <> for {amount}</>}.
            </p>
          )}
          <ItemOutput summary={sent.summary} output={sent.output} />
          <p class="hint">
            Nothing else is needed here: continue to choose when the connection runs. Sending again sends the same item once more.
          </p>
          {link && (
            <p>
              <a href={link} target="_blank" rel="noopener noreferrer">
                Open {sent.objectId} in Stripe{testMode ? ' (test mode)' : ''}
              </a>
            </p>
          )}
        </div>
      )}
      <div class="actions">
        <button type="button" onClick={() => props.goTo(3)}>
          Edit
        </button>
        <button type="button" onClick={send} disabled={sending || !item || item.errors.length > 0}>
          {sending ? 'Sending...' : sent ? `Send again to ${destination}` : `Send test data to ${destination}`}
        </button>
        <button type="button" class="primary" onClick={() => props.goTo(5)}>
          Continue
        </button>
      </div>
    </div>
  );
}
