// RollingUpdate (k8s.io/kubernetes/pkg/controller/deployment/rolling.go): grow
// the new ReplicaSet within maxSurge, shrink old ones without going below
// replicas − maxUnavailable available pods, unhealthy old pods first.
import { ReconcileResult } from '@kctl/client';
import type { DeploymentObject, ReplicaSetObject } from '@kctl/api';
import { DeploymentContext } from './context';
import { syncRolloutStatus } from './progress';
import { scaleReplicaSetAndRecordEvent } from './scale';
import { cleanupDeployment, getAllReplicaSetsAndSyncRevision } from './sync';
import {
  byCreationTimestamp, deploymentComplete, filterActiveReplicaSets, keptAvailable, keptAvailableCount, maxUnavailable, newRSNewReplicas, replicaCount,
  replicasOf,
} from './util';

export async function rolloutRolling(ctx: DeploymentContext, d: DeploymentObject, rsList: ReplicaSetObject[]): Promise<ReconcileResult> {
  const { newRS, oldRSs } = await getAllReplicaSetsAndSyncRevision(ctx, d, rsList, true);
  if (!newRS) throw new Error(`deployment ${d.metadata.namespace}/${d.metadata.name}: no new replica set`);
  const allRSs = [...oldRSs, newRS];

  // Scale up, if we can.
  const up = await reconcileNewReplicaSet(ctx, allRSs, newRS, d);
  if (up.scaled) return syncRolloutStatus(ctx, [...oldRSs, up.rs], up.rs, d);

  // Scale down, if we can.
  const scaledDown = await reconcileOldReplicaSets(ctx, allRSs, filterActiveReplicaSets(oldRSs), newRS, d);
  if (scaledDown) return syncRolloutStatus(ctx, allRSs, newRS, d);

  if (deploymentComplete(d, d.status)) await cleanupDeployment(ctx, oldRSs, d);
  return syncRolloutStatus(ctx, allRSs, newRS, d);
}

/** Scales the new ReplicaSet towards replicas as far as maxSurge allows (or down when it has too many). */
export async function reconcileNewReplicaSet(ctx: DeploymentContext, allRSs: ReplicaSetObject[], newRS: ReplicaSetObject, d: DeploymentObject): Promise<{ scaled: boolean; rs: ReplicaSetObject }> {
  const want = replicasOf(d);
  if (replicasOf(newRS) === want) return { scaled: false, rs: newRS };
  if (replicasOf(newRS) > want) return scaleReplicaSetAndRecordEvent(ctx, newRS, want, d);
  return scaleReplicaSetAndRecordEvent(ctx, newRS, newRSNewReplicas(d, allRSs, newRS), d);
}

/**
 * Scales old ReplicaSets down as far as availability allows. The budget:
 * all pods − minAvailable − new pods not yet available; unhealthy old
 * replicas go first (removing them costs no availability), then old ones by age
 * while available pods stay above replicas − maxUnavailable. True when any
 * ReplicaSet was scaled down.
 */
export async function reconcileOldReplicaSets(ctx: DeploymentContext, allRSs: ReplicaSetObject[], oldRSs: ReplicaSetObject[], newRS: ReplicaSetObject, d: DeploymentObject): Promise<boolean> {
  if (replicaCount(oldRSs) === 0) return false;
  const minAvailable = replicasOf(d) - maxUnavailable(d);
  const newRSUnavailable = replicasOf(newRS) - keptAvailable(newRS);
  const maxScaledDown = replicaCount(allRSs) - minAvailable - newRSUnavailable;
  if (maxScaledDown <= 0) return false;

  const cleaned = await cleanupUnhealthyReplicas(ctx, oldRSs, d, maxScaledDown);
  const scaledDown = await scaleDownOldReplicaSetsForRollingUpdate(ctx, [...cleaned.oldRSs, newRS], cleaned.oldRSs, d);
  return cleaned.scaledDown + scaledDown > 0;
}

/** Removes old replicas that are not available, up to maxCleanup, oldest ReplicaSet first. */
export async function cleanupUnhealthyReplicas(ctx: DeploymentContext, oldRSs: ReplicaSetObject[], d: DeploymentObject, maxCleanup: number): Promise<{ oldRSs: ReplicaSetObject[]; scaledDown: number }> {
  const sorted = [...oldRSs].sort(byCreationTimestamp);
  let total = 0;
  for (let i = 0; i < sorted.length; i++) {
    const rs = sorted[i]!;
    if (total >= maxCleanup) break;
    const replicas = replicasOf(rs);
    const unhealthy = replicas - keptAvailable(rs);
    if (replicas === 0 || unhealthy <= 0) continue;
    const count = Math.min(maxCleanup - total, unhealthy);
    const { rs: updated } = await scaleReplicaSetAndRecordEvent(ctx, rs, replicas - count, d);
    sorted[i] = updated;
    total += count;
  }
  return { oldRSs: sorted, scaledDown: total };
}

/** Scales old ReplicaSets down, oldest first, while available pods stay above replicas − maxUnavailable. */
export async function scaleDownOldReplicaSetsForRollingUpdate(ctx: DeploymentContext, allRSs: ReplicaSetObject[], oldRSs: ReplicaSetObject[], d: DeploymentObject): Promise<number> {
  const minAvailable = replicasOf(d) - maxUnavailable(d);
  const available = keptAvailableCount(allRSs);
  if (available <= minAvailable) return 0;
  const budget = available - minAvailable;
  let total = 0;
  for (const rs of [...oldRSs].sort(byCreationTimestamp)) {
    if (total >= budget) break;
    const replicas = replicasOf(rs);
    if (replicas === 0) continue;
    const count = Math.min(replicas, budget - total);
    await scaleReplicaSetAndRecordEvent(ctx, rs, replicas - count, d);
    total += count;
  }
  return total;
}
