/**
 * The most requests that arrived within any one second (a window [t, t + 1000 ms)),
 * from arrival times in ms, as a rate limiter on the receiving side would count them.
 */
export function peakPerSecond(times: number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  let peak = 0;
  let start = 0;
  for (let end = 0; end < sorted.length; end++) {
    while (sorted[end]! - sorted[start]! >= 1000) start++;
    peak = Math.max(peak, end - start + 1);
  }
  return peak;
}

/**
 * Requests one second may show beyond a paced rate because of when they were stamped, not
 * when they were sent: arrival times are the receiving process's event-loop times, and on
 * a machine with more busy threads than cores that loop can stall for a moment and stamp
 * requests sent a second apart within one second. Two senders that each used the full
 * rate would show about twice the rate, far beyond this.
 */
export const ARRIVAL_STAMP_ALLOWANCE = 2;
