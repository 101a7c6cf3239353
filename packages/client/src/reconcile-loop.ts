// Workers that drain a WorkQueue through a level-triggered reconcile(key):
// get → reconcile → forget | retry with backoff → done.
import { WorkQueue } from './workqueue';

/** Return to run the key again after a delay; return nothing when done. */
export type ReconcileResult = void | { requeueAfterMs: number };

/** An error retrying cannot fix (bad input): recorded, not retried. */
export class PermanentError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PermanentError';
  }
}

export interface ReconcileLoopOptions {
  workers?: number;
  /**
   * Retries before a key is dropped until its next change. With the queue's
   * default limiter (5 ms doubling, capped at 60 s) 15 retries span about 2.5 minutes.
   */
  maxRetries?: number;
  /** Told of every failure; permanent is true when the key will not be retried. */
  onError?(key: string, err: unknown, permanent: boolean): void;
}

export async function runWorkers(queue: WorkQueue, reconcile: (key: string) => Promise<ReconcileResult>, options: ReconcileLoopOptions = {}): Promise<void> {
  const maxRetries = options.maxRetries ?? 15;
  const worker = async (): Promise<void> => {
    for (;;) {
      const key = await queue.get();
      if (key === undefined) return;
      try {
        const result = await reconcile(key);
        queue.forget(key);
        if (result) queue.addAfter(key, result.requeueAfterMs);
      } catch (err) {
        const permanent = err instanceof PermanentError || queue.numRequeues(key) >= maxRetries;
        options.onError?.(key, err, permanent);
        if (permanent) queue.forget(key);
        else queue.addRateLimited(key);
      } finally {
        queue.done(key);
      }
    }
  };
  await Promise.all(Array.from({ length: options.workers ?? 1 }, worker));
}
