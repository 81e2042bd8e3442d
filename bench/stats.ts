export interface LatencyStats {
  /** requests completed during the measurement */
  requests: number;
  /** requests per second over the measurement */
  rps: number;
  /** latency percentiles and mean, in milliseconds */
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: readonly number[], q: number): number {
  if (!sorted.length) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

export function summarise(latencies: number[], seconds: number): LatencyStats {
  const sorted = Float64Array.from(latencies).sort();
  const arr = Array.from(sorted);
  const sum = arr.reduce((a, b) => a + b, 0);
  return {
    requests: arr.length,
    rps: seconds > 0 ? arr.length / seconds : 0,
    p50: percentile(arr, 0.5),
    p95: percentile(arr, 0.95),
    p99: percentile(arr, 0.99),
    max: arr.length ? arr[arr.length - 1]! : 0,
    mean: arr.length ? sum / arr.length : 0,
  };
}
