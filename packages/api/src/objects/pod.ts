// Pod state as every component judges it (k8s.io/kubernetes/pkg/api/v1/pod).
import { getCondition } from './conditions';
import { getControllerOf } from './meta';
import { parseTime } from './time';
import type { PodCondition, PodObject } from './types';

/** "namespace/name", as informers key objects. */
export function podKey(pod: PodObject): string {
  return `${pod.metadata.namespace ?? ''}/${pod.metadata.name ?? ''}`;
}

export function podReadyCondition(pod: PodObject): PodCondition | undefined {
  return getCondition(pod.status?.conditions, 'Ready');
}

export function isPodReady(pod: PodObject): boolean {
  return podReadyCondition(pod)?.status === 'True';
}

/** When the pod last became Ready (ms), or undefined when not ready or unknown. */
export function podReadyTime(pod: PodObject): number | undefined {
  const c = podReadyCondition(pod);
  return c?.status === 'True' ? parseTime(c.lastTransitionTime) : undefined;
}

/**
 * Ready for at least minReadySeconds. With minReadySeconds 0 every ready pod is
 * available; otherwise the Ready transition must lie more than minReadySeconds back.
 */
export function isPodAvailable(pod: PodObject, minReadySeconds: number, now: number): boolean {
  if (!isPodReady(pod)) return false;
  if (minReadySeconds <= 0) return true;
  const since = podReadyTime(pod);
  return since !== undefined && since + minReadySeconds * 1000 < now;
}

/** Milliseconds until a ready pod becomes available, 0 when it already is, undefined when not ready. */
export function msUntilAvailable(pod: PodObject, minReadySeconds: number, now: number): number | undefined {
  if (!isPodReady(pod)) return undefined;
  if (isPodAvailable(pod, minReadySeconds, now)) return 0;
  const since = podReadyTime(pod);
  if (since === undefined) return undefined;
  // "More than" minReadySeconds: one millisecond past the boundary.
  return Math.max(1, since + minReadySeconds * 1000 - now + 1);
}

/** Succeeded or Failed: the pod's containers are done and hold no resources any more. */
export function isPodTerminal(pod: PodObject): boolean {
  const phase = pod.status?.phase;
  return phase === 'Succeeded' || phase === 'Failed';
}

/** Not finished and not being deleted: counts towards a controller's replicas. */
export function isPodActive(pod: PodObject): boolean {
  return !isPodTerminal(pod) && !pod.metadata.deletionTimestamp;
}

/** Placed on a node (spec.nodeName set). */
export function isPodAssigned(pod: PodObject): boolean {
  return !!pod.spec?.nodeName;
}

export function maxContainerRestarts(pod: PodObject): number {
  let max = 0;
  for (const s of pod.status?.containerStatuses ?? []) max = Math.max(max, s.restartCount ?? 0);
  return max;
}

/** The uid of the object's controller (the ownerReference with controller: true), if any. */
export function controllerUid(obj: PodObject): string | undefined {
  return getControllerOf(obj)?.uid;
}
