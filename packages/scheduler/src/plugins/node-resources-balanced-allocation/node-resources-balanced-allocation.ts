// NodeResourcesBalancedAllocation: favors nodes whose cpu and memory would be
// used in similar proportions with the pod on them: 100 * (1 - |cpu% - mem%| / 2),
// the standard deviation of the two fractions, as kube-scheduler computes it.
import { NodeInfo } from '../../cache/node-info';
import { CycleState, stateKey } from '../../framework/cycle-state';
import { MAX_NODE_SCORE, PreScorePlugin, ScorePlugin } from '../../framework/interfaces';
import { Status, success } from '../../framework/status';
import { podRequirements, PodRequirements } from '../../resources';
import { PodObject } from '../../types';

export const NAME = 'NodeResourcesBalancedAllocation';

const KEY = stateKey<PodRequirements>(`${NAME}/requirements`);

function fraction(requested: number, capacity: number): number {
  if (capacity <= 0) return 1;
  return Math.min(1, requested / capacity);
}

export class NodeResourcesBalancedAllocation implements PreScorePlugin, ScorePlugin {
  readonly name = NAME;

  preScore(state: CycleState, pod: PodObject): Status {
    state.write(KEY, podRequirements(pod));
    return success();
  }

  score(state: CycleState, pod: PodObject, nodeInfo: NodeInfo): number {
    const { requests } = state.read(KEY) ?? podRequirements(pod);
    const cpu = fraction(nodeInfo.requested.milliCpu + requests.milliCpu, nodeInfo.allocatable.milliCpu);
    const memory = fraction(nodeInfo.requested.memory + requests.memory, nodeInfo.allocatable.memory);
    const std = Math.abs(cpu - memory) / 2;
    return Math.trunc((1 - std) * MAX_NODE_SCORE);
  }
}

export const factory = (): NodeResourcesBalancedAllocation => new NodeResourcesBalancedAllocation();
