// One pass of the pod garbage collector: force-deletes (grace 0) the terminated
// pods above the threshold, the pods of nodes that are gone, and deleting pods
// that were never bound. Each pass starts from the caches, so a failed delete
// is simply tried again on the next one.
import { isNotFound } from '@kctl/api';
import type { NodeObject, PodObject } from '@kctl/api';
import { ControllerClient, Lister, Logger } from '../../util/client-types';
import { excessTerminatedPods, podsOnMissingNodes, unscheduledTerminatingPods } from './util';

export interface PodGCSyncDeps {
  client: ControllerClient;
  nodes: Lister<NodeObject>;
  pods: Lister<PodObject>;
  logger: Logger;
  terminatedPodGCThreshold: number;
}

export class PodGCSync {
  constructor(private readonly deps: PodGCSyncDeps) {}

  async sync(): Promise<void> {
    const { pods, nodes, terminatedPodGCThreshold } = this.deps;
    const all = pods.list();
    for (const pod of excessTerminatedPods(all, terminatedPodGCThreshold)) await this.forceDelete(pod, 'the terminated pods are above the threshold');
    const missing = podsOnMissingNodes(all, (name) => nodes.get(name) !== undefined);
    const gone = new Map<string, boolean>();
    for (const pod of missing) {
      const node = pod.spec?.nodeName ?? '';
      if (!gone.has(node)) gone.set(node, await this.nodeIsGone(node));
      if (gone.get(node)) await this.forceDelete(pod, `its node ${node} does not exist`);
    }
    for (const pod of unscheduledTerminatingPods(all)) await this.forceDelete(pod, 'it is deleting and was never bound');
  }

  /** The cache may lag behind a node just registered: ask the apiserver before deleting its pods. */
  private async nodeIsGone(name: string): Promise<boolean> {
    try {
      await this.deps.client.get('nodes', '', name);
      return false;
    } catch (err) {
      if (isNotFound(err)) return true;
      throw err;
    }
  }

  private async forceDelete(pod: PodObject, why: string): Promise<void> {
    const namespace = pod.metadata.namespace ?? '';
    const name = pod.metadata.name ?? '';
    try {
      await this.deps.client.delete('pods', namespace, name, { gracePeriodSeconds: 0, preconditions: { uid: pod.metadata.uid } });
      this.deps.logger.info(`pod GC deleted ${namespace}/${name}: ${why}`);
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }
}
