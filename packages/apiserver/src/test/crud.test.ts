import { KObject, RESOURCES } from '@kctl/api';
import { retryOnConflict } from '@kctl/client';
import { configMap, pod, sampleOfEveryKind } from './manifests';
import { rejectsWith, startTestCluster, TestCluster } from './cluster';

let cluster: TestCluster;

beforeAll(async () => {
  cluster = await startTestCluster();
});
afterAll(() => cluster.stop());

const namespaceOf = (resource: string, obj: KObject): string => (RESOURCES.find((r) => r.resource === resource)!.namespaced ? obj.metadata.namespace ?? 'default' : '');

describe('every kind', () => {
  const samples = sampleOfEveryKind();
  it.each(Object.keys(samples))('%s: create, get, list, update, delete', async (resource) => {
    const { client } = cluster;
    const sample = samples[resource]!;
    const ns = namespaceOf(resource, sample);
    const name = sample.metadata.name!;

    const created = await client.create(resource, sample);
    expect(created.metadata.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.metadata.creationTimestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(Number(created.metadata.resourceVersion)).toBeGreaterThan(0);

    const fetched = await client.get(resource, ns, name);
    expect(fetched).toEqual(created);
    const listed = await client.list(resource, { namespace: ns });
    expect(listed.items.map((o) => o.metadata.name)).toContain(name);

    const changed = { ...fetched, metadata: { ...fetched.metadata, labels: { ...fetched.metadata.labels, touched: 'yes' } } };
    const updated = await client.update(resource, changed);
    expect(updated.metadata.labels?.touched).toBe('yes');
    expect(Number(updated.metadata.resourceVersion)).toBeGreaterThan(Number(created.metadata.resourceVersion));
    expect(updated.metadata.uid).toBe(created.metadata.uid);

    await rejectsWith(client.create(resource, sample), 'AlreadyExists');
    await client.delete(resource, ns, name);
    if (resource === 'namespaces') return; // finished asynchronously by the namespace controller; see namespaces.test
    await rejectsWith(client.get(resource, ns, name), 'NotFound');
  });
});

describe('semantics of writes', () => {
  it('refuses a stale update with Kubernetes wording', async () => {
    const { client } = cluster;
    const first = await client.create('configmaps', configMap('stale'));
    await client.update('configmaps', { ...first, data: { key: 'v2' } });
    const err = await rejectsWith(client.update('configmaps', { ...first, data: { key: 'v3' } }), 'Conflict');
    expect(err.message).toBe('Operation cannot be fulfilled on configmaps "stale": the object has been modified; please apply your changes to the latest version and try again');
    expect((await client.get('configmaps', 'default', 'stale')).data).toEqual({ key: 'v2' });
  });

  it('loses no increment among 50 concurrent writers retrying on conflict', async () => {
    const { client } = cluster;
    await client.create('configmaps', configMap('counter', {}));
    await Promise.all(
      Array.from({ length: 50 }, () =>
        retryOnConflict(async () => {
          const current = await client.get('configmaps', 'default', 'counter');
          const count = Number(current.metadata.annotations?.count ?? '0');
          current.metadata.annotations = { ...current.metadata.annotations, count: String(count + 1) };
          await client.update('configmaps', current);
        }, 200),
      ),
    );
    expect((await client.get('configmaps', 'default', 'counter')).metadata.annotations?.count).toBe('50');
  });

  it('resolves generateName to a unique name', async () => {
    const { client } = cluster;
    const generated: KObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { generateName: 'gen-', namespace: 'default' } };
    const a = await client.create('configmaps', generated);
    const b = await client.create('configmaps', generated);
    expect(a.metadata.name).toMatch(/^gen-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(b.metadata.name).not.toBe(a.metadata.name);
  });

  it('bumps generation on spec changes only; Update keeps status and UpdateStatus keeps spec', async () => {
    const { client } = cluster;
    const d = await client.create('deployments', sampleOfEveryKind().deployments!);
    expect(d.metadata.generation).toBe(1);
    const labelled: KObject = await client.update('deployments', { ...d, metadata: { ...d.metadata, labels: { x: 'y' } } });
    expect(labelled.metadata.generation).toBe(1);
    const scaled = await client.update('deployments', { ...labelled, spec: { ...(labelled.spec as object), replicas: 5 }, status: { replicas: 99 } });
    expect(scaled.metadata.generation).toBe(2);
    expect(scaled.status).toEqual(d.status);
    const withStatus = await client.updateStatus('deployments', { ...scaled, spec: { ...(scaled.spec as object), replicas: 1 }, status: { replicas: 5, observedGeneration: 2 } });
    expect(withStatus.status).toEqual({ replicas: 5, observedGeneration: 2 });
    expect((withStatus.spec as { replicas: number }).replicas).toBe(5);
    expect(withStatus.metadata.generation).toBe(2);
  });

  it('applies merge and JSON patches', async () => {
    const { client } = cluster;
    await client.create('configmaps', configMap('patched', { a: '1', b: '2' }));
    const merged = await client.patch('configmaps', 'default', 'patched', { data: { a: null, c: '3' } });
    expect(merged.data).toEqual({ b: '2', c: '3' });
    const jsonPatched = await client.patch('configmaps', 'default', 'patched', [{ op: 'replace', path: '/data/b', value: 'two' }, { op: 'add', path: '/metadata/labels', value: { l: 'v' } }], { type: 'json' });
    expect(jsonPatched.data).toEqual({ b: 'two', c: '3' });
    expect(jsonPatched.metadata.labels).toEqual({ l: 'v' });
    const unlabelled = await client.patch('configmaps', 'default', 'patched', { metadata: { labels: { l: null } } });
    expect('labels' in unlabelled.metadata).toBe(false);
    await rejectsWith(client.patch('configmaps', 'default', 'patched', { metadata: { resourceVersion: '1' }, data: { z: '1' } }), 'Conflict');
  });

  it('checks delete preconditions', async () => {
    const { client } = cluster;
    const cm = await client.create('configmaps', configMap('guarded'));
    await rejectsWith(client.delete('configmaps', 'default', 'guarded', { preconditions: { uid: 'other' } }), 'Conflict');
    await rejectsWith(client.delete('configmaps', 'default', 'guarded', { preconditions: { resourceVersion: '1' } }), 'Conflict');
    await client.delete('configmaps', 'default', 'guarded', { preconditions: { uid: cm.metadata.uid, resourceVersion: cm.metadata.resourceVersion } });
    await rejectsWith(client.get('configmaps', 'default', 'guarded'), 'NotFound');
  });

  it('holds an object with finalizers until they are removed', async () => {
    const { client } = cluster;
    const cm: KObject = await client.create('configmaps', { ...configMap('held'), metadata: { name: 'held', namespace: 'default', finalizers: ['example.com/hold'] } });
    const marked = await client.delete('configmaps', 'default', 'held');
    expect(marked.metadata.deletionTimestamp).toBeDefined();
    expect((await client.get('configmaps', 'default', 'held')).metadata.uid).toBe(cm.metadata.uid);
    await client.patch('configmaps', 'default', 'held', { metadata: { finalizers: null } });
    await rejectsWith(client.get('configmaps', 'default', 'held'), 'NotFound');
  });

  it('deletes a pod on a node gracefully and at once when it never ran', async () => {
    const { client } = cluster;
    await client.create('pods', pod('unscheduled'));
    await client.delete('pods', 'default', 'unscheduled');
    await rejectsWith(client.get('pods', 'default', 'unscheduled'), 'NotFound');

    const bound = pod('bound');
    (bound.spec as { nodeName?: string }).nodeName = 'node-1';
    await client.create('pods', bound);
    const terminating = await client.delete('pods', 'default', 'bound');
    expect(terminating.metadata.deletionGracePeriodSeconds).toBe(30);
    expect((await client.get('pods', 'default', 'bound')).metadata.deletionTimestamp).toBeDefined();
    await client.delete('pods', 'default', 'bound', { gracePeriodSeconds: 0 });
    await rejectsWith(client.get('pods', 'default', 'bound'), 'NotFound');
  });

  it('keeps Secrets as base64 data', async () => {
    const secret = await cluster.client.get('secrets', 'default', 'creds').catch(() => cluster.client.create('secrets', sampleOfEveryKind().secrets!));
    expect(secret.data).toEqual({ password: Buffer.from('s3cret').toString('base64') });
    expect(secret.stringData).toBeUndefined();
  });

  it('gives Events a TTL lease in etcd', async () => {
    const ev = sampleOfEveryKind().events!;
    await cluster.client.create('events', { ...ev, metadata: { ...ev.metadata, name: 'ttl-check' } });
    const res = await cluster.raw.kv.range({ key: Buffer.from('/registry/events/default/ttl-check') });
    expect(res.kvs[0]?.lease).not.toBe('0');
  });
});

describe('services', () => {
  it('allocates distinct ClusterIPs and node ports, refuses taken ones and releases them on delete', async () => {
    const { client } = cluster;
    const svc = (name: string, spec: object): KObject => ({ apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: 'default' }, spec: { selector: { app: name }, ports: [{ port: 80 }], ...spec } });
    const a = await client.create('services', svc('alloc-a', { type: 'NodePort' }));
    const b = await client.create('services', svc('alloc-b', {}));
    const specA = a.spec as { clusterIP: string; ports: { nodePort: number }[] };
    const specB = b.spec as { clusterIP: string };
    expect(specA.clusterIP).toMatch(/^10\.(9[6-9]|10[0-9]|11[01])\.\d+\.\d+$/);
    expect(specB.clusterIP).not.toBe(specA.clusterIP);
    expect(specA.ports[0]!.nodePort).toBeGreaterThanOrEqual(30000);
    expect(specA.ports[0]!.nodePort).toBeLessThanOrEqual(32767);

    const taken = await rejectsWith(client.create('services', svc('alloc-c', { clusterIP: specA.clusterIP })), 'Invalid');
    expect(taken.message).toContain('provided IP is already allocated');
    await rejectsWith(client.create('services', svc('alloc-d', { type: 'NodePort', ports: [{ port: 80, nodePort: specA.ports[0]!.nodePort }] })), 'Invalid');

    // An update keeps the addresses it had without the client repeating them.
    const relabelled: KObject = await client.update('services', { ...a, metadata: { ...a.metadata, labels: { v: '2' } }, spec: { type: 'NodePort', selector: { app: 'x' }, ports: [{ port: 80 }] } });
    expect((relabelled.spec as { clusterIP: string }).clusterIP).toBe(specA.clusterIP);
    expect((relabelled.spec as { ports: { nodePort: number }[] }).ports[0]!.nodePort).toBe(specA.ports[0]!.nodePort);

    await client.delete('services', 'default', 'alloc-a');
    const reused = await client.create('services', svc('alloc-e', { type: 'NodePort', clusterIP: specA.clusterIP, ports: [{ port: 80, nodePort: specA.ports[0]!.nodePort }] }));
    expect((reused.spec as { clusterIP: string }).clusterIP).toBe(specA.clusterIP);
  });
});
