// Recreate (k8s.io/kubernetes/pkg/controller/deployment/recreate.go): scale
// every old ReplicaSet to 0, wait until their pods are gone, then create or
// scale up the new one.
import { ReconcileResult } from '@kctl/client';
import type { DeploymentObject, PodObject, ReplicaSetObject } from '@kctl/api';
import { DeploymentContext } from './context';
import { syncRolloutStatus } from './progress';
import { scaleReplicaSetAndRecordEvent } from './scale';
import { cleanupDeployment, getAllReplicaSetsAndSyncRevision } from './sync';
import { deploymentComplete, filterActiveReplicaSets, oldPodsRunning, replicasOf } from './util';

export async function rolloutRecreate(ctx: DeploymentContext, d: DeploymentObject, rsList: ReplicaSetObject[], podMap: Map<string, PodObject[]>): Promise<ReconcileResult> {
  // No new ReplicaSet yet: creating it now could start new pods beside old ones.
  let { newRS, oldRSs } = await getAllReplicaSetsAndSyncRevision(ctx, d, rsList, false);
  let allRSs = [...oldRSs, newRS];

  if (await scaleDownOldReplicaSetsForRecreate(ctx, filterActiveReplicaSets(oldRSs), d)) return syncRolloutStatus(ctx, allRSs, newRS, d);

  // Wait until the old pods are gone (terminating ones included).
  if (oldPodsRunning(newRS, oldRSs, podMap)) return syncRolloutStatus(ctx, allRSs, newRS, d);

  if (!newRS) {
    ({ newRS, oldRSs } = await getAllReplicaSetsAndSyncRevision(ctx, d, rsList, true));
    allRSs = [...oldRSs, newRS];
  }
  if (newRS) {
    const up = await scaleReplicaSetAndRecordEvent(ctx, newRS, replicasOf(d), d);
    newRS = up.rs;
    allRSs = [...oldRSs, newRS];
  }
  if (deploymentComplete(d, d.status)) await cleanupDeployment(ctx, oldRSs, d);
  return syncRolloutStatus(ctx, allRSs, newRS, d);
}

async function scaleDownOldReplicaSetsForRecreate(ctx: DeploymentContext, oldRSs: ReplicaSetObject[], d: DeploymentObject): Promise<boolean> {
  let scaled = false;
  for (const rs of oldRSs) {
    if (replicasOf(rs) === 0) continue;
    const result = await scaleReplicaSetAndRecordEvent(ctx, rs, 0, d);
    scaled ||= result.scaled;
  }
  return scaled;
}
