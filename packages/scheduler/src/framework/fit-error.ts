// Why a pod fits nowhere, and the message kube-scheduler writes for it:
// "0/3 nodes are available: 1 node(s) were unschedulable, 2 Insufficient cpu."
import { Status } from './status';

export const NO_NODES_MESSAGE = 'no nodes available to schedule pods';

export interface Diagnosis {
  /** Node name → the status of the first filter that rejected the pod there. */
  readonly nodeStatuses: Map<string, Status>;
  /** Set when a PreFilter rejected the pod before any node was looked at. */
  preFilterMessage?: string;
  /** Plugins that rejected the pod somewhere. */
  readonly unschedulablePlugins: Set<string>;
}

export function newDiagnosis(): Diagnosis {
  return { nodeStatuses: new Map(), unschedulablePlugins: new Set() };
}

/**
 * kube-scheduler's FitError text: every reason counted over the nodes, each as
 * "<count> <reason>", the list sorted as strings (so the count leads the order,
 * as Go's sort.Strings does there), joined by ", ".
 */
export function fitErrorMessage(numAllNodes: number, diagnosis: Diagnosis): string {
  if (numAllNodes === 0) return NO_NODES_MESSAGE;
  let message = `0/${numAllNodes} nodes are available:`;
  if (diagnosis.preFilterMessage) return `${message} ${diagnosis.preFilterMessage}.`;
  const histogram = new Map<string, number>();
  for (const status of diagnosis.nodeStatuses.values()) {
    for (const reason of status.reasons) histogram.set(reason, (histogram.get(reason) ?? 0) + 1);
  }
  const parts = [...histogram].map(([reason, count]) => `${count} ${reason}`).sort();
  if (parts.length) message += ` ${parts.join(', ')}.`;
  return message;
}
