// Garbage collector wiring: one informer per watched resource (shared with the
// other controllers), indexed by owner uid and uid. Any resource can be owner or
// dependent; nothing here is specific to a kind.
import { KObject, RESOURCES } from '@kctl/api';
import { indexers, keyOf, WorkQueue } from '@kctl/client';
import { SharedInformer } from '../../util/client-types';
import { Controller, ControllerContext, runQueue } from '../types';
import { GarbageCollectorSync, Graph, GraphItem } from './sync';
import { isDeletingDependents, isOrphaning, itemKey, referenceTo } from './util';

/**
 * Every stored kind except Events (many, short-lived, never owners) and
 * Namespaces (their contents are removed by the namespace controller).
 */
export const DEFAULT_GC_RESOURCES: readonly string[] = RESOURCES.filter((r) => r.resource !== 'events' && r.resource !== 'namespaces').map((r) => r.resource);

const uidIndex = (obj: KObject): string[] => (obj.metadata.uid ? [obj.metadata.uid] : []);

export class GarbageCollector implements Controller, Graph {
  readonly name = 'garbagecollector';
  readonly queue: WorkQueue;
  readonly syncer: GarbageCollectorSync;
  private readonly informers = new Map<string, SharedInformer>();

  constructor(
    private readonly ctx: ControllerContext,
    resources: readonly string[] = DEFAULT_GC_RESOURCES,
  ) {
    this.queue = new WorkQueue({ clock: ctx.clock });
    for (const resource of resources) {
      const informer = ctx.informers.informer(resource);
      informer.addIndexer('ownerUid', indexers.ownerUid);
      informer.addIndexer('uid', uidIndex);
      informer.addEventHandler({
        onAdd: (obj) => this.consider(resource, obj),
        onUpdate: (old, cur) => this.updated(resource, old, cur),
        onDelete: (obj) => this.deleted(obj),
      });
      this.informers.set(resource, informer);
    }
    this.syncer = new GarbageCollectorSync({ client: ctx.client, graph: this, logger: ctx.logger, enqueue: (r, o) => this.enqueue(r, o) });
  }

  run(signal: AbortSignal): Promise<void> {
    return runQueue(this.name, this.queue, (key) => this.syncer.sync(key), signal, this.ctx.workers, this.ctx.logger);
  }

  // ---- Graph --------------------------------------------------------------------

  lister(resource: string): SharedInformer | undefined {
    return this.informers.get(resource);
  }

  dependents(uid: string): GraphItem[] {
    const out: GraphItem[] = [];
    for (const [resource, informer] of this.informers) for (const obj of informer.byIndex('ownerUid', uid)) out.push({ resource, obj });
    return out;
  }

  byUid(uid: string): GraphItem | undefined {
    for (const [resource, informer] of this.informers) {
      const obj = informer.byIndex('uid', uid)[0];
      if (obj) return { resource, obj };
    }
    return undefined;
  }

  // ---- handlers ------------------------------------------------------------------

  private enqueue(resource: string, obj: KObject): void {
    this.queue.add(itemKey(resource, keyOf(obj)));
  }

  /** Queues obj when it needs the collector: it deletes with a finalizer of ours, or an owner is missing or deleting. */
  private consider(resource: string, obj: KObject): void {
    if (isOrphaning(obj) || isDeletingDependents(obj)) {
      this.enqueue(resource, obj);
      return;
    }
    if (obj.metadata.deletionTimestamp) return;
    for (const ref of obj.metadata.ownerReferences ?? []) {
      const owner = this.byUid(ref.uid);
      if (!owner || owner.obj.metadata.deletionTimestamp) {
        this.enqueue(resource, obj);
        return;
      }
    }
  }

  private updated(resource: string, old: KObject, cur: KObject): void {
    this.consider(resource, cur);
    const deletionChanged = !!old.metadata.deletionTimestamp !== !!cur.metadata.deletionTimestamp || (old.metadata.finalizers ?? []).join(',') !== (cur.metadata.finalizers ?? []).join(',');
    if (deletionChanged) this.enqueueDependents(cur);
    // A reference removed or unblocked may let a foreground deletion finish.
    for (const ref of old.metadata.ownerReferences ?? []) {
      const now = referenceTo(cur, ref.uid);
      if (!now || (ref.blockOwnerDeletion && !now.blockOwnerDeletion)) this.enqueueOwnerIfDeleting(ref.uid);
    }
  }

  private deleted(obj: KObject): void {
    this.enqueueDependents(obj);
    for (const ref of obj.metadata.ownerReferences ?? []) this.enqueueOwnerIfDeleting(ref.uid);
  }

  private enqueueDependents(owner: KObject): void {
    for (const dep of this.dependents(owner.metadata.uid ?? '')) this.enqueue(dep.resource, dep.obj);
  }

  private enqueueOwnerIfDeleting(uid: string): void {
    const owner = this.byUid(uid);
    if (owner && (isDeletingDependents(owner.obj) || isOrphaning(owner.obj))) this.enqueue(owner.resource, owner.obj);
  }
}

export function newGarbageCollector(ctx: ControllerContext): GarbageCollector {
  return new GarbageCollector(ctx);
}
