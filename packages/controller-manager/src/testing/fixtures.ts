// Object builders for unit tests.
import type { DeploymentObject, DeploymentSpec, PodObject, ReplicaSetObject } from '@kctl/api';
import { newControllerRef } from '../util/controller-ref';

export function deployment(name: string, spec: Partial<DeploymentSpec> = {}, namespace = 'default'): DeploymentObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace },
    spec: {
      replicas: 3,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'main', image: 'img:1' }] } },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: 600,
      ...spec,
    },
  };
}

export function replicaSet(name: string, replicas: number, options: { labels?: Record<string, string>; owner?: DeploymentObject; revision?: number; created?: string; status?: ReplicaSetObject['status']; image?: string; annotations?: Record<string, string> } = {}): ReplicaSetObject {
  const labels = options.labels ?? { app: 'web', 'pod-template-hash': name.split('-').pop() ?? name };
  const annotations: Record<string, string> = { ...(options.annotations ?? {}) };
  if (options.revision !== undefined) annotations['deployment.kubernetes.io/revision'] = String(options.revision);
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name,
      namespace: 'default',
      labels,
      annotations,
      creationTimestamp: options.created,
      ownerReferences: options.owner ? [newControllerRef(options.owner, 'apps/v1', 'Deployment')] : undefined,
    },
    spec: {
      replicas,
      selector: { matchLabels: labels },
      template: { metadata: { labels }, spec: { containers: [{ name: 'main', image: options.image ?? 'img:1' }] } },
    },
    status: options.status ?? { replicas },
  };
}

export interface PodOptions {
  labels?: Record<string, string>;
  owner?: ReplicaSetObject;
  node?: string;
  phase?: string;
  ready?: boolean;
  readySince?: string;
  restarts?: number;
  created?: string;
  deleting?: boolean;
  annotations?: Record<string, string>;
}

export function pod(name: string, options: PodOptions = {}): PodObject {
  const p: PodObject = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: 'default',
      labels: options.labels ?? { app: 'web' },
      creationTimestamp: options.created ?? '2026-01-01T00:00:00Z',
      ownerReferences: options.owner ? [newControllerRef(options.owner, 'apps/v1', 'ReplicaSet')] : undefined,
      annotations: options.annotations,
    },
    spec: { nodeName: options.node, containers: [{ name: 'main', image: 'img:1' }] },
    status: {
      phase: options.phase ?? 'Running',
      conditions: options.ready === undefined ? [] : [{ type: 'Ready', status: options.ready ? 'True' : 'False', lastTransitionTime: options.readySince ?? '2026-01-01T00:00:00Z' }],
      containerStatuses: [{ name: 'main', image: 'img:1', imageID: '', ready: !!options.ready, restartCount: options.restarts ?? 0 }],
    },
  };
  if (options.deleting) p.metadata.deletionTimestamp = '2026-01-01T00:00:00Z';
  return p;
}
