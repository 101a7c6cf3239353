// One etcd watch per resource, fanned out to every client watch, with a window
// of recent events so clients can resume. A resume from before the window is
// served by a catch-up watch straight from etcd, which answers Gone once etcd
// has compacted that history away; so a restarted apiserver loses nothing.
import { apiVersionOf, gone, KObject, ResourceInfo, unavailable } from '@kctl/api';
import { Clock, every, realClock, TimerHandle } from '@kctl/client';
import { decodeStored } from '../registry/codec';
import { Filter } from '../registry/generic-store';
import { resourcePrefix } from '../registry/keys';
import { isCompacted, prefixEnd, Storage, StorageEvent, StorageWatch } from '../storage/store';
import { CacheEvent, CacheWatcher, WatchSink } from './watcher';

export interface WatchCacheOptions {
  /** Events kept for resuming watches. */
  windowSize: number;
  /** Events a client may fall behind by before its watch is closed. */
  maxBacklog: number;
  /** How often watchers that asked for them get a BOOKMARK. */
  bookmarkIntervalMs: number;
}

export const DEFAULT_WATCH_CACHE_OPTIONS: WatchCacheOptions = {
  windowSize: 1000,
  maxBacklog: 10_000,
  bookmarkIntervalMs: 15_000,
};

export interface WatchRequest {
  namespace: string;
  filter: Filter;
  /** undefined: start with the current objects as ADDED. */
  resourceVersion?: number;
  allowBookmarks: boolean;
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

export class WatchCache {
  private window: CacheEvent[] = [];
  /** The window holds every event with a revision above this. */
  private windowStart = 0;
  /** Everything up to this revision has been seen. */
  private latest = 0;
  private readonly watchers = new Set<CacheWatcher>();
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
  }

  async start(): Promise<void> {
    const revision = await this.storage.currentRevision();
    this.window = [];
    this.windowStart = revision;
    this.latest = revision;
    this.etcdWatch = await this.storage.watch(this.prefix, revision + 1, {
      onEvents: (events) => this.ingest(toCacheEvents(events)),
      onProgress: (rev) => this.advance(rev),
      onError: (err) => void this.restart(err),
    });
    if (!this.bookmarkTimer) {
      this.bookmarkTimer = every(this.clock, this.options.bookmarkIntervalMs, () => this.bookmark());
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.bookmarkTimer?.cancel();
    for (const watcher of this.watchers) watcher.close(unavailable('the apiserver is shutting down; resume the watch'));
    await this.etcdWatch?.cancel();
  }

  /** Starts a client watch; resolves once it is registered (initial objects sent). */
  async watch(request: WatchRequest, sink: WatchSink): Promise<CacheWatcher> {
    const keyPrefix = resourcePrefix(this.info, request.namespace);
    let from = request.resourceVersion;
    const initial: KObject[] = [];
    if (from === undefined) {
      const page = await this.storage.range(keyPrefix, prefixEnd(keyPrefix), {});
      initial.push(...page.values.map(decodeStored));
      from = page.revision;
    }
    const watcher = new CacheWatcher(sink, { keyPrefix, filter: request.filter, allowBookmarks: request.allowBookmarks, maxBacklog: this.options.maxBacklog }, from);
    for (const obj of initial) watcher.sendInitial(obj);
    if (from >= this.windowStart) {
      this.watchers.add(watcher);
      watcher.whenClosed(() => this.watchers.delete(watcher));
      for (const event of this.eventsAfter(from)) watcher.offer(event);
    } else {
      await this.catchUp(watcher, keyPrefix, from);
    }
    return watcher;
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

  private ingest(events: CacheEvent[]): void {
    for (const event of events) {
      this.window.push(event);
      this.latest = event.revision;
      for (const watcher of this.watchers) watcher.offer(event);
    }
    const excess = this.window.length - this.options.windowSize;
    if (excess > 0) this.windowStart = this.window.splice(0, excess).at(-1)!.revision;
  }

  private advance(revision: number): void {
    if (revision > this.latest) this.latest = revision;
  }

  private bookmark(): void {
    for (const watcher of this.watchers) watcher.progress(this.latest, this.info.kind, this.apiVersion);
  }

  /** The etcd watch broke for good (compaction during an outage): start over and make clients resume. */
  private async restart(err: Error): Promise<void> {
    if (this.stopped) return;
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
