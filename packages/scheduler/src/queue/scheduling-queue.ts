// The scheduling queue, after kube-scheduler's PriorityQueue. Three places:
//   active        pods to try now, highest spec.priority first, then first come
//                 first served (by when they entered the queue);
//   backoff       pods that failed and wait before their next try: 1 s after the
//                 first failure, doubling per attempt up to 10 s;
//   unschedulable pods no node fits. They wait for a change that may make room
//                 (moveAllToActiveOrBackoff: a node added or changed, a pod
//                 deleted or finished) and go back at the latest after 60 s.
// A pod handed out by pop() is "in flight" until done(key). If a move request
// happens during its cycle, a failure sends it to backoff instead of
// unschedulable, so the event that might have made it fit is not lost.
// Pods with spec.schedulingGates wait aside ("gated") until an update lifts them.
import { podKey, PodObject } from '@kctl/api';
import { Clock, realClock, TimerHandle } from '@kctl/client';

import { Heap } from './heap';

export interface QueuedPodInfo {
  readonly key: string;
  pod: PodObject;
  /** When the pod last entered the queue: FIFO order among equal priorities, and the start of its backoff. */
  timestamp: number;
  /** When the pod first entered the queue. */
  readonly initialAttemptTimestamp: number;
  /** Scheduling attempts so far (counted when popped). */
  attempts: number;
  /** Plugins that rejected the pod in its last attempt. */
  unschedulablePlugins: Set<string>;
  /** Tie-break among equal timestamps: order of arrival. */
  seq: number;
}

export interface SchedulingQueueOptions {
  clock?: Clock;
  /** Backoff after the first failure. Default 1 s. */
  initialBackoffMs?: number;
  /** Backoff cap. Default 10 s. */
  maxBackoffMs?: number;
  /** Longest stay in unschedulable without any event. Default 60 s. */
  maxUnschedulableMs?: number;
  /** Whether a pod may be tried at all (PreEnqueue); default: it has no scheduling gates. */
  preEnqueue?(pod: PodObject): boolean;
}

export type QueueLocation = 'active' | 'backoff' | 'unschedulable' | 'gated' | 'inFlight';

interface InFlight {
  info: QueuedPodInfo;
  cycle: number;
  /** The pod changed (spec or labels) during its cycle: retry it soon even if it fails. */
  updated: boolean;
  deleted: boolean;
}

const priorityOf = (pod: PodObject): number => pod.spec?.priority ?? 0;

const noGates = (pod: PodObject): boolean => !pod.spec?.schedulingGates?.length;

/** Whether an update can change the outcome of scheduling (status-only updates cannot). */
export function schedulingRelevantChange(oldPod: PodObject, newPod: PodObject): boolean {
  if (oldPod.spec !== newPod.spec && JSON.stringify(oldPod.spec) !== JSON.stringify(newPod.spec)) return true;
  const a = oldPod.metadata;
  const b = newPod.metadata;
  return JSON.stringify([a.labels, a.ownerReferences]) !== JSON.stringify([b.labels, b.ownerReferences]);
}

export class SchedulingQueue {
  private readonly clock: Clock;
  private readonly initialBackoffMs: number;
  private readonly maxBackoffMs: number;
  private readonly maxUnschedulableMs: number;
  private readonly preEnqueue: (pod: PodObject) => boolean;
  private readonly active: Heap<QueuedPodInfo>;
  private readonly backoff: Heap<QueuedPodInfo>;
  /** Insertion order is timestamp order: entries are only added with the current time. */
  private readonly unschedulable = new Map<string, QueuedPodInfo>();
  private readonly gated = new Map<string, QueuedPodInfo>();
  private readonly inFlight = new Map<string, InFlight>();
  private readonly waiters: ((info: QueuedPodInfo | undefined) => void)[] = [];
  private schedulingCycle = 0;
  private moveRequestCycle = -1;
  private seq = 0;
  private closed = false;
  private backoffTimer?: { at: number; handle: TimerHandle };
  private unschedulableTimer?: { at: number; handle: TimerHandle };

  constructor(options: SchedulingQueueOptions = {}) {
    this.clock = options.clock ?? realClock;
    this.initialBackoffMs = options.initialBackoffMs ?? 1000;
    this.maxBackoffMs = options.maxBackoffMs ?? 10_000;
    this.maxUnschedulableMs = options.maxUnschedulableMs ?? 60_000;
    this.preEnqueue = options.preEnqueue ?? noGates;
    this.active = new Heap(
      (i) => i.key,
      (a, b) => {
        const pa = priorityOf(a.pod);
        const pb = priorityOf(b.pod);
        if (pa !== pb) return pa > pb;
        return a.timestamp !== b.timestamp ? a.timestamp < b.timestamp : a.seq < b.seq;
      },
    );
    this.backoff = new Heap(
      (i) => i.key,
      (a, b) => {
        const ea = this.backoffExpiry(a);
        const eb = this.backoffExpiry(b);
        return ea !== eb ? ea < eb : a.seq < b.seq;
      },
    );
  }

