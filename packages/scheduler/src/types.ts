// The object shapes the scheduler works with: Kubernetes' Pod and Node typings
// with the envelope every stored object has (metadata is always present).
import { KObject } from '@kctl/api';
import type { Node, Pod } from '@kctl/api';

export type PodObject = KObject & Pod;
export type NodeObject = KObject & Node;

export const DEFAULT_SCHEDULER_NAME = 'default-scheduler';

/** "namespace/name", as the informers key pods. */
export function podKey(pod: PodObject): string {
  return `${pod.metadata.namespace ?? ''}/${pod.metadata.name ?? ''}`;
}

export function isAssigned(pod: PodObject): boolean {
  return !!pod.spec?.nodeName;
}

/** Succeeded or Failed: the pod holds no resources any more. */
export function isTerminal(pod: PodObject): boolean {
  const phase = pod.status?.phase;
  return phase === 'Succeeded' || phase === 'Failed';
}

/** A pod this scheduler should place: ours by schedulerName, not placed, not being deleted, not finished. */
export function isSchedulable(pod: PodObject, schedulerName = DEFAULT_SCHEDULER_NAME): boolean {
  const name = pod.spec?.schedulerName || DEFAULT_SCHEDULER_NAME;
  return name === schedulerName && !isAssigned(pod) && !pod.metadata.deletionTimestamp && !isTerminal(pod);
}

/** The uid of the pod's controller (the ownerReference with controller: true), if any. */
export function controllerUid(pod: PodObject): string | undefined {
  return pod.metadata.ownerReferences?.find((ref) => ref.controller)?.uid;
}

// Field typings reached through Pod and Node, so the package needs no direct kubernetes-types import.
type PodSpecOf = NonNullable<Pod['spec']>;
export type Taint = NonNullable<NonNullable<Node['spec']>['taints']>[number];
export type Toleration = NonNullable<PodSpecOf['tolerations']>[number];
export type NodeSelectorTerm = NonNullable<NonNullable<NonNullable<PodSpecOf['affinity']>['nodeAffinity']>['requiredDuringSchedulingIgnoredDuringExecution']>['nodeSelectorTerms'][number];
export type NodeSelectorRequirement = NonNullable<NodeSelectorTerm['matchExpressions']>[number];
export type PodCondition = NonNullable<NonNullable<Pod['status']>['conditions']>[number];
