// What each kind's strategy does, seen through the API on a real etcd: the
// defaults Kubernetes shows on read, pod spec immutability, priority classes,
// the kubernetes Service at start, and time from the injected clock.
import { formatTime, KObject, PodObject, POD_UPDATE_FORBIDDEN, ServiceObject } from '@kctl/api';
import { FakeClock } from '@kctl/client';
import { eventually, rejectsWith, startTestCluster, TestCluster } from './cluster';
import { pod } from './manifests';

const clock = new FakeClock(Date.UTC(2026, 2, 1, 12, 0, 0));
let cluster: TestCluster;

beforeAll(async () => {
  cluster = await startTestCluster({ clock, serviceCidr: '10.100.0.0/16' });
});
afterAll(() => cluster.stop());

const withSpec = (name: string, spec: Record<string, unknown>): KObject => ({ ...pod(name), spec: { containers: [{ name: 'main', image: 'busybox:1.36' }], ...spec } });

describe('pod defaults on read', () => {
  it('shows service account, default tolerations, priority and QoS class as Kubernetes does', async () => {
    await cluster.client.create('pods', pod('plain'));
    const stored = await cluster.client.get<PodObject>('pods', 'default', 'plain');
    expect(stored.spec).toMatchObject({
      serviceAccountName: 'default',
      serviceAccount: 'default',
      priority: 0,
      preemptionPolicy: 'PreemptLowerPriority',
      tolerations: [
        { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
        { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
      ],
    });
    expect(stored.status).toEqual({ phase: 'Pending', qosClass: 'BestEffort' });
  });

  it('defaults requests from limits, so limits alone make a Guaranteed pod', async () => {
    const created = await cluster.client.create<PodObject>('pods', withSpec('limited', { containers: [{ name: 'main', image: 'busybox:1.36', resources: { limits: { cpu: '500m', memory: '64Mi' } } }] }));
    expect(created.spec?.containers[0]?.resources?.requests).toEqual({ cpu: '500m', memory: '64Mi' });
    expect(created.status?.qosClass).toBe('Guaranteed');
    const burstable = await cluster.client.create<PodObject>('pods', withSpec('burst', { containers: [{ name: 'main', image: 'busybox:1.36', resources: { requests: { cpu: '100m' } } }] }));
    expect(burstable.status?.qosClass).toBe('Burstable');
  });

  it('keeps the QoS class when a status writer leaves it out', async () => {
    const current = await cluster.client.get<PodObject>('pods', 'default', 'limited');
    const updated = await cluster.client.updateStatus<PodObject>('pods', { ...current, status: { phase: 'Running' } });
    expect(updated.status).toEqual({ phase: 'Running', qosClass: 'Guaranteed' });
  });
});

describe('pod spec immutability', () => {
  it('lets the image, tolerations and activeDeadlineSeconds change', async () => {
    await cluster.client.create('pods', pod('mutable'));
    const updated = await cluster.client.patch<PodObject>('pods', 'default', 'mutable', { spec: { containers: [{ name: 'main', image: 'busybox:1.37' }], activeDeadlineSeconds: 60 } });
    expect(updated.spec?.containers[0]?.image).toBe('busybox:1.37');
    expect(updated.spec?.activeDeadlineSeconds).toBe(60);
  });

  it('refuses other changes as Invalid with Kubernetes message, and nodeName outside binding', async () => {
    await cluster.client.create('pods', pod('frozen'));
    const err = await rejectsWith(cluster.client.patch('pods', 'default', 'frozen', { spec: { restartPolicy: 'Never' } }), 'Invalid');
    expect(err.message).toBe(`Pod "frozen" is invalid: spec: Forbidden: ${POD_UPDATE_FORBIDDEN}`);
    await rejectsWith(cluster.client.patch('pods', 'default', 'frozen', { spec: { nodeName: 'node-1' } }), 'Invalid');
    const raised = await rejectsWith(cluster.client.patch('pods', 'default', 'mutable', { spec: { activeDeadlineSeconds: 120 } }), 'Invalid');
    expect(raised.message).toMatch(/spec\.activeDeadlineSeconds: Invalid value: 120: must be less than or equal to previous value/);
    const bound = await cluster.client.bind('default', 'frozen', 'node-1');
    expect((bound as PodObject).spec?.nodeName).toBe('node-1');
  });
});

describe('priority classes', () => {
  it('accepts the system classes with their values', async () => {
    const created = await cluster.client.create<PodObject>('pods', withSpec('critical', { priorityClassName: 'system-node-critical' }));
    expect(created.spec?.priority).toBe(2000001000);
  });

  it('refuses other classes and a bare priority as Forbidden', async () => {
    const unknown = await rejectsWith(cluster.client.create('pods', withSpec('high', { priorityClassName: 'high-priority' })), 'Forbidden');
    expect(unknown.message).toBe('pods "high" is forbidden: no PriorityClass with name high-priority was found');
    const bare = await rejectsWith(cluster.client.create('pods', withSpec('bare', { priority: 10 })), 'Forbidden');
    expect(bare.message).toMatch(/the integer value of priority \(10\) must not be provided in pod spec/);
  });
});

describe('services', () => {
  it('are single-stack IPv4', async () => {
    const svc = await cluster.client.create<ServiceObject>('services', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'default' }, spec: { selector: { app: 'web' }, ports: [{ port: 80 }] } });
    expect(svc.spec).toMatchObject({ ipFamilies: ['IPv4'], ipFamilyPolicy: 'SingleStack', internalTrafficPolicy: 'Cluster', sessionAffinity: 'None' });
  });

  it('default/kubernetes exists from the start, on the first address of the service CIDR', async () => {
    const svc = await cluster.client.get<ServiceObject>('services', 'default', 'kubernetes');
    const port = Number(cluster.server.address.split(':').pop());
    expect(svc.metadata.labels).toEqual({ component: 'apiserver', provider: 'kubernetes' });
    expect(svc.spec).toMatchObject({ type: 'ClusterIP', clusterIP: '10.100.0.1', clusterIPs: ['10.100.0.1'], ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: port }] });
    const endpoints = await cluster.client.get('endpoints', 'default', 'kubernetes');
    expect(endpoints['subsets']).toEqual([{ addresses: [{ ip: '127.0.0.1' }], ports: [{ name: 'https', port, protocol: 'TCP' }] }]);
  });

  it('default/kubernetes follows the apiserver across a restart', async () => {
    await cluster.restartApiServer();
    const { items } = await cluster.client.list('services', { namespace: 'default', fieldSelector: 'metadata.name=kubernetes' });
    expect(items).toHaveLength(1);
  });
});

