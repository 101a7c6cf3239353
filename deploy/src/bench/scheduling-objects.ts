// The objects the scheduling benchmark creates: Nodes, pending Pods and a
// Deployment. Shaped as the scheduler's own benchmark makes them
// (packages/scheduler/src/bench/throughput.ts with the fixtures of
// packages/scheduler/src/test/fixtures.ts), but with room to spare on every
// node, so capacity never limits the rate.
import type { Deployment, KObject, Node, Pod } from '@kctl/api';

export type NodeObject = KObject & Node;
export type PodObject = KObject & Pod;
export type DeploymentObject = KObject & Deployment;

/** Allocatable resources of every simulated node. */
export const NODE_ALLOCATABLE = { cpu: '32', memory: '256Gi', pods: '110' } as const;
/** Requests of every pod's one container. */
export const POD_REQUESTS = { cpu: '100m', memory: '128Mi' } as const;
/** Controllers the pending pods of the throughput run claim to belong to (SelectorSpread scores by them). */
export const PENDING_POD_OWNERS = 100;

export function nodeName(i: number): string {
  return `node-${String(i).padStart(4, '0')}`;
}

export function node(name: string): NodeObject {
  const now = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels: { 'kubernetes.io/hostname': name, 'kubernetes.io/os': 'linux' } },
    spec: {},
    status: {
      capacity: { ...NODE_ALLOCATABLE },
      allocatable: { ...NODE_ALLOCATABLE },
      conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'simulated node is ready', lastHeartbeatTime: now, lastTransitionTime: now }],
    },
  };
}

function container(): NonNullable<Pod['spec']>['containers'][number] {
  return { name: 'main', image: 'busybox', resources: { requests: { ...POD_REQUESTS } } };
}

/** A pending pod owned by one of PENDING_POD_OWNERS (made-up) ReplicaSets, as the scheduler's throughput script makes them. */
export function pendingPod(namespace: string, i: number): PodObject {
  const owner = `00000000-0000-4000-8000-${String(i % PENDING_POD_OWNERS).padStart(12, '0')}`;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: `pod-${String(i).padStart(5, '0')}`,
      namespace,
      labels: { app: 'sched-bench', owner: String(i % PENDING_POD_OWNERS) },
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: `rs-${owner}`, uid: owner, controller: true }],
    },
    spec: { containers: [container()], schedulerName: 'default-scheduler' },
  };
}

export const DEPLOYMENT_LABELS = { app: 'scale-bench' } as const;

export function deployment(namespace: string, name: string, replicas: number): DeploymentObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace },
    spec: {
      replicas,
      selector: { matchLabels: { ...DEPLOYMENT_LABELS } },
      template: { metadata: { labels: { ...DEPLOYMENT_LABELS } }, spec: { containers: [container()] } },
    },
  };
}

export function isBound(pod: PodObject): boolean {
  return !!pod.spec?.nodeName;
}

export function isReady(pod: PodObject): boolean {
  return pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
}
