import { KObject } from '@kctl/api';
import { configMap, pod } from './manifests';
import { eventually, rejectsWith, startTestCluster, TestCluster } from './cluster';

let cluster: TestCluster;

beforeAll(async () => {
  cluster = await startTestCluster();
});
afterAll(() => cluster.stop());

/** Every key under /registry/, to prove a refused write left nothing behind. */
async function storedKeys(): Promise<string[]> {
  return (await cluster.raw.getAll().prefix('/registry/').keys()).sort();
}

describe('validation', () => {
  const invalidObjects: [string, string, KObject, RegExp][] = [
    ['pods', 'a bad name', { ...pod('Bad_Name') }, /metadata\.name: Invalid value: "Bad_Name"/],
    ['pods', 'a missing image', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'noimage', namespace: 'default' }, spec: { containers: [{ name: 'c' }] } }, /spec\.containers\[0\]\.image: Required value/],
    ['pods', 'duplicate container names', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'dup', namespace: 'default' }, spec: { containers: [{ name: 'c', image: 'a' }, { name: 'c', image: 'b' }] } }, /Duplicate value: "c"/],
    ['pods', 'a port out of range', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'port', namespace: 'default' }, spec: { containers: [{ name: 'c', image: 'a', ports: [{ containerPort: 70000 }] }] } }, /containerPort/],
    ['services', 'a name that is not an RFC 1035 label', { apiVersion: 'v1', kind: 'Service', metadata: { name: '1web', namespace: 'default' }, spec: { ports: [{ port: 80 }] } }, /metadata\.name/],
    ['configmaps', 'a bad label value', { ...configMap('labels'), metadata: { name: 'labels', namespace: 'default', labels: { app: 'has space' } } }, /metadata\.labels/],
    ['deployments', 'a selector not matching the template', {
      apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'mismatch', namespace: 'default' },
      spec: { selector: { matchLabels: { app: 'a' } }, template: { metadata: { labels: { app: 'b' } }, spec: { containers: [{ name: 'c', image: 'x' }] } } },
    }, /`selector` does not match template `labels`/],
  ];

  it.each(invalidObjects)('%s with %s is refused as Invalid and nothing is stored', async (resource, _what, obj, message) => {
    const before = await storedKeys();
    const err = await rejectsWith(cluster.client.create(resource, obj), 'Invalid');
    expect(err.message).toMatch(message);
    expect(err.status.details?.causes?.length).toBeGreaterThan(0);
    expect(await storedKeys()).toEqual(before);
  });

  it('refuses an invalid update and keeps the stored object', async () => {
    const { client } = cluster;
    const created = await client.create('pods', pod('keeper'));
    const broken = { ...created, spec: { containers: [{ name: 'main', image: '' }] } };
    await rejectsWith(client.update('pods', broken), 'Invalid');
    expect(await client.get('pods', 'default', 'keeper')).toEqual(created);
  });

  it('refuses an object over 3 MiB as too large', async () => {
    const before = await storedKeys();
    const big = configMap('big', { blob: 'x'.repeat(3 * 1024 * 1024 + 10) });
    const err = await rejectsWith(cluster.client.create('configmaps', big), 'RequestEntityTooLarge');
    expect(err.message).toContain('limit is 3145728');
    expect(await storedKeys()).toEqual(before);
  });

  it('refuses an object whose kind does not match the resource', async () => {
    await rejectsWith(cluster.client.create('pods', configMap('wrong-kind')), 'BadRequest');
  });

  it('names the known kinds for an unknown resource', async () => {
    const err = await rejectsWith(cluster.client.list('widgets'), 'NotFound');
    expect(err.message).toContain(`the server doesn't have a resource type "widgets"`);
    expect(err.message).toContain('apps/v1/Deployment');
  });
});

describe('namespaces', () => {
  it('has the system namespaces after first start', async () => {
    const names = (await cluster.client.list('namespaces')).items.map((n) => n.metadata.name);
    expect(names).toEqual(expect.arrayContaining(['default', 'kube-system', 'kube-public', 'kube-node-lease']));
    const ns = await cluster.client.get('namespaces', '', 'default');
    expect(ns.status).toEqual({ phase: 'Active' });
    expect(ns.metadata.labels).toEqual({ 'kubernetes.io/metadata.name': 'default' });
  });

  it('refuses objects in a missing namespace', async () => {
    const err = await rejectsWith(cluster.client.create('configmaps', { ...configMap('x'), metadata: { name: 'x', namespace: 'nowhere' } }), 'NotFound');
    expect(err.message).toBe('namespaces "nowhere" not found');
  });

  it('deletes a namespace by emptying it first, and refuses new content meanwhile', async () => {
    const { client } = cluster;
    await client.create('namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'doomed' } });
    const inDoomed = (name: string): KObject => ({ ...configMap(name), metadata: { name, namespace: 'doomed', finalizers: name === 'held' ? ['example.com/hold'] : undefined } });
    await client.create('configmaps', inDoomed('one'));
    await client.create('configmaps', inDoomed('held'));
    await client.create('pods', { ...pod('p'), metadata: { name: 'p', namespace: 'doomed' } });

    const terminating = await client.delete('namespaces', '', 'doomed');
    expect(terminating.status).toEqual({ phase: 'Terminating' });
    const err = await rejectsWith(client.create('configmaps', inDoomed('late')), 'Forbidden');
    expect(err.message).toBe('unable to create new content in namespace doomed because it is being terminated');

    await eventually(async () => {
      expect((await client.list('configmaps', { namespace: 'doomed' })).items.map((o) => o.metadata.name)).toEqual(['held']);
      expect((await client.list('pods', { namespace: 'doomed' })).items).toEqual([]);
    });
    // The namespace waits for the finalizer its content still carries.
    expect((await client.get('namespaces', '', 'doomed')).metadata.deletionTimestamp).toBeDefined();
    await client.patch('configmaps', 'doomed', 'held', { metadata: { finalizers: null } });
    await eventually(() => rejectsWith(client.get('namespaces', '', 'doomed'), 'NotFound').then(() => undefined));
  });
});
