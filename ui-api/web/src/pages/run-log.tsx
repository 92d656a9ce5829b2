import { api } from '../api';
import { BarChart } from '../components/bar-chart';
import { RunDetails } from '../components/run-details';
import { formatDuration, formatTime, statusLabel } from '../format';
import { useLoad, usePagedList, usePoll } from '../hooks';
import { Link, navigate, useLocation } from '../router';
import { useCan, useSession } from '../session';

export function RunLogPage({ connectionId }: { connectionId: string }) {
  const { session } = useSession();
  const mayBuild = useCan('connections.build');
  const { query } = useLocation();
  const connection = useLoad(() => api.connection(connectionId), [connectionId]);
  const runs = usePagedList((cursor) => api.runs(connectionId, cursor), [connectionId]);
  const stats = useLoad(() => api.stats(connectionId, 30), [connectionId]);
  const list = runs.items ?? [];
  const active = list.some((r) => r.status === 'queued' || r.status === 'running');
  usePoll(() => runs.reload(), 2000, active);
  const selected = query.get('run') ?? list[0]?.id ?? null;
  const timezone = session.workspace.timezone;
  const base = `/connections/${encodeURIComponent(connectionId)}`;

  return (
    <section>
      <div class="page-head">
        <h1>Run log{connection.data ? `: ${connection.data.name}` : ''}</h1>
        {mayBuild && (
          <Link href={`${base}/edit`} class="button">
            Edit connection
          </Link>
        )}
      </div>
      <h2>Last 30 days</h2>
      {stats.data ? <BarChart days={stats.data} span={30} timezone={timezone} /> : <p class="loading">Loading chart...</p>}
      <h2>Runs</h2>
      {runs.error && (
        <p class="form-error" role="alert">
          {runs.error.message}
        </p>
      )}
      {list.length === 0 ? (
        <p class="empty">No runs yet. Use "Run now" on the connections page, or wait for the schedule.</p>
      ) : (
        <div class="table-scroll">
          <table aria-label="Runs" class="stack">
            <thead>
              <tr>
                <th scope="col">Started</th>
                <th scope="col">Status</th>
                <th scope="col">Sent</th>
                <th scope="col">Failed</th>
                <th scope="col">Duration</th>
                <th scope="col">
                  <span class="visually-hidden">Details</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.map((run) => (
                <tr key={run.id} aria-current={run.id === selected ? 'true' : undefined}>
                  <td data-label="Started">{formatTime(run.startedAt ?? run.queuedAt, timezone)}</td>
                  <td data-label="Status">
                    <span class={`status status-${run.status}`}>{statusLabel(run.status)}</span>
                  </td>
                  <td data-label="Sent">{run.itemsSent}</td>
                  <td data-label="Failed">{run.itemsFailed}</td>
                  <td data-label="Duration">{formatDuration(run.startedAt, run.finishedAt)}</td>
                  <td data-label="">
                    <button
                      type="button"
                      class="link-button"
                      onClick={() =>
                        navigate(`${base}/runs?run=${encodeURIComponent(run.id)}`, { replace: true, keepScroll: true })
                      }
                    >
                      Show items
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {runs.hasMore && (
        <button type="button" onClick={runs.loadMore} disabled={runs.loadingMore}>
          {runs.loadingMore ? 'Loading...' : 'Show older runs'}
        </button>
      )}
      {selected && (
        <RunDetails
          key={selected}
          runId={selected}
          timezone={timezone}
          onFinished={() => void Promise.all([runs.reload(), stats.reload()])}
        />
      )}
    </section>
  );
}
