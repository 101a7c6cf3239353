import { KObject } from '@kctl/api';
import { ApiClient } from '@kctl/client';
import { configMap } from './manifests';
import { rejectsWith, startTestCluster, TestCluster } from './cluster';

let cluster: TestCluster;
let clients: ApiClient[];

const WRITERS = 50;

beforeAll(async () => {
  cluster = await startTestCluster();
  // Several connections, so the writes really race on the server.
  clients = Array.from({ length: 5 }, () => new ApiClient({ server: cluster.server.address, timeoutMs: 30_000 }));
});
afterAll(async () => {
  for (const c of clients) c.close();
  await cluster.stop();
});

const clientFor = (i: number): ApiClient => clients[i % clients.length]!;

it('merge patches without a resourceVersion all land under contention', async () => {
  await cluster.client.create('configmaps', configMap('patched', {}));
  const results = await Promise.allSettled(
    Array.from({ length: WRITERS }, (_, i) => clientFor(i).patch('configmaps', 'default', 'patched', { data: { [`writer-${i}`]: String(i) } })),
  );
  expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
  const final = await cluster.client.get<KObject & { data: Record<string, string> }>('configmaps', 'default', 'patched');
  expect(Object.keys(final.data).sort()).toEqual(Array.from({ length: WRITERS }, (_, i) => `writer-${i}`).sort());
  // Each patch was one write of its own.
  const versions = results.map((r) => (r.status === 'fulfilled' ? r.value.metadata.resourceVersion : ''));
  expect(new Set(versions).size).toBe(WRITERS);
});

it('updates without a resourceVersion are unconditional and all land under contention', async () => {
  const base = await cluster.client.create('configmaps', configMap('replaced'));
  const results = await Promise.allSettled(
    Array.from({ length: WRITERS }, (_, i) =>
      clientFor(i).update('configmaps', { ...base, metadata: { ...base.metadata, resourceVersion: undefined }, data: { writer: String(i) } } as KObject),
    ),
  );
  expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
  const landed = results.map((r) => (r.status === 'fulfilled' ? Number(r.value.metadata.resourceVersion) : 0));
  const final = await cluster.client.get<KObject & { data: Record<string, string> }>('configmaps', 'default', 'replaced');
  // The last write to land is what is stored.
  const last = landed.indexOf(Math.max(...landed));
  expect(final.data).toEqual({ writer: String(last) });
});

it('a resourceVersion or uid the client gave stays a precondition: Conflict, no retry', async () => {
  const obj = await cluster.client.create('configmaps', configMap('pinned', {}));
  const moved = await cluster.client.patch('configmaps', 'default', 'pinned', { data: { a: '1' } });
  const stale = obj.metadata.resourceVersion;
  await rejectsWith(cluster.client.patch('configmaps', 'default', 'pinned', { metadata: { resourceVersion: stale }, data: { b: '2' } }), 'Conflict');
  await rejectsWith(cluster.client.update('configmaps', { ...obj, data: { c: '3' } }), 'Conflict');
  const uid = await rejectsWith(cluster.client.patch('configmaps', 'default', 'pinned', { metadata: { uid: 'not-the-uid' }, data: { d: '4' } }), 'Conflict');
  expect(uid.message).toContain('Precondition failed: UID');
  // The current resourceVersion in a patch is honoured as a precondition and passes.
  const current = await cluster.client.patch('configmaps', 'default', 'pinned', { metadata: { resourceVersion: moved.metadata.resourceVersion }, data: { e: '5' } });
  expect((current as KObject & { data: Record<string, string> }).data).toEqual({ a: '1', e: '5' });
});
