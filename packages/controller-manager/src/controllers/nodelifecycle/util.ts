// The node lifecycle controller's decisions, as pure functions of a node, its
// Lease and the time: is the kubelet silent, what its conditions become, and
// which lifecycle taints the node should carry
// (k8s.io/kubernetes/pkg/controller/nodelifecycle/node_lifecycle_controller.go).
import { formatTime, NODE_HEALTH_CONDITIONS, nodeReadyCondition, parseTime, sameTaint, TAINT_NODE_NOT_READY, TAINT_NODE_UNREACHABLE } from '@kctl/api';
import type { LeaseObject, NodeCondition, NodeObject, Taint } from '@kctl/api';

export const REASON_NODE_STATUS_UNKNOWN = 'NodeStatusUnknown';
export const REASON_NODE_STATUS_NEVER_UPDATED = 'NodeStatusNeverUpdated';
export const MESSAGE_KUBELET_STOPPED = 'Kubelet stopped posting node status.';
export const MESSAGE_KUBELET_NEVER_POSTED = 'Kubelet never posted node status.';

/** Every taint this controller owns; others on the node are left alone. */
export const LIFECYCLE_TAINTS: readonly Taint[] = [
  { key: TAINT_NODE_NOT_READY, effect: 'NoExecute' },
  { key: TAINT_NODE_UNREACHABLE, effect: 'NoExecute' },
  { key: TAINT_NODE_NOT_READY, effect: 'NoSchedule' },
  { key: TAINT_NODE_UNREACHABLE, effect: 'NoSchedule' },
];

/**
 * When the kubelet last said it was alive: its Lease's renewTime when it has
 * one, else the Ready condition's lastHeartbeatTime, else when the node was
 * created (a kubelet that never posted status gets the same grace).
 */
export function lastHeartbeat(node: NodeObject, lease: LeaseObject | undefined): number | undefined {
  const renewed = parseTime(lease?.spec?.renewTime);
  if (renewed !== undefined) return renewed;
  return parseTime(nodeReadyCondition(node)?.lastHeartbeatTime) ?? parseTime(node.metadata.creationTimestamp);
}

/** Milliseconds until the node counts as silent (0 or less: it is). */
export function msUntilSilent(heartbeat: number | undefined, now: number, gracePeriodMs: number): number {
  return heartbeat === undefined ? 0 : heartbeat + gracePeriodMs - now;
}

/**
 * The conditions of a silent node: Ready and the pressure conditions Unknown
 * (a missing Ready added as never updated), heartbeats kept. Undefined when
 * they already say so.
 */
export function silentConditions(conditions: readonly NodeCondition[] | undefined, now: number): NodeCondition[] | undefined {
  const at = formatTime(now);
  const next = [...(conditions ?? [])];
  let changed = false;
  for (const type of NODE_HEALTH_CONDITIONS) {
    const i = next.findIndex((c) => c.type === type);
    const current = next[i];
    if (!current) {
      if (type !== 'Ready') continue;
      next.push({ type, status: 'Unknown', reason: REASON_NODE_STATUS_NEVER_UPDATED, message: MESSAGE_KUBELET_NEVER_POSTED, lastHeartbeatTime: at, lastTransitionTime: at });
      changed = true;
      continue;
    }
    if (current.status === 'Unknown') continue;
    next[i] = { ...current, status: 'Unknown', reason: REASON_NODE_STATUS_UNKNOWN, message: MESSAGE_KUBELET_STOPPED, lastTransitionTime: at };
    changed = true;
  }
  return changed ? next : undefined;
}

/** The lifecycle taints a node's Ready condition calls for: none while True, not-ready while False, unreachable while Unknown. */
export function wantedLifecycleTaints(node: NodeObject): Taint[] {
  const status = nodeReadyCondition(node)?.status;
  if (status === 'False') return [{ key: TAINT_NODE_NOT_READY, effect: 'NoExecute' }, { key: TAINT_NODE_NOT_READY, effect: 'NoSchedule' }];
  if (status === 'Unknown') return [{ key: TAINT_NODE_UNREACHABLE, effect: 'NoExecute' }, { key: TAINT_NODE_UNREACHABLE, effect: 'NoSchedule' }];
  return [];
}

/**
 * The node's taints with the lifecycle ones made to match wanted: stale ones
 * removed, missing ones added (a NoExecute one stamped with timeAdded, which
 * eviction counts from), existing ones kept as they are. Undefined when
 * nothing changes.
 */
export function reconcileTaints(current: readonly Taint[] | undefined, wanted: readonly Taint[], now: number): Taint[] | undefined {
  const taints = current ?? [];
  const isLifecycle = (t: Taint): boolean => LIFECYCLE_TAINTS.some((l) => sameTaint(l, t));
  const kept = taints.filter((t) => !isLifecycle(t) || wanted.some((w) => sameTaint(w, t)));
  const added = wanted.filter((w) => !taints.some((t) => sameTaint(t, w))).map((w): Taint => (w.effect === 'NoExecute' ? { ...w, timeAdded: formatTime(now) } : { ...w }));
  if (added.length === 0 && kept.length === taints.length) return undefined;
  return [...kept, ...added];
}
