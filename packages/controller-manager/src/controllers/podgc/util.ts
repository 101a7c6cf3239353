// Which pods the pod garbage collector removes
// (k8s.io/kubernetes/pkg/controller/podgc/gc_controller.go), as pure functions of the pods.
import { isPodTerminal, parseTime } from '@kctl/api';
import type { PodObject } from '@kctl/api';

/** Pods bound to a node that is not known (deleting or not): candidates, to be confirmed against the apiserver. */
export function podsOnMissingNodes(pods: readonly PodObject[], nodeExists: (name: string) => boolean): PodObject[] {
  return pods.filter((p) => !!p.spec?.nodeName && !nodeExists(p.spec.nodeName));
}

/** Pods being deleted that were never bound: no kubelet will ever finish them. */
export function unscheduledTerminatingPods(pods: readonly PodObject[]): PodObject[] {
  return pods.filter((p) => !!p.metadata.deletionTimestamp && !p.spec?.nodeName);
}

/**
 * The terminated pods (Succeeded or Failed) above threshold, oldest first by
 * creation time; none when threshold is 0 or less. Pods already being deleted
 * count but are not chosen again.
 */
export function excessTerminatedPods(pods: readonly PodObject[], threshold: number): PodObject[] {
  if (threshold <= 0) return [];
  const terminated = pods.filter(isPodTerminal);
  const excess = terminated.length - threshold;
  if (excess <= 0) return [];
  const created = (p: PodObject): number => parseTime(p.metadata.creationTimestamp) ?? 0;
  return terminated
    .filter((p) => !p.metadata.deletionTimestamp)
    .sort((a, b) => created(a) - created(b) || (a.metadata.name ?? '').localeCompare(b.metadata.name ?? ''))
    .slice(0, excess);
}
