// NodePorts: a pod's hostPorts must be free on the node. Two uses conflict on
// the same protocol and port when their host IPs are equal or either is 0.0.0.0.
import { PodObject } from '@kctl/api';
import { NodeInfo } from '../../cache/node-info';
import { CycleState, stateKey } from '../../framework/cycle-state';
import { FilterPlugin, PreFilterPlugin } from '../../framework/interfaces';
import { skip, Status, success, unschedulable } from '../../framework/status';
import { HostPort, podRequirements } from '../../resources';

export const NAME = 'NodePorts';
export const REASON_PORTS = "node(s) didn't have free ports for the requested pod ports";

const PORTS_KEY = stateKey<readonly HostPort[]>(`${NAME}/ports`);

export class NodePorts implements PreFilterPlugin, FilterPlugin {
  readonly name = NAME;

  preFilter(state: CycleState, pod: PodObject): Status {
    const ports = podRequirements(pod).hostPorts;
    if (ports.length === 0) return skip();
    state.write(PORTS_KEY, ports);
    return success();
  }

  filter(state: CycleState, pod: PodObject, nodeInfo: NodeInfo): Status {
    const ports = state.read(PORTS_KEY) ?? podRequirements(pod).hostPorts;
    return nodeInfo.portsConflict(ports) ? unschedulable(REASON_PORTS) : success();
  }
}

export const factory = (): NodePorts => new NodePorts();
