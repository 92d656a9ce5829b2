// When a connection runs: every few minutes, at times of day, by a cron expression, or after
// another connection. Shared by the wizard's last step and the dashboard's schedule control.
// While the person edits, the server says what the schedule would do if saved now.
import cronstrue from 'cronstrue';
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api';
import { describedBy, Field, messageFor, Options } from '../components/field';
import { TimezoneField } from '../components/timezone-select';
import { asApiError, useDebounced } from '../hooks';
import type { Connection, FieldProblem, Schedule, SchedulePreview } from '../types';
import { allowedPredecessors } from './run-after';
import { checkTimeOfDay, tidyTimeOfDay } from './time-of-day';

/** What the fields edit: a schedule of its own, or the connection it runs after. */
export interface Timing {
  schedule: Schedule | null;
  runAfter: string | null;
}

type Mode = 'interval' | 'times' | 'cron' | 'after';

const MODES: Array<{ mode: Mode; label: string }> = [
  { mode: 'interval', label: 'Every few minutes' },
  { mode: 'times', label: 'At times of day' },
  { mode: 'cron', label: 'Cron expression (advanced)' },
  { mode: 'after', label: 'Only after another connection' },
];

export function modeOf(timing: Timing): Mode {
  if (timing.runAfter) return 'after';
  const type = timing.schedule?.type;
  return type === 'times' || type === 'cron' ? type : 'interval';
}

/** The expression in words, or null when cronstrue cannot read it (the server then says why). */
function inWords(expression: string): string | null {
  try {
    return cronstrue.toString(expression, { use24HourTimeFormat: true, verbose: true });
  } catch {
    return null;
  }
}

