import { useEffect, useState } from 'preact/hooks';
import { api } from '../api';
import { formatTime, statusLabel } from '../format';
import { asApiError, useLoad, usePagedList, usePoll } from '../hooks';
import { Link, navigate } from '../router';
import { useCan, useSession } from '../session';
import type { Connection, ConnectorInfo } from '../types';
import { ScheduleControl, scheduleSummary } from './schedule-control';

export function displayNames(catalog: ConnectorInfo[] | null, connection: Connection): { source: string; destination: string } {
  const source = catalog?.find((c) => c.name === connection.source.connector);
  const destination = catalog?.find((c) => c.name === connection.destination?.connector);
  const trigger = source?.triggers.find((t) => t.name === connection.source.trigger);
  const action = destination?.actions.find((a) => a.name === connection.destination?.action);
  return {
    source: `${source?.displayName ?? connection.source.connector}${trigger ? `: ${trigger.displayName}` : ''}`,
    destination: destination ? `${destination.displayName}${action ? `: ${action.displayName}` : ''}` : 'not chosen yet',
  };
}

export function DashboardPage() {
  const { session } = useSession();
  const mayBuild = useCan('connections.build');
  const googleError = new URLSearchParams(location.search).get('googleError');
  const connections = usePagedList((cursor) => api.connections(cursor), []);
  const catalog = useLoad(() => api.connectors(), []);
  const running = (connections.items ?? []).some(
    (c) => c.lastRun && (c.lastRun.status === 'queued' || c.lastRun.status === 'running'),
  );
  usePoll(() => connections.reload(), 3000, running);
  // Cards come a page at a time, but naming the connection a card runs after, and offering
  // every connection to follow, need them all: read them (in pages) only when that is asked.
  const [needAll, setNeedAll] = useState(false);
  const everyone = useLoad(() => (needAll ? api.allConnections() : Promise.resolve(null)), [needAll]);
  const shown = connections.items ?? [];
  const unnamed = shown.some((c) => c.runAfter && !shown.some((other) => other.id === c.runAfter));
  useEffect(() => {
    if (unnamed && connections.hasMore) setNeedAll(true);
  }, [unnamed, connections.hasMore]);

  if (connections.error)
    return (
      <p class="form-error" role="alert">
        {connections.error.message}
      </p>
    );
  if (!connections.items) return <p class="loading">Loading connections...</p>;
  const list = connections.items;
  const known = [...list, ...(everyone.data ?? []).filter((c) => !list.some((shownOne) => shownOne.id === c.id))];

  return (
    <section>
      <div class="page-head">
        <h1>Connections</h1>
        {mayBuild && (
          <Link href="/connections/new" class="button primary">
            New connection
          </Link>
        )}
      </div>
      {googleError && (
        <p class="form-error" role="alert">
          Google sign-in did not finish ({googleError}). Try again from the wizard or the Accounts page.
        </p>
      )}
      {list.length === 0 ? (
        <div class="empty">
          <h2>No connections yet</h2>
          <p>
            A connection sends new data from a source (a Google Sheet or a webhook) to Stripe: for example, every new row of a
            leads sheet becomes a Stripe customer. The wizard walks you through five steps: data source, destination, field
            mapping, test data and auto-update.
          </p>
          {mayBuild ? (
            <Link href="/connections/new" class="button primary">
              Create your first connection
            </Link>
          ) : (
            <p class="hint">As a viewer you can read connections and their run logs; an editor builds them.</p>
          )}
        </div>
      ) : (
        <ul class="cards" aria-label="Connections">
          {list.map((connection) => (
            <ConnectionCard
              key={connection.id}
              connection={connection}
              connections={known}
              catalog={catalog.data}
              timezone={session.workspace.timezone}
              onChange={connections.reload}
              onScheduleOpened={() => connections.hasMore && setNeedAll(true)}
            />
          ))}
        </ul>
      )}
      {connections.hasMore && (
        <button type="button" onClick={connections.loadMore} disabled={connections.loadingMore}>
          {connections.loadingMore ? 'Loading...' : 'Show more connections'}
        </button>
      )}
    </section>
  );
}

