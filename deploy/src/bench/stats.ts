// Latency and throughput summaries. Latencies are nanoseconds from process.hrtime.bigint().

export interface RunSummary {
  /** Operations that succeeded. */
  ops: number;
  errors: number;
  /** First error seen, with its stack, to report exactly. */
  firstError?: string;
  seconds: number;
  /** Successful operations per second of wall time. */
  throughput: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

/** Nearest-rank percentile (p in 0..1) of ascending values. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(p * sorted.length)));
  return sorted[rank - 1]!;
}

export function summarize(latenciesNs: readonly bigint[], elapsedNs: bigint, errors: number, firstError?: string): RunSummary {
  const ms = latenciesNs.map((ns) => Number(ns) / 1e6).sort((a, b) => a - b);
  const seconds = Number(elapsedNs) / 1e9;
  return {
    ops: ms.length,
    errors,
    firstError,
    seconds,
    throughput: seconds > 0 ? ms.length / seconds : 0,
    p50Ms: percentile(ms, 0.5),
    p99Ms: percentile(ms, 0.99),
    maxMs: ms.length ? ms[ms.length - 1]! : NaN,
  };
}
