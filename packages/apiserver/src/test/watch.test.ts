import { KObject, StatusError, WatchEvent } from '@kctl/api';
import { ApiClient } from '@kctl/client';
import { configMap } from './manifests';
import { eventually, rejectsWith, startTestCluster, TestCluster } from './cluster';

let cluster: TestCluster;

beforeAll(async () => {
  cluster = await startTestCluster({ watchCache: { windowSize: 50, bookmarkIntervalMs: 200 } });
});
afterAll(() => cluster.stop());

/** What a write did, to compare with what a watch delivered. */
type Seen = { type: string; name: string; rv: string };

const seenOf = (ev: WatchEvent): Seen => ({ type: ev.type, name: ev.object.metadata.name ?? '', rv: ev.object.metadata.resourceVersion ?? '' });

/** Makes a deterministic mix of creates, updates and deletes, returning what each produced. */
async function writeMix(client: ApiClient, prefix: string, count: number): Promise<Seen[]> {
  const out: Seen[] = [];
  for (let i = 0; i < count; i++) {
    const name = `${prefix}-${i % 4}`;
    const existing = await client.get('configmaps', 'default', name).catch(() => undefined);
    if (!existing) {
      const obj = await client.create('configmaps', configMap(name, { i: String(i) }));
      out.push({ type: 'ADDED', name, rv: obj.metadata.resourceVersion! });
    } else if (i % 3 === 0) {
      await client.delete('configmaps', 'default', name);
      // A delete's revision is the one after the store's previous write.
      const list = await client.list('configmaps', { limit: 1 });
      out.push({ type: 'DELETED', name, rv: list.resourceVersion });
    } else {
      const obj = await client.update('configmaps', { ...existing, data: { i: String(i) } });
      out.push({ type: 'MODIFIED', name, rv: obj.metadata.resourceVersion! });
    }
  }
  return out;
}

/** Collects events from a watch until want() says enough. */
async function collect(stream: AsyncIterable<WatchEvent>, enough: (events: WatchEvent[]) => boolean): Promise<WatchEvent[]> {
  const events: WatchEvent[] = [];
  for await (const ev of stream) {
    events.push(ev);
    if (enough(events)) break;
  }
  return events;
}

const onlyPrefix = (prefix: string) => (ev: WatchEvent) => ev.type !== 'BOOKMARK' && (ev.object.metadata.name ?? '').startsWith(prefix);

it('delivers every event in order with the resourceVersion of each write', async () => {
  const { client } = cluster;
  const start = await client.list('configmaps');
  const stream = client.watch('configmaps', { resourceVersion: start.resourceVersion });
  const written = await writeMix(client, 'order', 40);
  const events = (await collect(stream, (evs) => evs.filter(onlyPrefix('order')).length >= written.length)).filter(onlyPrefix('order'));
  stream.stop();
  expect(events.map(seenOf)).toEqual(written);
});

it('starts with the current objects as ADDED when no resourceVersion is given', async () => {
  const { client } = cluster;
  await client.create('configmaps', configMap('initial-a', {}, { set: 'initial' }));
  await client.create('configmaps', configMap('initial-b', {}, { set: 'initial' }));
  const stream = client.watch('configmaps', { labelSelector: 'set=initial' });
  const events = await collect(stream, (evs) => evs.length >= 2);
  stream.stop();
  expect(events.map((e) => [e.type, e.object.metadata.name]).sort()).toEqual([['ADDED', 'initial-a'], ['ADDED', 'initial-b']]);
});

it('turns leaving and entering a label selector into DELETED and ADDED', async () => {
  const { client } = cluster;
  const cm = await client.create('configmaps', configMap('mover', {}, { tier: 'front' }));
  const stream = client.watch('configmaps', { resourceVersion: cm.metadata.resourceVersion, labelSelector: 'tier=front' });
  const moved = await client.patch('configmaps', 'default', 'mover', { metadata: { labels: { tier: 'back' } } });
  const back = await client.patch('configmaps', 'default', 'mover', { metadata: { labels: { tier: 'front' } } });
  const events = await collect(stream, (evs) => evs.length >= 2);
  stream.stop();
  expect(events.map(seenOf)).toEqual([
    { type: 'DELETED', name: 'mover', rv: moved.metadata.resourceVersion },
    { type: 'ADDED', name: 'mover', rv: back.metadata.resourceVersion },
  ]);
});

