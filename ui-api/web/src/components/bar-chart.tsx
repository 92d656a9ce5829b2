// Items sent and failed per day, drawn as stacked bars in plain SVG.
import type { DayStats } from '../types';

const WIDTH = 600;
const HEIGHT = 160;
const GAP = 2;

export function BarChart({ days }: { days: DayStats[] }) {
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
