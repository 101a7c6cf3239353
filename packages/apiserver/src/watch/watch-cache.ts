// One etcd watch per resource, fanned out to every client watch, with a window
// of recent events so clients can resume, and the resource's current objects
// (kept by that watch, at a known revision) so lists and the initial state of
// watches are served from memory. A resume from before the window is served by
// a catch-up watch straight from etcd, which answers Gone once etcd has
// compacted that history away; so a restarted apiserver loses nothing.
import { apiVersionOf, fieldValue, gone, KObject, ResourceInfo, unavailable } from '@kctl/api';
import { Clock, every, realClock, TimerHandle } from '@kctl/client';
import { decodeStored } from '../registry/codec';
import { Filter, ListCache, ListFreshness, matchesFilter } from '../registry/generic-store';
import { objectKey, resourcePrefix } from '../registry/keys';
import { isCompacted, prefixEnd, Storage, StorageEvent, StorageWatch } from '../storage/store';
import { NODE_NAME_FIELD, ObjectStore } from './object-store';
import { CacheEvent, CacheWatcher, WatchSink } from './watcher';

export interface WatchCacheOptions {
  /** Events kept for resuming watches. */
  windowSize: number;
  /** Events a client may fall behind by before its watch is closed. */
  maxBacklog: number;
  /** How often watchers that asked for them get a BOOKMARK. */
  bookmarkIntervalMs: number;
  /**
   * How long a read that must be as fresh as etcd (or as a given resourceVersion)
   * waits for the cache to catch up before it is served from etcd instead.
   */
  freshnessWaitMs: number;
}

export const DEFAULT_WATCH_CACHE_OPTIONS: WatchCacheOptions = {
  windowSize: 1000,
  maxBacklog: 10_000,
  bookmarkIntervalMs: 15_000,
  freshnessWaitMs: 3000,
};

export interface WatchRequest {
  namespace: string;
  filter: Filter;
  /** undefined: start with the current objects as ADDED. */
  resourceVersion?: number;
  allowBookmarks: boolean;
}

/** The node a field selector pins (`spec.nodeName=x`), if it does: such watches and lists use the pod index. */
export function selectedNodeName(filter: Filter): string | undefined {
  for (const req of filter.fields) if (req.key === NODE_NAME_FIELD && req.operator === '=') return req.values[0];
  return undefined;
}

/** Turns storage events into cache events; a delete carries the last object at the delete's revision. */
export function toCacheEvents(events: StorageEvent[]): CacheEvent[] {
  const out: CacheEvent[] = [];
  for (const ev of events) {
    const previous = ev.previous ? decodeStored(ev.previous) : undefined;
    if (ev.type === 'put' && ev.value) {
      const type = ev.value.createRevision === ev.value.modRevision ? 'ADDED' : 'MODIFIED';
      out.push({ type, key: ev.key, object: decodeStored(ev.value), previous, revision: ev.revision });
    } else if (ev.type === 'delete' && previous) {
      previous.metadata.resourceVersion = String(ev.revision);
      out.push({ type: 'DELETED', key: ev.key, object: previous, previous, revision: ev.revision });
    }
  }
  return out;
}

export class WatchCache implements ListCache {
  private window: CacheEvent[] = [];
  /** The window holds every event with a revision above this. */
  private windowStart = 0;
  /** Everything up to this revision has been seen: the objects are etcd's state at it. */
  private latest = 0;
  /** False until the first start and while restarting: reads then go to etcd. */
  private ready = false;
  private readonly objects: ObjectStore;
  /** Every open watcher (bookmarks, shutdown). */
  private readonly watchers = new Set<CacheWatcher>();
  /** Watchers offered every event. */
  private readonly unindexed = new Set<CacheWatcher>();
  /** Watchers of one node's pods, offered only the events of pods on that node before or after. */
  private readonly byNode = new Map<string, Set<CacheWatcher>>();
  private waiters: { revision: number; resolve: (reached: boolean) => void }[] = [];
  private etcdWatch?: StorageWatch;
  private bookmarkTimer?: TimerHandle;
  private stopped = false;
  private readonly prefix: string;
  private readonly apiVersion: string;

