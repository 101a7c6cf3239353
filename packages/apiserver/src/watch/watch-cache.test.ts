// The watch cache's fan-out on a storage stub that replays chosen etcd events:
// node-pinned watches see a pod move between nodes, and a stalled watch is
// dropped while the others keep receiving.
import { findResource, KObject, StatusError, WatchEvent } from '@kctl/api';
import { parseFilter } from '../registry/generic-store';
import { PrefixState, RangeResult, Storage, StorageEvent, StorageWatch, WatchHandlers, WriteResult } from '../storage/store';
import { DEFAULT_WATCH_CACHE_OPTIONS, WatchCache } from './watch-cache';
import { WatchSink } from './watcher';

/** Storage whose only data is what the test feeds to the cache's watch. */
class ReplayStorage implements Storage {
  handlers?: WatchHandlers;
  revision = 10;
  get = (): Promise<undefined> => Promise.resolve(undefined);
  range = (): Promise<RangeResult> => Promise.resolve({ values: [], revision: this.revision, more: false, count: 0 });
  create = (): Promise<WriteResult> => Promise.reject(new Error('not used'));
  update = (): Promise<WriteResult> => Promise.reject(new Error('not used'));
  delete = (): Promise<WriteResult> => Promise.reject(new Error('not used'));
  currentRevision = (): Promise<number> => Promise.resolve(this.revision);
  prefixState = (): Promise<PrefixState> => Promise.resolve({ revision: this.revision, newestModRevision: 0, count: 0 });
  close = (): void => undefined;
  watch(_prefix: string, _from: number, handlers: WatchHandlers): Promise<StorageWatch> {
    this.handlers = handlers;
    return Promise.resolve({ cancel: () => Promise.resolve() });
  }

  private created = new Map<string, number>();

  /** A put of a pod at the next revision. */
  put(name: string, nodeName: string | undefined): void {
    const key = `/registry/pods/default/${name}`;
    const revision = ++this.revision;
    const createRevision = this.created.get(key) ?? revision;
    this.created.set(key, createRevision);
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default' }, spec: { nodeName, containers: [] } };
    const event: StorageEvent = { type: 'put', key, value: { key, value: JSON.stringify(pod), modRevision: revision, createRevision }, revision };
    this.handlers!.onEvents([event]);
  }

  remove(name: string): void {
    const key = `/registry/pods/default/${name}`;
    this.created.delete(key);
    this.handlers!.onEvents([{ type: 'delete', key, revision: ++this.revision }]);
  }
}

class RecordingSink implements WatchSink {
  events: WatchEvent[] = [];
  closedWith?: Error;
  constructor(private readonly accepts = true) {}
  write(events: WatchEvent[]): boolean {
    this.events.push(...events);
    return this.accepts;
  }
  onDrain(): void {
    // A stalled client never drains.
  }
  close(err?: Error): void {
    this.closedWith = err;
  }
  seen(): string[] {
    return this.events.map((e) => `${e.type} ${e.object.metadata.name}@${(e.object as KObject & { spec?: { nodeName?: string } }).spec?.nodeName ?? ''}`);
  }
}

async function startCache(maxBacklog = 100): Promise<{ cache: WatchCache; storage: ReplayStorage }> {
  const storage = new ReplayStorage();
  const cache = new WatchCache(findResource('pods')!, storage, { ...DEFAULT_WATCH_CACHE_OPTIONS, maxBacklog });
  await cache.start();
  return { cache, storage };
}

it('a node-pinned watch sees a pod bound to its node as ADDED and moved away as DELETED', async () => {
  const { cache, storage } = await startCache();
  const nodeA = new RecordingSink();
  const nodeB = new RecordingSink();
  await cache.watch({ namespace: 'default', filter: parseFilter('', 'spec.nodeName=node-a'), allowBookmarks: false }, nodeA);
  await cache.watch({ namespace: 'default', filter: parseFilter('', 'spec.nodeName=node-b'), allowBookmarks: false }, nodeB);
  storage.put('web', undefined);
  storage.put('web', 'node-a');
  storage.put('other', 'node-b');
  storage.put('web', 'node-b');
  storage.remove('web');
  expect(nodeA.seen()).toEqual(['ADDED web@node-a', 'DELETED web@node-a']);
  expect(nodeB.seen()).toEqual(['ADDED other@node-b', 'ADDED web@node-b', 'DELETED web@node-b']);
  // The index answers lists too.
  const listed = await cache.list('default', parseFilter('', 'spec.nodeName=node-b'), 'any');
  expect(listed?.items.map((p) => p.metadata.name)).toEqual(['other']);
  await cache.stop();
});

it('drops a watch that stopped reading, without holding back the others', async () => {
  const { cache, storage } = await startCache(5);
  const stalled = new RecordingSink(false);
  const reading = new RecordingSink();
  await cache.watch({ namespace: '', filter: parseFilter(), allowBookmarks: false }, stalled);
  await cache.watch({ namespace: '', filter: parseFilter(), allowBookmarks: false }, reading);
  for (let i = 0; i < 20; i++) storage.put(`p-${i}`, 'node-a');
  expect(stalled.closedWith).toBeInstanceOf(StatusError);
  expect((stalled.closedWith as StatusError).reason).toBe('ServiceUnavailable');
  expect(reading.events).toHaveLength(20);
  expect(reading.closedWith).toBeUndefined();
  await cache.stop();
});
