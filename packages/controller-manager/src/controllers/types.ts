// What every controller gets and offers.
import { isConflict } from '@kctl/api';
import { Clock, PermanentError, ReconcileResult, runWorkers, WorkQueue } from '@kctl/client';
import { ControllerClient, InformerSource, Logger, Recorder } from '../util/client-types';

export interface ControllerContext {
  client: ControllerClient;
  informers: InformerSource;
  clock: Clock;
  /** An event recorder reporting as the given component ("deployment-controller"). */
  recorder(component: string): Recorder;
  logger: Logger;
  /** Workers per controller. */
  workers: number;
}

export interface Controller {
  readonly name: string;
  /** Runs workers until signal aborts, then drains and returns. Informers must have synced. */
  run(signal: AbortSignal): Promise<void>;
}

/**
 * Runs workers over queue until signal aborts. Failures retry with the queue's
 * backoff (5 ms doubling to 60 s); after 15 retries (about 2.5 minutes) a key is
 * dropped until its next event. Conflicts are routine (a stale cache) and are
 * not logged.
 */
export async function runQueue(name: string, queue: WorkQueue, reconcile: (key: string) => Promise<ReconcileResult>, signal: AbortSignal, workers: number, logger: Logger): Promise<void> {
  if (signal.aborted) return;
  const onAbort = (): void => queue.shutDown();
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    await runWorkers(queue, reconcile, {
      workers,
      onError: (key, err, permanent) => {
        if (isConflict(err) && !permanent) return;
        const message = err instanceof Error ? err.message : String(err);
        logger.error(`${name}: ${permanent ? 'giving up on' : 'retrying'} ${key}: ${message}`);
      },
    });
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}

export { PermanentError };
