import { KObject } from '@kctl/api';
import { configMap, pod } from './manifests';
import { rejectsWith, startTestCluster, TestCluster } from './cluster';

let cluster: TestCluster;

beforeAll(async () => {
  cluster = await startTestCluster();
  const { client } = cluster;
  for (let i = 0; i < 25; i++) await client.create('configmaps', configMap(`page-${String(i).padStart(2, '0')}`, {}, { parity: i % 2 ? 'odd' : 'even', group: `g${i % 5}` }));
  const running = pod('runner');
  await client.create('pods', pod('waiter'));
  const created = await client.create('pods', { ...running, spec: { ...(running.spec as object), nodeName: 'node-a' } });
  await client.updateStatus('pods', { ...created, status: { phase: 'Running' } });
});
afterAll(() => cluster.stop());

const names = (items: KObject[]): string[] => items.map((o) => o.metadata.name ?? '');

describe('pagination', () => {
  it('pages through a consistent snapshot with limit and continue', async () => {
    const { client } = cluster;
    const first = await client.list('configmaps', { namespace: 'default', limit: 10 });
    expect(first.items).toHaveLength(10);
    expect(first.remainingItemCount).toBe(15);
    // Changes after the first page do not show up in later pages of the same list.
    await client.create('configmaps', configMap('page-99'));
    await client.delete('configmaps', 'default', 'page-20');
    const second = await client.list('configmaps', { namespace: 'default', limit: 10, continue: first.continue });
    const third = await client.list('configmaps', { namespace: 'default', limit: 10, continue: second.continue });
    expect(third.continue).toBe('');
    const all = [...first.items, ...second.items, ...third.items];
    expect(names(all)).toEqual(Array.from({ length: 25 }, (_, i) => `page-${String(i).padStart(2, '0')}`));
    expect(new Set(all.map((o) => o.metadata.resourceVersion)).size).toBe(25);
    expect(second.resourceVersion).toBe(first.resourceVersion);
    await client.create('configmaps', configMap('page-20', {}, { parity: 'even', group: 'g0' }));
    await client.delete('configmaps', 'default', 'page-99');
  });

  it('fills each page when a selector filters items out', async () => {
    const { client } = cluster;
    const seen: string[] = [];
    let token = '';
    do {
      const page = await client.list('configmaps', { namespace: 'default', labelSelector: 'parity=odd', limit: 4, continue: token });
      if (page.continue) expect(page.items).toHaveLength(4);
      seen.push(...names(page.items));
      token = page.continue;
    } while (token);
    expect(seen).toHaveLength(12);
  });

  it('refuses a continue token that was not issued by the server', async () => {
    await rejectsWith(cluster.client.list('configmaps', { limit: 2, continue: 'bm90LWEtdG9rZW4' }), 'BadRequest');
  });
});

describe('selectors', () => {
  it('filters by label equality, inequality, set and existence', async () => {
    const { client } = cluster;
    const by = async (labelSelector: string): Promise<number> => (await client.list('configmaps', { namespace: 'default', labelSelector })).items.length;
    expect(await by('parity=even')).toBe(13);
    expect(await by('parity!=even')).toBe(12);
    expect(await by('group in (g0,g1)')).toBe(10);
    expect(await by('group notin (g0,g1),parity=odd')).toBe(7);
    expect(await by('group')).toBe(25);
    expect(await by('!group')).toBe(0);
  });

  it('filters by metadata.name, spec.nodeName and status.phase', async () => {
    const { client } = cluster;
    expect(names((await client.list('pods', { fieldSelector: 'spec.nodeName=node-a' })).items)).toEqual(['runner']);
    expect(names((await client.list('pods', { fieldSelector: 'spec.nodeName=' })).items)).toEqual(['waiter']);
    expect(names((await client.list('pods', { fieldSelector: 'status.phase!=Running' })).items)).toEqual(['waiter']);
    expect(names((await client.list('configmaps', { fieldSelector: 'metadata.name=page-03,metadata.namespace=default' })).items)).toEqual(['page-03']);
  });

  it('reports a malformed selector as a bad request', async () => {
    const err = await rejectsWith(cluster.client.list('configmaps', { labelSelector: 'a in (b' }), 'BadRequest');
    expect(err.message).toMatch(/unable to parse|parse/);
  });

  it('lists across namespaces when none is given', async () => {
    const { client } = cluster;
    await client.create('namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'other' } });
    await client.create('configmaps', { ...configMap('page-00'), metadata: { name: 'page-00', namespace: 'other' } });
    const all = await client.list('configmaps', { fieldSelector: 'metadata.name=page-00' });
    expect(all.items.map((o) => o.metadata.namespace).sort()).toEqual(['default', 'other']);
  });
});
