// Node readiness and taints (k8s.io/api/core/v1 helpers and the well-known taint keys).
import { getCondition } from './conditions';
import type { NodeCondition, NodeObject, Taint, Toleration } from './types';

/** Set by the node lifecycle controller while Ready is False. */
export const TAINT_NODE_NOT_READY = 'node.kubernetes.io/not-ready';
/** Set by the node lifecycle controller while Ready is Unknown (the node went silent). */
export const TAINT_NODE_UNREACHABLE = 'node.kubernetes.io/unreachable';
/** The taint a cordoned node (spec.unschedulable) stands for. */
export const TAINT_NODE_UNSCHEDULABLE = 'node.kubernetes.io/unschedulable';

/** Well-known node labels the kubelet sets on its Node. */
export const LABEL_HOSTNAME = 'kubernetes.io/hostname';
export const LABEL_OS = 'kubernetes.io/os';
export const LABEL_ARCH = 'kubernetes.io/arch';

/** Where each node's heartbeat Lease lives (named after the node). */
export const NODE_LEASE_NAMESPACE = 'kube-node-lease';

export const TAINT_EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'] as const;

export function nodeReadyCondition(node: NodeObject): NodeCondition | undefined {
  return getCondition(node.status?.conditions, 'Ready');
}

export function isNodeReady(node: NodeObject): boolean {
  return nodeReadyCondition(node)?.status === 'True';
}

export function isNodeUnschedulable(node: NodeObject): boolean {
  return !!node.spec?.unschedulable;
}

/** As Toleration.ToleratesTaint: empty effect and key match all; Exists ignores the value. */
export function toleratesTaint(t: Toleration, taint: Taint): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if (t.key && t.key !== taint.key) return false;
  switch (t.operator) {
    case undefined:
    case '':
    case 'Equal':
      return (t.value ?? '') === (taint.value ?? '');
    case 'Exists':
      return true;
    default:
      return false;
  }
}

export function tolerates(tolerations: readonly Toleration[] | undefined, taint: Taint): boolean {
  if (!tolerations) return false;
  for (const t of tolerations) if (toleratesTaint(t, taint)) return true;
  return false;
}

/** The first taint no toleration covers, or undefined. */
export function firstUntolerated(taints: readonly Taint[], tolerations: readonly Toleration[] | undefined): Taint | undefined {
  for (const taint of taints) if (!tolerates(tolerations, taint)) return taint;
  return undefined;
}

/** Node conditions the kubelet reports and the node lifecycle controller sets Unknown when it goes silent. */
export const NODE_HEALTH_CONDITIONS = ['Ready', 'MemoryPressure', 'DiskPressure', 'PIDPressure'] as const;

/** As Taint.MatchTaint: the same key and effect (value and timeAdded do not matter). */
export function sameTaint(a: Taint, b: Taint): boolean {
  return a.key === b.key && a.effect === b.effect;
}

/** The taints of a node with a given effect ("NoExecute"). */
export function taintsWithEffect(node: NodeObject, effect: string): Taint[] {
  return (node.spec?.taints ?? []).filter((t) => t.effect === effect);
}
