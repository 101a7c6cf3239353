// Reconcile of one node's health: a silent kubelet's conditions go Unknown,
// the lifecycle taints follow the Ready condition, and the pods of an
// unreachable node stop counting as Ready (MarkPodsNotReady). Level-triggered:
// every step compares what is with what should be and writes only the difference.
import { deepCopy, formatTime, isNotFound, NODE_LEASE_NAMESPACE, nodeReadyCondition, podReadyCondition, setCondition } from '@kctl/api';
import type { LeaseObject, NodeObject, PodObject } from '@kctl/api';
import { Clock, ReconcileResult } from '@kctl/client';
import { ControllerClient, Lister, Logger, Recorder } from '../../util/client-types';
import { POD_NODE_INDEX } from '../../util/pod-node-index';
import { lastHeartbeat, msUntilSilent, reconcileTaints, silentConditions, wantedLifecycleTaints } from './util';

export interface NodeLifecycleSyncDeps {
  client: ControllerClient;
  nodes: Lister<NodeObject>;
  leases: Lister<LeaseObject>;
  pods: Lister<PodObject>;
  clock: Clock;
  recorder: Recorder;
  logger: Logger;
  gracePeriodMs: number;
}

export class NodeLifecycleSync {
  constructor(private readonly deps: NodeLifecycleSyncDeps) {}

  async sync(name: string): Promise<ReconcileResult> {
    const { nodes, leases, clock, gracePeriodMs } = this.deps;
    let node = nodes.get(name);
    if (!node) return;
    const now = clock.now();
    const remaining = msUntilSilent(lastHeartbeat(node, leases.get(`${NODE_LEASE_NAMESPACE}/${name}`)), now, gracePeriodMs);
    try {
      if (remaining <= 0) node = await this.markSilent(node, now);
      node = await this.updateTaints(node, now);
      if (nodeReadyCondition(node)?.status === 'Unknown') await this.markPodsNotReady(name, now);
    } catch (err) {
      if (isNotFound(err)) return;
      throw err;
    }
    // The periodic monitor looks again too; this wakes exactly when the grace runs out.
    return remaining > 0 ? { requeueAfterMs: remaining + 1 } : undefined;
  }

  private async markSilent(node: NodeObject, now: number): Promise<NodeObject> {
    const conditions = silentConditions(node.status?.conditions, now);
    if (!conditions) return node;
    const copy = deepCopy(node);
    copy.status = { ...copy.status, conditions };
    const updated = await this.deps.client.updateStatus<NodeObject>('nodes', copy);
    this.deps.logger.info(`node ${node.metadata.name}: kubelet silent for more than ${this.deps.gracePeriodMs} ms, conditions set Unknown`);
    this.deps.recorder.event(node, 'Normal', 'NodeNotReady', `Node ${node.metadata.name} status is now: NodeNotReady`);
    return updated;
  }

  private async updateTaints(node: NodeObject, now: number): Promise<NodeObject> {
    const taints = reconcileTaints(node.spec?.taints, wantedLifecycleTaints(node), now);
    if (!taints) return node;
    const copy = deepCopy(node);
    copy.spec = { ...copy.spec, taints };
    return this.deps.client.update<NodeObject>('nodes', copy);
  }

  /** Pods on a node nobody hears from are not known to be Ready (kubelet would say otherwise once back). */
  private async markPodsNotReady(name: string, now: number): Promise<void> {
    const at = formatTime(now);
    for (const pod of this.deps.pods.byIndex(POD_NODE_INDEX, name)) {
      const ready = podReadyCondition(pod);
      if (!ready || ready.status !== 'True') continue;
      const copy = deepCopy(pod);
      copy.status = { ...copy.status, conditions: setCondition(copy.status?.conditions, { ...ready, status: 'False', lastTransitionTime: at }) };
      try {
        await this.deps.client.updateStatus('pods', copy);
        this.deps.recorder.event(pod, 'Warning', 'NodeNotReady', 'Node is not ready');
      } catch (err) {
        if (!isNotFound(err)) throw err;
      }
    }
  }
}
