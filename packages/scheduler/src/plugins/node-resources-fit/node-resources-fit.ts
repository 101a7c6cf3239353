// NodeResourcesFit: the pod's requests (sum of its containers, or its largest
// init container, per resource) must fit in what the node's allocatable leaves
// after the pods already there, bound or assumed; and the node must take one
// more pod. Reasons: "Too many pods", "Insufficient cpu", "Insufficient memory",
// "Insufficient <resource>".
import { PodObject } from '@kctl/api';
import { NodeInfo } from '../../cache/node-info';
import { CycleState } from '../../framework/cycle-state';
import { FilterPlugin } from '../../framework/interfaces';
import { Status, success, unresolvable, unschedulable } from '../../framework/status';
import { podRequirements, Resource } from '../../resources';

export const NAME = 'NodeResourcesFit';
export const REASON_TOO_MANY_PODS = 'Too many pods';
export const insufficient = (resource: string): string => `Insufficient ${resource}`;

// podRequirements is memoized per pod object, so reading it for every node costs a lookup.
export class NodeResourcesFit implements FilterPlugin {
  readonly name = NAME;

  filter(_state: CycleState, pod: PodObject, nodeInfo: NodeInfo): Status {
    const { requests } = podRequirements(pod);
    const alloc = nodeInfo.allocatable;
    const used = nodeInfo.requested;
    // The common case first, without allocating: everything fits.
    if (
      nodeInfo.podCount < alloc.pods &&
      (requests.milliCpu <= 0 || requests.milliCpu <= alloc.milliCpu - used.milliCpu) &&
      (requests.memory <= 0 || requests.memory <= alloc.memory - used.memory) &&
      (requests.ephemeralStorage <= 0 || requests.ephemeralStorage <= alloc.ephemeralStorage - used.ephemeralStorage) &&
      !requests.scalar
    ) {
      return success();
    }
    return this.insufficient(requests, nodeInfo);
  }

  /** Every resource that does not fit, as kube-scheduler lists them. */
  private insufficient(requests: Resource, nodeInfo: NodeInfo): Status {
    const alloc = nodeInfo.allocatable;
    const used = nodeInfo.requested;
    const reasons: string[] = [];
    // Would no amount of room made by removing pods help? Then the answer is unresolvable.
    let beyondCapacity = false;
    const check = (reason: string, wanted: number, total: number, inUse: number): void => {
      if (wanted > 0 && wanted > total - inUse) {
        reasons.push(reason);
        if (wanted > total) beyondCapacity = true;
      }
    };
    check(REASON_TOO_MANY_PODS, 1, alloc.pods, nodeInfo.podCount);
    check(insufficient('cpu'), requests.milliCpu, alloc.milliCpu, used.milliCpu);
    check(insufficient('memory'), requests.memory, alloc.memory, used.memory);
    check(insufficient('ephemeral-storage'), requests.ephemeralStorage, alloc.ephemeralStorage, used.ephemeralStorage);
    for (const [name, wanted] of requests.scalar ?? []) check(insufficient(name), wanted, alloc.scalar?.get(name) ?? 0, used.scalar?.get(name) ?? 0);
    if (reasons.length === 0) return success();
    return beyondCapacity ? unresolvable(...reasons) : unschedulable(...reasons);
  }
}

export const factory = (): NodeResourcesFit => new NodeResourcesFit();