describe('time from the injected clock', () => {
  it('stamps creation and deletion from it', async () => {
    const created = await cluster.client.create('configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'clocked', namespace: 'default' } });
    expect(created.metadata.creationTimestamp).toBe(formatTime(clock.now()));
    await clock.step(90_000);
    await cluster.client.create('pods', pod('graceful'));
    await cluster.client.bind('default', 'graceful', 'node-1');
    const deleting = await cluster.client.delete('pods', 'default', 'graceful', { gracePeriodSeconds: 45 });
    expect(deleting.metadata.deletionTimestamp).toBe(formatTime(clock.now() + 45_000));
    expect(deleting.metadata.deletionGracePeriodSeconds).toBe(45);
  });

  it('sends watch bookmarks when it has moved on by the bookmark interval', async () => {
    const start = await cluster.client.list('configmaps', { namespace: 'default' });
    const stream = cluster.client.watch('configmaps', { namespace: 'default', resourceVersion: start.resourceVersion, allowBookmarks: true });
    const events = stream[Symbol.asyncIterator]();
    // The event of a write after the watch started proves the watch is registered.
    await cluster.client.create('configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'marker', namespace: 'default' } });
    expect((await events.next()).value?.type).toBe('ADDED');
    await clock.step(15_000);
    const next = await events.next();
    stream.stop();
    expect(next.value?.type).toBe('BOOKMARK');
  });

  it('runs the namespace controller on it', async () => {
    await cluster.client.create('namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'doomed' } });
    await cluster.client.create('configmaps', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'inside', namespace: 'doomed' } });
    await cluster.client.delete('namespaces', '', 'doomed');
    await eventually(async () => {
      await clock.step(1000);
      await rejectsWith(cluster.client.get('namespaces', '', 'doomed'), 'NotFound');
    });
  });
});
