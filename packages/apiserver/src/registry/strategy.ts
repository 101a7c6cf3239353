// Everything that differs between kinds, in one object per kind
// (strategies/<kind>.ts): defaults, validation, what create and update
// prepare, deletion, and allocations around the write. The generic store
// calls these hooks and never asks which kind it holds. Every hook is
// optional; a kind without one is plain data.
import { KObject, StatusCause } from '@kctl/api';

export interface DeleteContext {
  gracePeriodSeconds?: number;
}

export interface Strategy {
  /** Kubernetes' defaulting for the kind, in place; runs on every create and spec update. */
  defaults?(obj: KObject): void;
  /**
   * Create only, after defaults: the status a new object starts with and the
   * server-set fields (admission defaults). May throw to refuse the create.
   */
  prepareForCreate?(obj: KObject): void;
  /** Spec update, after defaults: what the request may not change (status) is taken from old. */
  prepareForUpdate?(obj: KObject, old: KObject): void;
  /** Status update: obj is old with the request's status; server-owned status fields are taken from old. */
  prepareForStatusUpdate?(obj: KObject, old: KObject): void;
  /** The kind's own checks (metadata is checked for every kind); old is set on update. */
  validate?(obj: KObject, old?: KObject): StatusCause[];

  /** Runs before the write on create, after validation; may allocate (ClusterIP, NodePort). */
  beforeCreate?(obj: KObject): Promise<void>;
  /** Undoes beforeCreate when the create did not happen. */
  createFailed?(obj: KObject): Promise<void>;
  /** Runs after validation on update (spec or status), before the write; may allocate. */
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
  /** Whether a delete leaves the object in place besides finalizers (a Namespace's spec.finalizers). */
  holdsDeletion?(obj: KObject): boolean;
  /** Changes to an object a delete marks but leaves in place (a Namespace becomes Terminating). */
  prepareForDeletion?(obj: KObject): void;
}