export function ScheduleFields(props: {
  /** Prefix of every input id, unique on the page ("schedule", "schedule-<connection id>"). */
  idPrefix: string;
  value: Timing;
  onChange: (next: Timing) => void;
  connectionId: string | null;
  /** The workspace's connections, for "only after". */
  connections: Connection[];
  /** The last save's problems (`schedule.times[1]`, `runAfter`). */
  problems: FieldProblem[];
  /** The workspace's zone, the default for times of day and cron expressions. */
  timezone: string;
}) {
  const { idPrefix, value } = props;
  const [mode, setMode] = useState<Mode>(() => modeOf(value));
  const [touched, setTouched] = useState<Set<number>>(new Set());
  const [preview, setPreview] = useState<SchedulePreview | null>(null);
  const [previewProblems, setPreviewProblems] = useState<FieldProblem[]>([]);
  const schedule = value.schedule;
  const interval = schedule?.type === 'interval' ? schedule : { type: 'interval' as const, minutes: 15 };
  const times = schedule?.type === 'times' ? schedule : { type: 'times' as const, times: ['09:00'], timezone: props.timezone };
  const cron =
    schedule?.type === 'cron' ? schedule : { type: 'cron' as const, expression: '0 9 * * 1-5', timezone: props.timezone };
  const set = (next: Schedule | null, runAfter: string | null = null) => props.onChange({ schedule: next, runAfter });
  const setTimes = (list: string[]) => set({ ...times, times: list });

  const choose = (next: Mode) => {
    setMode(next);
    if (next === 'interval') set(interval);
    if (next === 'times') set(times);
    if (next === 'cron') set(cron);
    if (next === 'after') set(null, value.runAfter);
  };

  // What the schedule would do if saved now, once the typing stops and every time reads as one.
  const settled = useDebounced(mode === 'after' ? null : schedule, 300);
  useEffect(() => {
    setPreview(null);
    setPreviewProblems([]);
    if (!settled || (settled.type === 'times' && settled.times.some((time) => checkTimeOfDay(time) !== null))) return;
    let current = true;
    api
      .previewSchedule(settled)
      .then((next) => current && setPreview(next))
      .catch((caught) => current && setPreviewProblems(asApiError(caught).fields));
    return () => {
      current = false;
    };
  }, [JSON.stringify(settled)]);

  const timeProblems: FieldProblem[] =
    mode === 'times'
      ? times.times.flatMap((time, index) => {
          const problem = touched.has(index) ? checkTimeOfDay(time) : null;
          return problem ? [{ field: `schedule.times.${index}`, message: problem }] : [];
        })
      : [];
  const problems = [...timeProblems, ...previewProblems, ...props.problems];
  const error = (field: string) => messageFor(problems, field);
  const allowed = props.connectionId ? allowedPredecessors(props.connections, props.connectionId) : props.connections;
  const words = mode === 'cron' ? inWords(cron.expression) : null;

  return (
    <>
      <fieldset>
        <legend>When should this connection run?</legend>
        {MODES.map((choice) => (
          <label class="radio" key={choice.mode}>
            <input type="radio" name={`${idPrefix}-mode`} checked={mode === choice.mode} onChange={() => choose(choice.mode)} />{' '}
            {choice.label}
          </label>
        ))}
      </fieldset>

      {mode === 'interval' && (
        <Field
          id={`${idPrefix}-minutes`}
          label="Interval in minutes"
          required
          description={preview?.first ? `First run: ${preview.first.description}` : undefined}
          error={error('schedule.minutes')}
        >
          <input
            id={`${idPrefix}-minutes`}
            type="number"
            min={1}
            step={1}
            value={interval.minutes}
            onInput={(e) => set({ type: 'interval', minutes: Number(e.currentTarget.value) })}
            {...describedBy(`${idPrefix}-minutes`, Boolean(preview?.first), error('schedule.minutes'))}
          />
        </Field>
      )}

      {mode === 'times' && (
        <fieldset>
          <legend>Times of day (24-hour clock)</legend>
          {times.times.map((time, index) => {
            const id = `${idPrefix}-time-${index + 1}`;
            const first = preview?.times[index]?.first.description;
            const problem = error(`schedule.times.${index}`);
            return (
              <div class="inline" key={index}>
                <Field
                  id={id}
                  label={`Time ${index + 1}`}
                  description={first ? `First run: ${first}` : 'HH:MM, e.g. 14:30'}
                  error={problem}
                >
                  <input
                    id={id}
                    type="text"
                    inputMode="numeric"
                    autocomplete="off"
                    placeholder="HH:MM"
                    maxLength={5}
                    value={time}
                    onInput={(e) => setTimes(times.times.map((t, i) => (i === index ? e.currentTarget.value : t)))}
                    onBlur={(e) => {
                      setTouched((current) => new Set(current).add(index));
                      const tidy = tidyTimeOfDay(e.currentTarget.value);
                      if (tidy !== e.currentTarget.value) setTimes(times.times.map((t, i) => (i === index ? tidy : t)));
                    }}
                    {...describedBy(id, true, problem)}
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
            id={`${idPrefix}-timezone`}
            value={times.timezone}
            onChange={(timezone) => set({ ...times, timezone })}
            error={error('schedule.timezone')}
          />
          <p class="hint">
            The 5-minute rule: when you save or turn on the schedule, a time that is 5 minutes away or less starts tomorrow, so a
            run is never started half-prepared; later times start today. After that, it runs every day at these times.
          </p>
        </fieldset>
      )}

      {mode === 'cron' && (
        <fieldset>
          <legend>Cron expression</legend>
          <Field
            id={`${idPrefix}-cron`}
            label="Cron expression"
            required
            description="Five fields: minute hour day-of-month month day-of-week, e.g. 0 9 * * 1-5 for 09:00 Monday to Friday."
            error={error('schedule.expression')}
          >
            <input
              id={`${idPrefix}-cron`}
              type="text"
              class="mono"
              autocomplete="off"
              spellcheck={false}
              value={cron.expression}
              onInput={(e) => set({ ...cron, expression: e.currentTarget.value })}
              {...describedBy(`${idPrefix}-cron`, true, error('schedule.expression'))}
            />
          </Field>
          {words && !error('schedule.expression') && (
            <p class="cron-words" aria-label="Cron expression in words">
              {words}
            </p>
          )}
          <TimezoneField
            id={`${idPrefix}-timezone`}
            value={cron.timezone}
            onChange={(timezone) => set({ ...cron, timezone })}
            error={error('schedule.timezone')}
          />
          {preview && preview.upcoming.length > 0 && (
            <div class="next-runs">
              <p class="hint">Next runs if saved now:</p>
              <ul aria-label="Next runs">
                {preview.upcoming.map((due) => (
                  <li key={due.at}>{due.description}</li>
                ))}
              </ul>
            </div>
          )}
        </fieldset>
      )}

      {mode === 'after' && (
        <Field
          id={`${idPrefix}-run-after`}
          label="Run after connection"
          required
          description="Runs right after each completed run of the chosen connection. Connections that already follow this one are not offered, so a loop cannot happen."
          error={error('runAfter')}
        >
          <select
            id={`${idPrefix}-run-after`}
            value={value.runAfter ?? ''}
            onChange={(e) => set(null, e.currentTarget.value || null)}
            {...describedBy(`${idPrefix}-run-after`, true, error('runAfter'))}
          >
            <option value="">Choose a connection...</option>
            <Options choices={allowed.map((c) => ({ value: c.id, label: c.name }))} />
          </select>
        </Field>
      )}
      {error('schedule') && (
        <p class="field-error" role="alert">
          {error('schedule')}
        </p>
      )}
    </>
  );
}
