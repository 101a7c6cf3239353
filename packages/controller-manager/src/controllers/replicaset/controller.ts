// ReplicaSet controller wiring: informer handlers that only enqueue keys (and
// record what the informer observed for expectations), and the workers.
import { getControllerOf } from '@kctl/api';
import { keyOf, WorkQueue } from '@kctl/client';
import type { PodObject, ReplicaSetObject } from '@kctl/api';
import { SharedInformer } from '../../util/client-types';
import { resolveControllerRef, sameControllerRef } from '../../util/controller-ref';
import { compileSelector, isEmptySelector, labelsEqual } from '../../util/labels';
import { isPodReady } from '@kctl/api';
import { Controller, ControllerContext, runQueue } from '../types';
import { ControllerExpectations } from './expectations';
import { ReplicaSetSync } from './sync';

export class ReplicaSetController implements Controller {
  readonly name = 'replicaset';
  readonly queue: WorkQueue;
  readonly expectations: ControllerExpectations;
  readonly syncer: ReplicaSetSync;
  private readonly replicaSets: SharedInformer<ReplicaSetObject>;
  private readonly pods: SharedInformer<PodObject>;

  constructor(private readonly ctx: ControllerContext) {
    this.queue = new WorkQueue({ clock: ctx.clock });
    this.expectations = new ControllerExpectations(ctx.clock);
    this.replicaSets = ctx.informers.informer<ReplicaSetObject>('replicasets');
    this.pods = ctx.informers.informer<PodObject>('pods');
    this.syncer = new ReplicaSetSync({
      client: ctx.client,
      replicaSets: this.replicaSets,
      pods: this.pods,
      expectations: this.expectations,
      recorder: ctx.recorder('replicaset-controller'),
      clock: ctx.clock,
      logger: ctx.logger,
    });

    this.replicaSets.addEventHandler({
      onAdd: (rs) => this.enqueue(rs),
      onUpdate: (old, cur) => {
        if (old.metadata.uid !== cur.metadata.uid) this.expectations.deleteExpectations(keyOf(old));
        this.enqueue(cur);
      },
      onDelete: (rs) => {
        this.expectations.deleteExpectations(keyOf(rs));
        this.enqueue(rs);
      },
    });
    this.pods.addEventHandler({
      onAdd: (pod) => this.addPod(pod),
      onUpdate: (old, cur) => this.updatePod(old, cur),
      onDelete: (pod) => this.deletePod(pod),
    });
  }

  run(signal: AbortSignal): Promise<void> {
    return runQueue(this.name, this.queue, (key) => this.syncer.sync(key), signal, this.ctx.workers, this.ctx.logger);
  }

  private enqueue(rs: ReplicaSetObject): void {
    this.queue.add(keyOf(rs));
  }

  private controllerOf(pod: PodObject): ReplicaSetObject | undefined {
    const ref = getControllerOf(pod);
    return ref ? resolveControllerRef((key) => this.replicaSets.get(key), pod.metadata.namespace ?? '', ref, 'ReplicaSet') : undefined;
  }

  /** ReplicaSets whose selector matches an orphan pod: candidates to adopt it. */
  private replicaSetsMatching(pod: PodObject): ReplicaSetObject[] {
    return this.replicaSets
      .byIndex('namespace', pod.metadata.namespace ?? '')
      .filter((rs) => !isEmptySelector(rs.spec.selector) && compileSelector(rs.spec.selector)(pod.metadata.labels));
  }

  private addPod(pod: PodObject): void {
    if (pod.metadata.deletionTimestamp) {
      // Seen for the first time while already going (a relist): a deletion.
      this.deletePod(pod);
      return;
    }
    if (getControllerOf(pod)) {
      const rs = this.controllerOf(pod);
      if (!rs) return;
      this.expectations.creationObserved(keyOf(rs));
      this.enqueue(rs);
      return;
    }
    for (const rs of this.replicaSetsMatching(pod)) this.enqueue(rs);
  }

  private updatePod(old: PodObject, cur: PodObject): void {
    if (old.metadata.resourceVersion === cur.metadata.resourceVersion) return;
    const labelsChanged = !labelsEqual(old.metadata.labels, cur.metadata.labels);
    if (cur.metadata.deletionTimestamp) {
      // A graceful delete shows first as an update: count it as the deletion.
      this.deletePod(cur);
      if (labelsChanged) this.deletePod(old);
      return;
    }
    const curRef = getControllerOf(cur);
    const oldRef = getControllerOf(old);
    const refChanged = !sameControllerRef(curRef, oldRef);
    if (refChanged && oldRef) {
      const rs = this.controllerOf(old);
      if (rs) this.enqueue(rs);
    }
    if (curRef) {
      const rs = this.controllerOf(cur);
      if (!rs) return;
      this.enqueue(rs);
      const minReady = rs.spec.minReadySeconds ?? 0;
      if (minReady > 0 && !isPodReady(old) && isPodReady(cur)) this.queue.addAfter(keyOf(rs), minReady * 1000 + 1);
      return;
    }
    if (labelsChanged || refChanged) for (const rs of this.replicaSetsMatching(cur)) this.enqueue(rs);
  }

  private deletePod(pod: PodObject): void {
    const rs = this.controllerOf(pod);
    if (!rs) return;
    this.expectations.deletionObserved(keyOf(rs), keyOf(pod));
    this.enqueue(rs);
  }
}

export function newReplicaSetController(ctx: ControllerContext): ReplicaSetController {
  return new ReplicaSetController(ctx);
}
