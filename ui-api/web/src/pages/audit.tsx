import { api } from '../api';
import { formatTime } from '../format';
import { usePagedList } from '../hooks';
import { useSession } from '../session';

/** Who did what, and when: the workspace's audit log, newest first. */
export function AuditPage() {
  const { session } = useSession();
  const events = usePagedList((cursor) => api.audit(cursor), []);
  if (events.error)
    return (
      <p class="form-error" role="alert">
        {events.error.message}
      </p>
    );
  return (
    <section>
      <h1>Audit log</h1>
      {!events.items ? (
        <p class="loading">Loading...</p>
      ) : events.items.length === 0 ? (
        <p class="empty">Nothing has happened here yet.</p>
      ) : (
        <table class="audit" aria-label="Audit log">
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Who</th>
              <th scope="col">What</th>
              <th scope="col">Summary</th>
            </tr>
          </thead>
          <tbody>
            {events.items.map((event) => (
              <tr key={event.id}>
                <td data-label="When">{formatTime(event.at, session.workspace.timezone)}</td>
                <td data-label="Who">
                  {event.actor.email ?? 'a removed person'}
                  {event.actor.via === 'token' ? ` (API token “${event.actor.tokenName ?? 'revoked'}”)` : ''}
                </td>
                <td data-label="What">{event.action}</td>
                <td data-label="Summary">{event.summary}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {events.hasMore && (
        <button type="button" onClick={events.loadMore} disabled={events.loadingMore}>
          {events.loadingMore ? 'Loading...' : 'Show older'}
        </button>
      )}
    </section>
  );
}
