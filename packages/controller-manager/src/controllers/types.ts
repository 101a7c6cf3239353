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
  /** Periods and thresholds; each one left out takes its default. */
  settings?: Partial<ControllerSettings>;
}

/** The tunables of the node lifecycle, taint eviction and pod GC controllers. */
export interface ControllerSettings {
  /** How often node health is looked at (--node-monitor-period). Kubernetes: 5 s. */
  nodeMonitorPeriodMs: number;
  /** A node silent for longer is Unknown (--node-monitor-grace-period). Kubernetes 1.32: 50 s. */
  nodeMonitorGracePeriodMs: number;
  /** How often pod GC runs. Kubernetes: 20 s, not a flag. */
  podGCPeriodMs: number;
  /** Terminated pods kept before the oldest go (--terminated-pod-gc-threshold); 0 or less keeps all. Kubernetes: 12500. */
  terminatedPodGCThreshold: number;
}

export const DEFAULT_CONTROLLER_SETTINGS: Readonly<ControllerSettings> = {
  nodeMonitorPeriodMs: 5_000,
  nodeMonitorGracePeriodMs: 50_000,
  podGCPeriodMs: 20_000,
  terminatedPodGCThreshold: 12_500,
};

export function settingsOf(ctx: ControllerContext): ControllerSettings {
  const given = Object.entries(ctx.settings ?? {}).filter(([, v]) => v !== undefined);
  return { ...DEFAULT_CONTROLLER_SETTINGS, ...Object.fromEntries(given) };
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
