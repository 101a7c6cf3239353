// Pure parts of the ReplicaSet controller: which pods go first on scale-down,
// the slow-start batches for creates, and the status computed from pods.
import { getControllerOf } from '@kctl/api';
import type { PodObject, ReplicaSetCondition, ReplicaSetObject, ReplicaSetStatus } from '@kctl/api';

import { isPodActive, isPodReady, maxContainerRestarts, msUntilAvailable, podReadyTime } from '@kctl/api';
import { parseTime, formatTime } from '@kctl/api';

/** At most this many creates or deletes per sync (Kubernetes' burstReplicas). */
export const BURST_REPLICAS = 500;
export const SLOW_START_INITIAL_BATCH_SIZE = 1;
export const POD_DELETION_COST_ANNOTATION = 'controller.kubernetes.io/pod-deletion-cost';

/**
 * Calls fn count times in batches of 1, 2, 4, … (each batch in parallel), and
 * stops after the first batch with a failure: a request that fails for every
 * pod (quota, a bad template) then fails once, not count times.
 */
export async function slowStartBatch(count: number, initialBatchSize: number, fn: () => Promise<void>): Promise<{ successes: number; error?: unknown }> {
  let remaining = count;
  let successes = 0;
  for (let batch = Math.min(remaining, initialBatchSize); batch > 0; batch = Math.min(2 * batch, remaining)) {
    const results = await Promise.allSettled(Array.from({ length: batch }, () => fn()));
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    successes += results.filter((r) => r.status === 'fulfilled').length;
    if (failed) return { successes, error: failed.reason };
    remaining -= batch;
  }
  return { successes };
}

const PHASE_ORDER: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };

function deletionCost(pod: PodObject): number {
  const value = Number(pod.metadata.annotations?.[POD_DELETION_COST_ANNOTATION] ?? 0);
  return Number.isFinite(value) ? value : 0;
}

/**
 * Orders pods for deletion, first to go first (Kubernetes' ActivePodsWithRanks):
 * unscheduled before scheduled; Pending before Unknown before Running; not ready
 * before ready; lower pod-deletion-cost first; pods doubled up on a node (higher
 * rank) first; ready for less time before ready longer; more container restarts
 * first; newer before older. Name breaks remaining ties, for a stable order.
 */
export function compareForDeletion(a: PodObject, b: PodObject, rankA = 0, rankB = 0): number {
  const nodeA = a.spec?.nodeName ?? '';
  const nodeB = b.spec?.nodeName ?? '';
  if (nodeA !== nodeB && (!nodeA || !nodeB)) return nodeA ? 1 : -1;
  const phaseA = PHASE_ORDER[a.status?.phase ?? ''] ?? 0;
  const phaseB = PHASE_ORDER[b.status?.phase ?? ''] ?? 0;
  if (phaseA !== phaseB) return phaseA - phaseB;
  const readyA = isPodReady(a);
  const readyB = isPodReady(b);
  if (readyA !== readyB) return readyA ? 1 : -1;
  const costA = deletionCost(a);
  const costB = deletionCost(b);
  if (costA !== costB) return costA - costB;
  if (rankA !== rankB) return rankB - rankA;
  if (readyA && readyB) {
    const ta = podReadyTime(a);
    const tb = podReadyTime(b);
    if (ta !== tb) {
      // An unknown ready time counts as "just now".
      if (ta === undefined) return -1;
      if (tb === undefined) return 1;
      return tb - ta;
    }
  }
  const restartsA = maxContainerRestarts(a);
  const restartsB = maxContainerRestarts(b);
  if (restartsA !== restartsB) return restartsB - restartsA;
  const ca = parseTime(a.metadata.creationTimestamp);
  const cb = parseTime(b.metadata.creationTimestamp);
  if (ca !== cb) {
    if (ca === undefined) return -1;
    if (cb === undefined) return 1;
    return cb - ca;
  }
  return (a.metadata.name ?? '').localeCompare(b.metadata.name ?? '');
}

