// A task run now and then again after each pause, on the injected clock:
// never two runs at once, wake() runs it early (a change to report), and
// stop() waits for a run in progress. The pause is asked for after every run,
// so a task can shorten it while retrying.
import type { Clock, TimerHandle } from '@kctl/client';

export interface PeriodicTask {
  /** Runs the task as soon as the current run (if any) ends. */
  wake(): void;
  /** No more runs; resolves once a run in progress has finished. */
  stop(): Promise<void>;
}

/**
 * Calls run() at once, then after pauseMs() each time it settles. Failures are
 * handed to onError; the schedule goes on.
 */
export function startPeriodic(clock: Clock, run: () => Promise<void>, pauseMs: () => number, onError: (err: unknown) => void): PeriodicTask {
  let stopped = false;
  let timer: TimerHandle | undefined;
  let running: Promise<void> | undefined;
  let wakeAgain = false;

  const go = (): void => {
    timer?.cancel();
    timer = undefined;
    if (stopped) return;
    if (running) {
      wakeAgain = true;
      return;
    }
    running = run()
      .catch(onError)
      .finally(() => {
        running = undefined;
        if (stopped) return;
        if (wakeAgain) {
          wakeAgain = false;
          go();
          return;
        }
        timer = clock.setTimeout(go, pauseMs());
      });
  };
  go();
  return {
    wake: go,
    async stop() {
      stopped = true;
      timer?.cancel();
      await running;
    },
  };
}

/** The pause between retries of one task: first, doubling up to max; reset() starts over. (pod/backoff.ts is the per-key restart backoff.) */
export class RetryDelay {
  private next: number;

  constructor(
    private readonly firstMs: number,
    private readonly maxMs: number,
  ) {
    this.next = firstMs;
  }

  /** The pause to take now; the following one doubles. */
  step(): number {
    const current = this.next;
    this.next = Math.min(this.maxMs, this.next * 2);
    return current;
  }

  reset(): void {
    this.next = this.firstMs;
  }
}
