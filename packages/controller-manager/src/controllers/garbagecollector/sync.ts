// The garbage collector's reconcile of one object
// (k8s.io/kubernetes/pkg/controller/garbagecollector/garbagecollector.go):
// delete it when every owner is gone, orphan its dependents when it is deleted
// with the orphan finalizer, and finish a foreground deletion once the
// dependents that block it are gone.
import { isNotFound, KObject, OwnerReference, resourceForKind } from '@kctl/api';
import { ReconcileResult } from '@kctl/client';
import { ControllerClient, Lister, Logger } from '../../util/client-types';
import { decide, FOREGROUND_FINALIZER, isDeletingDependents, isOrphaning, ORPHAN_FINALIZER, OwnerState, referenceTo, splitItemKey } from './util';

export interface GraphItem {
  resource: string;
  obj: KObject;
}

/** The collector's view of the cluster: the informer caches of every resource it watches. */
export interface Graph {
  lister(resource: string): Lister | undefined;
  /** Objects (of every watched resource) with an owner reference to uid. */
  dependents(uid: string): GraphItem[];
  byUid(uid: string): GraphItem | undefined;
}

export interface GarbageCollectorSyncDeps {
  client: ControllerClient;
  graph: Graph;
  logger: Logger;
  enqueue(resource: string, obj: KObject): void;
  /** How many uids of owners known to be gone to remember. Default 1000. */
  absentOwnerCacheSize?: number;
}

/** Uids of owners a live read found gone: uids never come back, so no second read is needed. */
class AbsentOwnerCache {
  private readonly uids = new Set<string>();

  constructor(private readonly size: number) {}

  has(uid: string): boolean {
    return this.uids.has(uid);
  }

  add(uid: string): void {
    this.uids.delete(uid);
    this.uids.add(uid);
    if (this.uids.size > this.size) this.uids.delete(this.uids.values().next().value!);
  }
}

export class GarbageCollectorSync {
  private readonly absent: AbsentOwnerCache;

  constructor(private readonly deps: GarbageCollectorSyncDeps) {
    this.absent = new AbsentOwnerCache(deps.absentOwnerCacheSize ?? 1000);
  }

  async sync(key: string): Promise<ReconcileResult> {
    const { resource, objectKey } = splitItemKey(key);
    const obj = this.deps.graph.lister(resource)?.get(objectKey);
    if (!obj) return;
    if (isOrphaning(obj)) {
      await this.orphanDependents(obj);
      await this.removeFinalizer(resource, obj, ORPHAN_FINALIZER);
      return;
    }
    if (isDeletingDependents(obj)) {
      await this.processDeletingDependents(resource, obj);
      return;
    }
    if (obj.metadata.deletionTimestamp || !obj.metadata.ownerReferences?.length) return;
    await this.attemptToDelete(resource, obj);
  }

