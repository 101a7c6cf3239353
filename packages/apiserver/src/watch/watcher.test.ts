import { KObject, StatusError, WatchEvent } from '@kctl/api';
import { parseFilter } from '../registry/generic-store';
import { CacheEvent, CacheWatcher, WatchSink } from './watcher';

/** A transport that accepts `capacity` events, then reports full until drained. */
class FakeSink implements WatchSink {
  written: WatchEvent[] = [];
  closedWith?: Error | 'ok';
  private drainCallbacks: (() => void)[] = [];
  constructor(private capacity: number) {}
  batches = 0;
  write(events: WatchEvent[]): boolean {
    this.batches++;
    this.written.push(...events);
    return this.written.length < this.capacity;
  }
  onDrain(callback: () => void): void {
    this.drainCallbacks.push(callback);
  }
  close(err?: Error): void {
    this.closedWith = err ?? 'ok';
  }
  drain(extra: number): void {
    this.capacity += extra;
    for (const cb of this.drainCallbacks.splice(0)) cb();
  }
}

const cm = (name: string, labels: Record<string, string> = {}): KObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'default', labels } });
const event = (revision: number, name = `cm-${revision}`): CacheEvent => ({ type: 'ADDED', key: `/registry/configmaps/default/${name}`, object: cm(name), revision });

const options = (maxBacklog: number, labelSelector = '') => ({ keyPrefix: '/registry/configmaps/', filter: parseFilter(labelSelector), allowBookmarks: true, maxBacklog });

it('queues events while the transport is full and sends them in order after drain', () => {
  const sink = new FakeSink(2);
  const watcher = new CacheWatcher(sink, options(10), 0);
  for (let rev = 1; rev <= 5; rev++) watcher.offer(event(rev));
  expect(sink.written).toHaveLength(2);
  sink.drain(10);
  expect(sink.written.map((e) => e.object.metadata.name)).toEqual(['cm-1', 'cm-2', 'cm-3', 'cm-4', 'cm-5']);
  // What queued up while the transport was full went out as one batch.
  expect(sink.batches).toBe(3);
  expect(sink.closedWith).toBeUndefined();
});

it('closes a client that falls too far behind with an error it can resume from', () => {
  const sink = new FakeSink(1);
  const watcher = new CacheWatcher(sink, options(3), 0);
  for (let rev = 1; rev <= 10; rev++) watcher.offer(event(rev));
  expect(watcher.isClosed).toBe(true);
  expect(sink.closedWith).toBeInstanceOf(StatusError);
  expect((sink.closedWith as StatusError).reason).toBe('ServiceUnavailable');
  expect((sink.closedWith as StatusError).message).toContain('resume from the last resourceVersion');
});

it('ignores events at or before its starting revision', () => {
  const sink = new FakeSink(100);
  const watcher = new CacheWatcher(sink, options(10), 5);
  for (let rev = 3; rev <= 7; rev++) watcher.offer(event(rev));
  expect(sink.written.map((e) => e.object.metadata.name)).toEqual(['cm-6', 'cm-7']);
});

it('sends a bookmark with the newest revision only when nothing is queued', () => {
  const sink = new FakeSink(100);
  const watcher = new CacheWatcher(sink, options(10), 5);
  watcher.progress(9, 'ConfigMap', 'v1');
  expect(sink.written).toEqual([{ type: 'BOOKMARK', object: { kind: 'ConfigMap', apiVersion: 'v1', metadata: { resourceVersion: '9' } } }]);
  expect(watcher.lastRevision).toBe(9);
});

it('sends what was offered while corked as one message on uncork', () => {
  const sink = new FakeSink(100);
  const watcher = new CacheWatcher(sink, options(10), 0);
  watcher.cork();
  for (let rev = 1; rev <= 4; rev++) watcher.offer(event(rev));
  expect(sink.written).toHaveLength(0);
  watcher.uncork();
  expect(sink.written.map((e) => e.object.metadata.name)).toEqual(['cm-1', 'cm-2', 'cm-3', 'cm-4']);
  expect(sink.batches).toBe(1);
});
