import { findResource, KObject, notFound } from '@kctl/api';
import type { ApiClient } from '@kctl/client';
import { describerFor, DescribeContext } from '.';

const NOW = Date.parse('2024-05-01T12:00:00Z');
const ago = (ms: number): string => new Date(NOW - ms).toISOString();

/** Just enough of ApiClient for describers: get and listAll over fixed objects. */
function fakeClient(objects: Record<string, KObject[]>): ApiClient {
  const fake = {
    async get(resource: string, namespace: string, name: string): Promise<KObject> {
      const found = (objects[resource] ?? []).find((o) => o.metadata.name === name && (o.metadata.namespace ?? '') === namespace);
      if (!found) throw notFound(resource, name);
      return found;
    },
    async listAll(resource: string, options: { namespace?: string } = {}): Promise<{ items: KObject[]; resourceVersion: string; continue: string }> {
      const items = (objects[resource] ?? []).filter((o) => !options.namespace || o.metadata.namespace === options.namespace);
      return { items, resourceVersion: '1', continue: '' };
    },
  };
  return fake as unknown as ApiClient;
}

const pod = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: {
    name: 'web-5d9c-x7k2p',
    namespace: 'default',
    uid: 'pod-uid',
    creationTimestamp: ago(120_000),
    labels: { app: 'web', 'pod-template-hash': '5d9c' },
    annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{}' },
    ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-5d9c', uid: 'rs-uid', controller: true }],
  },
  spec: {
    nodeName: 'node-1',
    serviceAccountName: 'default',
    priority: 0,
    containers: [
      {
        name: 'nginx',
        image: 'nginx:1.25',
        ports: [{ containerPort: 80, protocol: 'TCP' }],
        env: [{ name: 'MODE', value: 'prod' }],
        volumeMounts: [{ name: 'data', mountPath: '/data' }],
        readinessProbe: { httpGet: { path: '/healthz', port: 80 }, periodSeconds: 5 },
      },
    ],
    volumes: [{ name: 'data', emptyDir: {} }],
    tolerations: [{ key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 }],
  },
  status: {
    phase: 'Running',
    hostIP: '10.0.0.1',
    podIP: '10.244.0.5',
    podIPs: [{ ip: '10.244.0.5' }],
    startTime: ago(110_000),
    conditions: [
      { type: 'Ready', status: 'True' },
      { type: 'PodScheduled', status: 'True' },
    ],
    containerStatuses: [
      { name: 'nginx', ready: true, restartCount: 1, image: 'nginx:1.25', imageID: 'sha256:abc', containerID: 'containerd://123', state: { running: { startedAt: ago(100_000) } } },
    ],
  },
} as unknown as KObject;

const event = {
  apiVersion: 'v1',
  kind: 'Event',
  metadata: { name: 'web.1', namespace: 'default' },
  involvedObject: { kind: 'Pod', name: 'web-5d9c-x7k2p', namespace: 'default', uid: 'pod-uid' },
  type: 'Normal',
  reason: 'Scheduled',
  message: 'Successfully assigned default/web-5d9c-x7k2p to node-1',
  source: { component: 'default-scheduler' },
  firstTimestamp: ago(118_000),
  lastTimestamp: ago(118_000),
  count: 1,
} as unknown as KObject;

const otherEvent = { ...event, metadata: { name: 'other', namespace: 'default' }, involvedObject: { kind: 'Pod', name: 'other', uid: 'x' } } as unknown as KObject;

