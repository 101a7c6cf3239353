// One worker per pod UID, as Kubernetes' pod workers: a pod moves only
// forward, syncing → terminating → terminated, and one pod's work never runs
// twice at once. Updates that arrive while a worker is busy are coalesced: the
// worker runs once more afterwards with the newest pod, not once per update.
// A failed pass is retried after retryMs (on the clock) with the newest pod.
//
// A pod starts terminating when it is being deleted (deletionTimestamp), has
// finished (Succeeded / Failed) or was removed from the apiserver; it is
// terminated once its containers stopped, and forgotten after cleanup once the
// apiserver no longer has it.
import { isPodTerminal } from '@kctl/api';
import type { PodObject } from '@kctl/api';
import type { Clock, TimerHandle } from '@kctl/client';

/** What the workers ask of the code that runs pods. */
export interface PodSyncer {
  /** Brings the pod's sandbox and containers towards its spec. */
  syncPod(pod: PodObject): Promise<void>;
  /** Stops the pod's containers, giving them gracePeriodSeconds. */
  terminatePod(pod: PodObject, gracePeriodSeconds: number): Promise<void>;
  /** Removes what is left of a terminated pod. */
  cleanupPod(pod: PodObject): Promise<void>;
}

export type PodWorkerState = 'syncing' | 'terminating' | 'terminated';

/** Kubernetes' default terminationGracePeriodSeconds. */
export const DEFAULT_GRACE_PERIOD_SECONDS = 30;

interface Worker {
  pod: PodObject;
  state: PodWorkerState;
  /** The apiserver no longer has the pod. */
  removed: boolean;
  cleanedUp: boolean;
  running: boolean;
  /** Something changed since the current pass began: run again. */
  dirty: boolean;
  retry?: TimerHandle;
}

export interface PodWorkersOptions {
  syncer: PodSyncer;
  clock: Clock;
  /** Pause before a failed pass runs again. Default 10 s. */
  retryMs?: number;
  onError?(pod: PodObject, err: unknown): void;
}

/** The grace period a terminating pod gets: the deletion's, else the spec's, else 30 s. */
export function gracePeriodSeconds(pod: PodObject): number {
  return pod.metadata.deletionGracePeriodSeconds ?? pod.spec?.terminationGracePeriodSeconds ?? DEFAULT_GRACE_PERIOD_SECONDS;
}

function shouldTerminate(worker: Worker): boolean {
  return worker.removed || !!worker.pod.metadata.deletionTimestamp || isPodTerminal(worker.pod);
}

export class PodWorkers {
  private readonly workers = new Map<string, Worker>();
  private readonly retryMs: number;
  private readonly passes = new Set<Promise<void>>();
  private stopped = false;

  constructor(private readonly options: PodWorkersOptions) {
    this.retryMs = options.retryMs ?? 10_000;
  }

  /** The apiserver's newest state of a pod bound here. */
  update(pod: PodObject): void {
    const uid = pod.metadata.uid;
    if (!uid || this.stopped) return;
    const worker = this.workers.get(uid);
    if (!worker) {
      this.workers.set(uid, { pod, state: 'syncing', removed: false, cleanedUp: false, running: false, dirty: true });
    } else {
      worker.pod = pod;
      worker.dirty = true;
    }
    this.kick(uid);
  }

  /** The pod is gone from the apiserver (deleted, or bound elsewhere). */
  remove(pod: PodObject): void {
    const uid = pod.metadata.uid;
    const worker = uid ? this.workers.get(uid) : undefined;
    if (!worker || this.stopped) return;
    worker.removed = true;
    worker.dirty = true;
    this.kick(uid!);
  }

  state(uid: string): PodWorkerState | undefined {
    return this.workers.get(uid)?.state;
  }

  /** UIDs with a worker (pods not yet forgotten). */
  uids(): string[] {
    return [...this.workers.keys()];
  }

  /** Resolves once no pass is running (retries may still be scheduled). */
  async idle(): Promise<void> {
    while (this.passes.size) await Promise.all(this.passes);
  }

  /** No new passes; waits for those running. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const worker of this.workers.values()) worker.retry?.cancel();
    await this.idle();
  }

  private kick(uid: string): void {
    const worker = this.workers.get(uid);
    if (!worker || worker.running || this.stopped) return;
    worker.retry?.cancel();
    worker.retry = undefined;
    worker.running = true;
    const pass = this.work(uid, worker).finally(() => {
      this.passes.delete(pass);
      worker.running = false;
      // An update that came after the last check of dirty but before now.
      if (worker.dirty && !worker.retry && this.workers.get(uid) === worker) this.kick(uid);
    });
    this.passes.add(pass);
  }

  private async work(uid: string, worker: Worker): Promise<void> {
    while (worker.dirty && !this.stopped) {
      worker.dirty = false;
      const pod = worker.pod;
      try {
        await this.step(worker, pod);
      } catch (err) {
        this.options.onError?.(pod, err);
        worker.retry = this.options.clock.setTimeout(() => {
          worker.dirty = true;
          this.kick(uid);
        }, this.retryMs);
        return;
      }
      if (worker.state === 'terminated' && worker.cleanedUp && worker.removed) {
        this.workers.delete(uid);
        return;
      }
    }
  }

  /** One step forward for the pod; moving on to the next state marks the worker dirty. */
  private async step(worker: Worker, pod: PodObject): Promise<void> {
    if (worker.state === 'syncing' && shouldTerminate(worker)) worker.state = 'terminating';
    switch (worker.state) {
      case 'syncing':
        await this.options.syncer.syncPod(pod);
        return;
      case 'terminating':
        await this.options.syncer.terminatePod(pod, gracePeriodSeconds(pod));
        worker.state = 'terminated';
        worker.dirty = true;
        return;
      case 'terminated':
        if (!worker.cleanedUp) {
          await this.options.syncer.cleanupPod(pod);
          worker.cleanedUp = true;
        }
        return;
    }
  }
}
