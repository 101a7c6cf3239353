// The node's heartbeat: a coordination.k8s.io/v1 Lease in kube-node-lease named
// after the node, held by it, owned by its Node (so it goes when the Node
// goes), renewed every quarter of its duration (10 s of 40 s) with 4 % jitter
// as Kubernetes' lease controller. The node-lifecycle controller reads its
// renewTime first and falls back to the Ready condition's heartbeat.
//
// A renewal updates the Lease last written (no read first). On Conflict it
// reads the Lease again and retries, up to 5 updates per renewal; when the
// Lease is missing it is created. A failed renewal is retried after a backoff
// of 200 ms doubling to 7 s, then the 10 s rhythm resumes.
import { deepCopy, formatMicroTime, isConflict, isNotFound, NODE_LEASE_NAMESPACE } from '@kctl/api';
import type { LeaseObject } from '@kctl/api';
import type { ApiClient, Clock } from '@kctl/client';
import { RetryDelay, PeriodicTask, startPeriodic } from '../util/periodic';

export const DEFAULT_LEASE_DURATION_SECONDS = 40;
const MAX_UPDATE_ATTEMPTS = 5;
const JITTER = 0.04;

/** What the Lease needs of a client (a fake with these will do in tests). */
export type LeaseClient = Pick<ApiClient, 'get' | 'create' | 'update'>;

export interface NodeLeaseOptions {
  client: LeaseClient;
  clock: Clock;
  nodeName: string;
  /** Default 40. Renewed every quarter of it. */
  leaseDurationSeconds?: number;
  /** The Node's uid once known, for the ownerReference. */
  nodeUid(): string | undefined;
  /** Told of each renewal (at is the renewTime written) and each failure. */
  onRenewed?(at: number): void;
  onError?(err: unknown): void;
}

export class NodeLease {
  readonly durationSeconds: number;
  readonly renewIntervalMs: number;
  private latest?: LeaseObject;
  private task?: PeriodicTask;
  private readonly backoff = new RetryDelay(200, 7000);
  private failing = false;

  constructor(private readonly options: NodeLeaseOptions) {
    this.durationSeconds = options.leaseDurationSeconds ?? DEFAULT_LEASE_DURATION_SECONDS;
    this.renewIntervalMs = this.durationSeconds * 250;
  }

  start(): void {
    this.task ??= startPeriodic(
      this.options.clock,
      () => this.renew(),
      () => (this.failing ? this.backoff.step() : this.renewIntervalMs * (1 + Math.random() * JITTER)),
      (err) => this.options.onError?.(err),
    );
  }

  /** Stops renewing; the Lease stays and expires (the node then looks dead). */
  async stop(): Promise<void> {
    await this.task?.stop();
  }

  /** One renewal: update the Lease, creating it if missing. Throws when it could not. */
  async renew(): Promise<void> {
    try {
      await this.renewOnce();
      this.failing = false;
      this.backoff.reset();
    } catch (err) {
      this.failing = true;
      throw err;
    }
  }

  private async renewOnce(): Promise<void> {
    let base = this.latest ?? (await this.ensure());
    if (!base) return; // just created with a fresh renewTime
    for (let attempt = 1; ; attempt++) {
      try {
        this.latest = await this.options.client.update<LeaseObject>('leases', this.desired(base));
        this.options.onRenewed?.(this.options.clock.now());
        return;
      } catch (err) {
        this.latest = undefined;
        if (attempt >= MAX_UPDATE_ATTEMPTS || !(isConflict(err) || isNotFound(err))) throw err;
        const fresh = await this.ensure();
        if (!fresh) return;
        base = fresh;
      }
    }
  }

  /** The stored Lease, or undefined after creating a new one (already renewed by that). */
  private async ensure(): Promise<LeaseObject | undefined> {
    const { client, nodeName } = this.options;
    try {
      return await client.get<LeaseObject>('leases', NODE_LEASE_NAMESPACE, nodeName);
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
    const fresh: LeaseObject = { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name: nodeName, namespace: NODE_LEASE_NAMESPACE } };
    this.latest = await client.create<LeaseObject>('leases', this.desired(fresh));
    this.options.onRenewed?.(this.options.clock.now());
    return undefined;
  }

  /** base with this node holding it now, and owned by the Node once its uid is known. */
  private desired(base: LeaseObject): LeaseObject {
    const lease = deepCopy(base);
    lease.spec = { ...lease.spec, holderIdentity: this.options.nodeName, leaseDurationSeconds: this.durationSeconds, renewTime: formatMicroTime(this.options.clock.now()) };
    const uid = this.options.nodeUid();
    if (uid && !(lease.metadata.ownerReferences ?? []).some((o) => o.kind === 'Node' && o.uid === uid)) {
      // As Kubernetes sets it: no controller or blockOwnerDeletion flags.
      lease.metadata.ownerReferences = [{ apiVersion: 'v1', kind: 'Node', name: this.options.nodeName, uid }];
    }
    return lease;
  }
}
