// The scheduling core: informer handlers feed the cache and the queue; the
// loop pops one pod at a time, runs the framework synchronously (so the cache
// cannot change under a decision), assumes the pod on the chosen node and
// starts the bind without waiting for it, up to maxInFlightBinds at once.
//
// Outcomes of a cycle:
//   fits      → assumed on the node; bind in flight; done when it returns.
//               bind failed → forget the assumption; Conflict/NotFound (already
//               placed, or gone) → drop; anything else → backoff.
//   no node   → FailedScheduling event, PodScheduled=False (Unschedulable),
//               pod waits in the unschedulable queue.
//   error     → FailedScheduling event, pod retried after its backoff.
import { formatTime, isPodAssigned, isPodTerminal, NodeObject, PodCondition, podKey, PodObject } from '@kctl/api';
import { isConflict, isNotFound } from '@kctl/api';
import { Clock, realClock } from '@kctl/client';
import { SchedulerApi } from './api';
import { SchedulerCache } from './cache/cache';
import { Framework, ScheduleResult } from './framework/framework';
import { FrameworkHandle, Profile, Registry } from './framework/interfaces';
import { defaultProfile, inTreeRegistry } from './plugins/registry';
import { QueuedPodInfo, SchedulingQueue } from './queue/scheduling-queue';
import { DEFAULT_SCHEDULER_NAME, isSchedulable } from './types';

export type Logger = (message: string) => void;

export interface SchedulerConfig {
  api: SchedulerApi;
  clock?: Clock;
  /** Pods whose spec.schedulerName is this (or unset, for the default) are ours. Default 'default-scheduler'. */
  schedulerName?: string;
  /** Plugins by name; merged over the in-tree ones. */
  registry?: Registry;
  profile?: Profile;
  /** 0 (default): adaptive, as kube-scheduler. */
  percentageOfNodesToScore?: number;
  /** Bind calls in flight at once. Default 64. */
  maxInFlightBinds?: number;
  /** Status updates (PodScheduled=False) in flight at once. Default 16. */
  maxInFlightStatusUpdates?: number;
  podInitialBackoffMs?: number;
  podMaxBackoffMs?: number;
  podMaxUnschedulableMs?: number;
  assumeTtlMs?: number;
  /** A pod that keeps failing for the same reason gets a FailedScheduling event at most this often. Default 60 s. */
  failedEventIntervalMs?: number;
  /** Record a Normal "Scheduled" event for every bound pod, as kube-scheduler does. Default true. */
  recordScheduledEvents?: boolean;
  /** Randomness for tie-breaks. */
  random?: () => number;
  log?: Logger;
}

export interface SchedulerStats {
  /** Scheduling cycles run. */
  attempts: number;
  /** Pods assumed on a node (binds started). */
  scheduled: number;
  bound: number;
  /** Cycles that found no node. */
  unschedulable: number;
  /** Binds refused because the pod was placed or deleted meanwhile. */
  bindConflicts: number;
  bindErrors: number;
  errors: number;
}

export class Scheduler {
  readonly cache: SchedulerCache;
  readonly queue: SchedulingQueue;
  readonly framework: Framework;
  readonly stats: SchedulerStats = { attempts: 0, scheduled: 0, bound: 0, unschedulable: 0, bindConflicts: 0, bindErrors: 0, errors: 0 };
  private readonly api: SchedulerApi;
  private readonly clock: Clock;
  private readonly schedulerName: string;
  private readonly maxInFlightBinds: number;
  private readonly failedEventIntervalMs: number;
  private readonly recordScheduledEvents: boolean;
  private readonly log: Logger;
  private inFlightBinds = 0;
  private readonly bindWaiters: (() => void)[] = [];
  private readonly statusLimiter: Limiter;
  /** Pod uid → the last FailedScheduling message recorded and when, and the last PodScheduled condition written. */
  private readonly lastFailure = new Map<string, { message: string; at: number; condition?: string }>();
  private running = false;

  constructor(config: SchedulerConfig) {
    this.api = config.api;
    this.clock = config.clock ?? realClock;
    this.schedulerName = config.schedulerName ?? DEFAULT_SCHEDULER_NAME;
    this.maxInFlightBinds = Math.max(1, config.maxInFlightBinds ?? 64);
    this.failedEventIntervalMs = config.failedEventIntervalMs ?? 60_000;
    this.recordScheduledEvents = config.recordScheduledEvents ?? true;
    this.log = config.log ?? (() => undefined);
    this.statusLimiter = new Limiter(config.maxInFlightStatusUpdates ?? 16);
    this.queue = new SchedulingQueue({
      clock: this.clock,
      initialBackoffMs: config.podInitialBackoffMs,
      maxBackoffMs: config.podMaxBackoffMs,
      maxUnschedulableMs: config.podMaxUnschedulableMs,
    });
    this.cache = new SchedulerCache({
      clock: this.clock,
      assumeTtlMs: config.assumeTtlMs,
      onExpire: (pod) => {
        this.log(`assumed pod ${podKey(pod)} on ${pod.spec?.nodeName} expired without confirmation`);
        this.queue.moveAllToActiveOrBackoff();
      },
    });
    const handle: FrameworkHandle = {
      nodeInfos: () => this.cache.nodeInfos(),
      getNodeInfo: (name) => this.cache.getNodeInfo(name),
      ownerPodCounts: (uid) => this.cache.ownerPodCounts(uid),
    };
    this.framework = new Framework({
      registry: { ...inTreeRegistry, ...config.registry },
      profile: config.profile ?? defaultProfile,
      handle,
      percentageOfNodesToScore: config.percentageOfNodesToScore,
      random: config.random,
    });
    this.cache.start();
  }