  constructor(
    private readonly info: ResourceInfo,
    private readonly storage: Storage,
    private readonly options: WatchCacheOptions = DEFAULT_WATCH_CACHE_OPTIONS,
    private readonly clock: Clock = realClock,
  ) {
    this.prefix = resourcePrefix(info);
    this.apiVersion = apiVersionOf(info);
    this.objects = new ObjectStore(info.resource === 'pods');
  }

  async start(): Promise<void> {
    this.ready = false;
    const page = await this.storage.range(this.prefix, prefixEnd(this.prefix), {});
    this.objects.clear();
    for (const stored of page.values) this.objects.put(stored.key, decodeStored(stored));
    const revision = page.revision;
    this.window = [];
    this.windowStart = revision;
    this.latest = revision;
    this.etcdWatch = await this.storage.watch(this.prefix, revision + 1, {
      onEvents: (events) => this.ingest(events),
      onProgress: (rev) => this.advance(rev),
      onError: (err) => void this.restart(err),
    });
    this.ready = true;
    if (!this.bookmarkTimer) {
      this.bookmarkTimer = every(this.clock, this.options.bookmarkIntervalMs, () => this.bookmark());
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.ready = false;
    this.bookmarkTimer?.cancel();
    for (const watcher of this.watchers) watcher.close(unavailable('the apiserver is shutting down; resume the watch'));
    for (const waiter of this.waiters.splice(0)) waiter.resolve(false);
    await this.etcdWatch?.cancel();
  }

  /** The object as the cache has it now (possibly behind etcd by a few events); for optimistic writes. */
  get(namespace: string, name: string): KObject | undefined {
    return this.ready ? this.objects.get(objectKey(this.info, namespace, name)) : undefined;
  }

  /**
   * The current objects under namespace that match filter, from memory, once the
   * cache is as fresh as asked; undefined when it could not catch up in time (the
   * caller then reads etcd). The items are shared: never change them.
   */
  async list(namespace: string, filter: Filter, freshness: ListFreshness): Promise<{ items: KObject[]; revision: number } | undefined> {
    if (!(await this.freshEnough(freshness))) return undefined;
    return { items: this.snapshot(namespace, filter), revision: this.latest };
  }

  /** Starts a client watch; resolves once it is registered (initial objects sent). */
  async watch(request: WatchRequest, sink: WatchSink): Promise<CacheWatcher> {
    const keyPrefix = resourcePrefix(this.info, request.namespace);
    const nodeName = this.objects.indexesNodeName ? selectedNodeName(request.filter) : undefined;
    let from = request.resourceVersion;
    let initial: KObject[] = [];
    if (from === undefined) {
      // The initial state is a consistent read, as a list without resourceVersion is.
      if (await this.freshEnough('latest')) {
        initial = this.snapshot(request.namespace, request.filter);
        from = this.latest;
      } else {
        const page = await this.storage.range(keyPrefix, prefixEnd(keyPrefix), {});
        initial = page.values.map(decodeStored);
        from = page.revision;
      }
    }
    const watcher = new CacheWatcher(sink, { keyPrefix, filter: request.filter, allowBookmarks: request.allowBookmarks, maxBacklog: this.options.maxBacklog }, from);
    for (const obj of initial) watcher.sendInitial(obj);
    if (from >= this.windowStart) {
      this.register(watcher, nodeName);
      for (const event of this.eventsAfter(from)) watcher.offer(event);
    } else {
      await this.catchUp(watcher, keyPrefix, from);
    }
    return watcher;
  }

  private register(watcher: CacheWatcher, nodeName: string | undefined): void {
    this.watchers.add(watcher);
    if (nodeName === undefined) {
      this.unindexed.add(watcher);
    } else {
      let set = this.byNode.get(nodeName);
      if (!set) this.byNode.set(nodeName, (set = new Set()));
      set.add(watcher);
    }
    watcher.whenClosed(() => {
      this.watchers.delete(watcher);
      this.unindexed.delete(watcher);
      if (nodeName === undefined) return;
      const set = this.byNode.get(nodeName);
      set?.delete(watcher);
      if (set?.size === 0) this.byNode.delete(nodeName);
    });
  }

  /** Objects under namespace matching filter, as of this.latest; by the node index when the filter pins a node. */
  private snapshot(namespace: string, filter: Filter): KObject[] {
    const nodeName = this.objects.indexesNodeName ? selectedNodeName(filter) : undefined;
    const items = this.objects.list(resourcePrefix(this.info, namespace), nodeName);
    const filtering = filter.labels.length + filter.fields.length > (nodeName === undefined ? 0 : 1);
    return filtering ? items.filter((obj) => matchesFilter(filter, obj)) : items;
  }

  /**
   * Whether the cache is, or becomes within freshnessWaitMs, as fresh as asked:
   * 'any' as it is; a revision: at least at it; 'latest': at least at etcd's
   * current revision.
   */
  private async freshEnough(freshness: ListFreshness): Promise<boolean> {
    if (!this.ready) return false;
    if (freshness === 'any') return true;
    const deadline = Date.now() + this.options.freshnessWaitMs;
    if (freshness !== 'latest') {
      if (this.latest >= freshness) return true;
      // It may be a revision of another resource that this cache never sees: ask etcd too.
      if (!(await this.catchUpWithStorage(deadline))) return false;
      return this.latest >= freshness || this.waitFor(freshness, deadline - Date.now());
    }
    return this.catchUpWithStorage(deadline);
  }

  /**
   * Brings this.latest to etcd's current revision. etcd's revision counts writes to
   * every resource, and this cache sees only its own, so it asks etcd (one range
   * of one key, no values) for the newest change and the key count under its
   * prefix: when the cache already holds that change and as many keys, nothing
   * under the prefix changed since, and the cache is etcd's state at that revision.
   * Otherwise it waits for the change to arrive and looks again.
   */
  private async catchUpWithStorage(deadline: number): Promise<boolean> {
    for (;;) {
      const state = await this.storage.prefixState(this.prefix);
      if (!this.ready) return false;
      if (this.latest >= state.revision) return true;
      if (state.newestModRevision <= this.latest && state.count === this.objects.size) {
        this.advance(state.revision);
        return true;
      }
      const target = Math.max(state.newestModRevision, this.latest + 1);
      const remaining = deadline - Date.now();
      if (remaining <= 0 || !(await this.waitFor(target, remaining))) return false;
    }
  }

  /** Resolves true once the cache has seen revision, false after timeoutMs. */
  private waitFor(revision: number, timeoutMs: number): Promise<boolean> {
    if (this.latest >= revision) return Promise.resolve(true);
    if (timeoutMs <= 0) return Promise.resolve(false);
    return new Promise((resolve) => {
      const waiter = {
        revision,
        resolve: (reached: boolean): void => {
          clearTimeout(timer);
          resolve(reached);
        },
      };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        resolve(false);
      }, timeoutMs);
      timer.unref();
      this.waiters.push(waiter);
    });
  }

  private wakeWaiters(): void {
    if (this.waiters.length === 0) return;
    const due = this.waiters.filter((w) => w.revision <= this.latest);
    if (due.length === 0) return;
    this.waiters = this.waiters.filter((w) => w.revision > this.latest);
    for (const waiter of due) waiter.resolve(true);
  }

  /** Serves a watch older than the window from etcd's own history. */
  private async catchUp(watcher: CacheWatcher, keyPrefix: string, from: number): Promise<void> {
    let etcdWatch: StorageWatch;
    try {
      etcdWatch = await this.storage.watch(keyPrefix, from + 1, {
        onEvents: (events) => toCacheEvents(events).forEach((ev) => watcher.offer(ev)),
        onProgress: (rev) => watcher.progress(rev, this.info.kind, this.apiVersion),
        onError: (err) => watcher.close(isCompacted(err) ? this.tooOld(from) : unavailable(`watch interrupted: ${err.message}`)),
      });
    } catch (err) {
      throw isCompacted(err) ? this.tooOld(from) : err;
    }
    watcher.whenClosed(() => void etcdWatch.cancel().catch(() => undefined));
  }

  private tooOld(revision: number): Error {
    return gone(`too old resource version: ${revision}: the history was compacted; list again and watch from the list's resourceVersion`);
  }

  private eventsAfter(revision: number): CacheEvent[] {
    let lo = 0;
    let hi = this.window.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.window[mid]!.revision <= revision) lo = mid + 1;
      else hi = mid;
    }
    return this.window.slice(lo);
  }

  /** Applies etcd's events to the objects and the window, and offers each to the watchers it may concern. */
  private ingest(events: StorageEvent[]): void {
    const touched = new Set<CacheWatcher>();
    for (const ev of events) {
      const event = this.apply(ev);
      if (!event) continue;
      this.window.push(event);
      this.latest = event.revision;
      this.fanOut(event, touched);
    }
    for (const watcher of touched) watcher.uncork();
    const excess = this.window.length - this.options.windowSize;
    if (excess > 0) this.windowStart = this.window.splice(0, excess).at(-1)!.revision;
    this.wakeWaiters();
  }

  /**
   * Updates the stored objects with one etcd event and turns it into a cache event.
   * The object before the change is the cached one (the cache holds etcd's state
   * just before each event), so only the new value is parsed.
   */
  private apply(ev: StorageEvent): CacheEvent | undefined {
    const previous = this.objects.get(ev.key) ?? (ev.previous ? decodeStored(ev.previous) : undefined);
    if (ev.type === 'put' && ev.value) {
      const object = decodeStored(ev.value);
      this.objects.put(ev.key, object);
      const type = ev.value.createRevision === ev.value.modRevision ? 'ADDED' : 'MODIFIED';
      return { type, key: ev.key, object, previous, revision: ev.revision };
    }
    if (ev.type === 'delete' && previous) {
      this.objects.delete(ev.key);
      const object = { ...previous, metadata: { ...previous.metadata, resourceVersion: String(ev.revision) } };
      return { type: 'DELETED', key: ev.key, object, previous, revision: ev.revision };
    }
    return undefined;
  }

  /**
   * Offers an event to the unindexed watchers and to the watchers of the node(s) the
   * pod was and is on; each is corked until the whole etcd answer has been offered.
   */
  private fanOut(event: CacheEvent, touched: Set<CacheWatcher>): void {
    const offer = (watcher: CacheWatcher): void => {
      if (!touched.has(watcher)) {
        watcher.cork();
        touched.add(watcher);
      }
      watcher.offer(event);
    };
    for (const watcher of this.unindexed) offer(watcher);
    if (this.byNode.size === 0) return;
    const now = fieldValue(event.object, NODE_NAME_FIELD);
    const before = event.previous ? fieldValue(event.previous, NODE_NAME_FIELD) : now;
    for (const watcher of this.byNode.get(now) ?? []) offer(watcher);
    if (before !== now) for (const watcher of this.byNode.get(before) ?? []) offer(watcher);
  }

  private advance(revision: number): void {
    if (revision > this.latest) this.latest = revision;
    this.wakeWaiters();
  }

  private bookmark(): void {
    for (const watcher of this.watchers) watcher.progress(this.latest, this.info.kind, this.apiVersion);
  }

  /** The etcd watch broke for good (compaction during an outage): start over and make clients resume. */
  private async restart(err: Error): Promise<void> {
    if (this.stopped) return;
    this.ready = false;
    for (const watcher of this.watchers) watcher.close(unavailable(`watch interrupted (${err.message}); resume from the last resourceVersion`));
    await this.etcdWatch?.cancel().catch(() => undefined);
    for (let delay = 100; !this.stopped; delay = Math.min(delay * 2, 5000)) {
      try {
        await this.start();
        return;
      } catch {
        await this.clock.sleep(delay);
      }
    }
  }
}
