// Lists and watches served from the watch cache, on a real etcd: they must be
// as consistent as reading etcd where Kubernetes promises it.
import { isConflict, KObject, WatchEvent } from '@kctl/api';
import { parseFilter } from '../registry/generic-store';
import { bindPod } from '../subresources/binding';
import { configMap, pod } from './manifests';
import { eventually, rejectsWith, startTestCluster, TestCluster } from './cluster';

let cluster: TestCluster;

beforeAll(async () => {
  // A short wait for freshness: the refused-version test waits it out once.
  cluster = await startTestCluster({ watchCache: { freshnessWaitMs: 300 } });
});
afterAll(() => cluster.stop());

const names = (items: KObject[]): string[] => items.map((o) => o.metadata.name ?? '').sort();
const podOn = (name: string, nodeName: string | undefined, labels: Record<string, string> = { app: 'web' }): KObject => {
  const p = pod(name, labels);
  return nodeName ? { ...p, spec: { ...(p.spec as object), nodeName } } : p;
};

/** Reads events from a watch into an array as they come, until stop(). */
function record(stream: AsyncIterable<WatchEvent> & { stop(): void }): { events: WatchEvent[]; done: Promise<void> } {
  const events: WatchEvent[] = [];
  const done = (async () => {
    for await (const ev of stream) if (ev.type !== 'BOOKMARK') events.push(ev);
  })().catch(() => undefined);
  return { events, done };
}

describe('consistent lists from the cache', () => {
  it('sees every write acknowledged before the list (read your writes)', async () => {
    const { client } = cluster;
    for (let i = 0; i < 20; i++) {
      const created = await client.create('configmaps', configMap(`ryw-${i}`));
      const list = await client.list('configmaps', { namespace: 'default' });
      expect(names(list.items)).toContain(`ryw-${i}`);
      expect(Number(list.resourceVersion)).toBeGreaterThanOrEqual(Number(created.metadata.resourceVersion));
      if (i % 2 === 0) {
        await client.delete('configmaps', 'default', `ryw-${i}`);
        expect(names((await client.list('configmaps', { namespace: 'default' })).items)).not.toContain(`ryw-${i}`);
      }
    }
  });

  it('answers at etcd revision even when only other resources were written since', async () => {
    const { client } = cluster;
    await client.create('configmaps', configMap('other-kind'));
    const secret = await client.create('secrets', { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'bump', namespace: 'default' }, stringData: { a: 'b' } });
    const list = await client.list('configmaps', { namespace: 'default' });
    expect(Number(list.resourceVersion)).toBeGreaterThanOrEqual(Number(secret.metadata.resourceVersion));
    expect(names(list.items)).toContain('other-kind');
  });

  it('is served from memory once the cache has caught up, not by falling back to etcd', async () => {
    const { client, server } = cluster;
    const created = await client.create('configmaps', configMap('from-memory'));
    await client.create('secrets', { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'bump-2', namespace: 'default' }, stringData: { a: 'b' } });
    const answer = await server.registry.watchCache('configmaps').list('default', parseFilter(), 'latest');
    expect(answer).toBeDefined();
    expect(names(answer!.items)).toContain('from-memory');
    expect(answer!.revision).toBeGreaterThan(Number(created.metadata.resourceVersion));
  });

  it('returns the same objects and resourceVersions as etcd holds', async () => {
    const { client, raw } = cluster;
    const list = await client.list('configmaps', { namespace: 'default' });
    const stored = await raw.getAll().prefix('/registry/configmaps/default/').exec();
    expect(names(list.items)).toEqual(stored.kvs.map((kv) => kv.key.toString().split('/').pop()!).sort());
    const byName = new Map(stored.kvs.map((kv) => [kv.key.toString().split('/').pop()!, String(kv.mod_revision)]));
    for (const item of list.items) expect(item.metadata.resourceVersion).toBe(byName.get(item.metadata.name ?? ''));
  });
});

