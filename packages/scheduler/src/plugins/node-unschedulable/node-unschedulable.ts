// NodeUnschedulable: a cordoned node (spec.unschedulable) takes no new pods,
// unless the pod tolerates the node.kubernetes.io/unschedulable:NoSchedule taint.
import { PodObject, Taint, TAINT_NODE_UNSCHEDULABLE, tolerates } from '@kctl/api';
import { NodeInfo } from '../../cache/node-info';
import { CycleState } from '../../framework/cycle-state';
import { FilterPlugin } from '../../framework/interfaces';
import { Status, success, unresolvable } from '../../framework/status';

export const NAME = 'NodeUnschedulable';
export const REASON_UNSCHEDULABLE = 'node(s) were unschedulable';

const UNSCHEDULABLE_TAINT: Taint = { key: TAINT_NODE_UNSCHEDULABLE, effect: 'NoSchedule' };

export class NodeUnschedulable implements FilterPlugin {
  readonly name = NAME;

  filter(_state: CycleState, pod: PodObject, nodeInfo: NodeInfo): Status {
    if (!nodeInfo.unschedulable) return success();
    if (tolerates(pod.spec?.tolerations, UNSCHEDULABLE_TAINT)) return success();
    return unresolvable(REASON_UNSCHEDULABLE);
  }
}

export const factory = (): NodeUnschedulable => new NodeUnschedulable();
