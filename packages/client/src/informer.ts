// Informers keep a local, read-only copy of one resource: list, then watch from
// the list's resourceVersion; on Gone relist (and report deletes for objects that
// vanished meanwhile); on any other failure reconnect forever with jittered backoff.
// Handlers are isolated from each other (a throwing one is reported and the
// rest still see the event), and an optional resync re-delivers every cached
// object as an update, as client-go's shared informers do.
import { isGone, KObject, WatchEvent } from '@kctl/api';
import { ApiClient } from './api-client';
import { Clock, realClock, TimerHandle } from './clock';

/** What an informer needs of a client: a fake with these two methods will do in tests. */
export type ListWatchClient = Pick<ApiClient, 'listAll' | 'watch'>;

/**
 * Marks a delete the informer inferred from a relist: the object was gone from the
 * new list, so obj is the last state the informer saw, not the state at deletion
 * (which it missed, as client-go's DeletedFinalStateUnknown).
 */
export interface DeletedFinalStateUnknown<T extends KObject = KObject> {
  key: string;
  obj: T;
}

export interface EventHandler<T extends KObject = KObject> {
  onAdd?(obj: T): void;
  /** On resync, oldObj and newObj are the same object. */
  onUpdate?(oldObj: T, newObj: T): void;
  /** tombstone is set when the delete was inferred from a relist; obj is then the last known state. */
  onDelete?(obj: T, tombstone?: DeletedFinalStateUnknown<T>): void;
}

/** Values an object is filed under in an index. */
export type IndexFunc<T extends KObject = KObject> = (obj: T) => string[];

export interface InformerOptions {
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
  clock?: Clock;
  /** Deep-freeze cached objects so accidental writes throw (tests). */
  freeze?: boolean;
  /** Backoff between reconnects: from minMs doubling to maxMs, with jitter. */
  backoff?: { minMs: number; maxMs: number };
  /** Objects per list page when (re)listing. Default 500, as client-go's reflector. */
  pageSize?: number;
  /** Told of every list or watch failure; the informer retries by itself. */
  onError?(err: unknown): void;
  /** Told of an event handler that threw; the other handlers still get the event. Default: console.error. */
  onHandlerError?(err: unknown): void;
  /** Re-deliver every cached object as update(obj, obj) this often; 0 (default) turns it off. */
  resyncPeriodMs?: number;
}

/** "namespace/name", or "name" for cluster-scoped objects. */
export function keyOf(obj: KObject): string {
  const { namespace, name } = obj.metadata;
  return namespace ? `${namespace}/${name}` : (name ?? '');
}

export function splitKey(key: string): { namespace: string; name: string } {
  const slash = key.indexOf('/');
  return slash < 0 ? { namespace: '', name: key } : { namespace: key.slice(0, slash), name: key.slice(slash + 1) };
}

/** Indexers every component needs. */
export const indexers = {
  namespace: ((obj) => [obj.metadata.namespace ?? '']) as IndexFunc,
  ownerUid: ((obj) => (obj.metadata.ownerReferences ?? []).map((o) => o.uid)) as IndexFunc,
  nodeName: ((obj) => {
    const node = (obj.spec as { nodeName?: string } | undefined)?.nodeName;
    return node ? [node] : [];
  }) as IndexFunc,
  label:
    (key: string): IndexFunc =>
    (obj) => {
      const value = obj.metadata.labels?.[key];
      return value === undefined ? [] : [value];
    },
};

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

export class Informer<T extends KObject = KObject> {
  private readonly items = new Map<string, T>();
  private readonly indexFuncs = new Map<string, IndexFunc<T>>();
  private readonly indices = new Map<string, Map<string, Set<string>>>();
  private readonly handlers: EventHandler<T>[] = [];
  private synced = false;
  private readonly syncWaiters: (() => void)[] = [];
  private running = false;
  private stream?: { stop(): void };
  private loop?: Promise<void>;
  private resyncTimer?: TimerHandle;
  private readonly clock: Clock;
  /** The resourceVersion the cache reflects. */
  lastResourceVersion = '';