  /** Deletes obj if none of its owners exists any more (checked with live reads), or drops references to owners that are gone. */
  private async attemptToDelete(resource: string, obj: KObject): Promise<void> {
    const { client, graph } = this.deps;
    const namespace = obj.metadata.namespace ?? '';
    const name = obj.metadata.name ?? '';
    // Every owner is in the cache and not being deleted: nothing to check.
    if ((obj.metadata.ownerReferences ?? []).every((ref) => this.cachedOwnerSolid(ref, namespace))) return;
    let latest: KObject;
    try {
      latest = await client.get(resource, namespace, name);
    } catch (err) {
      if (isNotFound(err)) return;
      throw err;
    }
    if (latest.metadata.uid !== obj.metadata.uid || latest.metadata.deletionTimestamp) return;
    const states = new Map<string, OwnerState>();
    for (const ref of latest.metadata.ownerReferences ?? []) states.set(ref.uid, await this.ownerState(ref, namespace));
    const decision = decide(latest, states, graph.dependents(latest.metadata.uid ?? '').length > 0);
    try {
      if (decision.action === 'removeReferences') {
        const rest = (latest.metadata.ownerReferences ?? []).filter((r) => !decision.uids.includes(r.uid));
        await client.patch(resource, namespace, name, { metadata: { ownerReferences: rest.length ? rest : null, uid: latest.metadata.uid, resourceVersion: latest.metadata.resourceVersion } });
      } else if (decision.action === 'delete') {
        this.deps.logger.info(`garbage collector: deleting ${resource} ${namespace}/${name} (${decision.propagationPolicy})`);
        await client.delete(resource, namespace, name, { propagationPolicy: decision.propagationPolicy, preconditions: { uid: latest.metadata.uid } });
      }
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }

  /**
   * An owner is solid while it exists and is not deleting in the foreground,
   * waiting while it deletes in the foreground, dangling when gone. Only a live
   * read (or an earlier one, remembered) can make it dangling; the cache alone
   * is trusted only to say it exists.
   */
  private async ownerState(ref: OwnerReference, namespace: string): Promise<OwnerState> {
    if (this.absent.has(ref.uid)) return 'dangling';
    const info = resourceForKind(ref.apiVersion, ref.kind);
    // An owner of a kind we do not know can not be checked: keep the dependent.
    if (!info) return 'solid';
    if (this.cachedOwnerSolid(ref, namespace)) return 'solid';
    const ownerNamespace = info.namespaced ? namespace : '';
    let owner: KObject;
    try {
      owner = await this.deps.client.get(info.resource, ownerNamespace, ref.name);
    } catch (err) {
      if (!isNotFound(err)) throw err;
      this.absent.add(ref.uid);
      return 'dangling';
    }
    if (owner.metadata.uid !== ref.uid) {
      this.absent.add(ref.uid);
      return 'dangling';
    }
    return isDeletingDependents(owner) ? 'waiting' : 'solid';
  }

  /** The cache holds the owner (same uid) and it is not being deleted; unknown kinds count as present. */
  private cachedOwnerSolid(ref: OwnerReference, namespace: string): boolean {
    if (this.absent.has(ref.uid)) return false;
    const info = resourceForKind(ref.apiVersion, ref.kind);
    if (!info) return true;
    const ownerNamespace = info.namespaced ? namespace : '';
    const cached = this.deps.graph.lister(info.resource)?.get(ownerNamespace ? `${ownerNamespace}/${ref.name}` : ref.name);
    return !!cached && cached.metadata.uid === ref.uid && !cached.metadata.deletionTimestamp;
  }

  /**
   * Foreground deletion: the owner goes once no dependent blocks it any more.
   * Until then every dependent not yet being deleted is queued for deletion.
   */
  private async processDeletingDependents(resource: string, owner: KObject): Promise<void> {
    const dependents = this.deps.graph.dependents(owner.metadata.uid ?? '');
    const blocking = dependents.filter(({ obj }) => referenceTo(obj, owner.metadata.uid)?.blockOwnerDeletion === true);
    if (blocking.length === 0) {
      await this.removeFinalizer(resource, owner, FOREGROUND_FINALIZER);
      return;
    }
    for (const dep of dependents) if (!dep.obj.metadata.deletionTimestamp) this.deps.enqueue(dep.resource, dep.obj);
  }

  /** Removes the owner's references from every dependent. */
  private async orphanDependents(owner: KObject): Promise<void> {
    const errors: unknown[] = [];
    for (const dep of this.deps.graph.dependents(owner.metadata.uid ?? '')) {
      const namespace = dep.obj.metadata.namespace ?? '';
      const name = dep.obj.metadata.name ?? '';
      try {
        const live = await this.deps.client.get(dep.resource, namespace, name);
        if (!referenceTo(live, owner.metadata.uid)) continue;
        const rest = (live.metadata.ownerReferences ?? []).filter((r) => r.uid !== owner.metadata.uid);
        await this.deps.client.patch(dep.resource, namespace, name, { metadata: { ownerReferences: rest.length ? rest : null, uid: live.metadata.uid, resourceVersion: live.metadata.resourceVersion } });
      } catch (err) {
        if (!isNotFound(err)) errors.push(err);
      }
    }
    if (errors.length) throw errors[0];
  }

  /** Removes one finalizer, as read live; removing the last one completes the delete. */
  private async removeFinalizer(resource: string, obj: KObject, finalizer: string): Promise<void> {
    const namespace = obj.metadata.namespace ?? '';
    const name = obj.metadata.name ?? '';
    let live: KObject;
    try {
      live = await this.deps.client.get(resource, namespace, name);
    } catch (err) {
      if (isNotFound(err)) return;
      throw err;
    }
    if (live.metadata.uid !== obj.metadata.uid) return;
    const finalizers = live.metadata.finalizers ?? [];
    const rest = finalizers.filter((f) => f !== finalizer);
    if (rest.length === finalizers.length) return;
    try {
      await this.deps.client.patch(resource, namespace, name, { metadata: { finalizers: rest.length ? rest : null, uid: live.metadata.uid, resourceVersion: live.metadata.resourceVersion } });
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }
}
