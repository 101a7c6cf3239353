// NodeResourcesLeastAllocated: favors nodes with more free cpu and memory once
// the pod is counted: per resource (allocatable - requested) * 100 / allocatable,
// averaged. Pods without requests count as 100m cpu and 200Mi memory here, so
// best-effort pods spread too.
import { PodObject } from '@kctl/api';
import { NodeInfo } from '../../cache/node-info';
import { CycleState } from '../../framework/cycle-state';
import { MAX_NODE_SCORE, ScorePlugin } from '../../framework/interfaces';
import { podRequirements } from '../../resources';

export const NAME = 'NodeResourcesLeastAllocated';

/** (capacity - requested) * 100 / capacity, 0 when it does not fit or there is no capacity. */
export function leastRequested(requested: number, capacity: number): number {
  if (capacity <= 0 || requested > capacity) return 0;
  return Math.trunc(((capacity - requested) * MAX_NODE_SCORE) / capacity);
}

export class NodeResourcesLeastAllocated implements ScorePlugin {
  readonly name = NAME;

  score(_state: CycleState, pod: PodObject, nodeInfo: NodeInfo): number {
    const req = podRequirements(pod);
    const cpu = leastRequested(nodeInfo.nonZeroMilliCpu + req.nonZeroMilliCpu, nodeInfo.allocatable.milliCpu);
    const memory = leastRequested(nodeInfo.nonZeroMemory + req.nonZeroMemory, nodeInfo.allocatable.memory);
    return Math.trunc((cpu + memory) / 2);
  }
}

export const factory = (): NodeResourcesLeastAllocated => new NodeResourcesLeastAllocated();
