// Controller references: who controls an object, and adoption/release of
// objects by a controller (k8s.io/kubernetes/pkg/controller/controller_ref_manager.go).
import { getControllerOf, isNotFound, KObject, OwnerReference } from '@kctl/api';
import { ControllerClient } from './client-types';
import { LabelMatcher } from './labels';

/** An owner reference that marks owner as the controller, blocking its foreground deletion. */
export function newControllerRef(owner: KObject, apiVersion: string, kind: string): OwnerReference {
  return { apiVersion, kind, name: owner.metadata.name ?? '', uid: owner.metadata.uid ?? '', controller: true, blockOwnerDeletion: true };
}

export function sameControllerRef(a: OwnerReference | undefined, b: OwnerReference | undefined): boolean {
  if (!a || !b) return a === b;
  return a.uid === b.uid && a.name === b.name && a.kind === b.kind;
}

/**
 * The owner a controllerRef names, as found in a cache: undefined when the cache
 * has nothing of that name, or something with another uid (a recreated object).
 */
export function resolveControllerRef<T extends KObject>(lookup: (key: string) => T | undefined, namespace: string, ref: OwnerReference, kind: string): T | undefined {
  if (ref.kind !== kind) return undefined;
  const owner = lookup(namespace ? `${namespace}/${ref.name}` : ref.name);
  return owner && owner.metadata.uid === ref.uid ? owner : undefined;
}

export interface ClaimOptions {
  client: ControllerClient;
  /** Resource of the objects claimed ("pods", "replicasets"). */
  resource: string;
  controller: KObject;
  controllerApiVersion: string;
  controllerKind: string;
  /** The controller's selector. */
  matches: LabelMatcher;
  /**
   * Checked once before the first adoption: throws when the controller must not
   * adopt (it is gone or being deleted, as seen by a fresh read).
   */
  canAdopt(): Promise<void>;
}

/**
 * Sorts candidates into the ones the controller owns: owned and matching stay;
 * owned but no longer matching are released (the owner reference is removed);
 * orphans that match are adopted (a controller reference is added). Objects
 * controlled by someone else are ignored. Returns the claimed objects (adopted
 * ones as the server returned them); throws after trying all if any write failed.
 */
export async function claimObjects<T extends KObject>(candidates: T[], options: ClaimOptions): Promise<T[]> {
  const { controller } = options;
  const uid = controller.metadata.uid;
  const deleting = !!controller.metadata.deletionTimestamp;
  const claimed: T[] = [];
  const errors: unknown[] = [];
  let adoptionChecked: Promise<void> | undefined;
  for (const obj of candidates) {
    const ref = getControllerOf(obj);
    const matches = options.matches(obj.metadata.labels);
    if (ref) {
      if (ref.uid !== uid) continue;
      if (matches) {
        claimed.push(obj);
        continue;
      }
      if (deleting) continue;
      try {
        await release(obj, options);
      } catch (err) {
        if (!isNotFound(err)) errors.push(err);
      }
      continue;
    }
    if (deleting || !matches || obj.metadata.deletionTimestamp) continue;
    try {
      adoptionChecked ??= options.canAdopt();
      await adoptionChecked;
      claimed.push(await adopt(obj, options));
    } catch (err) {
      if (!isNotFound(err)) errors.push(err);
    }
  }
  if (errors.length) throw errors[0];
  return claimed;
}

function adopt<T extends KObject>(obj: T, options: ClaimOptions): Promise<T> {
  const refs = [...(obj.metadata.ownerReferences ?? []), newControllerRef(options.controller, options.controllerApiVersion, options.controllerKind)];
  return options.client.patch<T>(options.resource, obj.metadata.namespace ?? '', obj.metadata.name ?? '', {
    metadata: { ownerReferences: refs, uid: obj.metadata.uid, resourceVersion: obj.metadata.resourceVersion },
  });
}

async function release(obj: KObject, options: ClaimOptions): Promise<void> {
  const rest = (obj.metadata.ownerReferences ?? []).filter((r) => r.uid !== options.controller.metadata.uid);
  await options.client.patch(options.resource, obj.metadata.namespace ?? '', obj.metadata.name ?? '', {
    metadata: { ownerReferences: rest.length ? rest : null, uid: obj.metadata.uid, resourceVersion: obj.metadata.resourceVersion },
  });
}

/**
 * A canAdopt that re-reads the controller from the server (not the cache), as
 * Kubernetes' RecheckDeletionTimestamp does: adoption must not race a delete.
 */
export function recheckDeletion(client: ControllerClient, resource: string, controller: KObject): () => Promise<void> {
  return async () => {
    const fresh = await client.get(resource, controller.metadata.namespace ?? '', controller.metadata.name ?? '');
    if (fresh.metadata.uid !== controller.metadata.uid) {
      throw new Error(`original ${resource} ${controller.metadata.namespace}/${controller.metadata.name} is gone: got uid ${fresh.metadata.uid}, wanted ${controller.metadata.uid}`);
    }
    if (fresh.metadata.deletionTimestamp) {
      throw new Error(`${resource} ${controller.metadata.namespace}/${controller.metadata.name} has just been deleted at ${fresh.metadata.deletionTimestamp}`);
    }
  };
}
