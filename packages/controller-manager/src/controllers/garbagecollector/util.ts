// Pure parts of the garbage collector: work keys, finalizers, and what an
// object's owner references say about it.
import { KObject, OwnerReference } from '@kctl/api';

export const FOREGROUND_FINALIZER = 'foregroundDeletion';
export const ORPHAN_FINALIZER = 'orphan';

/** Work key: "resource|namespace/name" (or "resource|name" for cluster-scoped objects). */
export function itemKey(resource: string, objectKey: string): string {
  return `${resource}|${objectKey}`;
}

export function splitItemKey(key: string): { resource: string; objectKey: string } {
  const bar = key.indexOf('|');
  return { resource: key.slice(0, bar), objectKey: key.slice(bar + 1) };
}

export function hasFinalizer(obj: KObject, finalizer: string): boolean {
  return obj.metadata.finalizers?.includes(finalizer) ?? false;
}

/** Being deleted and waiting for its blocking dependents to go first. */
export function isDeletingDependents(obj: KObject): boolean {
  return !!obj.metadata.deletionTimestamp && hasFinalizer(obj, FOREGROUND_FINALIZER);
}

/** Being deleted and waiting for its dependents to be orphaned. */
export function isOrphaning(obj: KObject): boolean {
  return !!obj.metadata.deletionTimestamp && hasFinalizer(obj, ORPHAN_FINALIZER);
}

export function referenceTo(obj: KObject, ownerUid: string | undefined): OwnerReference | undefined {
  return obj.metadata.ownerReferences?.find((r) => r.uid === ownerUid);
}

export type OwnerState = 'solid' | 'dangling' | 'waiting';

export type Decision =
  | { action: 'none' }
  /** Drop the references to these owners (some other owner keeps the object). */
  | { action: 'removeReferences'; uids: string[] }
  | { action: 'delete'; propagationPolicy: 'Background' | 'Foreground' | 'Orphan' };

/**
 * What to do with an object given the state of each owner (Kubernetes'
 * attemptToDeleteItem): keep it while any owner exists, dropping references to
 * owners that are gone or deleting in the foreground; delete it in the
 * foreground when an owner waits for it and it has dependents of its own;
 * otherwise delete it (honouring its own orphan/foreground finalizers).
 */
export function decide(obj: KObject, states: Map<string, OwnerState>, hasDependents: boolean): Decision {
  const refs = obj.metadata.ownerReferences ?? [];
  if (refs.length === 0) return { action: 'none' };
  const of = (s: OwnerState): string[] => refs.filter((r) => states.get(r.uid) === s).map((r) => r.uid);
  const solid = of('solid');
  const dangling = of('dangling');
  const waiting = of('waiting');
  if (solid.length > 0) {
    const uids = [...dangling, ...waiting];
    return uids.length ? { action: 'removeReferences', uids } : { action: 'none' };
  }
  if (waiting.length > 0 && hasDependents) return { action: 'delete', propagationPolicy: 'Foreground' };
  if (hasFinalizer(obj, ORPHAN_FINALIZER)) return { action: 'delete', propagationPolicy: 'Orphan' };
  if (hasFinalizer(obj, FOREGROUND_FINALIZER)) return { action: 'delete', propagationPolicy: 'Foreground' };
  return { action: 'delete', propagationPolicy: 'Background' };
}