  /** A new pod to schedule. */
  add(pod: PodObject): void {
    if (this.closed) return;
    const key = podKey(pod);
    const flight = this.inFlight.get(key);
    if (flight) {
      // Deleted and created again under the same name during its cycle: the new pod takes its place.
      flight.info.pod = pod;
      flight.updated = true;
      flight.deleted = false;
      return;
    }
    if (this.locate(key)) {
      this.update(undefined, pod);
      return;
    }
    const now = this.clock.now();
    const info: QueuedPodInfo = { key, pod, timestamp: now, initialAttemptTimestamp: now, attempts: 0, unschedulablePlugins: new Set(), seq: this.seq++ };
    if (!this.preEnqueue(pod)) this.gated.set(key, info);
    else this.pushActive(info);
  }

  /** The pod changed. A change that may help a waiting pod moves it on. */
  update(oldPod: PodObject | undefined, newPod: PodObject): void {
    if (this.closed) return;
    const key = podKey(newPod);
    const relevant = !oldPod || schedulingRelevantChange(oldPod, newPod);
    const flight = this.inFlight.get(key);
    if (flight) {
      flight.info.pod = newPod;
      if (relevant) flight.updated = true;
      return;
    }
    const inActive = this.active.get(key);
    if (inActive) {
      inActive.pod = newPod;
      this.active.push(inActive); // priority may have changed
      return;
    }
    const inBackoff = this.backoff.get(key);
    if (inBackoff) {
      inBackoff.pod = newPod;
      return;
    }
    const waiting = this.unschedulable.get(key);
    if (waiting) {
      waiting.pod = newPod;
      if (relevant) {
        this.unschedulable.delete(key);
        this.moveToActiveOrBackoff(waiting);
        this.armTimers();
      }
      return;
    }
    const gated = this.gated.get(key);
    if (gated) {
      gated.pod = newPod;
      if (this.preEnqueue(newPod)) {
        this.gated.delete(key);
        this.pushActive(gated);
      }
      return;
    }
    this.add(newPod);
  }

  /** The pod is gone (or no longer ours to schedule). */
  delete(pod: PodObject): void {
    const key = podKey(pod);
    const flight = this.inFlight.get(key);
    if (flight) flight.deleted = true;
    this.active.delete(key);
    this.backoff.delete(key);
    this.unschedulable.delete(key);
    this.gated.delete(key);
    this.armTimers();
  }

