// What an action reported for one item besides the object id: its summary line and its
// output (a payment link's URL, what a payment paid and what remains). Links open in a new tab.
import { preview } from '../format';
import type { JsonObject } from '../types';

const LABELS: Record<string, string> = { url: 'Link' };

function label(key: string): string {
  return LABELS[key] ?? key.replace(/_/g, ' ').replace(/^./, (first) => first.toUpperCase());
}

export function ItemOutput(props: { summary?: string | null; output?: JsonObject | null }) {
  const entries = Object.entries(props.output ?? {}).filter(([, value]) => value !== null && value !== undefined);
  if (!props.summary && entries.length === 0) return null;
  return (
    <div class="item-output">
      {props.summary && <p>{props.summary}</p>}
      {entries.length > 0 && (
        <dl class="mapped">
          {entries.map(([key, value]) => (
            <div key={key}>
              <dt>{label(key)}</dt>
              <dd>
                {typeof value === 'string' && /^https:\/\//.test(value) ? (
                  <a href={value} target="_blank" rel="noopener noreferrer">
                    {value}
                  </a>
                ) : (
                  preview(value)
                )}
              </dd>
            </div>
          ))}
        </dl>
      )}
    </div>
  );
}
