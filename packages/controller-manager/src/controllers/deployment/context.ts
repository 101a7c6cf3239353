// What the Deployment sync functions share, and the writes they make. Every
// write goes out with the resourceVersion the caller read, so acting on a stale
// cache fails with Conflict and is retried rather than applied; writes to
// ReplicaSets are remembered in a mutation cache so later steps of the same or
// the next pass see them before the informer does.
import { getControllerOf } from '@kctl/api';
import { deepCopy } from '@kctl/api';
import { Clock, keyOf } from '@kctl/client';
import type { DeploymentObject, PodObject, ReplicaSetObject } from '@kctl/api';
import { ControllerClient, Lister, Logger, Recorder } from '../../util/client-types';

import { MutationCache } from '../../util/mutation-cache';

export interface DeploymentContext {
  client: ControllerClient;
  deployments: Lister<DeploymentObject>;
  replicaSets: Lister<ReplicaSetObject>;
  pods: Lister<PodObject>;
  recorder: Recorder;
  clock: Clock;
  logger: Logger;
  rsCache: MutationCache<ReplicaSetObject>;
}

/** rsList with our newer writes laid over it, plus ReplicaSets we created for d that the cache lacks. */
export function freshReplicaSets(ctx: DeploymentContext, d: DeploymentObject, rsList: ReplicaSetObject[]): ReplicaSetObject[] {
  return ctx.rsCache.overlay(rsList, (rs) => rs.metadata.namespace === d.metadata.namespace && getControllerOf(rs)?.uid === d.metadata.uid);
}

export async function createReplicaSet(ctx: DeploymentContext, rs: ReplicaSetObject): Promise<ReplicaSetObject> {
  const created = await ctx.client.create<ReplicaSetObject>('replicasets', rs);
  ctx.rsCache.mutated(created);
  return created;
}

export async function updateReplicaSet(ctx: DeploymentContext, rs: ReplicaSetObject): Promise<ReplicaSetObject> {
  const updated = await ctx.client.update<ReplicaSetObject>('replicasets', rs);
  ctx.rsCache.mutated(updated);
  return updated;
}

export async function deleteReplicaSet(ctx: DeploymentContext, rs: ReplicaSetObject): Promise<void> {
  await ctx.client.delete('replicasets', rs.metadata.namespace ?? '', rs.metadata.name ?? '', { preconditions: { uid: rs.metadata.uid, resourceVersion: rs.metadata.resourceVersion } });
  ctx.rsCache.deleted(keyOf(rs));
}

/**
 * Writes d's status (d is the working copy of this pass; its resourceVersion
 * and status follow the server's answer, so a later write in the same pass
 * does not conflict with this one).
 */
export async function updateDeploymentStatus(ctx: DeploymentContext, d: DeploymentObject): Promise<void> {
  const updated = await ctx.client.updateStatus<DeploymentObject>('deployments', d);
  d.metadata.resourceVersion = updated.metadata.resourceVersion;
  d.status = deepCopy(updated.status);
}

/** Writes d's metadata and spec (annotations); the status in d is left as the caller has it. */
export async function updateDeployment(ctx: DeploymentContext, d: DeploymentObject): Promise<void> {
  const updated = await ctx.client.update<DeploymentObject>('deployments', d);
  const status = d.status;
  d.metadata = deepCopy(updated.metadata);
  d.spec = deepCopy(updated.spec);
  d.status = status;
}
