// Resizing ReplicaSets: one at a time with an event, and the proportional
// scaling of all of them when the Deployment is resized mid-rollout.
import { deepCopy } from '@kctl/api';
import type { DeploymentObject, ReplicaSetObject } from '@kctl/api';
import { DeploymentContext, updateReplicaSet } from './context';
import {
  desiredReplicasAnnotation, filterActiveReplicaSets, findActiveOrLatest, isRollingUpdate, isSaturated, maxSurge, proportionalScale,
  replicasAnnotationsNeedUpdate, replicasOf, setReplicasAnnotations,
} from './util';

export interface ScaleResult {
  scaled: boolean;
  rs: ReplicaSetObject;
}

/**
 * Sets rs to newScale replicas (and its desired/max-replicas annotations to the
 * Deployment's), recording "Scaled up/down replica set X from A to B".
 */
export async function scaleReplicaSet(ctx: DeploymentContext, rs: ReplicaSetObject, newScale: number, d: DeploymentObject): Promise<ScaleResult> {
  const oldScale = replicasOf(rs);
  const sizeNeedsUpdate = oldScale !== newScale;
  const max = replicasOf(d) + maxSurge(d);
  if (!sizeNeedsUpdate && !replicasAnnotationsNeedUpdate(rs, replicasOf(d), max)) return { scaled: false, rs };
  const copy = deepCopy(rs);
  copy.spec.replicas = newScale;
  setReplicasAnnotations(copy, replicasOf(d), max);
  const updated = await updateReplicaSet(ctx, copy);
  if (sizeNeedsUpdate) {
    const direction = oldScale < newScale ? 'up' : 'down';
    ctx.recorder.event(d, 'Normal', 'ScalingReplicaSet', `Scaled ${direction} replica set ${rs.metadata.name} from ${oldScale} to ${newScale}`);
  }
  return { scaled: sizeNeedsUpdate, rs: updated };
}

/** Like scaleReplicaSet, but a no-op when the size is already right. */
export async function scaleReplicaSetAndRecordEvent(ctx: DeploymentContext, rs: ReplicaSetObject, newScale: number, d: DeploymentObject): Promise<ScaleResult> {
  if (replicasOf(rs) === newScale) return { scaled: false, rs };
  return scaleReplicaSet(ctx, rs, newScale, d);
}

/**
 * Brings the ReplicaSets to the Deployment's size without moving the rollout:
 * a single active one (or the newest) gets all replicas; a saturated new one
 * means the old go to 0; otherwise (RollingUpdate) the change is spread
 * proportionally over all active ReplicaSets.
 */
export async function scale(ctx: DeploymentContext, d: DeploymentObject, newRS: ReplicaSetObject | undefined, oldRSs: ReplicaSetObject[]): Promise<void> {
  const activeOrLatest = findActiveOrLatest(newRS, oldRSs);
  if (activeOrLatest) {
    if (replicasOf(activeOrLatest) === replicasOf(d)) return;
    await scaleReplicaSetAndRecordEvent(ctx, activeOrLatest, replicasOf(d), d);
    return;
  }
  if (isSaturated(d, newRS)) {
    for (const old of filterActiveReplicaSets(oldRSs)) await scaleReplicaSetAndRecordEvent(ctx, old, 0, d);
    return;
  }
  if (!isRollingUpdate(d)) return;
  const active = filterActiveReplicaSets([...oldRSs, newRS]);
  const sizes = proportionalScale(d, active);
  for (const rs of active) {
    // Also refreshes the replicas annotations of ReplicaSets whose size stays.
    await scaleReplicaSet(ctx, rs, sizes.get(rs.metadata.name ?? '') ?? replicasOf(rs), d);
  }
}

/** The Deployment was resized: an active ReplicaSet's desired-replicas annotation disagrees with it. */
export function isScalingEvent(d: DeploymentObject, newRS: ReplicaSetObject | undefined, oldRSs: ReplicaSetObject[]): boolean {
  for (const rs of filterActiveReplicaSets([...oldRSs, newRS])) {
    const desired = desiredReplicasAnnotation(rs);
    if (desired === undefined) continue;
    if (desired !== replicasOf(d)) return true;
  }
  return false;
}