  /** Whether this scheduler should place pod. */
  responsibleFor(pod: PodObject): boolean {
    return isSchedulable(pod, this.schedulerName);
  }

  // ---- informer handlers: they only update the cache and the queue.

  onPodAdd(pod: PodObject): void {
    if (isPodAssigned(pod)) {
      if (!isPodTerminal(pod)) this.cache.addPod(pod);
    } else if (this.responsibleFor(pod)) {
      this.queue.add(pod);
    }
  }

  onPodUpdate(oldPod: PodObject, pod: PodObject): void {
    const key = podKey(pod);
    if (isPodAssigned(pod)) {
      if (!isPodAssigned(oldPod)) {
        this.queue.delete(pod);
        this.lastFailure.delete(pod.metadata.uid ?? '');
      }
      if (isPodTerminal(pod)) {
        // A finished pod holds nothing: its room is free for the pods waiting.
        if (this.cache.getPod(key)) {
          this.cache.removePod(pod);
          this.queue.moveAllToActiveOrBackoff();
        }
      } else {
        this.cache.updatePod(pod);
      }
      return;
    }
    if (isPodAssigned(oldPod) && this.cache.getPod(key)) {
      // Deleted and created again unplaced, seen as one update (e.g. after a relist).
      this.cache.removePod(oldPod);
      this.queue.moveAllToActiveOrBackoff();
    }
    if (this.cache.isAssumed(key)) return; // being bound; the informer will show it placed
    if (this.responsibleFor(pod)) this.queue.update(oldPod, pod);
    else this.queue.delete(pod);
  }

  onPodDelete(pod: PodObject): void {
    this.queue.delete(pod);
    this.lastFailure.delete(pod.metadata.uid ?? '');
    if (this.cache.getPod(podKey(pod))) {
      this.cache.removePod(pod);
      this.queue.moveAllToActiveOrBackoff();
    }
  }

  onNodeAdd(node: NodeObject): void {
    this.cache.addNode(node);
    this.queue.moveAllToActiveOrBackoff();
  }

  onNodeUpdate(_oldNode: NodeObject, node: NodeObject): void {
    // Heartbeats change nothing that matters here; only real changes wake the waiting pods.
    if (this.cache.updateNode(node)) this.queue.moveAllToActiveOrBackoff();
  }

  onNodeDelete(node: NodeObject): void {
    this.cache.removeNode(node);
  }

  // ---- the loop

  /** Schedules pods until signal aborts. Binds already started go on; see waitForBinds(). */
  async run(signal: AbortSignal): Promise<void> {
    if (this.running) throw new Error('the scheduling loop is already running');
    this.running = true;
    try {
      let lastYield = performance.now();
      while (!signal.aborted) {
        if (this.inFlightBinds >= this.maxInFlightBinds) await this.bindSlot(signal);
        if (signal.aborted) break;
        const info = await this.queue.pop(signal);
        if (!info) break;
        if (signal.aborted) {
          this.queue.requeue(info);
          break;
        }
        this.scheduleOne(info);
        // Let I/O (bind replies, watch events) in regularly while the queue stays full.
        if (performance.now() - lastYield > 10) {
          await new Promise((resolve) => setImmediate(resolve));
          lastYield = performance.now();
        }
      }
    } finally {
      this.running = false;
    }
  }

  /** One scheduling cycle for a popped pod. Synchronous up to the start of the bind. */
  scheduleOne(info: QueuedPodInfo): void {
    const pod = info.pod;
    const key = info.key;
    const cached = this.cache.getPod(key);
    if (!this.responsibleFor(pod) || cached?.metadata.uid === pod.metadata.uid) {
      // Not ours (any more), or already placed or being bound.
      this.queue.done(key);
      return;
    }
    if (cached) this.cache.removePod(cached); // a pod of the same name that is gone
    this.stats.attempts++;
    let result: ScheduleResult;
    try {
      result = this.framework.schedulePod(pod, this.cache.nodeInfos());
    } catch (err) {
      // Plugins answer with statuses; a throw is a bug, but must not stop the loop.
      result = { ok: false, code: 'Error', message: (err as Error).message, diagnosis: { nodeStatuses: new Map(), unschedulablePlugins: new Set() } };
    }
    if (!result.ok) {
      this.handleFailure(info, result.code, result.message, result.diagnosis.unschedulablePlugins);
      return;
    }
    const assumed = this.cache.assumePod(pod, result.nodeName);
    this.stats.scheduled++;
    this.inFlightBinds++;
    void this.bind(info, assumed, result.nodeName);
  }