/**
 * The diff pods to delete from pods. related are the pods of every ReplicaSet
 * with the same controller (the Deployment's); a pod whose node runs more of them
 * ranks higher and goes first, which keeps a rollout spread over nodes.
 */
export function getPodsToDelete(pods: PodObject[], related: PodObject[], diff: number): PodObject[] {
  if (diff >= pods.length) return [...pods];
  const onNode = new Map<string, number>();
  for (const pod of related) {
    if (!isPodActive(pod)) continue;
    const node = pod.spec?.nodeName ?? '';
    onNode.set(node, (onNode.get(node) ?? 0) + 1);
  }
  const rank = (pod: PodObject): number => onNode.get(pod.spec?.nodeName ?? '') ?? 0;
  return [...pods].sort((a, b) => compareForDeletion(a, b, rank(a), rank(b))).slice(0, diff);
}

/** True when the pod's controller reference names the ReplicaSet. */
export function isOwnedBy(pod: PodObject, rs: ReplicaSetObject): boolean {
  return getControllerOf(pod)?.uid === rs.metadata.uid;
}

export interface StatusResult {
  status: ReplicaSetStatus;
  /** Set when a ready pod will become available later: sync again then. */
  requeueAfterMs?: number;
}

/** The status the ReplicaSet should have for its active, claimed pods. */
export function calculateStatus(rs: ReplicaSetObject, pods: PodObject[], manageError: unknown, now: number): StatusResult {
  const templateLabels = rs.spec.template?.metadata?.labels ?? {};
  const minReadySeconds = rs.spec.minReadySeconds ?? 0;
  let fullyLabeled = 0;
  let ready = 0;
  let available = 0;
  let requeueAfterMs: number | undefined;
  for (const pod of pods) {
    const labels = pod.metadata.labels ?? {};
    if (Object.entries(templateLabels).every(([k, v]) => labels[k] === v)) fullyLabeled++;
    if (!isPodReady(pod)) continue;
    ready++;
    const wait = msUntilAvailable(pod, minReadySeconds, now);
    if (wait === 0) available++;
    else if (wait !== undefined) requeueAfterMs = Math.min(requeueAfterMs ?? Infinity, wait);
  }
  const conditions: ReplicaSetCondition[] = (rs.status?.conditions ?? []).map((c) => ({ ...c }));
  const failureIndex = conditions.findIndex((c) => c.type === 'ReplicaFailure');
  if (manageError && failureIndex < 0) {
    const diff = pods.length - (rs.spec.replicas ?? 1);
    const reason = diff < 0 ? 'FailedCreate' : diff > 0 ? 'FailedDelete' : '';
    const message = manageError instanceof Error ? manageError.message : String(manageError);
    conditions.push({ type: 'ReplicaFailure', status: 'True', reason, message, lastTransitionTime: formatTime(now) });
  } else if (!manageError && failureIndex >= 0) {
    conditions.splice(failureIndex, 1);
  }
  const status: ReplicaSetStatus = {
    replicas: pods.length,
    fullyLabeledReplicas: fullyLabeled,
    readyReplicas: ready,
    availableReplicas: available,
    observedGeneration: rs.status?.observedGeneration,
  };
  if (conditions.length) status.conditions = conditions;
  return { status, requeueAfterMs };
}

/** True when status differs from what the ReplicaSet has (or the generation is not yet observed). */
export function statusNeedsUpdate(rs: ReplicaSetObject, status: ReplicaSetStatus): boolean {
  const cur: Partial<ReplicaSetStatus> = rs.status ?? {};
  return (
    (cur.replicas ?? 0) !== (status.replicas ?? 0) ||
    (cur.fullyLabeledReplicas ?? 0) !== (status.fullyLabeledReplicas ?? 0) ||
    (cur.readyReplicas ?? 0) !== (status.readyReplicas ?? 0) ||
    (cur.availableReplicas ?? 0) !== (status.availableReplicas ?? 0) ||
    (cur.observedGeneration ?? 0) !== (rs.metadata.generation ?? 0) ||
    JSON.stringify(cur.conditions ?? []) !== JSON.stringify(status.conditions ?? [])
  );
}
