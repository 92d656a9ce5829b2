import { useEffect, useState } from 'preact/hooks';
import { api } from '../api';
import { describedBy, Field, FormError, messageFor, Options } from '../components/field';
import { TimezoneField } from '../components/timezone-select';
import { asApiError, useLoad } from '../hooks';
import { navigate } from '../router';
import { useSession } from '../session';
import type { Schedule } from '../types';
import { allowedPredecessors } from './run-after';
import type { StepProps } from './shared';
import { BackButton, SaveError } from './step-form';

type Mode = 'interval' | 'times' | 'after';

export function ScheduleStep(props: StepProps) {
  const { draft, setDraft, connection, problems } = props;
  const { session } = useSession();
  const others = useLoad(() => api.connections(), []);
  const [mode, setMode] = useState<Mode>(draft.runAfter ? 'after' : draft.schedule?.type === 'times' ? 'times' : 'interval');
  const [toggleError, setToggleError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const [switching, setSwitching] = useState<boolean | null>(null);
  const schedule = draft.schedule;
  const times =
    schedule?.type === 'times' ? schedule : { type: 'times' as const, times: ['09:00'], timezone: session.workspace.timezone };
  const interval = schedule?.type === 'interval' ? schedule : { type: 'interval' as const, minutes: 15 };

  // What the form shows on arrival is what gets saved, even if nothing is touched.
  useEffect(() => {
    if (!draft.schedule && !draft.runAfter) setDraft((d) => ({ ...d, schedule: interval }));
  }, []);

  const setSchedule = (next: Schedule | null, runAfter: string | null = null) => {
    setSaved(false);
    setDraft((d) => ({ ...d, schedule: next, runAfter }));
  };
  const chooseMode = (next: Mode) => {
    setMode(next);
    if (next === 'interval') setSchedule(interval);
    if (next === 'times') setSchedule(times);
    if (next === 'after') setSchedule(null, draft.runAfter);
  };
  const setTimes = (list: string[]) => setSchedule({ ...times, times: list });

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

  const allowed = connection ? allowedPredecessors(others.data ?? [], connection.id) : [];
  const error = (field: string) => messageFor(problems, field);
  return (
    <div>
      <SaveError error={props.saveError} />
      <fieldset>
        <legend>When should this connection run?</legend>
        <label class="radio">
          <input type="radio" name="schedule-mode" checked={mode === 'interval'} onChange={() => chooseMode('interval')} /> Every
          few minutes
        </label>
        <label class="radio">
          <input type="radio" name="schedule-mode" checked={mode === 'times'} onChange={() => chooseMode('times')} /> At times of
          day
        </label>
        <label class="radio">
          <input type="radio" name="schedule-mode" checked={mode === 'after'} onChange={() => chooseMode('after')} /> Only after
          another connection
        </label>
      </fieldset>

      {mode === 'interval' && (
        <Field id="schedule-minutes" label="Interval in minutes" required error={error('schedule.minutes')}>
          <input
            id="schedule-minutes"
            type="number"
            min={1}
            step={1}
            value={interval.minutes}
            onInput={(e) => setSchedule({ type: 'interval', minutes: Number(e.currentTarget.value) })}
            {...describedBy('schedule-minutes', false, error('schedule.minutes'))}
          />
        </Field>
      )}

      {mode === 'times' && (
        <fieldset>
          <legend>Times of day</legend>
          {times.times.map((time, index) => {
            const id = `schedule-time-${index + 1}`;
            return (
              <div class="inline" key={index}>
                <Field id={id} label={`Time ${index + 1}`} error={error(`schedule.times.${index}`)}>
                  <input
                    id={id}
                    type="time"
                    value={time}
                    onInput={(e) => setTimes(times.times.map((t, i) => (i === index ? e.currentTarget.value : t)))}
                    {...describedBy(id, false, error(`schedule.times.${index}`))}
                  />
                </Field>
                {times.times.length > 1 && (
                  <button
                    type="button"
                    onClick={() => setTimes(times.times.filter((_, i) => i !== index))}
                    aria-label={`Remove time ${index + 1}`}
                  >
                    Remove
                  </button>
                )}
              </div>
            );
          })}
          <button type="button" onClick={() => setTimes([...times.times, '12:00'])}>
            Add a time
          </button>
          <TimezoneField
            id="schedule-timezone"
            value={times.timezone}
            onChange={(timezone) => setSchedule({ ...times, timezone })}
            error={error('schedule.timezone')}
          />
          <p class="hint" id="five-minute-rule">
            The 5-minute rule: when you save or turn on the schedule, a time that is 5 minutes away or less starts tomorrow, so a
            run is never started half-prepared; later times start today. After that, it runs every day at these times.
          </p>
        </fieldset>
      )}

      {mode === 'after' && (
        <Field
          id="schedule-run-after"
          label="Run after connection"
          required
          description="Runs right after each completed run of the chosen connection. Connections that already follow this one are not offered, so a loop cannot happen."
          error={error('runAfter')}
        >
          <select
            id="schedule-run-after"
            value={draft.runAfter ?? ''}
            onChange={(e) => setSchedule(null, e.currentTarget.value || null)}
            {...describedBy('schedule-run-after', true, error('runAfter'))}
          >
            <option value="">Choose a connection...</option>
            <Options choices={allowed.map((c) => ({ value: c.id, label: c.name }))} />
          </select>
        </Field>
      )}
      {messageFor(problems, 'schedule') && (
        <p class="field-error" role="alert">
          {messageFor(problems, 'schedule')}
        </p>
      )}

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
