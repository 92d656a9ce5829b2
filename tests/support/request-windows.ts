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