  constructor(
    private readonly client: ListWatchClient,
    readonly resource: string,
    private readonly options: InformerOptions = {},
  ) {
    this.clock = options.clock ?? realClock;
  }

  /** Handlers added after sync first receive the current objects as adds. */
  addEventHandler(handler: EventHandler<T>): void {
    this.handlers.push(handler);
    if (this.synced) for (const obj of this.items.values()) this.deliver(handler, (h) => h.onAdd?.(obj));
  }

  addIndexer(name: string, fn: IndexFunc<T>): void {
    if (this.indexFuncs.has(name)) return;
    this.indexFuncs.set(name, fn);
    const index = new Map<string, Set<string>>();
    this.indices.set(name, index);
    for (const [key, obj] of this.items) this.indexOne(index, fn, key, obj);
  }

  get(key: string): T | undefined {
    return this.items.get(key);
  }

  getByName(namespace: string, name: string): T | undefined {
    return this.items.get(namespace ? `${namespace}/${name}` : name);
  }

  list(): T[] {
    return [...this.items.values()];
  }

  byIndex(name: string, value: string): T[] {
    const index = this.indices.get(name);
    if (!index) throw new Error(`informer for ${this.resource} has no index "${name}"`);
    return [...(index.get(value) ?? [])].map((key) => this.items.get(key)!).filter(Boolean);
  }

  hasSynced(): boolean {
    return this.synced;
  }

  waitForSync(): Promise<void> {
    return this.synced ? Promise.resolve() : new Promise((resolve) => this.syncWaiters.push(resolve));
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
    this.scheduleResync();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.resyncTimer?.cancel();
    this.stream?.stop();
    await this.loop;
  }

  private scheduleResync(): void {
    const period = this.options.resyncPeriodMs ?? 0;
    if (period <= 0 || !this.running) return;
    this.resyncTimer = this.clock.setTimeout(() => {
      if (this.synced) for (const obj of this.items.values()) this.notify((h) => h.onUpdate?.(obj, obj));
      this.scheduleResync();
    }, period);
  }

  /** Calls fn on every handler; one that throws is reported and does not stop the others. */
  private notify(fn: (h: EventHandler<T>) => void): void {
    for (const h of this.handlers) this.deliver(h, fn);
  }

