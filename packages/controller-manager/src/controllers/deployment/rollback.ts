// Rollback. Modern kubectl rolls back on the client (`rollout undo` copies the
// old ReplicaSet's template into the Deployment); the controller then finds
// that ReplicaSet as the new one and gives it the next revision (sync.ts). For
// clients of the older API this also honours the deprecated
// `deprecated.deployment.rollback.to` annotation (extensions/v1beta1's
// spec.rollbackTo as apps/v1 carries it): revision N, or 0 for the previous one.
import { deepCopy } from '@kctl/api';
import { ReconcileResult } from '@kctl/client';
import type { DeploymentObject, ReplicaSetObject } from '@kctl/api';
import { DeploymentContext, updateDeployment } from './context';
import { getAllReplicaSetsAndSyncRevision } from './sync';
import { equalIgnoreHash, lastRevision, REASON, revisionOf, setDeploymentAnnotationsTo, templateWithoutHash } from './util';
import { ROLLBACK_TO_ANNOTATION } from '@kctl/api';

/** The revision asked for by the annotation, or undefined when there is no (readable) request. */
export function getRollbackTo(d: DeploymentObject): number | undefined {
  const value = d.metadata.annotations?.[ROLLBACK_TO_ANNOTATION];
  if (value === undefined) return undefined;
  return /^\d+$/.test(value) ? Number(value) : undefined;
}

export async function rollback(ctx: DeploymentContext, d: DeploymentObject, rsList: ReplicaSetObject[]): Promise<ReconcileResult> {
  const { newRS, oldRSs } = await getAllReplicaSetsAndSyncRevision(ctx, d, rsList, true);
  const allRSs = newRS ? [...oldRSs, newRS] : oldRSs;
  let revision = getRollbackTo(d) ?? 0;
  if (revision === 0) {
    revision = lastRevision(allRSs);
    if (revision === 0) {
      ctx.recorder.event(d, 'Warning', REASON.RollbackRevisionNotFound, 'Unable to find last revision.');
      await clearRollbackTo(ctx, d);
      return;
    }
  }
  const target = allRSs.find((rs) => revisionOf(rs) === revision);
  if (!target) {
    ctx.recorder.event(d, 'Warning', REASON.RollbackRevisionNotFound, 'Unable to find the revision to rollback to.');
    await clearRollbackTo(ctx, d);
    return;
  }
  if (equalIgnoreHash(d.spec.template, target.spec.template)) {
    ctx.recorder.event(d, 'Warning', REASON.RollbackTemplateUnchanged, `The rollback revision contains the same template as current deployment "${d.metadata.name}"`);
    await clearRollbackTo(ctx, d);
    return;
  }
  d.spec.template = templateWithoutHash(deepCopy(target.spec.template));
  // The old ReplicaSet's annotations (change-cause) come back with its template.
  setDeploymentAnnotationsTo(d, target);
  await clearRollbackTo(ctx, d);
  ctx.recorder.event(d, 'Normal', REASON.RollbackDone, `Rolled back deployment "${d.metadata.name}" to revision ${revision}`);
}

async function clearRollbackTo(ctx: DeploymentContext, d: DeploymentObject): Promise<void> {
  if (d.metadata.annotations) delete d.metadata.annotations[ROLLBACK_TO_ANNOTATION];
  await updateDeployment(ctx, d);
}
