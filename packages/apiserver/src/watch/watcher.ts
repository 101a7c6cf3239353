// One client's watch: filters events for it and writes them with a bounded
// backlog, so a slow client is dropped (and resumes) instead of growing memory.
import { KObject, unavailable, WatchEvent } from '@kctl/api';
import { Filter, matchesFilter } from '../registry/generic-store';

/** The transport a watcher writes to (a gRPC server stream in production). */
export interface WatchSink {
  /** Writes events in order; false means the transport is full: wait for onDrain. */
  write(events: WatchEvent[]): boolean;
  onDrain(callback: () => void): void;
  close(err?: Error): void;
}

/** A change as the cache holds it: the object after and before, at one revision. */
export interface CacheEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  key: string;
  object: KObject;
  previous?: KObject;
  revision: number;
}

export interface WatcherOptions {
  /** Only keys under this prefix (namespace scoping). */
  keyPrefix: string;
  filter: Filter;
  allowBookmarks: boolean;
  /** Events the transport may fall behind by before the watch is closed. */
  maxBacklog: number;
}

function withRevision(obj: KObject, revision: number): KObject {
  return { ...obj, metadata: { ...obj.metadata, resourceVersion: String(revision) } };
}

export class CacheWatcher {
  /** Revision of the last event handed to this watcher; bookmarks and resumes use it. */
  lastRevision: number;
  private backlog: WatchEvent[] = [];
  private writable = true;
  /** While corked, events only queue; uncork() sends them as one message. */
  private corked = false;
  private closed = false;
  private readonly onClose: (() => void)[] = [];

  constructor(
    private readonly sink: WatchSink,
    private readonly options: WatcherOptions,
    fromRevision: number,
  ) {
    this.lastRevision = fromRevision;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  whenClosed(callback: () => void): void {
    if (this.closed) callback();
    else this.onClose.push(callback);
  }

  /** Turns a cache event into what this watcher should see, if anything. */
  offer(event: CacheEvent): void {
    if (this.closed || event.revision <= this.lastRevision) return;
    this.lastRevision = event.revision;
    if (!event.key.startsWith(this.options.keyPrefix)) return;
    const { filter } = this.options;
    const now = event.type !== 'DELETED' && matchesFilter(filter, event.object);
    const before = event.previous !== undefined && event.type !== 'ADDED' && matchesFilter(filter, event.previous);
    if (event.type === 'DELETED') {
      if (matchesFilter(filter, event.object)) this.send({ type: 'DELETED', object: event.object });
    } else if (now && before) this.send({ type: 'MODIFIED', object: event.object });
    else if (now) this.send({ type: 'ADDED', object: event.object });
    else if (before && event.previous) this.send({ type: 'DELETED', object: withRevision(event.previous, event.revision) });
  }

  /** Sends an object that existed when the watch began (a watch without resourceVersion). */
  sendInitial(obj: KObject): void {
    if (matchesFilter(this.options.filter, obj)) this.send({ type: 'ADDED', object: obj });
  }

  /** Reports that everything up to revision has been seen; sends a bookmark to watchers that want one. */
  progress(revision: number, kind: string, apiVersion: string): void {
    if (this.closed || revision < this.lastRevision) return;
    this.lastRevision = revision;
    if (this.options.allowBookmarks && this.backlog.length === 0) {
      this.send({ type: 'BOOKMARK', object: { kind, apiVersion, metadata: { resourceVersion: String(revision) } } });
    }
  }

  /**
   * Holds events back until uncork(), so the events of one etcd answer go out as one
   * message: grpc-js hands a server stream's messages to HTTP/2 one per write
   * completion, so a stream of single-event messages falls behind a busy server.
   */
  cork(): void {
    this.corked = true;
  }

  uncork(): void {
    if (!this.corked) return;
    this.corked = false;
    if (this.writable) this.flush();
  }

  close(err?: Error): void {
    if (this.closed) return;
    this.closed = true;
    this.backlog = [];
    this.sink.close(err);
    for (const callback of this.onClose.splice(0)) callback();
  }

  private send(event: WatchEvent): void {
    if (this.writable && !this.corked && this.backlog.length === 0) {
      this.writable = this.sink.write([event]);
      if (!this.writable) this.sink.onDrain(() => this.flush());
      return;
    }
    this.backlog.push(event);
    if (this.backlog.length > this.options.maxBacklog) {
      this.close(unavailable(`watch closed: the client fell more than ${this.options.maxBacklog} events behind; resume from the last resourceVersion it received`));
    }
  }

  /** Sends everything that queued up while the transport was full, as one batch. */
  private flush(): void {
    if (this.closed) return;
    const batch = this.backlog;
    this.backlog = [];
    this.writable = batch.length === 0 || this.sink.write(batch);
    if (!this.writable) this.sink.onDrain(() => this.flush());
  }
}
