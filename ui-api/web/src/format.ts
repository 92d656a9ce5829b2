// How times, counts and names are shown to a person.

export function formatTime(iso: string | null | undefined, timezone?: string): string {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short', timeZone: timezone });
}

export function formatDuration(startIso: string | null, endIso: string | null): string {
  if (!startIso) return '—';
  const end = endIso ? new Date(endIso).getTime() : Date.now();
  const seconds = Math.max(0, Math.round((end - new Date(startIso).getTime()) / 1000));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  return `${minutes} min ${seconds % 60} s`;
}

/** "first_name" -> "First name", "metadata.source" stays dotted. */
export function humanize(name: string): string {
  if (name.includes('.')) return name;
  const spaced = name
    .replace(/[_-]+/g, ' ')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase();
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}

export function browserTimezone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}

/** Every IANA zone the browser knows, so a time zone is picked, not typed. */
export function timezones(): string[] {
  const intl = Intl as unknown as { supportedValuesOf?: (key: string) => string[] };
  const zones = intl.supportedValuesOf?.('timeZone') ?? [];
  const own = browserTimezone();
  const all = zones.includes(own) ? zones : [own, ...zones];
  return all.includes('UTC') ? all : ['UTC', ...all];
}

export function isTestModeHint(hint: string): boolean {
  return /_test_/.test(hint);
}

export function statusLabel(status: string): string {
  const labels: Record<string, string> = {
    queued: 'Queued',
    running: 'Running',
    succeeded: 'Succeeded',
    partial: 'Partly failed',
    failed: 'Failed',
    sent: 'Sent',
    skipped: 'Skipped',
    not_attempted: 'Not attempted',
  };
  return labels[status] ?? status;
}

export function preview(value: unknown): string {
  if (value === undefined) return '';
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}
