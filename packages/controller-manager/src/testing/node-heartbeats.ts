// The two heartbeats a kubelet sends, for simulated nodes: the Lease named
// after the node in kube-node-lease (renewed every few seconds), and the Ready
// condition of the node's status (posted when the kubelet comes back).
import { deepCopy, formatMicroTime, formatTime, isConflict, isNotFound, NODE_LEASE_NAMESPACE, setCondition } from '@kctl/api';
import type { LeaseObject, NodeObject } from '@kctl/api';
import { ApiClient, Clock } from '@kctl/client';

/** The kubelet's default: a Lease is honoured for 40 s without renewal. */
const LEASE_DURATION_SECONDS = 40;

export class NodeHeartbeats {
  private readonly leases = new Map<string, LeaseObject>();

  constructor(
    private readonly client: ApiClient,
    private readonly clock: Clock,
  ) {}

  /** Renews every named node's Lease, one after the other; a failed renewal waits for the next round. */
  async renewAll(names: readonly string[]): Promise<void> {
    for (const name of names) {
      try {
        await this.renew(name);
      } catch {
        this.leases.delete(name);
      }
    }
  }

  private async renew(name: string): Promise<void> {
    const renewTime = formatMicroTime(this.clock.now());
    let lease = this.leases.get(name);
    if (!lease) {
      try {
        lease = await this.client.get<LeaseObject>('leases', NODE_LEASE_NAMESPACE, name);
      } catch (err) {
        if (!isNotFound(err)) throw err;
        const created = await this.client.create<LeaseObject>('leases', {
          apiVersion: 'coordination.k8s.io/v1',
          kind: 'Lease',
          metadata: { name, namespace: NODE_LEASE_NAMESPACE },
          spec: { holderIdentity: name, leaseDurationSeconds: LEASE_DURATION_SECONDS, renewTime },
        });
        this.leases.set(name, created);
        return;
      }
    }
    const updated = await this.client.update<LeaseObject>('leases', { ...lease, spec: { ...lease.spec, holderIdentity: name, leaseDurationSeconds: LEASE_DURATION_SECONDS, renewTime } });
    this.leases.set(name, updated);
  }

  /** Posts Ready=True with a fresh heartbeat, retrying when another writer got there first. */
  async postReady(name: string): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      const node = await this.client.get<NodeObject>('nodes', '', name);
      const now = formatTime(this.clock.now());
      const copy = deepCopy(node);
      copy.status = {
        ...copy.status,
        conditions: setCondition(copy.status?.conditions, { type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'simulated node is ready', lastHeartbeatTime: now, lastTransitionTime: now }),
      };
      try {
        await this.client.updateStatus('nodes', copy);
        return;
      } catch (err) {
        if (!isConflict(err) || attempt >= 5) throw err;
      }
    }
  }
}
