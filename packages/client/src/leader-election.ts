// Leader election over a coordination.k8s.io/v1 Lease, through the apiserver.
// Every change is a compare-and-swap on the Lease's resourceVersion, so two
// candidates can never both believe they hold it. A holder is trusted until
// leaseDuration after we last saw its record change (our own clock, as
// client-go does, so clock skew between machines does not matter).
//
// Timings as Kubernetes: leaseDuration 15 s, renewDeadline 10 s, retryPeriod
// 2 s. The leader steps down (aborts the work's signal, then onStoppedLeading)
// as soon as renewDeadline passes since its last successful renewal, even while
// a renewal call still hangs: that call is cancelled at the deadline. Since
// renewDeadline < leaseDuration, a stale leader has stopped before a standby
// may take the lease over.
import { formatMicroTime, isNotFound, KObject } from '@kctl/api';
import { ApiClient, CallOptions } from './api-client';
import { Clock, realClock } from './clock';

export interface LeaderElectionOptions {
  client: ApiClient;
  name: string;
  namespace?: string;
  identity: string;
  /** How long a lease is honoured without renewal. Default 15 s. */
  leaseDurationMs?: number;
  /** The leader gives up if it cannot renew for this long. Default 10 s. */
  renewDeadlineMs?: number;
  /** Time between attempts to acquire or renew. Default 2 s. */
  retryPeriodMs?: number;
  clock?: Clock;
}

export interface LeaderCallbacks {
  /** Leadership began; signal aborts when it is lost. */
  onStartedLeading(signal: AbortSignal): void;
  onStoppedLeading?(): void;
  onNewLeader?(identity: string): void;
}

interface LeaseSpec {
  holderIdentity?: string;
  leaseDurationSeconds?: number;
  acquireTime?: string;
  renewTime?: string;
  leaseTransitions?: number;
}

type Lease = KObject & { spec?: LeaseSpec };

/** MicroTime as Kubernetes writes it: RFC 3339 with microseconds. */

export class LeaderElector {
  private readonly namespace: string;
  private readonly leaseDurationMs: number;
  private readonly renewDeadlineMs: number;
  private readonly retryPeriodMs: number;
  private readonly clock: Clock;
  private observed?: { holder: string; resourceVersion: string; at: number };
  private leading = false;
  private stopped = false;
  private wake?: () => void;

  constructor(private readonly options: LeaderElectionOptions) {
    this.namespace = options.namespace ?? 'kube-system';
    this.leaseDurationMs = options.leaseDurationMs ?? 15_000;
    this.renewDeadlineMs = options.renewDeadlineMs ?? 10_000;
    this.retryPeriodMs = options.retryPeriodMs ?? 2_000;
    this.clock = options.clock ?? realClock;
  }

  get isLeader(): boolean {
    return this.leading;
  }

  /** Campaigns until stop(): acquires, leads while renewals succeed, and campaigns again after a loss. */
  async run(callbacks: LeaderCallbacks): Promise<void> {
    while (!this.stopped) {
      if (!(await this.attemptBefore(this.clock.now() + this.renewDeadlineMs, callbacks))) {
        await this.pause(this.retryPeriodMs * (1 + Math.random() * 0.2));
        continue;
      }
      const controller = new AbortController();
      this.leading = true;
      callbacks.onStartedLeading(controller.signal);
      let lastRenew = this.clock.now();
      while (!this.stopped) {
        await this.pause(this.retryPeriodMs);
        if (this.stopped) break;
        const deadline = lastRenew + this.renewDeadlineMs;
        // The renewal records the time it starts at; count the next deadline from there.
        const attemptAt = this.clock.now();
        if (!(await this.attemptBefore(deadline, callbacks))) {
          if (this.clock.now() >= deadline || this.observed?.holder !== this.options.identity) break;
          continue;
        }
        lastRenew = attemptAt;
      }
      this.leading = false;
      controller.abort();
      callbacks.onStoppedLeading?.();
    }
  }

  /** One acquire or renew attempt that gives up (cancelling its calls) when the clock reaches deadline. */
  private async attemptBefore(deadline: number, callbacks: LeaderCallbacks): Promise<boolean> {
    const remaining = deadline - this.clock.now();
    if (remaining <= 0) return false;
    const attempt = new AbortController();
    const timer = this.clock.setTimeout(() => attempt.abort(), remaining);
    try {
      return await this.tryAcquireOrRenew(callbacks, { signal: attempt.signal, timeoutMs: remaining });
    } finally {
      timer.cancel();
    }
  }

  /** Stops campaigning and releases the lease if held, so a standby takes over at once. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    if (!this.observed || this.observed.holder !== this.options.identity) return;
    try {
      const lease = await this.options.client.get<Lease>('leases', this.namespace, this.options.name);
      if (lease.spec?.holderIdentity !== this.options.identity) return;
      await this.options.client.update('leases', { ...lease, spec: { ...lease.spec, holderIdentity: '', leaseDurationSeconds: 1, renewTime: formatMicroTime(this.clock.now()) } });
    } catch {
      // Best effort: the lease then expires by itself.
    }
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = this.clock.setTimeout(resolve, ms);
      this.wake = () => {
        timer.cancel();
        resolve();
      };
    });
  }

  private async tryAcquireOrRenew(callbacks: LeaderCallbacks, call: CallOptions): Promise<boolean> {
    const { client, name, identity } = this.options;
    const now = this.clock.now();
    const desired: LeaseSpec = {
      holderIdentity: identity,
      leaseDurationSeconds: Math.ceil(this.leaseDurationMs / 1000),
      acquireTime: formatMicroTime(now),
      renewTime: formatMicroTime(now),
      leaseTransitions: 0,
    };
    try {
      let lease: Lease;
      try {
        lease = await client.get<Lease>('leases', this.namespace, name, call);
      } catch (err) {
        if (!isNotFound(err)) throw err;
        const created = await client.create<Lease>('leases', { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name, namespace: this.namespace }, spec: desired }, call);
        this.observe(created, callbacks);
        return true;
      }
      this.observe(lease, callbacks);
      const spec = lease.spec ?? {};
      const holder = spec.holderIdentity ?? '';
      const honouredMs = (spec.leaseDurationSeconds ?? 0) * 1000;
      if (holder && holder !== identity && now < this.observed!.at + honouredMs) return false;
      const renewing = holder === identity;
      const next: LeaseSpec = renewing
        ? { ...spec, leaseDurationSeconds: desired.leaseDurationSeconds, renewTime: desired.renewTime }
        : { ...desired, leaseTransitions: (spec.leaseTransitions ?? 0) + 1 };
      const updated = await client.update<Lease>('leases', { ...lease, spec: next }, call);
      this.observe(updated, callbacks);
      return true;
    } catch {
      // Lost a race (Conflict, AlreadyExists), or the apiserver did not answer in time
      // (Unavailable, Timeout, Canceled): either way not renewed; the renew deadline decides.
      return false;
    }
  }

  private observe(lease: Lease, callbacks: LeaderCallbacks): void {
    const holder = lease.spec?.holderIdentity ?? '';
    const rv = lease.metadata.resourceVersion ?? '';
    if (!this.observed || this.observed.resourceVersion !== rv) {
      if (holder && holder !== this.observed?.holder) callbacks.onNewLeader?.(holder);
      this.observed = { holder, resourceVersion: rv, at: this.clock.now() };
    }
  }
}