/** When the connection runs next, in words: a time, "after <name>", or why it does not. */
function nextRun(connection: Connection, nameOf: (id: string) => string, timezone: string): string {
  if (!connection.enabled) return 'Off';
  if (connection.runAfter) return `After “${nameOf(connection.runAfter)}” runs`;
  if (connection.nextRunDescription) return connection.nextRunDescription;
  if (connection.nextRunAt) return formatTime(connection.nextRunAt, timezone);
  return 'Only when run by hand';
}

function ConnectionCard(props: {
  connection: Connection;
  /** Every connection of the workspace: the one this runs after is named, and offered to follow. */
  connections: Connection[];
  catalog: ConnectorInfo[] | null;
  timezone: string;
  onChange: () => Promise<void>;
  onScheduleOpened: () => void;
}) {
  const { connection } = props;
  const mayBuild = useCan('connections.build');
  const mayRun = useCan('connections.run');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const names = displayNames(props.catalog, connection);
  const last = connection.lastRun;
  const toggleId = `enabled-${connection.id}`;
  const nameOf = (id: string) => props.connections.find((c) => c.id === id)?.name ?? 'a deleted connection';

  const toggle = async () => {
    setBusy(true);
    setError(null);
    try {
      if (connection.enabled) await api.disable(connection.id);
      else await api.enable(connection.id);
      await props.onChange();
    } catch (caught) {
      setError(asApiError(caught).message);
    } finally {
      setBusy(false);
    }
  };
  const runNow = async () => {
    setBusy(true);
    setError(null);
    try {
      const run = await api.runNow(connection.id);
      navigate(`/connections/${encodeURIComponent(connection.id)}/runs?run=${encodeURIComponent(run.id)}`);
    } catch (caught) {
      setError(asApiError(caught).message);
      setBusy(false);
    }
  };

  return (
    <li class="card">
      <div class="card-head">
        <h2>{connection.name}</h2>
        <span class="switch">
          <input
            id={toggleId}
            type="checkbox"
            role="switch"
            checked={connection.enabled}
            disabled={busy || !mayBuild}
            title={mayBuild ? undefined : 'An editor can turn auto-update on or off.'}
            onChange={toggle}
            aria-label={`Enabled: ${connection.name}`}
          />
          <label for={toggleId} aria-hidden="true">
            {connection.enabled ? 'On' : 'Off'}
          </label>
        </span>
      </div>
      <p class="flow">
        {names.source} <span aria-label="to">→</span> {names.destination}
      </p>
      <dl class="facts">
        <dt>Last run</dt>
        <dd>
          {last ? (
            <>
              {formatTime(last.finishedAt, props.timezone)} ·{' '}
              <span class={`status status-${last.status}`}>{statusLabel(last.status)}</span> · {last.itemsSent} sent,{' '}
              {last.itemsFailed} failed
            </>
          ) : (
            'Never run'
          )}
        </dd>
        <dt>Schedule</dt>
        <dd>{scheduleSummary(connection, nameOf)}</dd>
        <dt>Next run</dt>
        <dd>{nextRun(connection, nameOf, props.timezone)}</dd>
      </dl>
      {error && (
        <p class="form-error" role="alert">
          {error}
        </p>
      )}
      <div class="actions">
        {mayRun && (
          <button type="button" onClick={runNow} disabled={busy} aria-label={`Run now: ${connection.name}`}>
            Run now
          </button>
        )}
        {mayBuild && (
          <>
            <ScheduleControl
              connection={connection}
              connections={props.connections}
              timezone={props.timezone}
              onSaved={props.onChange}
              onOpen={props.onScheduleOpened}
            />
            <Link
              href={`/connections/${encodeURIComponent(connection.id)}/edit`}
              class="button"
              aria-label={`Edit: ${connection.name}`}
            >
              Edit
            </Link>
          </>
        )}
        <Link
          href={`/connections/${encodeURIComponent(connection.id)}/runs`}
          class="button"
          aria-label={`Run log: ${connection.name}`}
        >
          Run log
        </Link>
      </div>
    </li>
  );
}