describe('resourceVersion semantics', () => {
  it('resourceVersion 0 serves what the cache holds, whole, even with a limit', async () => {
    const { client } = cluster;
    for (let i = 0; i < 5; i++) await client.create('configmaps', configMap(`any-${i}`, {}, { set: 'any' }));
    await eventually(async () => {
      const list = await client.list('configmaps', { namespace: 'default', labelSelector: 'set=any', resourceVersion: '0', limit: 2 });
      expect(names(list.items)).toEqual(['any-0', 'any-1', 'any-2', 'any-3', 'any-4']);
      expect(list.continue).toBe('');
    });
  });

  it('a resourceVersion is a lower bound; with Exact it is the revision read', async () => {
    const { client } = cluster;
    const before = await client.create('configmaps', configMap('exact-a'));
    await client.create('configmaps', configMap('exact-b'));
    const notOlder = await client.list('configmaps', { namespace: 'default', resourceVersion: before.metadata.resourceVersion });
    expect(Number(notOlder.resourceVersion)).toBeGreaterThanOrEqual(Number(before.metadata.resourceVersion));
    expect(names(notOlder.items)).toEqual(expect.arrayContaining(['exact-a', 'exact-b']));
    const exact = await client.list('configmaps', { namespace: 'default', resourceVersion: before.metadata.resourceVersion, resourceVersionMatch: 'Exact' });
    expect(exact.resourceVersion).toBe(before.metadata.resourceVersion);
    expect(names(exact.items)).toContain('exact-a');
    expect(names(exact.items)).not.toContain('exact-b');
  });

  it('refuses a resourceVersion newer than etcd has, and unknown matches', async () => {
    const { client } = cluster;
    const list = await client.list('configmaps', { namespace: 'default', limit: 1 });
    await rejectsWith(client.list('configmaps', { namespace: 'default', resourceVersion: String(Number(list.resourceVersion) + 1000) }), 'Timeout');
    await rejectsWith(client.list('configmaps', { resourceVersion: '5', resourceVersionMatch: 'Sometime' as 'Exact' }), 'BadRequest');
  });
});

describe('watches from the cache', () => {
  it('sends the current objects as ADDED, then the changes', async () => {
    const { client } = cluster;
    for (let i = 0; i < 3; i++) await client.create('configmaps', configMap(`init-${i}`, {}, { set: 'init' }));
    const stream = client.watch('configmaps', { namespace: 'default', labelSelector: 'set=init' });
    const seen = record(stream);
    await eventually(() => expect(seen.events.map((e) => `${e.type} ${e.object.metadata.name}`).sort()).toEqual(['ADDED init-0', 'ADDED init-1', 'ADDED init-2']));
    const current = await client.get('configmaps', 'default', 'init-1');
    await client.update('configmaps', { ...current, data: { changed: 'yes' } });
    await eventually(() => expect(seen.events.at(-1)).toMatchObject({ type: 'MODIFIED', object: { metadata: { name: 'init-1' }, data: { changed: 'yes' } } }));
    stream.stop();
    await seen.done;
  });
});

