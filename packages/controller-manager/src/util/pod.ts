// Pod state as controllers judge it (k8s.io/kubernetes/pkg/api/v1/pod).
import type { PodObject } from './api-types';
import { parseTime } from './time';

export function podReadyCondition(pod: PodObject): { status: string; lastTransitionTime?: string } | undefined {
  return pod.status?.conditions?.find((c) => c.type === 'Ready');
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

/** Not finished and not being deleted: counts towards a controller's replicas. */
export function isPodActive(pod: PodObject): boolean {
  const phase = pod.status?.phase;
  return phase !== 'Succeeded' && phase !== 'Failed' && !pod.metadata.deletionTimestamp;
}

export function maxContainerRestarts(pod: PodObject): number {
  let max = 0;
  for (const s of pod.status?.containerStatuses ?? []) max = Math.max(max, s.restartCount ?? 0);
  return max;
}
