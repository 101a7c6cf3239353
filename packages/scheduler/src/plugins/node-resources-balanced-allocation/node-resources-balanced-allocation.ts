// NodeResourcesBalancedAllocation: favors nodes whose cpu and memory would be
// used in similar proportions with the pod on them: 100 * (1 - |cpu% - mem%| / 2),
// the standard deviation of the two fractions, as kube-scheduler computes it.
import { PodObject } from '@kctl/api';
import { NodeInfo } from '../../cache/node-info';
import { CycleState } from '../../framework/cycle-state';
import { MAX_NODE_SCORE, ScorePlugin } from '../../framework/interfaces';
import { podRequirements } from '../../resources';

export const NAME = 'NodeResourcesBalancedAllocation';

function fraction(requested: number, capacity: number): number {
  if (capacity <= 0) return 1;
  return Math.min(1, requested / capacity);
}

export class NodeResourcesBalancedAllocation implements ScorePlugin {
  readonly name = NAME;

  score(_state: CycleState, pod: PodObject, nodeInfo: NodeInfo): number {
    const { requests } = podRequirements(pod);
    const cpu = fraction(nodeInfo.requested.milliCpu + requests.milliCpu, nodeInfo.allocatable.milliCpu);
    const memory = fraction(nodeInfo.requested.memory + requests.memory, nodeInfo.allocatable.memory);
    const std = Math.abs(cpu - memory) / 2;
    return Math.trunc((1 - std) * MAX_NODE_SCORE);
  }
}

export const factory = (): NodeResourcesBalancedAllocation => new NodeResourcesBalancedAllocation();
