// Reconcile of one node's NoExecute taints against the pods on it: those whose
// tolerations ran out (or never covered a taint) are deleted; the node is
// looked at again when the next one runs out.
import { isNotFound, parseTime, taintsWithEffect } from '@kctl/api';
import type { NodeObject, PodObject, Taint } from '@kctl/api';
import { Clock, ReconcileResult } from '@kctl/client';
import { ControllerClient, Lister, Logger, Recorder } from '../../util/client-types';
import { POD_NODE_INDEX } from '../../util/pod-node-index';
import { evictionTime } from './util';

export interface TaintEvictionSyncDeps {
  client: ControllerClient;
  nodes: Lister<NodeObject>;
  pods: Lister<PodObject>;
  clock: Clock;
  recorder: Recorder;
  logger: Logger;
}

export class TaintEvictionSync {
  /** When this controller first saw a taint that carries no timeAdded, by node, key and effect. */
  private readonly firstSeen = new Map<string, number>();

  constructor(private readonly deps: TaintEvictionSyncDeps) {}

  async sync(name: string): Promise<ReconcileResult> {
    const { nodes, pods, clock } = this.deps;
    const node = nodes.get(name);
    const taints = node ? taintsWithEffect(node, 'NoExecute') : [];
    this.forgetUnseen(name, taints);
    if (taints.length === 0) return;
    const now = clock.now();
    const since = (taint: Taint): number => parseTime(taint.timeAdded) ?? this.firstSeenAt(name, taint, now);
    let next: number | undefined;
    for (const pod of pods.byIndex(POD_NODE_INDEX, name)) {
      if (pod.metadata.deletionTimestamp) continue;
      const at = evictionTime(taints, pod.spec?.tolerations, since);
      if (at === undefined) continue;
      if (at > now) {
        next = next === undefined ? at : Math.min(next, at);
        continue;
      }
      await this.evict(pod);
    }
    return next !== undefined ? { requeueAfterMs: next - now + 1 } : undefined;
  }

  private async evict(pod: PodObject): Promise<void> {
    const namespace = pod.metadata.namespace ?? '';
    const name = pod.metadata.name ?? '';
    this.deps.recorder.event(pod, 'Normal', 'TaintManagerEviction', `Marking for deletion Pod ${namespace}/${name}`);
    try {
      await this.deps.client.delete('pods', namespace, name, { preconditions: { uid: pod.metadata.uid } });
      this.deps.logger.info(`evicted pod ${namespace}/${name} from node ${pod.spec?.nodeName}`);
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }

  private firstSeenAt(node: string, taint: Taint, now: number): number {
    const key = `${node}/${taint.key}:${taint.effect}`;
    const seen = this.firstSeen.get(key);
    if (seen !== undefined) return seen;
    this.firstSeen.set(key, now);
    return now;
  }

  private forgetUnseen(node: string, taints: readonly Taint[]): void {
    const prefix = `${node}/`;
    for (const key of this.firstSeen.keys()) {
      if (key.startsWith(prefix) && !taints.some((t) => key === `${prefix}${t.key}:${t.effect}`)) this.firstSeen.delete(key);
    }
  }
}