  /** The next pod to schedule, waiting for one if needed; undefined once closed or when signal aborts. */
  pop(signal?: AbortSignal): Promise<QueuedPodInfo | undefined> {
    if (this.closed || signal?.aborted) return Promise.resolve(undefined);
    const info = this.active.pop();
    if (info) return Promise.resolve(this.startCycle(info));
    return new Promise((resolve) => {
      const waiter = (i: QueuedPodInfo | undefined): void => {
        signal?.removeEventListener('abort', onAbort);
        resolve(i);
      };
      const onAbort = (): void => {
        const at = this.waiters.indexOf(waiter);
        if (at >= 0) this.waiters.splice(at, 1);
        resolve(undefined);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiters.push(waiter);
    });
  }

  /** The cycle of a popped pod is over (bound, or put back through one of the add* calls). */
  done(key: string): void {
    this.inFlight.delete(key);
  }

  /**
   * A popped pod did not fit. It waits in unschedulable for a cluster change,
   * or in backoff if a change already happened during its cycle or the pod
   * itself changed. A deleted pod is dropped. Call done(key) afterwards.
   */
  addUnschedulableIfNotPresent(info: QueuedPodInfo): void {
    const flight = this.inFlight.get(info.key);
    if (this.closed || flight?.deleted || this.locate(info.key, false)) return;
    info.timestamp = this.clock.now();
    const cycle = flight?.cycle ?? this.schedulingCycle;
    if (this.moveRequestCycle >= cycle || flight?.updated) this.backoff.push(info);
    else this.unschedulable.set(info.key, info);
    this.armTimers();
  }

  /** A popped pod failed for a reason other than fit (an error): it is retried after its backoff. */
  addBackoff(info: QueuedPodInfo): void {
    const flight = this.inFlight.get(info.key);
    if (this.closed || flight?.deleted || this.locate(info.key, false)) return;
    info.timestamp = this.clock.now();
    this.backoff.push(info);
    this.armTimers();
  }

  /** Puts a popped pod back at once, without counting the attempt (the scheduler stopped before trying it). */
  requeue(info: QueuedPodInfo): void {
    const flight = this.inFlight.get(info.key);
    this.inFlight.delete(info.key);
    if (this.closed || flight?.deleted || this.locate(info.key)) return;
    info.attempts = Math.max(0, info.attempts - 1);
    this.pushActive(info);
  }

  /** Something changed that may let waiting pods fit: unschedulable pods move to active (or backoff while backing off). */
  moveAllToActiveOrBackoff(): void {
    this.moveRequestCycle = this.schedulingCycle;
    if (this.unschedulable.size === 0) return;
    const waiting = [...this.unschedulable.values()];
    this.unschedulable.clear();
    for (const info of waiting) this.moveToActiveOrBackoff(info);
    this.armTimers();
  }

  /** Where the pod is, if the queue holds it. */
  locate(key: string, includeInFlight = true): QueueLocation | undefined {
    if (this.active.has(key)) return 'active';
    if (this.backoff.has(key)) return 'backoff';
    if (this.unschedulable.has(key)) return 'unschedulable';
    if (this.gated.has(key)) return 'gated';
    if (includeInFlight && this.inFlight.has(key)) return 'inFlight';
    return undefined;
  }

  get counts(): Record<QueueLocation, number> {
    return { active: this.active.size, backoff: this.backoff.size, unschedulable: this.unschedulable.size, gated: this.gated.size, inFlight: this.inFlight.size };
  }

  /** How long the pod waits after its last failure: initial · 2^(attempts-1), capped. */
  backoffDuration(info: QueuedPodInfo): number {
    if (info.attempts <= 0) return 0;
    return Math.min(this.maxBackoffMs, this.initialBackoffMs * 2 ** Math.min(30, info.attempts - 1));
  }

  close(): void {
    this.closed = true;
    this.backoffTimer?.handle.cancel();
    this.unschedulableTimer?.handle.cancel();
    this.backoffTimer = this.unschedulableTimer = undefined;
    for (const waiter of this.waiters.splice(0)) waiter(undefined);
  }

  private backoffExpiry(info: QueuedPodInfo): number {
    return info.timestamp + this.backoffDuration(info);
  }

  private startCycle(info: QueuedPodInfo): QueuedPodInfo {
    this.schedulingCycle++;
    info.attempts++;
    this.inFlight.set(info.key, { info, cycle: this.schedulingCycle, updated: false, deleted: false });
    return info;
  }

  private pushActive(info: QueuedPodInfo): void {
    info.seq = this.seq++;
    this.active.push(info);
    while (this.waiters.length && this.active.size) {
      const waiter = this.waiters.shift()!;
      waiter(this.startCycle(this.active.pop()!));
    }
  }

  private moveToActiveOrBackoff(info: QueuedPodInfo): void {
    if (this.backoffExpiry(info) > this.clock.now()) this.backoff.push(info);
    else this.pushActive(info);
  }

  private flushBackoff(): void {
    const now = this.clock.now();
    for (let next = this.backoff.peek(); next && this.backoffExpiry(next) <= now; next = this.backoff.peek()) {
      this.backoff.pop();
      this.pushActive(next);
    }
  }

  private flushUnschedulable(): void {
    const now = this.clock.now();
    for (const info of [...this.unschedulable.values()]) {
      if (now - info.timestamp < this.maxUnschedulableMs) break;
      this.unschedulable.delete(info.key);
      this.moveToActiveOrBackoff(info);
    }
  }

  /** Keeps one timer for the earliest backoff expiry and one for the oldest unschedulable pod. */
  private armTimers(): void {
    if (this.closed) return;
    const nextBackoff = this.backoff.peek();
    this.backoffTimer = this.arm(this.backoffTimer, nextBackoff && this.backoffExpiry(nextBackoff), () => {
      this.backoffTimer = undefined;
      this.flushBackoff();
      this.armTimers();
    });
    const oldest = this.unschedulable.values().next().value;
    this.unschedulableTimer = this.arm(this.unschedulableTimer, oldest && oldest.timestamp + this.maxUnschedulableMs, () => {
      this.unschedulableTimer = undefined;
      this.flushUnschedulable();
      this.armTimers();
    });
  }

  private arm(current: { at: number; handle: TimerHandle } | undefined, at: number | undefined, fire: () => void): { at: number; handle: TimerHandle } | undefined {
    if (current && current.at === at) return current;
    current?.handle.cancel();
    if (at === undefined) return undefined;
    return { at, handle: this.clock.setTimeout(fire, Math.max(0, at - this.clock.now())) };
  }
}
