const SAMPLES = 16;

/**
 * PostgreSQL's clock as seen from this process, so every worker places the slots it
 * leased at the same real moments. Each lease is a sample: PostgreSQL's time fell
 * between sending and receiving, so the quickest recent round trip gives the tightest
 * estimate (as NTP does), with half that round trip as its error.
 */
export class DatabaseClock {
  private samples: Array<{ offset: number; roundTrip: number }> = [];

  constructor(private readonly now: () => number = () => performance.now()) {}

  /** Local time now (the clock this estimate converts to). */
  local(): number {
    return this.now();
  }

  observe(sentAt: number, receivedAt: number, databaseMs: number): void {
    this.samples.push({ offset: databaseMs - (sentAt + receivedAt) / 2, roundTrip: receivedAt - sentAt });
    if (this.samples.length > SAMPLES) this.samples.shift();
  }

  /** A PostgreSQL time (ms since the epoch) in local time, and how far off that may be. */
  toLocal(databaseMs: number): { at: number; error: number } {
    let best = this.samples[0];
    for (const sample of this.samples) if (best && sample.roundTrip < best.roundTrip) best = sample;
    if (!best) throw new Error('DatabaseClock.toLocal before any observation');
    return { at: databaseMs - best.offset, error: best.roundTrip / 2 };
  }
}
