// The Node a kubelet stands for, computed from what it knows: machine facts,
// the runtime's version and health, and the conditions last stored (so
// transition times survive). Pure: the status reporter decides when to write.
import { formatTime, LABEL_ARCH, LABEL_HOSTNAME, LABEL_OS, setCondition } from '@kctl/api';
import type { NodeCondition, NodeObject, NodeStatus, Writable } from '@kctl/api';
import type { RuntimeStatus } from '../runtime/runtime';
import { NETWORK_READY, RUNTIME_READY } from '../runtime/runtime';
import type { MachineInfo } from './machine-info';

export const KUBELET_VERSION = 'v0.1.0';
/** Kubernetes' default hard eviction threshold memory.available<100Mi, kept out of allocatable. */
const EVICTION_MEMORY_BYTES = 100 * 1024 * 1024;
/** And nodefs.available<10%. */
const EVICTION_NODEFS_FRACTION = 0.1;

/** Resource amounts as quantities: cpu, memory, pods (and whatever else a hollow node names). */
export type ResourceList = Record<string, string>;

export interface NodeIdentity {
  nodeName: string;
  /** InternalIP address; omitted from addresses when empty. */
  nodeIP?: string;
  /** Hostname address. Default the node name. */
  hostname?: string;
  /** Extra labels (e.g. --node-labels); the well-known ones are always set. */
  labels?: Record<string, string>;
  /** The port daemonEndpoints advertises. Default 10250. */
  kubeletPort?: number;
}

export interface NodeResources {
  capacity: ResourceList;
  allocatable: ResourceList;
}

/**
 * Capacity from the machine; allocatable less the default hard-eviction reserves
 * (memory.available<100Mi, nodefs.available<10%), as the kubelet reports them.
 */
export function machineResources(machine: MachineInfo, maxPods = 110): NodeResources {
  const ki = (bytes: number): string => `${Math.max(0, Math.floor(bytes / 1024))}Ki`;
  const capacity: ResourceList = { cpu: String(machine.cpus), memory: ki(machine.memoryBytes), pods: String(maxPods) };
  const allocatable: ResourceList = { cpu: String(machine.cpus), memory: ki(machine.memoryBytes - EVICTION_MEMORY_BYTES), pods: String(maxPods) };
  if (machine.ephemeralStorageBytes > 0) {
    capacity['ephemeral-storage'] = ki(machine.ephemeralStorageBytes);
    allocatable['ephemeral-storage'] = String(Math.floor(machine.ephemeralStorageBytes * (1 - EVICTION_NODEFS_FRACTION)));
  }
  return { capacity, allocatable };
}

export function nodeLabels(identity: NodeIdentity, machine: MachineInfo): Record<string, string> {
  return {
    ...identity.labels,
    'beta.kubernetes.io/arch': machine.architecture,
    'beta.kubernetes.io/os': machine.operatingSystem,
    [LABEL_ARCH]: machine.architecture,
    [LABEL_HOSTNAME]: (identity.hostname ?? identity.nodeName).toLowerCase(),
    [LABEL_OS]: machine.operatingSystem,
  };
}

/** Why the node is not ready, from the runtime's health; empty when it is ready. */
export function runtimeProblems(status: RuntimeStatus | undefined): string[] {
  if (!status) return ['container runtime is down'];
  const problems: string[] = [];
  const describe = (type: string, prefix: string): void => {
    const c = status.conditions.find((x) => x.type === type);
    if (!c) problems.push(`${prefix}: ${type} missing`);
    else if (!c.status) problems.push(`${prefix}: ${type}=false reason:${c.reason ?? ''} message:${c.message ?? ''}`);
  };
  describe(RUNTIME_READY, 'container runtime not ready');
  describe(NETWORK_READY, 'container runtime network not ready');
  return problems;
}

export interface StatusInputs {
  identity: NodeIdentity;
  machine: MachineInfo;
  resources: NodeResources;
  /** "name://version", or undefined while the runtime has not answered Version. */
  containerRuntimeVersion?: string;
  /** The runtime's last Status answer; undefined when the call failed. */
  runtime: RuntimeStatus | undefined;
  now: number;
  /** The conditions as stored, so unchanged statuses keep their transition time. */
  previous?: readonly NodeCondition[];
}

function condition(type: string, status: 'True' | 'False', reason: string, message: string, now: string): NodeCondition {
  return { type, status, reason, message, lastHeartbeatTime: now, lastTransitionTime: now };
}

/** Conditions in the order Kubernetes lists them; others' conditions (e.g. NetworkUnavailable) are kept. */
export function nodeConditions(inputs: StatusInputs): NodeCondition[] {
  const now = formatTime(inputs.now);
  const problems = runtimeProblems(inputs.runtime);
  const ours = [
    // No eviction manager yet: pressure conditions report the healthy state.
    condition('MemoryPressure', 'False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available', now),
    condition('DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure', now),
    condition('PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available', now),
    problems.length === 0
      ? condition('Ready', 'True', 'KubeletReady', 'kubelet is posting ready status', now)
      : condition('Ready', 'False', 'KubeletNotReady', problems.join(', '), now),
  ];
  let merged: NodeCondition[] = [...(inputs.previous ?? [])];
  for (const c of ours) merged = setCondition(merged, c);
  const others = merged.filter((c) => !ours.some((o) => o.type === c.type));
  return [...ours.map((o) => merged.find((c) => c.type === o.type) ?? o), ...others];
}

export function nodeStatus(inputs: StatusInputs): Writable<NodeStatus> {
  const { identity, machine, resources } = inputs;
  const addresses = [
    ...(identity.nodeIP ? [{ type: 'InternalIP', address: identity.nodeIP }] : []),
    { type: 'Hostname', address: identity.hostname ?? identity.nodeName },
  ];
  return {
    capacity: { ...resources.capacity },
    allocatable: { ...resources.allocatable },
    conditions: nodeConditions(inputs),
    addresses,
    daemonEndpoints: { kubeletEndpoint: { Port: identity.kubeletPort ?? 10250 } },
    nodeInfo: {
      machineID: machine.machineID,
      systemUUID: machine.systemUUID,
      bootID: machine.bootID,
      kernelVersion: machine.kernelVersion,
      osImage: machine.osImage,
      containerRuntimeVersion: inputs.containerRuntimeVersion ?? '',
      kubeletVersion: KUBELET_VERSION,
      kubeProxyVersion: '',
      operatingSystem: machine.operatingSystem,
      architecture: machine.architecture,
    },
  };
}

/** The Node a first registration creates. */
export function initialNode(inputs: StatusInputs): NodeObject {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name: inputs.identity.nodeName, labels: nodeLabels(inputs.identity, inputs.machine) },
    spec: {},
    status: nodeStatus(inputs),
  };
}
