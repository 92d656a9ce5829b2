import { useEffect, useState } from 'preact/hooks';
import { api } from '../api';
import { FormError } from '../components/field';
import { asApiError, useLoad } from '../hooks';
import { navigate } from '../router';
import { useSession } from '../session';
import { modeOf, ScheduleFields, type Timing } from './schedule-fields';
import type { StepProps } from './shared';
import { BackButton, SaveError } from './step-form';

export function ScheduleStep(props: StepProps) {
  const { draft, setDraft, connection, problems } = props;
  const { session } = useSession();
  const others = useLoad(() => api.allConnections(), []);
  const [toggleError, setToggleError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const [switching, setSwitching] = useState<boolean | null>(null);

  // What the form shows on arrival is what gets saved, even if nothing is touched.
  useEffect(() => {
    if (!draft.schedule && !draft.runAfter) setDraft((d) => ({ ...d, schedule: { type: 'interval', minutes: 15 } }));
  }, []);

  const setTiming = (next: Timing) => {
    setSaved(false);
    setDraft((d) => ({ ...d, ...next }));
  };
  const save = async () => {
    if (await props.save()) setSaved(true);
  };
  const toggle = async (on: boolean) => {
    if (!connection) return;
    setToggleError(null);
    // The switch moves at once; it springs back if saving or switching fails.
    setSwitching(on);
    try {
      // Saving first means the schedule on screen is the one that gets enabled.
      if (on && !(await props.save())) return;
      if (on) await api.enable(connection.id);
      else await api.disable(connection.id);
      setDraft((d) => ({ ...d, enabled: on }));
      await props.reload();
    } catch (caught) {
      setToggleError(asApiError(caught).message);
    } finally {
      setSwitching(null);
    }
  };

  const mode = modeOf(draft);
  return (
    <div>
      <SaveError
        error={props.saveError}
        shownHere={(field) => field.startsWith('schedule') || field === 'runAfter' || field === 'enabled'}
      />
      <ScheduleFields
        idPrefix="schedule"
        value={{ schedule: draft.schedule, runAfter: draft.runAfter }}
        onChange={setTiming}
        connectionId={connection?.id ?? null}
        connections={others.data ?? []}
        problems={problems}
        timezone={session.workspace.timezone}
      />

      <div class="actions">
        <button type="button" onClick={save} disabled={props.saving}>
          {props.saving ? 'Saving...' : 'Save schedule'}
        </button>
        {saved && <span role="status">Saved.</span>}
      </div>

      <p class="first-run" role="status" aria-label="First run">
        {connection?.enabled && connection.nextRunDescription
          ? `First run: ${connection.nextRunDescription}`
          : connection?.nextRunDescription
            ? `First run once turned on: ${connection.nextRunDescription}`
            : mode === 'after'
              ? 'Runs after each completed run of the chosen connection.'
              : 'The first run is computed when the connection is turned on.'}
      </p>

      <div class="field field-check switch">
        <input
          id="connection-enabled"
          type="checkbox"
          role="switch"
          checked={switching ?? draft.enabled}
          disabled={switching !== null}
          onChange={(e) => toggle(e.currentTarget.checked)}
        />
        <label for="connection-enabled">Connection enabled</label>
      </div>
      <FormError message={toggleError} />

      <div class="actions">
        <BackButton step={4} goTo={props.goTo} />
        <button type="button" class="primary" onClick={async () => (await props.save()) && navigate('/')}>
          Finish
        </button>
      </div>
    </div>
  );
}