  private deliver(handler: EventHandler<T>, fn: (h: EventHandler<T>) => void): void {
    try {
      fn(handler);
    } catch (err) {
      if (this.options.onHandlerError) this.options.onHandlerError(err);
      else console.error(`informer for ${this.resource}: an event handler failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  private async run(): Promise<void> {
    const { minMs, maxMs } = this.options.backoff ?? { minMs: 200, maxMs: 30_000 };
    let delay = minMs;
    let needList = true;
    while (this.running) {
      try {
        if (needList) {
          await this.relist();
          needList = false;
        }
        delay = minMs;
        await this.watch();
      } catch (err) {
        if (!this.running) break;
        this.options.onError?.(err);
        if (isGone(err)) {
          needList = true;
          continue;
        }
        // Jitter spreads reconnects of many informers after a server restart.
        await this.clock.sleep(delay * (0.5 + Math.random()));
        delay = Math.min(maxMs, delay * 2);
      }
    }
  }

  /** Lists everything and reconciles the cache with it, reporting the differences. */
  private async relist(): Promise<void> {
    // The first list takes whatever the server's cache holds (resourceVersion "0", as
    // client-go's reflector does; the watch from its resourceVersion brings the rest).
    // A relist follows a Gone or a failure: it asks for the newest state, so the cache
    // never goes back in time.
    const list = await this.client.listAll<T>(this.resource, {
      resourceVersion: this.lastResourceVersion ? undefined : '0',
      limit: this.options.pageSize ?? 500,
      namespace: this.options.namespace,
      labelSelector: this.options.labelSelector,
      fieldSelector: this.options.fieldSelector,
    });
    const fresh = new Map(list.items.map((obj) => [keyOf(obj), this.prepare(obj)]));
    // Deletes the watch missed: the handlers learn the last state seen and that it may not be the final one.
    for (const [key, old] of [...this.items]) if (!fresh.has(key)) this.remove(key, old, { key, obj: old });
    for (const [key, obj] of fresh) this.upsert(key, obj);
    this.lastResourceVersion = list.resourceVersion;
    if (!this.synced) {
      this.synced = true;
      for (const resolve of this.syncWaiters.splice(0)) resolve();
    }
  }

  private async watch(): Promise<void> {
    const stream = this.client.watch<T>(this.resource, {
      namespace: this.options.namespace,
      labelSelector: this.options.labelSelector,
      fieldSelector: this.options.fieldSelector,
      resourceVersion: this.lastResourceVersion,
      allowBookmarks: true,
    });
    this.stream = stream;
    if (!this.running) stream.stop();
    for await (const event of stream) this.apply(event);
    // A stream that ends without error (server shutting down) is resumed like a failure.
    if (this.running) throw new Error('watch ended');
  }

  private apply(event: WatchEvent<T>): void {
    const rv = event.object.metadata.resourceVersion;
    if (event.type === 'BOOKMARK') {
      if (rv) this.lastResourceVersion = rv;
      return;
    }
    const obj = this.prepare(event.object);
    const key = keyOf(obj);
    if (event.type === 'DELETED') {
      const old = this.items.get(key);
      if (old) this.remove(key, obj);
    } else {
      this.upsert(key, obj);
    }
    if (rv) this.lastResourceVersion = rv;
  }

  private prepare(obj: T): T {
    return this.options.freeze ? deepFreeze(obj) : obj;
  }

  private upsert(key: string, obj: T): void {
    const old = this.items.get(key);
    if (old && old.metadata.resourceVersion === obj.metadata.resourceVersion) return;
    if (old) this.unindex(key, old);
    this.items.set(key, obj);
    for (const [name, fn] of this.indexFuncs) this.indexOne(this.indices.get(name)!, fn, key, obj);
    this.notify((h) => (old ? h.onUpdate?.(old, obj) : h.onAdd?.(obj)));
  }

  private remove(key: string, lastKnown: T, tombstone?: DeletedFinalStateUnknown<T>): void {
    const old = this.items.get(key);
    if (old) this.unindex(key, old);
    this.items.delete(key);
    this.notify((h) => h.onDelete?.(lastKnown, tombstone));
  }

  private indexOne(index: Map<string, Set<string>>, fn: IndexFunc<T>, key: string, obj: T): void {
    for (const value of fn(obj)) {
      let keys = index.get(value);
      if (!keys) index.set(value, (keys = new Set()));
      keys.add(key);
    }
  }

  private unindex(key: string, obj: T): void {
    for (const [name, fn] of this.indexFuncs) {
      const index = this.indices.get(name)!;
      for (const value of fn(obj)) {
        const keys = index.get(value);
        keys?.delete(key);
        if (keys?.size === 0) index.delete(value);
      }
    }
  }
}

/** One informer per resource per process, shared by every controller in it. */
export class InformerFactory {
  private readonly informers = new Map<string, Informer>();

  constructor(
    private readonly client: ListWatchClient,
    private readonly options: Omit<InformerOptions, 'labelSelector' | 'fieldSelector' | 'namespace'> = {},
  ) {}

  informer<T extends KObject = KObject>(resource: string): Informer<T> {
    let informer = this.informers.get(resource);
    if (!informer) {
      informer = new Informer(this.client, resource, this.options);
      for (const [name, fn] of Object.entries({ namespace: indexers.namespace })) informer.addIndexer(name, fn);
      this.informers.set(resource, informer);
    }
    return informer as unknown as Informer<T>;
  }

  start(): void {
    for (const informer of this.informers.values()) informer.start();
  }

  async waitForSync(): Promise<void> {
    await Promise.all([...this.informers.values()].map((i) => i.waitForSync()));
  }

  async stop(): Promise<void> {
    await Promise.all([...this.informers.values()].map((i) => i.stop()));
  }
}
