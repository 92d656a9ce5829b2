// Items sent and failed per day, drawn as stacked bars in plain SVG.
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

export function BarChart({ days: counted, span, timezone }: { days: DayStats[]; span: number; timezone: string }) {
  const days = everyDay(counted, span, timezone);
  const peak = Math.max(1, ...days.map((d) => d.sent + d.failed));
  const slot = WIDTH / Math.max(1, days.length);
  const totalSent = days.reduce((sum, d) => sum + d.sent, 0);
  const totalFailed = days.reduce((sum, d) => sum + d.failed, 0);
  return (
    <figure class="chart">
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        role="img"
        aria-label={`Items per day over the last ${days.length} days: ${totalSent} sent, ${totalFailed} failed`}
        preserveAspectRatio="none"
      >
        {days.map((d, i) => {
          const sentHeight = (d.sent / peak) * (HEIGHT - 4);
          const failedHeight = (d.failed / peak) * (HEIGHT - 4);
          const x = i * slot + GAP / 2;
          const w = Math.max(1, slot - GAP);
          return (
            <g key={d.day}>
              <title>{`${d.day}: ${d.sent} sent, ${d.failed} failed`}</title>
              <rect class="bar-sent" x={x} y={HEIGHT - sentHeight} width={w} height={sentHeight} />
              <rect class="bar-failed" x={x} y={HEIGHT - sentHeight - failedHeight} width={w} height={failedHeight} />
            </g>
          );
        })}
      </svg>
      <figcaption>
        <span class="legend legend-sent">Sent: {totalSent}</span> <span class="legend legend-failed">Failed: {totalFailed}</span>
        {days.length > 0 && (
          <span class="chart-range">
            {' '}
            ({days[0].day} to {days[days.length - 1].day})
          </span>
        )}
      </figcaption>
    </figure>
  );
}
