// The parts of a Deployment sync every strategy shares
// (k8s.io/kubernetes/pkg/controller/deployment/sync.go): finding and creating
// the new ReplicaSet, keeping revisions in step, scaling when the Deployment is
// resized or paused, history cleanup, and the plain status sync.
import { getControllerOf } from '@kctl/api';
import { deepCopy, isAlreadyExists, isNotFound } from '@kctl/api';
import { ReconcileResult } from '@kctl/client';
import type { DeploymentObject, PodObject, ReplicaSetObject } from '@kctl/api';
import { claimObjects, newControllerRef, recheckDeletion } from '../../util/controller-ref';
import { cloneAndAddLabel, cloneSelectorAndAddLabel, compileSelector } from '../../util/labels';
import { REVISION_ANNOTATION } from '@kctl/api';
import { createReplicaSet, deleteReplicaSet, DeploymentContext, freshReplicaSets, updateDeployment, updateDeploymentStatus, updateReplicaSet } from './context';
import { scale } from './scale';
import {
  calculateStatus, canonicalJson, computeHash, DEFAULT_DEPLOYMENT_UNIQUE_LABEL_KEY, equalIgnoreHash, findNewReplicaSet, findOldReplicaSets, getCondition,
  groupPodsByReplicaSet, hasProgressDeadline, maxRevision, newCondition, newRSNewReplicas, REASON, replicaSetsToCleanUp,
  setCondition, setDeploymentRevision, setNewReplicaSetAnnotations,
} from './util';

/** The ReplicaSets d owns, adopting matching orphans and releasing owned ones that stopped matching. */
export function getReplicaSetsForDeployment(ctx: DeploymentContext, d: DeploymentObject): Promise<ReplicaSetObject[]> {
  const candidates = freshReplicaSets(ctx, d, ctx.replicaSets.byIndex('namespace', d.metadata.namespace ?? ''));
  return claimObjects(candidates, {
    client: ctx.client,
    resource: 'replicasets',
    controller: d,
    controllerApiVersion: 'apps/v1',
    controllerKind: 'Deployment',
    matches: compileSelector(d.spec.selector),
    canAdopt: recheckDeletion(ctx.client, 'deployments', d),
  });
}

/** Pods matching d's selector, grouped by the uid of the (listed) ReplicaSet controlling them. */
export function getPodMapForDeployment(ctx: DeploymentContext, d: DeploymentObject, rsList: ReplicaSetObject[]): Map<string, PodObject[]> {
  const matches = compileSelector(d.spec.selector);
  const pods = ctx.pods.byIndex('namespace', d.metadata.namespace ?? '').filter((p) => matches(p.metadata.labels));
  return groupPodsByReplicaSet(rsList, pods);
}

export interface ReplicaSets {
  newRS: ReplicaSetObject | undefined;
  oldRSs: ReplicaSetObject[];
}

/**
 * The new ReplicaSet (created when asked and missing) and all old ones, with
 * the new one's revision raised above every old one's and the Deployment's
 * revision annotation following it.
 */
export async function getAllReplicaSetsAndSyncRevision(ctx: DeploymentContext, d: DeploymentObject, rsList: ReplicaSetObject[], createIfNotExisted: boolean): Promise<ReplicaSets> {
  const fresh = freshReplicaSets(ctx, d, rsList);
  const { allOld } = findOldReplicaSets(d, fresh);
  const newRS = await getNewReplicaSet(ctx, d, fresh, allOld, createIfNotExisted);
  return { newRS, oldRSs: allOld };
}

