// The schedule of a connection, changed right on its dashboard card, like its on/off
// switch: no need to walk through the wizard to step 5.
import cronstrue from 'cronstrue';
import { useState } from 'preact/hooks';
import { api, type ApiError } from '../api';
import { FormError } from '../components/field';
import { asApiError } from '../hooks';
import type { Connection } from '../types';
import { ScheduleFields, type Timing } from '../wizard/schedule-fields';

/** The schedule in a few words: "Every 15 minutes", "Daily at 09:00 and 17:30 (Europe/Berlin)". */
export function scheduleSummary(connection: Connection, nameOf: (id: string) => string): string {
  if (connection.runAfter) return `After “${nameOf(connection.runAfter)}”`;
  const schedule = connection.schedule;
  switch (schedule?.type) {
    case 'interval':
      return schedule.minutes === 1 ? 'Every minute' : `Every ${schedule.minutes} minutes`;
    case 'times':
      return `Daily at ${schedule.times.join(', ')} (${schedule.timezone})`;
    case 'cron': {
      let words = schedule.expression;
      try {
        words = cronstrue.toString(schedule.expression, { use24HourTimeFormat: true });
      } catch {
        // Saved expressions were checked by the server; words are a nicety.
      }
      return `${words} (${schedule.timezone})`;
    }
    default:
      return 'Only when run by hand';
  }
}

export function ScheduleControl(props: {
  connection: Connection;
  connections: Connection[];
  timezone: string;
  onSaved: () => Promise<void>;
  /** The panel opened: the dashboard then reads connections it has not shown yet. */
  onOpen?: () => void;
}) {
  const { connection } = props;
  const [editing, setEditing] = useState<Timing | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const panelId = `schedule-panel-${connection.id}`;

  const open = () => {
    props.onOpen?.();
    setError(null);
    setEditing({ schedule: connection.schedule ?? { type: 'interval', minutes: 15 }, runAfter: connection.runAfter });
  };
  const save = async (event: Event) => {
    event.preventDefault();
    if (!editing) return;
    setBusy(true);
    setError(null);
    try {
      const { name, source, destination, mapping, enabled } = connection;
      await api.saveConnection(connection.id, {
        name,
        source,
        destination,
        mapping: Object.fromEntries(Object.entries(mapping).map(([key, value]) => [key, String(value)])),
        enabled,
        schedule: editing.runAfter ? null : editing.schedule,
        runAfter: editing.runAfter,
      });
      await props.onSaved();
      setEditing(null);
    } catch (caught) {
      setError(asApiError(caught));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <button
        type="button"
        aria-expanded={editing !== null}
        aria-controls={panelId}
        aria-label={`Schedule: ${connection.name}`}
        onClick={() => (editing ? setEditing(null) : open())}
      >
        Schedule
      </button>
      {editing && (
        <form id={panelId} class="schedule-panel" onSubmit={save} noValidate aria-label={`Schedule of ${connection.name}`}>
          <FormError message={error && error.fields.length === 0 ? error.message : null} />
          <ScheduleFields
            idPrefix={`schedule-${connection.id}`}
            value={editing}
            onChange={setEditing}
            connectionId={connection.id}
            connections={props.connections}
            problems={error?.fields ?? []}
            timezone={props.timezone}
          />
          <div class="actions">
            <button type="submit" class="primary" disabled={busy}>
              {busy ? 'Saving...' : 'Save schedule'}
            </button>
            <button type="button" onClick={() => setEditing(null)}>
              Cancel
            </button>
          </div>
        </form>
      )}
    </>
  );
}
