// NodeName: a pod that names its node (spec.nodeName) fits only that node.
// The scheduler only takes pods without one, so this matters for callers that
// run the filters on their own (a "would it fit" check) and for completeness.
import { PodObject } from '@kctl/api';
import { NodeInfo } from '../../cache/node-info';
import { CycleState } from '../../framework/cycle-state';
import { FilterPlugin } from '../../framework/interfaces';
import { Status, success, unresolvable } from '../../framework/status';

export const NAME = 'NodeName';
export const REASON_NODE_NAME = "node(s) didn't match the requested node name";

export class NodeName implements FilterPlugin {
  readonly name = NAME;

  filter(_state: CycleState, pod: PodObject, nodeInfo: NodeInfo): Status {
    const wanted = pod.spec?.nodeName;
    return !wanted || wanted === nodeInfo.name ? success() : unresolvable(REASON_NODE_NAME);
  }
}

export const factory = (): NodeName => new NodeName();
