// Node and Pod objects for tests, shaped as the apiserver stores them.
import { NodeObject, NodeSelectorTerm, PodObject, Taint, Toleration } from '@kctl/api';
import { NodeInfo, podInfoOf } from '../cache/node-info';
import { CycleState } from '../framework/cycle-state';

export interface NodeFixture {
  cpu?: string;
  memory?: string;
  pods?: string;
  labels?: Record<string, string>;
  taints?: Taint[];
  unschedulable?: boolean;
  /** Ready condition status; null for no condition at all. Default 'True'. */
  ready?: 'True' | 'False' | 'Unknown' | null;
  extra?: Record<string, string>;
}

export function makeNode(name: string, f: NodeFixture = {}): NodeObject {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, uid: `uid-node-${name}`, labels: { 'kubernetes.io/hostname': name, ...f.labels } },
    spec: { taints: f.taints, unschedulable: f.unschedulable },
    status: {
      allocatable: { cpu: f.cpu ?? '4', memory: f.memory ?? '8Gi', pods: f.pods ?? '110', ...f.extra },
      capacity: { cpu: f.cpu ?? '4', memory: f.memory ?? '8Gi', pods: f.pods ?? '110', ...f.extra },
      conditions: f.ready === null ? [] : [{ type: 'Ready', status: f.ready ?? 'True' }],
    },
  };
}

export interface PodFixture {
  namespace?: string;
  uid?: string;
  cpu?: string;
  memory?: string;
  /** Extra requests by resource name. */
  requests?: Record<string, string>;
  limits?: Record<string, string>;
  /** More containers with these cpu requests. */
  moreContainers?: { cpu?: string; memory?: string }[];
  initContainers?: { cpu?: string; memory?: string; restartPolicy?: string }[];
  priority?: number;
  /** Controller uid. */
  owner?: string;
  nodeName?: string;
  nodeSelector?: Record<string, string>;
  requiredTerms?: NodeSelectorTerm[];
  preferredTerms?: { weight: number; preference: NodeSelectorTerm }[];
  tolerations?: Toleration[];
  hostPorts?: (number | { port: number; ip?: string; protocol?: string })[];
  schedulerName?: string;
  labels?: Record<string, string>;
  phase?: string;
  deletionTimestamp?: string;
  schedulingGates?: string[];
}

function requests(cpu?: string, memory?: string, more?: Record<string, string>): Record<string, string> | undefined {
  const r: Record<string, string> = { ...more };
  if (cpu) r['cpu'] = cpu;
  if (memory) r['memory'] = memory;
  return Object.keys(r).length ? r : undefined;
}

export function makePod(name: string, f: PodFixture = {}): PodObject {
  const containers = [
    {
      name: 'main',
      image: 'busybox',
      resources: { requests: requests(f.cpu, f.memory, f.requests), limits: f.limits },
      ports: f.hostPorts?.map((p) => (typeof p === 'number' ? { containerPort: p, hostPort: p } : { containerPort: p.port, hostPort: p.port, hostIP: p.ip, protocol: p.protocol })),
    },
    ...(f.moreContainers ?? []).map((c, i) => ({ name: `c${i}`, image: 'busybox', resources: { requests: requests(c.cpu, c.memory) } })),
  ];
  const initContainers = f.initContainers?.map((c, i) => ({ name: `init${i}`, image: 'busybox', restartPolicy: c.restartPolicy, resources: { requests: requests(c.cpu, c.memory) } }));
  const affinity =
    f.requiredTerms || f.preferredTerms
      ? {
          nodeAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: f.requiredTerms ? { nodeSelectorTerms: f.requiredTerms } : undefined,
            preferredDuringSchedulingIgnoredDuringExecution: f.preferredTerms,
          },
        }
      : undefined;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: f.namespace ?? 'default',
      uid: f.uid ?? `uid-${name}`,
      labels: f.labels,
      deletionTimestamp: f.deletionTimestamp,
      ownerReferences: f.owner ? [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: `rs-${f.owner}`, uid: f.owner, controller: true }] : undefined,
    },
    spec: {
      containers,
      initContainers,
      nodeName: f.nodeName,
      nodeSelector: f.nodeSelector,
      affinity,
      tolerations: f.tolerations,
      priority: f.priority,
      schedulerName: f.schedulerName ?? 'default-scheduler',
      schedulingGates: f.schedulingGates?.map((n) => ({ name: n })),
    },
    status: { phase: f.phase ?? 'Pending' },
  };
}

/** A NodeInfo for node with pods counted on it (their nodeName is set to the node). */
export function nodeInfo(node: NodeObject, ...pods: PodObject[]): NodeInfo {
  const info = new NodeInfo(node.metadata.name ?? '');
  info.setNode(node);
  for (const pod of pods) info.addPod(podInfoOf({ ...pod, spec: { ...pod.spec!, nodeName: info.name } }));
  return info;
}

export const newState = (): CycleState => new CycleState();
