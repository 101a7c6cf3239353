// The informer against a fake list/watch source: handler isolation, resync,
// and deletes inferred on relist.
import { gone, KObject, ObjectList, WatchEvent } from '@kctl/api';
import { WatchStream } from './api-client';
import { FakeClock } from './clock';
import { DeletedFinalStateUnknown, Informer, ListWatchClient } from './informer';

const cm = (name: string, rv: string): KObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'default', resourceVersion: rv } });

/** A source whose list answers `objects` and whose watches are fed by hand. */
class FakeSource implements ListWatchClient {
  objects: KObject[] = [];
  listRv = '1';
  lists = 0;
  private feed?: { push(ev: WatchEvent): void; fail(err: unknown): void };
  private watchWaiters: (() => void)[] = [];

  async listAll<T extends KObject = KObject>(): Promise<ObjectList<T>> {
    this.lists++;
    return { items: this.objects.map((o) => structuredClone(o)) as T[], resourceVersion: this.listRv, continue: '' };
  }

  watch<T extends KObject = KObject>(): WatchStream<T> {
    const queue: (WatchEvent | { error: unknown })[] = [];
    let wake: (() => void) | undefined;
    let stopped = false;
    this.feed = {
      push: (ev) => {
        queue.push(ev);
        wake?.();
      },
      fail: (error) => {
        queue.push({ error });
        wake?.();
      },
    };
    for (const resolve of this.watchWaiters.splice(0)) resolve();
    return {
      stop: () => {
        stopped = true;
        wake?.();
      },
      async *[Symbol.asyncIterator]() {
        while (!stopped) {
          const next = queue.shift();
          if (!next) {
            await new Promise<void>((resolve) => (wake = resolve));
            continue;
          }
          if ('error' in next) throw next.error;
          yield next as WatchEvent<T>;
        }
      },
    };
  }

  /** Resolves once a watch is open (again). */
  async watching(): Promise<void> {
    if (!this.feed) await new Promise<void>((resolve) => this.watchWaiters.push(resolve));
  }

  async push(ev: WatchEvent): Promise<void> {
    await this.watching();
    this.feed!.push(ev);
    await new Promise((resolve) => setImmediate(resolve));
  }

  /** Breaks the current watch with err and waits for the informer to open the next one. */
  async fail(err: unknown): Promise<void> {
    await this.watching();
    const reopened = new Promise<void>((resolve) => this.watchWaiters.push(resolve));
    this.feed!.fail(err);
    this.feed = undefined;
    await reopened;
  }
}

async function started(source: FakeSource, options: ConstructorParameters<typeof Informer>[2] = {}): Promise<Informer> {
  const informer = new Informer(source, 'configmaps', { backoff: { minMs: 0, maxMs: 0 }, ...options });
  return informer;
}

test('a throwing handler is reported and the others still see every event', async () => {
  const source = new FakeSource();
  source.objects = [cm('a', '1')];
  const failures: unknown[] = [];
  const informer = await started(source, { onHandlerError: (err) => failures.push(err) });
  const seen: string[] = [];
  informer.addEventHandler({
    onAdd: () => {
      throw new Error('add broke');
    },
    onUpdate: () => {
      throw new Error('update broke');
    },
    onDelete: () => {
      throw new Error('delete broke');
    },
  });
  informer.addEventHandler({
    onAdd: (o) => seen.push(`add ${o.metadata.name}`),
    onUpdate: (_, o) => seen.push(`update ${o.metadata.name}@${o.metadata.resourceVersion}`),
    onDelete: (o) => seen.push(`delete ${o.metadata.name}`),
  });
  informer.start();
  await informer.waitForSync();
  await source.push({ type: 'MODIFIED', object: cm('a', '2') });
  await source.push({ type: 'ADDED', object: cm('b', '3') });
  await source.push({ type: 'DELETED', object: cm('a', '4') });
  expect(seen).toEqual(['add a', 'update a@2', 'add b', 'delete a']);
  expect(failures.map((e) => (e as Error).message)).toEqual(['add broke', 'update broke', 'add broke', 'delete broke']);
  expect(informer.list().map((o) => o.metadata.name)).toEqual(['b']);
  await informer.stop();
});

test('resync re-delivers every cached object as an update of itself, every period', async () => {
  const clock = new FakeClock();
  const source = new FakeSource();
  source.objects = [cm('a', '1'), cm('b', '2')];
  const informer = await started(source, { clock, resyncPeriodMs: 30_000 });
  const updates: [KObject, KObject][] = [];
  informer.addEventHandler({ onUpdate: (o, n) => updates.push([o, n]) });
  informer.start();
  await informer.waitForSync();
  await clock.step(29_999);
  expect(updates).toEqual([]);
  await clock.step(1);
  expect(updates.map(([o, n]) => [o.metadata.name, o === n])).toEqual([
    ['a', true],
    ['b', true],
  ]);
  await clock.step(30_000);
  expect(updates).toHaveLength(4);
  await informer.stop();
  await clock.step(30_000);
  expect(updates).toHaveLength(4);
});

test('resync is off by default', async () => {
  const clock = new FakeClock();
  const source = new FakeSource();
  source.objects = [cm('a', '1')];
  const informer = await started(source, { clock });
  informer.start();
  await informer.waitForSync();
  expect(clock.pending).toBe(0);
  await informer.stop();
});

test('objects missing from a relist after Gone are deleted with a tombstone of their last known state', async () => {
  const source = new FakeSource();
  source.objects = [cm('a', '1'), cm('b', '2')];
  const informer = await started(source);
  const deletes: { name?: string; tombstone?: DeletedFinalStateUnknown }[] = [];
  informer.addEventHandler({ onDelete: (o, tombstone) => deletes.push({ name: o.metadata.name, tombstone }) });
  informer.start();
  await informer.waitForSync();
  await source.push({ type: 'MODIFIED', object: cm('a', '5') });
  // A delete seen on the watch carries no tombstone.
  await source.push({ type: 'DELETED', object: cm('b', '6') });
  expect(deletes).toEqual([{ name: 'b', tombstone: undefined }]);

  // a is deleted while the informer is not watching; the resume answers Gone and it relists.
  source.objects = [cm('c', '9')];
  source.listRv = '9';
  await source.fail(gone('too old resource version'));
  expect(source.lists).toBe(2);
  expect(deletes[1]).toEqual({ name: 'a', tombstone: { key: 'default/a', obj: expect.objectContaining({ metadata: expect.objectContaining({ resourceVersion: '5' }) }) } });
  expect(informer.list().map((o) => o.metadata.name)).toEqual(['c']);
  await informer.stop();
});
