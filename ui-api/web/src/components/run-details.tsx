// One run: its counts, a progress bar while it works, and every item with what was sent
// or what Stripe answered.
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api';
import { formatDuration, formatTime, preview, statusLabel } from '../format';
import { asApiError, useLoad, usePoll } from '../hooks';
import { navigate } from '../router';
import { useCan } from '../session';
import type { RunItem } from '../types';
import { ItemOutput } from './item-output';

export function RunDetails(props: { runId: string; timezone: string; onFinished?: () => void }) {
  const run = useLoad(() => api.run(props.runId), [props.runId]);
  const [status, setStatus] = useState('');
  const [items, setItems] = useState<RunItem[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const mayRun = useCan('connections.run');
  const [message, setMessage] = useState<string | null>(null);
  const active = run.data?.status === 'queued' || run.data?.status === 'running';

  const loadItems = async (from: string | null) => {
    try {
      const page = await api.runItems(props.runId, { status: status || undefined, cursor: from });
      setItems((current) => (from ? [...current, ...page.items] : page.items));
      setCursor(page.nextCursor);
    } catch (caught) {
      setMessage(asApiError(caught).message);
    }
  };
  useEffect(() => {
    void loadItems(null);
  }, [props.runId, status, run.data?.status, run.data?.itemsSent, run.data?.itemsFailed]);
  usePoll(() => run.reload(), 1000, active);
  useEffect(() => {
    if (run.data && !active) props.onFinished?.();
  }, [active, run.data?.id]);

  if (run.error)
    return (
      <p class="form-error" role="alert">
        {run.error.message}
      </p>
    );
  if (!run.data) return <p class="loading">Loading run...</p>;
  const r = run.data;
  const done = r.itemsSent + r.itemsFailed + (r.itemsSkipped ?? 0) + (r.itemsNotAttempted ?? 0);

  const follow = async (start: () => Promise<{ id: string }>) => {
    try {
      const next = await start();
      navigate(`/connections/${encodeURIComponent(r.connectionId)}/runs?run=${encodeURIComponent(next.id)}`);
    } catch (caught) {
      setMessage(asApiError(caught).message);
    }
  };
  const retry = () => follow(() => api.retryFailed(r.id));
  const send = (item: RunItem) => follow(() => api.sendItem(r.id, item.id));

  return (
    <section class="run" aria-label="Run details">
      <h2>
        Run of {formatTime(r.startedAt ?? r.queuedAt, props.timezone)}:{' '}
        <span class={`status status-${r.status}`}>{statusLabel(r.status)}</span>
      </h2>
      {active && (
        <div class="progress-row">
          <label for={`progress-${r.id}`}>Progress</label>
          {r.itemsTotal > 0 ? (
            <progress id={`progress-${r.id}`} max={r.itemsTotal} value={done} aria-label="Run progress" />
          ) : (
            <progress id={`progress-${r.id}`} aria-label="Run progress" />
          )}
          <span>{r.itemsTotal > 0 ? `${done} of ${r.itemsTotal}` : 'Reading the source...'}</span>
        </div>
      )}
      <dl class="facts">
        <dt>Sent</dt>
        <dd data-count="sent">{r.itemsSent}</dd>
        <dt>Failed</dt>
        <dd data-count="failed">{r.itemsFailed}</dd>
        <dt>Skipped</dt>
        <dd>{(r.itemsSkipped ?? 0) - (r.itemsNotSent ?? 0)}</dd>
        {(r.itemsNotSent ?? 0) > 0 && (
          <>
            <dt>Not sent (see why below)</dt>
            <dd data-count="not-sent">{r.itemsNotSent}</dd>
          </>
        )}
        {(r.itemsNotAttempted ?? 0) > 0 && (
          <>
            <dt>Not attempted (the next run sends them)</dt>
            <dd data-count="not-attempted">{r.itemsNotAttempted}</dd>
          </>
        )}
        <dt>Duration</dt>
        <dd>{formatDuration(r.startedAt, r.finishedAt)}</dd>
      </dl>
      {r.error && (
        <p class="form-error" role="alert">
          {r.error.message}
        </p>
      )}
      {message && (
        <p class="form-error" role="alert">
          {message}
        </p>
      )}
      <div class="actions">
        {r.itemsFailed > 0 && !active && mayRun && (
          <button type="button" onClick={retry}>
            Retry failed items
          </button>
        )}
        <label for={`items-filter-${r.id}`}>Show</label>
        <select id={`items-filter-${r.id}`} value={status} onChange={(e) => setStatus(e.currentTarget.value)}>
          <option value="">All items</option>
          <option value="sent">Sent</option>
          <option value="failed">Failed</option>
          <option value="skipped">Skipped</option>
          <option value="not_attempted">Not attempted</option>
        </select>
      </div>
      {items.length === 0 ? (
        <p class="empty">
          {active
            ? 'No items yet.'
            : done > 0 && !status
              ? 'The items of this run are no longer kept (older than the retention period); its counts above remain.'
              : 'No items in this run.'}
        </p>
      ) : (
        <div class="table-scroll">
          <table aria-label="Run items" class="stack">
            <thead>
              <tr>
                <th scope="col">Source key</th>
                <th scope="col">Status</th>
                <th scope="col">Mapped values</th>
                <th scope="col">Stripe result</th>
              </tr>
            </thead>
            <tbody>
              {items.map((item) => (
                <tr key={item.id}>
                  <td class="mono" data-label="Source key">
                    {item.itemKey}
                  </td>
                  <td data-label="Status">
                    <span class={`status status-${item.status}`}>{item.notSent ? 'Not sent' : statusLabel(item.status)}</span>
                  </td>
                  <td data-label="Mapped values">
                    <MappedValues values={item.mapped ?? (item.notSent ? item.source : null)} />
                  </td>
                  <td data-label="Stripe result">
                    {item.destinationObjectId && <span class="mono">{item.destinationObjectId}</span>}
                    {item.result && <ItemOutput summary={item.result.summary} output={item.result.output} />}
                    {item.notSent && <NotSentNote item={item} active={active} onSend={mayRun ? () => send(item) : null} />}
                    {item.error && (
                      <span class="item-error">
                        {item.error.message}
                        {item.error.param && (
                          <>
                            {' '}
                            (parameter: <code>{item.error.param}</code>)
                          </>
                        )}
                      </span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {cursor && (
        <button type="button" onClick={() => loadItems(cursor)}>
          Load more items
        </button>
      )}
    </section>
  );
}

function MappedValues({ values }: { values: Record<string, unknown> | null }) {
  if (!values) return <span class="hint">—</span>;
  return (
    <dl class="mapped">
      {Object.entries(values).map(([name, value]) => (
        <div key={name}>
          <dt>{name}</dt>
          <dd>{preview(value)}</dd>
        </div>
      ))}
    </dl>
  );
}

/** "Not sent: looks like an edit of row 5 (changed: Plan)" and, when it may be sent, the button that does. */
function NotSentNote(props: { item: RunItem; active: boolean; onSend: (() => void) | null }) {
  const { notSent, sendRequestedAt } = props.item;
  if (!notSent) return null;
  return (
    <span class="item-note">
      Not sent: {notSent.reason}.{' '}
      {notSent.sendable &&
        (sendRequestedAt ? (
          <span class="hint">Sending was requested.</span>
        ) : (
          !props.active &&
          props.onSend && (
            <button type="button" onClick={props.onSend} aria-label={`Send item ${props.item.itemKey}`}>
              Send it
            </button>
          )
        ))}
    </span>
  );
}
