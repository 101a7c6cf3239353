// Minimal valid objects of every stored kind, for tests.
import { KObject } from '@kctl/api';

export function configMap(name: string, data: Record<string, string> = { key: 'value' }, labels?: Record<string, string>): KObject {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'default', labels }, data };
}

export function pod(name: string, labels: Record<string, string> = { app: 'web' }): KObject {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default', labels }, spec: { containers: [{ name: 'main', image: 'busybox:1.36' }] } };
}

/** One object per stored kind, keyed by resource. */
export function sampleOfEveryKind(): Record<string, KObject> {
  const template = { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx:1.27', ports: [{ containerPort: 80 }] }] } };
  return {
    namespaces: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team-a' } },
    nodes: { apiVersion: 'v1', kind: 'Node', metadata: { name: 'node-1', labels: { 'kubernetes.io/hostname': 'node-1' } }, spec: {} },
    pods: pod('web-0'),
    services: { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'default' }, spec: { selector: { app: 'web' }, ports: [{ port: 80, targetPort: 8080 }] } },
    endpoints: { apiVersion: 'v1', kind: 'Endpoints', metadata: { name: 'web', namespace: 'default' }, subsets: [{ addresses: [{ ip: '10.244.0.5' }], ports: [{ port: 8080 }] }] },
    configmaps: configMap('settings'),
    secrets: { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'creds', namespace: 'default' }, stringData: { password: 's3cret' } },
    events: { apiVersion: 'v1', kind: 'Event', metadata: { name: 'web-0.1', namespace: 'default' }, involvedObject: { kind: 'Pod', name: 'web-0', namespace: 'default' }, reason: 'Scheduled', message: 'assigned', type: 'Normal' },
    deployments: { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'default' }, spec: { replicas: 2, selector: { matchLabels: { app: 'web' } }, template } },
    replicasets: { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'web-abc', namespace: 'default' }, spec: { replicas: 2, selector: { matchLabels: { app: 'web' } }, template } },
    leases: { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name: 'node-1', namespace: 'kube-node-lease' }, spec: { holderIdentity: 'node-1', leaseDurationSeconds: 40 } },
  };
}