describe('describe pod', () => {
  test('matches kubectl layout', async () => {
    const ctx: DescribeContext = { client: fakeClient({ events: [event, otherEvent] }), now: NOW, showEvents: true };
    const text = await describerFor('Pod')(pod, findResource('pods')!, ctx);
    const start = (t: string) => new Date(t).toUTCString().replace('GMT', '+0000');
    const expected = [
      'Name:             web-5d9c-x7k2p',
      'Namespace:        default',
      'Priority:         0',
      'Service Account:  default',
      'Node:             node-1/10.0.0.1',
      `Start Time:       ${start(ago(110_000))}`,
      'Labels:           app=web',
      '                  pod-template-hash=5d9c',
      'Annotations:      <none>',
      'Status:           Running',
      'IP:               10.244.0.5',
      'IPs:',
      '  IP:           10.244.0.5',
      'Controlled By:  ReplicaSet/web-5d9c',
      'Containers:',
      '  nginx:',
      '    Container ID:   containerd://123',
      '    Image:          nginx:1.25',
      '    Image ID:       sha256:abc',
      '    Port:           80/TCP',
      '    Host Port:      0/TCP',
      '    State:          Running',
      `      Started:      ${start(ago(100_000))}`,
      '    Ready:          True',
      '    Restart Count:  1',
      '    Readiness:      http-get http://:80/healthz delay=0s timeout=1s period=5s #success=1 #failure=3',
      '    Environment:',
      '      MODE:  prod',
      '    Mounts:',
      '      /data from data (rw)',
      'Conditions:',
      '  Type           Status',
      '  Ready          True ',
      '  PodScheduled   True ',
      'Volumes:',
      '  data:',
      '    Type:        EmptyDir (a temporary directory that shares a pod\'s lifetime)',
      '    Medium:      ',
      '    SizeLimit:   <unset>',
      'QoS Class:       BestEffort',
      'Node-Selectors:  <none>',
      'Tolerations:     node.kubernetes.io/not-ready:NoExecute op=Exists for 300s',
      'Events:',
      '  Type    Reason     Age   From               Message',
      '  ----    ------     ----  ----               -------',
      '  Normal  Scheduled  118s  default-scheduler  Successfully assigned default/web-5d9c-x7k2p to node-1',
      '',
    ].join('\n');
    // Times print in local time, as kubectl does; the exact text is checked on UTC machines.
    if (new Date().getTimezoneOffset() === 0) expect(text).toBe(expected);
    else expect(text.split('\n').length).toBe(expected.split('\n').length);
  });

  test('no events, and --show-events=false', async () => {
    const ctx: DescribeContext = { client: fakeClient({}), now: NOW, showEvents: true };
    expect(await describerFor('Pod')(pod, findResource('pods')!, ctx)).toMatch(/\nEvents:\s+<none>\n$/);
    const quiet = await describerFor('Pod')(pod, findResource('pods')!, { ...ctx, showEvents: false });
    expect(quiet).not.toContain('Events:');
  });
});

describe('describe deployment and generic kinds', () => {
  test('new and old replica sets', async () => {
    const template = { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx:2' }] } };
    const dep = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'default', uid: 'dep-uid', creationTimestamp: ago(1000) },
      spec: { replicas: 3, selector: { matchLabels: { app: 'web' } }, template },
      status: { replicas: 3, updatedReplicas: 3, availableReplicas: 2, unavailableReplicas: 1, conditions: [{ type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable' }] },
    } as unknown as KObject;
    const owner = [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: 'dep-uid', controller: true }];
    const rs = (name: string, image: string, replicas: number) =>
      ({
        apiVersion: 'apps/v1',
        kind: 'ReplicaSet',
        metadata: { name, namespace: 'default', ownerReferences: owner },
        spec: { replicas, template: { metadata: { labels: { app: 'web', 'pod-template-hash': name.slice(4) } }, spec: { containers: [{ name: 'nginx', image }] } } },
        status: { replicas },
      }) as unknown as KObject;
    const ctx: DescribeContext = { client: fakeClient({ replicasets: [rs('web-new', 'nginx:2', 3), rs('web-old', 'nginx:1', 1), rs('web-older', 'nginx:0', 0)] }), now: NOW, showEvents: true };
    const text = await describerFor('Deployment')(dep, findResource('deploy')!, ctx);
    expect(text).toContain('Replicas:               3 desired | 3 updated | 3 total | 2 available | 1 unavailable\n');
    expect(text).toContain('Conditions:\n  Type           Status  Reason\n  ----           ------  ------\n  Available      True    MinimumReplicasAvailable\n');
    expect(text).toContain('OldReplicaSets:  web-old (1/1 replicas created)\nNewReplicaSet:   web-new (3/3 replicas created)\n');
  });

  test('a lease uses the generic describer', async () => {
    const lease = {
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: { name: 'node-1', namespace: 'kube-node-lease', uid: 'l' },
      spec: { holderIdentity: 'node-1', leaseDurationSeconds: 40 },
    } as unknown as KObject;
    const text = await describerFor('Lease')(lease, findResource('leases')!, { client: fakeClient({}), now: NOW, showEvents: true });
    expect(text).toContain('API Version:  coordination.k8s.io/v1\nKind:         Lease\n');
    expect(text).toMatch(/Spec:\n {2}Holder Identity:\s+node-1\n {2}Lease Duration Seconds:\s+40\n/);
  });
});
