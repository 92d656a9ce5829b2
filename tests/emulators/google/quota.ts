// Sheets' per-minute quotas ("Read requests" and "Write requests" per minute per user),
// each counted in fixed minute windows of the emulator clock, plus requests a test forces
// to fail.

export class MinuteQuota {
  private windowStart = 0;
  private used = 0;
  private forced = 0;

  constructor(
    private readonly now: () => number,
    /** null: no limit. */
    public perMinute: number | null,
  ) {}

  /** The next `count` requests answer 429 whatever the limit. */
  failNext(count: number): void {
    this.forced += count;
  }

  /** Counts one request; false when it is over quota. */
  take(): boolean {
    if (this.forced > 0) {
      this.forced--;
      return false;
    }
    if (this.perMinute === null) return true;
    const minute = Math.floor(this.now() / 60_000) * 60_000;
    if (minute !== this.windowStart) {
      this.windowStart = minute;
      this.used = 0;
    }
    if (this.used >= this.perMinute) return false;
    this.used++;
    return true;
  }

  reset(): void {
    this.used = 0;
    this.forced = 0;
  }
}

function quotaMessage(metric: 'Read' | 'Write'): string {
  return (
    `Quota exceeded for quota metric '${metric} requests' and limit '${metric} requests per minute per user' of service ` +
    "'sheets.googleapis.com' for consumer 'project_number:100000000001'."
  );
}

export const readQuotaMessage = quotaMessage('Read');
export const writeQuotaMessage = quotaMessage('Write');