async function getNewReplicaSet(ctx: DeploymentContext, d: DeploymentObject, rsList: ReplicaSetObject[], oldRSs: ReplicaSetObject[], createIfNotExisted: boolean): Promise<ReplicaSetObject | undefined> {
  const existing = findNewReplicaSet(d, rsList);
  const newRevision = String(maxRevision(oldRSs) + 1);
  const now = ctx.clock.now();

  if (existing) {
    const copy = deepCopy(existing);
    const annotationsUpdated = setNewReplicaSetAnnotations(d, copy, newRevision, true);
    const minReadyNeedsUpdate = (copy.spec.minReadySeconds ?? 0) !== (d.spec.minReadySeconds ?? 0);
    if (annotationsUpdated || minReadyNeedsUpdate) {
      copy.spec.minReadySeconds = d.spec.minReadySeconds;
      return updateReplicaSet(ctx, copy);
    }
    // The Deployment takes the revision the ReplicaSet already carries.
    if (setDeploymentRevision(d, copy.metadata.annotations?.[REVISION_ANNOTATION] ?? newRevision)) await updateDeployment(ctx, d);
    if (hasProgressDeadline(d) && !getCondition(d.status, 'Progressing')) {
      d.status ??= {};
      setCondition(d.status, newCondition('Progressing', 'True', REASON.FoundNewRS, `Found new replica set "${copy.metadata.name}"`, now));
      await updateDeploymentStatus(ctx, d);
    }
    return copy;
  }
  if (!createIfNotExisted) return undefined;

  const template = deepCopy(d.spec.template);
  const hash = computeHash(template, d.status?.collisionCount);
  template.metadata = { ...(template.metadata ?? {}), labels: cloneAndAddLabel(template.metadata?.labels, DEFAULT_DEPLOYMENT_UNIQUE_LABEL_KEY, hash) };
  const rs: ReplicaSetObject = {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      // A name from the hash: creating twice answers AlreadyExists instead of a duplicate.
      name: `${d.metadata.name}-${hash}`,
      namespace: d.metadata.namespace,
      ownerReferences: [newControllerRef(d, 'apps/v1', 'Deployment')],
      labels: { ...(template.metadata.labels ?? {}) },
    },
    spec: {
      replicas: 0,
      minReadySeconds: d.spec.minReadySeconds,
      selector: cloneSelectorAndAddLabel(d.spec.selector, DEFAULT_DEPLOYMENT_UNIQUE_LABEL_KEY, hash),
      template,
    },
  };
  rs.spec.replicas = newRSNewReplicas(d, [...oldRSs, rs], rs);
  setNewReplicaSetAnnotations(d, rs, newRevision, false);

  let created: ReplicaSetObject;
  let alreadyExisted = false;
  try {
    created = await createReplicaSet(ctx, rs);
  } catch (err) {
    if (!isAlreadyExists(err)) {
      const message = `Failed to create new replica set "${rs.metadata.name}": ${err instanceof Error ? err.message : String(err)}`;
      if (hasProgressDeadline(d)) {
        d.status ??= {};
        setCondition(d.status, newCondition('Progressing', 'False', REASON.FailedRSCreate, message, now));
        await updateDeploymentStatus(ctx, d).catch(() => undefined);
      }
      ctx.recorder.event(d, 'Warning', REASON.FailedRSCreate, message);
      throw err;
    }
    // Ours from an earlier pass (the cache is behind), or a hash collision.
    const found = ctx.rsCache.newer(ctx.replicaSets.get(`${rs.metadata.namespace}/${rs.metadata.name}`) ?? (await ctx.client.get<ReplicaSetObject>('replicasets', rs.metadata.namespace ?? '', rs.metadata.name ?? '')));
    if (getControllerOf(found)?.uid === d.metadata.uid && equalIgnoreHash(d.spec.template, found.spec.template)) {
      created = found;
      alreadyExisted = true;
    } else {
      d.status ??= {};
      d.status.collisionCount = (d.status.collisionCount ?? 0) + 1;
      await updateDeploymentStatus(ctx, d);
      ctx.logger.info(`deployment ${d.metadata.namespace}/${d.metadata.name}: hash collision on ${rs.metadata.name}, collisionCount now ${d.status.collisionCount}`);
      throw err;
    }
  }
  if (!alreadyExisted && (created.spec.replicas ?? 0) > 0) {
    ctx.recorder.event(d, 'Normal', 'ScalingReplicaSet', `Scaled up replica set ${created.metadata.name} from 0 to ${created.spec.replicas}`);
  }
  if (setDeploymentRevision(d, newRevision)) await updateDeployment(ctx, d);
  if (!alreadyExisted && hasProgressDeadline(d)) {
    d.status ??= {};
    setCondition(d.status, newCondition('Progressing', 'True', REASON.NewRSNewReplicas, `Created new replica set "${created.metadata.name}"`, now));
    await updateDeploymentStatus(ctx, d);
  }
  return created;
}

/** Paused or resized: scale without moving the rollout, clean history when paused, sync status. */
export async function sync(ctx: DeploymentContext, d: DeploymentObject, rsList: ReplicaSetObject[]): Promise<ReconcileResult> {
  const { newRS, oldRSs } = await getAllReplicaSetsAndSyncRevision(ctx, d, rsList, false);
  await scale(ctx, d, newRS, oldRSs);
  if (d.spec.paused) await cleanupDeployment(ctx, oldRSs, d);
  await syncDeploymentStatus(ctx, [...oldRSs, newRS], newRS, d);
}

/** Only the status (the Deployment is being deleted). */
export async function syncStatusOnly(ctx: DeploymentContext, d: DeploymentObject, rsList: ReplicaSetObject[]): Promise<ReconcileResult> {
  const { newRS, oldRSs } = await getAllReplicaSetsAndSyncRevision(ctx, d, rsList, false);
  await syncDeploymentStatus(ctx, [...oldRSs, newRS], newRS, d);
}

/**
 * Marks pausing and resuming in the Progressing condition (status Unknown), so
 * the time spent paused never counts towards the progress deadline.
 */
export async function checkPausedConditions(ctx: DeploymentContext, d: DeploymentObject): Promise<void> {
  if (!hasProgressDeadline(d)) return;
  const cond = getCondition(d.status, 'Progressing');
  if (cond?.reason === REASON.TimedOut) return;
  const pausedCondExists = cond?.reason === REASON.PausedDeploy;
  const now = ctx.clock.now();
  d.status ??= {};
  if (d.spec.paused && !pausedCondExists) {
    setCondition(d.status, newCondition('Progressing', 'Unknown', REASON.PausedDeploy, 'Deployment is paused', now));
  } else if (!d.spec.paused && pausedCondExists) {
    setCondition(d.status, newCondition('Progressing', 'Unknown', REASON.ResumedDeploy, 'Deployment is resumed', now));
  } else {
    return;
  }
  await updateDeploymentStatus(ctx, d);
}

/** Deletes old, scaled-down ReplicaSets beyond revisionHistoryLimit, oldest revision first. */
export async function cleanupDeployment(ctx: DeploymentContext, oldRSs: ReplicaSetObject[], d: DeploymentObject): Promise<void> {
  for (const rs of replicaSetsToCleanUp(d, oldRSs)) {
    try {
      await deleteReplicaSet(ctx, rs);
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }
}

/** Writes the status computed from the ReplicaSets, when it differs. */
export async function syncDeploymentStatus(ctx: DeploymentContext, allRSs: (ReplicaSetObject | undefined)[], newRS: ReplicaSetObject | undefined, d: DeploymentObject): Promise<void> {
  const status = calculateStatus(allRSs, newRS, d, ctx.clock.now());
  if (canonicalJson(status) === canonicalJson(d.status ?? {})) return;
  d.status = status;
  await updateDeploymentStatus(ctx, d);
}