  /** Resolves once no bind is in flight. */
  async waitForBinds(): Promise<void> {
    while (this.inFlightBinds > 0) await this.bindSlot();
  }

  get bindsInFlight(): number {
    return this.inFlightBinds;
  }

  async close(): Promise<void> {
    this.queue.close();
    this.cache.stop();
    await this.waitForBinds();
    await this.statusLimiter.idle();
  }

  private async bind(info: QueuedPodInfo, assumed: PodObject, nodeName: string): Promise<void> {
    const key = info.key;
    try {
      await this.api.bind(assumed, nodeName);
      this.cache.finishBinding(key);
      this.stats.bound++;
      this.lastFailure.delete(assumed.metadata.uid ?? '');
      if (this.recordScheduledEvents) {
        this.api.event(assumed, 'Normal', 'Scheduled', `Successfully assigned ${assumed.metadata.namespace}/${assumed.metadata.name} to ${nodeName}`);
      }
    } catch (err) {
      this.cache.forgetPod(key);
      this.queue.moveAllToActiveOrBackoff(); // the room it held is free again
      const latest = info.pod;
      const replaced = latest.metadata.uid !== assumed.metadata.uid;
      if ((isConflict(err) || isNotFound(err)) && !replaced) {
        // Placed by someone else, or deleted: nothing left to do.
        this.stats.bindConflicts++;
      } else {
        this.stats.bindErrors++;
        this.log(`binding ${key} to ${nodeName} failed: ${(err as Error).message}`);
        if (this.responsibleFor(latest)) this.queue.addBackoff(info);
      }
    } finally {
      this.queue.done(key);
      this.inFlightBinds--;
      for (const wake of this.bindWaiters.splice(0)) wake();
    }
  }

  private bindSlot(signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      };
      const onAbort = (): void => {
        const at = this.bindWaiters.indexOf(done);
        if (at >= 0) this.bindWaiters.splice(at, 1);
        resolve();
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.bindWaiters.push(done);
    });
  }

  private handleFailure(info: QueuedPodInfo, code: 'Unschedulable' | 'Error', message: string, plugins: Set<string>): void {
    const pod = info.pod;
    info.unschedulablePlugins = plugins;
    if (code === 'Error') {
      this.stats.errors++;
      this.log(`error scheduling ${info.key}: ${message}`);
      this.queue.addBackoff(info);
    } else {
      this.stats.unschedulable++;
      this.queue.addUnschedulableIfNotPresent(info);
    }
    this.queue.done(info.key);
    this.reportFailure(pod, code, message);
  }

  /** FailedScheduling event and PodScheduled=False, skipping repeats of what is already recorded. */
  private reportFailure(pod: PodObject, code: 'Unschedulable' | 'Error', message: string): void {
    const uid = pod.metadata.uid ?? '';
    const now = this.clock.now();
    let last = this.lastFailure.get(uid);
    if (!last || last.message !== message || now - last.at >= this.failedEventIntervalMs) {
      last = { message, at: now, condition: last?.condition };
      this.lastFailure.set(uid, last);
      this.api.event(pod, 'Warning', 'FailedScheduling', message);
    }
    const reason = code === 'Error' ? 'SchedulerError' : 'Unschedulable';
    // Skip a write that would change nothing: the pod shows it already, or our write of it is under way.
    const current = pod.status?.conditions?.find((c) => c.type === 'PodScheduled');
    if (current && current.status === 'False' && current.reason === reason && current.message === message) return;
    const tag = `${reason}\u0000${message}`;
    if (last.condition === tag) return;
    last.condition = tag;
    const condition: PodCondition = {
      type: 'PodScheduled',
      status: 'False',
      reason,
      message,
      lastTransitionTime: current?.status === 'False' && current.lastTransitionTime ? current.lastTransitionTime : formatTime(now),
    };
    this.statusLimiter.run(async () => {
      try {
        await this.api.setPodScheduledCondition(pod, condition);
      } catch (err) {
        const entry = this.lastFailure.get(uid);
        if (entry?.condition === tag) entry.condition = undefined; // try again on the next failure
        this.log(`updating the PodScheduled condition of ${podKey(pod)} failed: ${(err as Error).message}`);
      }
    });
  }
}

/** Runs at most n jobs at once; the rest wait in order. */
class Limiter {
  private active = 0;
  private readonly waiting: (() => Promise<void>)[] = [];
  private idleWaiters: (() => void)[] = [];

  constructor(private readonly n: number) {}

  run(job: () => Promise<void>): void {
    this.waiting.push(job);
    this.next();
  }

  idle(): Promise<void> {
    if (this.active === 0 && this.waiting.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private next(): void {
    while (this.active < this.n && this.waiting.length) {
      const job = this.waiting.shift()!;
      this.active++;
      void job()
        .catch(() => undefined)
        .finally(() => {
        this.active--;
        this.next();
        if (this.active === 0 && this.waiting.length === 0) for (const resolve of this.idleWaiters.splice(0)) resolve();
      });
    }
  }
}
