// Load shapes: a closed loop (N operations in flight until a count is done) and
// an open, paced loop (a fixed rate for a fixed time, not waiting for answers).
import { summarize, RunSummary } from './stats';

/** One operation; i is unique per run, so it can name a distinct key or object. */
export type Operation = (i: number) => Promise<unknown>;

function describe(err: unknown): string {
  return err instanceof Error ? (err.stack ?? err.message) : String(err);
}

/** Latencies and errors of one kind of operation, possibly over several rounds. */
export class Recorder {
  readonly latencies: bigint[] = [];
  errors = 0;
  firstError?: string;
  /** Wall time of the measured rounds. */
  elapsedNs = 0n;

  summary(): RunSummary {
    return summarize(this.latencies, this.elapsedNs, this.errors, this.firstError);
  }

  async time(op: Operation, i: number): Promise<void> {
    const start = process.hrtime.bigint();
    try {
      await op(i);
      this.latencies.push(process.hrtime.bigint() - start);
    } catch (err) {
      this.errors++;
      this.firstError ??= describe(err);
    }
  }
}

/**
 * Runs `count` operations, numbered from `first`, keeping `concurrency` in flight.
 * With a recorder, adds to it and returns the summary of everything it holds.
 */
export async function closedLoop(op: Operation, options: { count: number; concurrency: number; first?: number; recorder?: Recorder }): Promise<RunSummary> {
  const recorder = options.recorder ?? new Recorder();
  const first = options.first ?? 0;
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < options.count) {
      const i = first + next++;
      await recorder.time(op, i);
    }
  };
  const start = process.hrtime.bigint();
  await Promise.all(Array.from({ length: Math.min(options.concurrency, options.count) }, worker));
  recorder.elapsedNs += process.hrtime.bigint() - start;
  return recorder.summary();
}

export interface PacedSummary extends RunSummary {
  /** Requested operations per second. */
  rate: number;
  /** How late the timer fired at worst, in ms (large values mean the loop itself lagged). */
  maxTimerLagMs: number;
}

const sleepUntil = (deadlineNs: bigint): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, Math.max(0, Number(deadlineNs - process.hrtime.bigint()) / 1e6)));

/** Starts one operation every 1/rate s for `seconds`, numbered from `first`; waits for all answers. */
export async function pacedLoop(op: Operation, options: { rate: number; seconds: number; first?: number }): Promise<PacedSummary> {
  const recorder = new Recorder();
  const first = options.first ?? 0;
  const total = Math.round(options.rate * options.seconds);
  const intervalNs = BigInt(Math.round(1e9 / options.rate));
  const inFlight: Promise<void>[] = [];
  let maxLagNs = 0n;
  const start = process.hrtime.bigint();
  for (let n = 0; n < total; n++) {
    const due = start + BigInt(n) * intervalNs;
    await sleepUntil(due);
    const lag = process.hrtime.bigint() - due;
    if (lag > maxLagNs) maxLagNs = lag;
    inFlight.push(recorder.time(op, first + n));
  }
  await Promise.all(inFlight);
  const elapsed = process.hrtime.bigint() - start;
  return { ...summarize(recorder.latencies, elapsed, recorder.errors, recorder.firstError), rate: options.rate, maxTimerLagMs: Number(maxLagNs) / 1e6 };
}