it('resumes across apiserver restarts without losing or repeating events', async () => {
  const { client } = cluster;
  const received: WatchEvent[] = [];
  let lastRV = (await client.list('configmaps')).resourceVersion;
  let paused = false;
  let stopped = false;
  let current: { stop(): void } | undefined;
  let failures = 0;
  // An informer-style loop: whenever the stream ends, resume from the last resourceVersion seen.
  const consumer = (async () => {
    while (!stopped) {
      if (paused) {
        await new Promise((r) => setTimeout(r, 20));
        continue;
      }
      const stream = client.watch('configmaps', { resourceVersion: lastRV });
      current = stream;
      try {
        for await (const ev of stream) {
          lastRV = ev.object.metadata.resourceVersion ?? lastRV;
          if (onlyPrefix('restart')(ev)) received.push(ev);
        }
      } catch (err) {
        expect(err).toBeInstanceOf(StatusError);
        failures++;
        await new Promise((r) => setTimeout(r, 50));
      }
    }
  })();
  const expected: Seen[] = [];
  const writeAndAwait = async (prefix: string, count: number): Promise<void> => {
    expected.push(...(await writeMix(client, prefix, count)));
    await eventually(() => expect(received.length).toBe(expected.length), 20_000);
  };

  await writeAndAwait('restart-before', 12);
  // A restart under a live watch: the stream fails and the consumer resumes on the new server.
  await cluster.restartApiServer();
  await writeAndAwait('restart-live', 8);
  expect(failures).toBeGreaterThanOrEqual(1);

  // Writes the consumer has not seen when the server restarts predate the new server's
  // watch cache; they come from etcd's history.
  paused = true;
  current?.stop();
  expected.push(...(await writeMix(client, 'restart-missed', 6)));
  await cluster.restartApiServer();
  paused = false;
  await writeAndAwait('restart-after', 8);

  stopped = true;
  current?.stop();
  await consumer;
  expect(received.map(seenOf)).toEqual(expected);
});

it('answers Gone once etcd compacted the history, and a relist recovers', async () => {
  const { client, raw } = cluster;
  const old = await client.list('configmaps');
  await writeMix(client, 'compact', 60); // more than the 50-event window
  const page = await client.list('configmaps', { limit: 2 });
  expect(page.continue).not.toBe('');
  const newest = await client.create('configmaps', configMap('compact-last'));
  await raw.kv.compact({ revision: newest.metadata.resourceVersion, physical: true });

  const stream = client.watch('configmaps', { resourceVersion: old.resourceVersion });
  const err = await rejectsWith(collect(stream, () => false), 'Gone');
  expect(err.message).toContain('too old resource version');
  // A continue token from before the compaction is too old as well.
  await rejectsWith(client.list('configmaps', { limit: 2, continue: page.continue }), 'Gone');

  const relist = await client.list('configmaps');
  const fresh = client.watch('configmaps', { resourceVersion: relist.resourceVersion });
  const created = await client.create('configmaps', configMap('after-compaction'));
  const events = await collect(fresh, (evs) => evs.some((e) => e.object.metadata.name === 'after-compaction'));
  fresh.stop();
  expect(events.filter((e) => e.type !== 'BOOKMARK').map(seenOf)).toEqual([{ type: 'ADDED', name: 'after-compaction', rv: created.metadata.resourceVersion }]);
});

it('sends bookmarks carrying a resourceVersion no older than the last event', async () => {
  const { client } = cluster;
  const cm = await client.create('configmaps', configMap('bookmarked'));
  const stream = client.watch('configmaps', { resourceVersion: cm.metadata.resourceVersion, allowBookmarks: true });
  const events = await collect(stream, (evs) => evs.some((e) => e.type === 'BOOKMARK'));
  stream.stop();
  const bookmark = events.find((e) => e.type === 'BOOKMARK')!;
  expect(Number(bookmark.object.metadata.resourceVersion)).toBeGreaterThanOrEqual(Number(cm.metadata.resourceVersion));
  expect(bookmark.object.kind).toBe('ConfigMap');
});

it('scopes a watch to one namespace', async () => {
  const { client } = cluster;
  await client.create('namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'watched' } });
  const start = await client.list('configmaps');
  const stream = client.watch('configmaps', { namespace: 'watched', resourceVersion: start.resourceVersion });
  await client.create('configmaps', configMap('elsewhere'));
  const inside: KObject = { ...configMap('inside'), metadata: { name: 'inside', namespace: 'watched' } };
  await client.create('configmaps', inside);
  const events = await collect(stream, (evs) => evs.length >= 1);
  stream.stop();
  expect(events.map((e) => `${e.object.metadata.namespace}/${e.object.metadata.name}`)).toEqual(['watched/inside']);
});
