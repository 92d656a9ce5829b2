// Items sent and failed per day, drawn as stacked bars in plain SVG, with a count axis, a
// date axis, and each day's figures shown when the pointer (or keyboard focus) is on it.
import { useState } from 'preact/hooks';
import type { DayStats } from '../types';

const WIDTH = 600;
const HEIGHT = 160;
const GAP = 2;

/** YYYY-MM-DD of `date` in `timezone`. */
function dayIn(date: Date, timezone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: timezone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(date);
}

/** The server only lists days that had items; the chart shows every day of the span, quiet ones as gaps. */
export function everyDay(counted: DayStats[], span: number, timezone: string, now = new Date()): DayStats[] {
  const byDay = new Map(counted.map((d) => [d.day, d]));
  const [year, month, day] = dayIn(now, timezone).split('-').map(Number);
  return Array.from({ length: span }, (_, index) => {
    const name = new Date(Date.UTC(year, month - 1, day - (span - 1 - index))).toISOString().slice(0, 10);
    return byDay.get(name) ?? { day: name, sent: 0, failed: 0 };
  });
}

/** "2026-06-10" -> "10 Jun". */
function shortDate(day: string): string {
  return new Date(`${day}T12:00:00Z`).toLocaleDateString('en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC' });
}

/** A round, even top for the count axis, so its labels read 0, 5, 10 rather than 0, 3.5, 7. */
function axisTop(peak: number): number {
  if (peak <= 4) return peak <= 2 ? 2 : 4;
  const magnitude = 10 ** Math.floor(Math.log10(peak));
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => peak <= s * 4) ?? magnitude * 10;
  return Math.ceil(peak / step) * step;
}

function dayText(d: DayStats): string {
  return `${shortDate(d.day)}: ${d.sent} sent, ${d.failed} failed`;
}

export function BarChart({ days: counted, span, timezone }: { days: DayStats[]; span: number; timezone: string }) {
  const days = everyDay(counted, span, timezone);
  const [active, setActive] = useState<number | null>(null);
  const top = axisTop(Math.max(0, ...days.map((d) => d.sent + d.failed)));
  const slot = WIDTH / Math.max(1, days.length);
  const totalSent = days.reduce((sum, d) => sum + d.sent, 0);
  const totalFailed = days.reduce((sum, d) => sum + d.failed, 0);
  const shown = active === null ? null : days[active];
  const dateTicks = days.length > 0 ? [0, Math.floor((days.length - 1) / 2), days.length - 1] : [];
  return (
    <figure class="chart">
      <div class="chart-plot">
        <div class="chart-y-axis" aria-hidden="true">
          <span>{top}</span>
          <span>{top / 2}</span>
          <span>0</span>
        </div>
        <svg
          viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
          role="img"
          aria-label={`Items per day over the last ${days.length} days: ${totalSent} sent, ${totalFailed} failed`}
          preserveAspectRatio="none"
          onMouseLeave={() => setActive(null)}
        >
          <line class="chart-grid" x1={0} x2={WIDTH} y1={HEIGHT / 2} y2={HEIGHT / 2} />
          {days.map((d, i) => {
            const sentHeight = (d.sent / top) * HEIGHT;
            const failedHeight = (d.failed / top) * HEIGHT;
            const x = i * slot + GAP / 2;
            const w = Math.max(1, slot - GAP);
            return (
              <g key={d.day} class={active === i ? 'chart-day active' : 'chart-day'}>
                <title>{dayText(d)}</title>
                <rect class="bar-sent" x={x} y={HEIGHT - sentHeight} width={w} height={sentHeight} />
                <rect class="bar-failed" x={x} y={HEIGHT - sentHeight - failedHeight} width={w} height={failedHeight} />
                {/* The whole column answers the pointer, so a quiet day can be read too. */}
                <rect
                  class="chart-hit"
                  data-day={d.day}
                  x={i * slot}
                  y={0}
                  width={slot}
                  height={HEIGHT}
                  onMouseEnter={() => setActive(i)}
                />
              </g>
            );
          })}
        </svg>
      </div>
      <div class="chart-x-axis" aria-hidden="true">
        {dateTicks.map((index) => (
          <span key={index}>{shortDate(days[index]!.day)}</span>
        ))}
      </div>
      <figcaption>
        <p class="chart-readout" role="status" aria-label="Day under the pointer">
          {shown ? dayText(shown) : 'Point at a day (or choose one below) to see its figures.'}
        </p>
        <span class="legend legend-sent">Sent: {totalSent}</span> <span class="legend legend-failed">Failed: {totalFailed}</span>
        <label class="chart-day-select">
          Day{' '}
          <select
            value={active ?? ''}
            onChange={(e) => setActive(e.currentTarget.value === '' ? null : Number(e.currentTarget.value))}
          >
            <option value="">Choose a day...</option>
            {days.map((d, i) => (
              <option key={d.day} value={i}>
                {dayText(d)}
              </option>
            ))}
          </select>
        </label>
      </figcaption>
    </figure>
  );
}
