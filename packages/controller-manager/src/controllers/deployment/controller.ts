// Deployment controller wiring and the top of syncDeployment
// (k8s.io/kubernetes/pkg/controller/deployment/deployment_controller.go).
import { getControllerOf } from '@kctl/api';
import { deepCopy } from '@kctl/api';
import { keyOf, ReconcileResult, WorkQueue } from '@kctl/client';
import type { DeploymentObject, PodObject, ReplicaSetObject } from '@kctl/api';
import { SharedInformer } from '../../util/client-types';
import { resolveControllerRef, sameControllerRef } from '../../util/controller-ref';
import { compileSelector, isEmptySelector, labelsEqual } from '../../util/labels';
import { MutationCache } from '../../util/mutation-cache';
import { Controller, ControllerContext, runQueue } from '../types';
import { DeploymentContext, updateDeploymentStatus } from './context';
import { rolloutRecreate } from './recreate';
import { getRollbackTo, rollback } from './rollback';
import { rolloutRolling } from './rolling';
import { isScalingEvent } from './scale';
import { checkPausedConditions, getAllReplicaSetsAndSyncRevision, getPodMapForDeployment, getReplicaSetsForDeployment, sync, syncStatusOnly } from './sync';

export class DeploymentController implements Controller {
  readonly name = 'deployment';
  readonly queue: WorkQueue;
  readonly context: DeploymentContext;
  private readonly deployments: SharedInformer<DeploymentObject>;
  private readonly replicaSets: SharedInformer<ReplicaSetObject>;
  private readonly pods: SharedInformer<PodObject>;

  constructor(private readonly ctx: ControllerContext) {
    this.queue = new WorkQueue({ clock: ctx.clock });
    this.deployments = ctx.informers.informer<DeploymentObject>('deployments');
    this.replicaSets = ctx.informers.informer<ReplicaSetObject>('replicasets');
    this.pods = ctx.informers.informer<PodObject>('pods');
    this.context = {
      client: ctx.client,
      deployments: this.deployments,
      replicaSets: this.replicaSets,
      pods: this.pods,
      recorder: ctx.recorder('deployment-controller'),
      clock: ctx.clock,
      logger: ctx.logger,
      rsCache: new MutationCache<ReplicaSetObject>(ctx.clock),
    };

    this.deployments.addEventHandler({
      onAdd: (d) => this.enqueue(d),
      onUpdate: (_old, cur) => this.enqueue(cur),
      onDelete: (d) => this.enqueue(d),
    });
    this.replicaSets.addEventHandler({
      onAdd: (rs) => this.addReplicaSet(rs),
      onUpdate: (old, cur) => this.updateReplicaSet(old, cur),
      onDelete: (rs) => this.deleteReplicaSet(rs),
    });
    this.pods.addEventHandler({ onDelete: (pod) => this.deletePod(pod) });
  }

  run(signal: AbortSignal): Promise<void> {
    return runQueue(this.name, this.queue, (key) => syncDeployment(this.context, key), signal, this.ctx.workers, this.ctx.logger);
  }

  private enqueue(d: DeploymentObject): void {
    this.queue.add(keyOf(d));
  }

  private controllerOf(rs: ReplicaSetObject): DeploymentObject | undefined {
    const ref = getControllerOf(rs);
    return ref ? resolveControllerRef((key) => this.deployments.get(key), rs.metadata.namespace ?? '', ref, 'Deployment') : undefined;
  }

  /** Deployments whose selector matches an orphan ReplicaSet. */
  private deploymentsMatching(rs: ReplicaSetObject): DeploymentObject[] {
    return this.deployments
      .byIndex('namespace', rs.metadata.namespace ?? '')
      .filter((d) => !isEmptySelector(d.spec.selector) && compileSelector(d.spec.selector)(rs.metadata.labels));
  }

  private addReplicaSet(rs: ReplicaSetObject): void {
    if (rs.metadata.deletionTimestamp) {
      this.deleteReplicaSet(rs);
      return;
    }
    if (getControllerOf(rs)) {
      const d = this.controllerOf(rs);
      if (d) this.enqueue(d);
      return;
    }
    for (const d of this.deploymentsMatching(rs)) this.enqueue(d);
  }

  private updateReplicaSet(old: ReplicaSetObject, cur: ReplicaSetObject): void {
    if (old.metadata.resourceVersion === cur.metadata.resourceVersion) return;
    const curRef = getControllerOf(cur);
    const oldRef = getControllerOf(old);
    const refChanged = !sameControllerRef(curRef, oldRef);
    if (refChanged && oldRef) {
      const d = this.controllerOf(old);
      if (d) this.enqueue(d);
    }
    if (curRef) {
      const d = this.controllerOf(cur);
      if (d) this.enqueue(d);
      return;
    }
    if (refChanged || !labelsEqual(old.metadata.labels, cur.metadata.labels)) for (const d of this.deploymentsMatching(cur)) this.enqueue(d);
  }

  private deleteReplicaSet(rs: ReplicaSetObject): void {
    if (!rs.metadata.deletionTimestamp) this.context.rsCache.deleted(keyOf(rs));
    const d = this.controllerOf(rs);
    if (d) this.enqueue(d);
  }

  /** Recreate waits for old pods to be gone: each pod that goes may let it continue. */
  private deletePod(pod: PodObject): void {
    const ref = getControllerOf(pod);
    if (!ref) return;
    const rs = resolveControllerRef((key) => this.replicaSets.get(key), pod.metadata.namespace ?? '', ref, 'ReplicaSet');
    const d = rs && this.controllerOf(rs);
    if (d && d.spec.strategy?.type === 'Recreate') this.enqueue(d);
  }
}

/** Reconciles one Deployment: its ReplicaSets, their sizes, the rollout and the status. */
export async function syncDeployment(ctx: DeploymentContext, key: string): Promise<ReconcileResult> {
  const cached = ctx.deployments.get(key);
  if (!cached) return;
  const d = deepCopy(cached);

  if (isEmptySelector(d.spec.selector)) {
    ctx.recorder.event(d, 'Warning', 'SelectingAll', 'This deployment is selecting all pods. A non-empty selector is required.');
    if ((d.status?.observedGeneration ?? 0) < (d.metadata.generation ?? 0)) {
      d.status = { ...(d.status ?? {}), observedGeneration: d.metadata.generation };
      await updateDeploymentStatus(ctx, d);
    }
    return;
  }

  const rsList = await getReplicaSetsForDeployment(ctx, d);
  const podMap = getPodMapForDeployment(ctx, d, rsList);

  if (d.metadata.deletionTimestamp) return syncStatusOnly(ctx, d, rsList);

  // Pausing and resuming show in the conditions, so a resumed Deployment does
  // not time out for the time it was paused.
  await checkPausedConditions(ctx, d);
  if (d.spec.paused) return sync(ctx, d, rsList);

  if (getRollbackTo(d) !== undefined) return rollback(ctx, d, rsList);

  const { newRS, oldRSs } = await getAllReplicaSetsAndSyncRevision(ctx, d, rsList, false);
  if (isScalingEvent(d, newRS, oldRSs)) return sync(ctx, d, rsList);

  if (d.spec.strategy?.type === 'Recreate') return rolloutRecreate(ctx, d, rsList, podMap);
  return rolloutRolling(ctx, d, rsList);
}

export function newDeploymentController(ctx: ControllerContext): DeploymentController {
  return new DeploymentController(ctx);
}

