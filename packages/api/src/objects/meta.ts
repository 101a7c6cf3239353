// Metadata helpers every kind shares.
import type { KObject, OwnerReference } from '../types';

/** The owner reference with controller: true, if any: who manages the object. */
export function getControllerOf(obj: KObject): OwnerReference | undefined {
  return obj.metadata.ownerReferences?.find((ref) => ref.controller === true);
}
