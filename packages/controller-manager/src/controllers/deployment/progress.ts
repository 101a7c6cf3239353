// Rollout progress (k8s.io/kubernetes/pkg/controller/deployment/progress.go):
// the Progressing condition against progressDeadlineSeconds, and a requeue
// timed to notice the deadline passing when nothing else happens.
import { ReconcileResult } from '@kctl/client';
import type { DeploymentCondition, DeploymentObject, DeploymentStatus, ReplicaSetObject } from '@kctl/api';
import { parseTime } from '@kctl/api';
import { DeploymentContext, updateDeploymentStatus } from './context';
import {
  calculateStatus, canonicalJson, deploymentComplete, deploymentProgressing, deploymentTimedOut, getCondition, hasProgressDeadline, newCondition, REASON,
  removeCondition, setCondition,
} from './util';

/** The status a rollout should report now (pure: the clock reading comes in as now). */
export function rolloutStatus(allRSs: (ReplicaSetObject | undefined)[], newRS: ReplicaSetObject | undefined, d: DeploymentObject, now: number): DeploymentStatus {
  const status = calculateStatus(allRSs, newRS, d, now);
  if (!hasProgressDeadline(d)) removeCondition(status, 'Progressing');
  const current = getCondition(d.status, 'Progressing');
  const isCompleteDeployment = status.replicas === status.updatedReplicas && current?.reason === REASON.NewRSAvailable;
  if (hasProgressDeadline(d) && !isCompleteDeployment) {
    const subject = newRS ? `ReplicaSet "${newRS.metadata.name}"` : `Deployment "${d.metadata.name}"`;
    if (deploymentComplete(d, status)) {
      setCondition(status, newCondition('Progressing', 'True', REASON.NewRSAvailable, `${subject} has successfully progressed.`, now));
    } else if (deploymentProgressing(d, status)) {
      const condition: DeploymentCondition = newCondition('Progressing', 'True', REASON.ReplicaSetUpdated, `${subject} is progressing.`, now);
      // Progress refreshes lastUpdateTime (the deadline counts from it) but keeps the transition time.
      if (current) {
        if (current.status === 'True') condition.lastTransitionTime = current.lastTransitionTime;
        removeCondition(status, 'Progressing');
      }
      setCondition(status, condition);
    } else if (deploymentTimedOut(d, status, now)) {
      setCondition(status, newCondition('Progressing', 'False', REASON.TimedOut, `${subject} has timed out progressing.`, now));
    }
  }
  const failure = replicaFailure(allRSs, newRS);
  if (failure) setCondition(status, failure);
  else removeCondition(status, 'ReplicaFailure');
  return status;
}

/** A ReplicaFailure condition of the new ReplicaSet (or else of an old one), as a Deployment condition. */
function replicaFailure(allRSs: (ReplicaSetObject | undefined)[], newRS: ReplicaSetObject | undefined): DeploymentCondition | undefined {
  const ordered = newRS ? [newRS, ...allRSs.filter((rs) => rs && rs !== newRS)] : allRSs;
  for (const rs of ordered) {
    const c = rs?.status?.conditions?.find((x) => x.type === 'ReplicaFailure' && x.status === 'True');
    if (c) return { type: 'ReplicaFailure', status: c.status, reason: c.reason, message: c.message, lastUpdateTime: c.lastTransitionTime, lastTransitionTime: c.lastTransitionTime };
  }
  return undefined;
}

/**
 * When to look again so a stuck rollout is reported as timed out: the
 * Progressing condition's lastUpdateTime + deadline, plus a second. Undefined
 * when there is nothing to wait for (no deadline, complete, already timed out).
 */
export function stuckRequeueAfterMs(d: DeploymentObject, status: DeploymentStatus, now: number): number | undefined {
  const current = getCondition(d.status, 'Progressing');
  if (!hasProgressDeadline(d) || !current) return undefined;
  if (deploymentComplete(d, status) || current.reason === REASON.TimedOut) return undefined;
  const from = parseTime(current.lastUpdateTime);
  if (from === undefined) return undefined;
  const after = from + (d.spec.progressDeadlineSeconds ?? 600) * 1000 - now;
  return Math.max(0, after) + 1000;
}

/** Writes the rollout status when it changed; otherwise returns when to check the deadline again. */
export async function syncRolloutStatus(ctx: DeploymentContext, allRSs: (ReplicaSetObject | undefined)[], newRS: ReplicaSetObject | undefined, d: DeploymentObject): Promise<ReconcileResult> {
  const now = ctx.clock.now();
  const status = rolloutStatus(allRSs, newRS, d, now);
  if (canonicalJson(status) === canonicalJson(d.status ?? {})) {
    const after = stuckRequeueAfterMs(d, status, now);
    return after === undefined ? undefined : { requeueAfterMs: after };
  }
  d.status = status;
  await updateDeploymentStatus(ctx, d);
}