describe('pods by spec.nodeName', () => {
  it('a watch pinned to a node gets exactly the pods on that node, bound later or deleted', async () => {
    const { client } = cluster;
    await client.create('pods', podOn('idx-before-a', 'node-a'));
    await client.create('pods', podOn('idx-before-b', 'node-b'));
    const stream = client.watch('pods', { namespace: 'default', fieldSelector: 'spec.nodeName=node-a' });
    const seen = record(stream);
    const listed = await client.list('pods', { namespace: 'default', fieldSelector: 'spec.nodeName=node-a' });
    expect(names(listed.items)).toEqual(['idx-before-a']);

    await client.create('pods', podOn('idx-pending', undefined));
    await client.create('pods', podOn('idx-b', 'node-b'));
    await client.bind('default', 'idx-pending', 'node-a');
    await client.create('pods', podOn('idx-a', 'node-a'));
    await client.delete('pods', 'default', 'idx-a', { gracePeriodSeconds: 0 });
    // Moved: deleted from node-b and created again under the same name on node-a.
    await client.delete('pods', 'default', 'idx-b', { gracePeriodSeconds: 0 });
    await client.create('pods', podOn('idx-b', 'node-a'));
    await client.delete('pods', 'default', 'idx-b', { gracePeriodSeconds: 0 });

    const want = ['ADDED idx-before-a', 'ADDED idx-pending', 'ADDED idx-a', 'DELETED idx-a', 'ADDED idx-b', 'DELETED idx-b'];
    await eventually(() => expect(seen.events.map((e) => `${e.type} ${e.object.metadata.name}`)).toEqual(want));
    for (const ev of seen.events) expect((ev.object.spec as { nodeName?: string }).nodeName).toBe('node-a');
    const after = await client.list('pods', { namespace: 'default', fieldSelector: 'spec.nodeName=node-a' });
    expect(names(after.items)).toEqual(['idx-before-a', 'idx-pending']);
    stream.stop();
    await seen.done;
  });

  it('combines the node with other selectors', async () => {
    const { client } = cluster;
    await client.create('pods', podOn('combo-1', 'node-c', { app: 'db' }));
    await client.create('pods', podOn('combo-2', 'node-c', { app: 'web' }));
    const list = await client.list('pods', { fieldSelector: 'spec.nodeName=node-c', labelSelector: 'app=db' });
    expect(names(list.items)).toEqual(['combo-1']);
    const unbound = await client.list('pods', { namespace: 'default', fieldSelector: 'spec.nodeName=' });
    expect(unbound.items.every((p) => !(p.spec as { nodeName?: string }).nodeName)).toBe(true);
  });
});

describe('binding on the cached resourceVersion', () => {
  it('binds from the cache', async () => {
    const { client } = cluster;
    await client.create('pods', podOn('bind-cached', undefined));
    const bound = await client.bind('default', 'bind-cached', 'node-x');
    expect((bound.spec as { nodeName?: string }).nodeName).toBe('node-x');
    await rejectsWith(client.bind('default', 'bind-cached', 'node-y'), 'Conflict');
  });

  it('falls back to what etcd holds when the cached copy is stale', async () => {
    const { client, server } = cluster;
    const pods = server.registry.store('pods');
    const created = await client.create('pods', podOn('bind-stale', undefined));
    const changed = await client.update('pods', { ...created, metadata: { ...created.metadata, labels: { app: 'web', later: 'yes' } } });
    // A cache that still has the copy from before the update: the compare fails, the retry uses etcd's.
    const stale = { get: () => created };
    const bound = await bindPod(pods, 'default', 'bind-stale', { target: { name: 'node-x' } } as unknown as KObject, stale);
    expect((bound.spec as { nodeName?: string }).nodeName).toBe('node-x');
    expect(bound.metadata.labels).toEqual({ app: 'web', later: 'yes' });
    expect(Number(bound.metadata.resourceVersion)).toBeGreaterThan(Number(changed.metadata.resourceVersion));
    // A stale copy that is still unbound cannot bind a pod etcd has bound.
    const err = await bindPod(pods, 'default', 'bind-stale', { target: { name: 'node-y' } } as unknown as KObject, stale).catch((e: unknown) => e);
    expect(isConflict(err)).toBe(true);
    expect((await client.get('pods', 'default', 'bind-stale')).spec).toMatchObject({ nodeName: 'node-x' });
  });

  it('decides again on etcd when the cached copy refuses (pod recreated since)', async () => {
    const { client, server } = cluster;
    const pods = server.registry.store('pods');
    const old = await client.create('pods', podOn('bind-again', 'node-x'));
    await client.delete('pods', 'default', 'bind-again', { gracePeriodSeconds: 0 });
    await client.create('pods', podOn('bind-again', undefined));
    const bound = await bindPod(pods, 'default', 'bind-again', { target: { name: 'node-z' } } as unknown as KObject, { get: () => old });
    expect((bound.spec as { nodeName?: string }).nodeName).toBe('node-z');
  });
});
