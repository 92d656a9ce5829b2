// The webhook URL to give the other app, and a live wait for its first payload.
import { useState } from 'preact/hooks';
import { api } from '../api';
import { usePoll } from '../hooks';
import type { JsonObject } from '../types';

export function WebhookPanel(props: { connectionId: string; url: string | null; registers?: boolean }) {
  const { connectionId, url } = props;
  const [registered, setRegistered] = useState<string | null>(null);
  const [payloads, setPayloads] = useState<JsonObject[]>([]);
  const [fields, setFields] = useState<string[]>([]);
  const [copied, setCopied] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  usePoll(
    async () => {
      try {
        const result = await api.webhookPayloads(connectionId);
        setPayloads(result.payloads);
        setFields(result.fields);
        setProblem(null);
      } catch (caught) {
        setProblem(caught instanceof Error ? caught.message : String(caught));
      }
    },
    2000,
    payloads.length === 0,
  );

  const copy = async () => {
    if (!url) return;
    try {
      await navigator.clipboard.writeText(url);
    } catch {
      // Clipboard access can be refused (plain http): select the text so Ctrl+C works.
      (document.getElementById('webhook-url') as HTMLInputElement | null)?.select();
    }
    setCopied(true);
  };

  // Stripe can be told the URL through its API; without a public address the error says
  // to paste the URL into Stripe's dashboard instead.
  const register = async () => {
    try {
      const result = await api.registerWebhook(connectionId);
      setRegistered(
        `Stripe now sends events to this URL (endpoint ${String(result.endpoint.endpointId)}); its signing secret is stored.`,
      );
      setProblem(null);
    } catch (caught) {
      setProblem(caught instanceof Error ? caught.message : String(caught));
    }
  };

  return (
    <div class="webhook" role="group" aria-label="Webhook">
      <div class="field">
        <label for="webhook-url">Webhook URL</label>
        <div class="inline">
          <input
            id="webhook-url"
            readOnly
            value={url ?? 'The URL appears once this step is saved.'}
            class="mono"
            onFocus={(e) => e.currentTarget.select()}
          />
          <button type="button" onClick={copy} disabled={!url}>
            {copied ? 'Copied' : 'Copy URL'}
          </button>
        </div>
        <p class="hint">Send a POST or PUT with JSON, form data or a query string to this URL. Treat it like a password.</p>
        {props.registers && (
          <p>
            <button type="button" onClick={register} disabled={!url || registered !== null}>
              Create the endpoint in Stripe
            </button>{' '}
            <span class="hint">
              or add this URL in Stripe Dashboard &gt; Developers &gt; Webhooks and paste its signing secret above.
            </span>
          </p>
        )}
        {registered && <p class="notice">{registered}</p>}
      </div>
      {payloads.length === 0 ? (
        <p class="waiting" role="status">
          <span class="spinner" aria-hidden="true" /> Waiting for the first payload...
        </p>
      ) : (
        <div role="status">
          <p class="notice">Payload received. Fields found: {fields.length ? fields.join(', ') : 'none'}</p>
          <pre class="payload" aria-label="Latest payload">
            {JSON.stringify(payloads[0], null, 2)}
          </pre>
        </div>
      )}
      {problem && <p class="form-error">{problem}</p>}
    </div>
  );
}
