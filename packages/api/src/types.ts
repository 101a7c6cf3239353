// Object shapes. Field-level typings come from kubernetes-types; KObject is the
// common envelope every stored object shares.
import type { ObjectMeta as K8sObjectMeta, OwnerReference } from 'kubernetes-types/meta/v1';

/** kubernetes-types marks server-set fields read-only; the server is what sets them. */
export type ObjectMeta = { -readonly [K in keyof K8sObjectMeta]: K8sObjectMeta[K] };
export type { OwnerReference };
export type { Pod, Node, Service, Endpoints, ConfigMap, Secret, Event, Namespace, Container, PodSpec } from 'kubernetes-types/core/v1';
export type { Deployment, ReplicaSet } from 'kubernetes-types/apps/v1';
export type { Lease } from 'kubernetes-types/coordination/v1';
export type { LabelSelector as K8sLabelSelector } from 'kubernetes-types/meta/v1';

export interface KObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  [field: string]: unknown;
}

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';

export interface WatchEvent<T extends KObject = KObject> {
  type: WatchEventType;
  object: T;
}

/** A page of a list: items plus the revision it was read at. */
export interface ObjectList<T extends KObject = KObject> {
  items: T[];
  resourceVersion: string;
  continue: string;
  remainingItemCount?: number;
}

/** Deep copy of a JSON-shaped value; cached objects are read-only, so copy before changing. */
export function deepCopy<T>(value: T): T {
  return structuredClone(value);
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
