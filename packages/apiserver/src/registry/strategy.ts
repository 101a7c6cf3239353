// Per-kind behaviour around the generic store: allocations, admission and
// graceful deletion. Every hook is optional; a kind without one is plain data.
import { KObject } from '@kctl/api';

export interface DeleteContext {
  gracePeriodSeconds?: number;
}

export interface Strategy {
  /** Keep the status a create sends (a kubelet registers its Node with status); otherwise it starts fresh. */
  keepStatusOnCreate?: boolean;
  /** Runs before validation on create; may allocate (ClusterIP, NodePort). */
  beforeCreate?(obj: KObject): Promise<void>;
  /** Undoes beforeCreate when the create did not happen. */
  createFailed?(obj: KObject): Promise<void>;
  /** Runs before validation on update (spec or status); may allocate and carry fields. */
  beforeUpdate?(obj: KObject, old: KObject): Promise<void>;
  /** Undoes what beforeUpdate claimed when the update did not happen. */
  updateFailed?(obj: KObject, old: KObject): Promise<void>;
  /** Runs after an update was stored; releases what the old object held and the new one does not. */
  afterUpdate?(obj: KObject, old: KObject): Promise<void>;
  /** Runs after the object left storage; releases what it held. */
  afterDelete?(obj: KObject): Promise<void>;
  /**
   * Seconds to wait before the object may be removed, or 0 to remove now.
   * Pods on a node wait for their kubelet to stop the containers.
   */
  gracePeriod?(obj: KObject, ctx: DeleteContext): number;
}
