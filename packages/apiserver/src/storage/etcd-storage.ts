// Storage on a real etcd through the etcd3 package. Every etcd3 error is
// turned into a typed one here (see etcd-errors.ts), so nothing above this
// file knows etcd3's error classes.
import { Clock, realClock } from '@kctl/client';
import { noop } from 'cockatiel';
import { Etcd3, IKeyValue, IOptions, Range, Watcher } from 'etcd3';
import { CompactionStorage, COMPACT_REV_KEY, CompactionStep } from './compaction-storage';
import { isOutOfRange, storageError } from './etcd-errors';
import { CompactedError, FutureRevisionError, prefixEnd, PrefixState, RangeResult, Storage, StorageEvent, StorageWatch, StoredValue, WatchHandlers, WriteResult } from './store';

export interface EtcdStorageOptions {
  endpoints: string[];
  /** Deadline for one etcd call. Default 5 s, so an unreachable etcd fails fast. */
  callTimeoutMs?: number;
  /** Which minute an Event's TTL lease belongs to. */
  clock?: Clock;
}

function toStored(kv: IKeyValue): StoredValue {
  return {
    key: kv.key.toString(),
    value: kv.value.toString(),
    modRevision: Number(kv.mod_revision),
    createRevision: Number(kv.create_revision),
  };
}

/** How the apiserver talks to etcd; exported so benchmarks measure raw etcd through the same client. */
export function etcdClientOptions(endpoints: string[], callTimeoutMs = 5000): IOptions {
  return {
    hosts: endpoints,
    dialTimeout: callTimeoutMs,
    grpcOptions: {
      // A list of many objects is one etcd range answer; gRPC's default 4 MiB frame is far too small.
      'grpc.max_receive_message_length': 1024 * 1024 * 1024,
      // Both cost every call CPU for nothing here: channelz's bookkeeping, and the retry layer
      // (no retry policy is configured, and blind retries must stay off, see below).
      'grpc.enable_channelz': 0,
      'grpc.enable_retries': 0,
      // The watch stream's channel redials etcd by itself after an outage: keep its backoff
      // short (grpc's default grows to 2 minutes) so watches resume soon after etcd is back.
      'grpc.initial_reconnect_backoff_ms': 100,
      'grpc.max_reconnect_backoff_ms': 2000,
      // The watch of every resource shares the connection with the calls: a 64 KiB window
      // would make etcd wait for each 64 KiB to be acknowledged by a busy apiserver.
      'grpc-node.flow_control_window': 16 * 1024 * 1024,
    },
    // No blind retries: a create or compare-and-swap that timed out may have been applied,
    // and its retry would then fail with AlreadyExists or Conflict. And no per-host circuit
    // breaker: etcd3's default opens after three consecutive failures and then refuses every
    // caller for 5 s, so a few slow requests would fail all requests and recovery would lag
    // behind etcd. Each request fails on its own (Unavailable) and the next one tries afresh.
    faultHandling: { host: () => noop, global: noop },
    defaultCallOptions: (context) => (context.isStream ? {} : { deadline: Date.now() + callTimeoutMs }),
  };
}

export class EtcdStorage implements Storage, CompactionStorage {
  readonly client: Etcd3;
  /** Event TTLs share one etcd lease per TTL and minute, so events don't each cost a lease. */
  private readonly leases = new Map<string, Promise<string>>();

  private readonly clock: Clock;

  constructor(options: EtcdStorageOptions) {
    this.clock = options.clock ?? realClock;
    this.client = new Etcd3(etcdClientOptions(options.endpoints, options.callTimeoutMs));
  }

  async get(key: string): Promise<StoredValue | undefined> {
    const res = await this.call('get', () => this.client.kv.range({ key: Buffer.from(key) }));
    const kv = res.kvs[0];
    return kv ? toStored(kv) : undefined;
  }

  async range(start: string, end: string, options: { revision?: number; limit?: number }): Promise<RangeResult> {
    const revision = options.revision ?? 0;
    const request = { key: Buffer.from(start), range_end: Buffer.from(end), revision, limit: options.limit ?? 0 };
    const res = await this.client.kv.range(request).catch(async (err: unknown) => {
      if (revision > 0 && isOutOfRange(err)) throw await this.outOfRange(revision);
      throw storageError(err, 'range');
    });
    return { values: res.kvs.map(toStored), revision: Number(res.header.revision), more: res.more, count: Number(res.count) };
  }

  async create(key: string, value: string, options: { ttlSeconds?: number } = {}): Promise<WriteResult> {
    const put = this.client.put(key).value(value);
    if (options.ttlSeconds) put.lease(await this.call('lease grant', () => this.leaseFor(options.ttlSeconds!)));
    const res = await this.call('create', () => this.client.if(key, 'Create', '==', 0).then(put).else(this.client.get(key)).commit());
    return this.outcome(res.succeeded, res.header.revision, res.responses);
  }

  async update(key: string, value: string, expectedModRevision: number): Promise<WriteResult> {
    // ignoreLease keeps an Event's TTL lease attached across updates.
    const put = this.client.put(key).value(value).ignoreLease();
    const res = await this.call('update', () => this.client.if(key, 'Mod', '==', expectedModRevision).then(put).else(this.client.get(key)).commit());
    return this.outcome(res.succeeded, res.header.revision, res.responses);
  }

  async delete(key: string, expectedModRevision: number): Promise<WriteResult> {
    const res = await this.call('delete', () =>
      this.client.if(key, 'Mod', '==', expectedModRevision).then(this.client.delete().key(key)).else(this.client.get(key)).commit(),
    );
    return this.outcome(res.succeeded, res.header.revision, res.responses);
  }

  async currentRevision(options: { timeoutMs?: number } = {}): Promise<number> {
    const callOptions = options.timeoutMs ? { deadline: Date.now() + options.timeoutMs } : undefined;
    const res = await this.call('read', () => this.client.kv.range({ key: Buffer.from('/'), limit: 1 }, callOptions));
    return Number(res.header.revision);
  }

  async compactionStep(expectedVersion: number, revision: number): Promise<CompactionStep> {
    const res = await this.call('compaction bookkeeping', () =>
      this.client.if(COMPACT_REV_KEY, 'Version', '==', expectedVersion).then(this.client.put(COMPACT_REV_KEY).value(String(revision))).else(this.client.get(COMPACT_REV_KEY)).commit(),
    );
    const current = res.succeeded ? expectedVersion + 1 : Number(res.responses[0]?.response_range?.kvs[0]?.version ?? 0);
    return { succeeded: res.succeeded, version: current, revision: Number(res.header.revision) };
  }

  async compact(revision: number): Promise<void> {
    await this.client.kv.compact({ revision }).catch((err: unknown) => {
      // Someone compacted at or past this revision already: the goal is met.
      if (isOutOfRange(err)) return;
      throw storageError(err, 'compact');
    });
  }

  async prefixState(prefix: string): Promise<PrefixState> {
    // Sorted by mod revision, newest first, one key: etcd reports the count of the whole range.
    const res = await this.client.kv.range({
      key: Buffer.from(prefix),
      range_end: Buffer.from(prefixEnd(prefix)),
      limit: 1,
      keys_only: true,
      sort_order: 'Descend',
      sort_target: 'Mod',
    });
    const kv = res.kvs[0];
    return { revision: Number(res.header.revision), newestModRevision: kv ? Number(kv.mod_revision) : 0, count: Number(res.count) };
  }

  async watch(prefix: string, fromRevision: number, handlers: WatchHandlers): Promise<StorageWatch> {
    // Ask for one key at the start revision first: etcd then says whether it is compacted,
    // which a watch only reports by canceling itself. A revision not written yet is fine.
    if (fromRevision <= (await this.currentRevision())) await this.range(prefix, prefixEnd(prefix), { revision: fromRevision, limit: 1 });
    const watcher: Watcher = await this.call('watch', () =>
      this.client.watch().inRange(new Range(prefix, prefixEnd(prefix))).startRevision(String(fromRevision)).withPreviousKV().create(),
    );
    watcher.on('data', (res) => {
      const events: StorageEvent[] = res.events.map((ev) => {
        const revision = Number(ev.kv.mod_revision);
        const previous = ev.prev_kv ? toStored(ev.prev_kv) : undefined;
        return ev.type === 'Put'
          ? { type: 'put', key: ev.kv.key.toString(), value: toStored(ev.kv), previous, revision }
          : { type: 'delete', key: ev.kv.key.toString(), previous, revision };
      });
      if (events.length) handlers.onEvents(events);
      else handlers.onProgress(Number(res.header.revision));
    });
    // etcd cancels a watch whose next revision was compacted (etcd3 reports that as an
    // error without the response): ask etcd whether that is what happened.
    watcher.on('error', (err: Error) => {
      const next = Number(watcher.lastRevision() ?? fromRevision);
      this.compactedAt(prefix, next).then(
        (compacted) => handlers.onError(compacted ? new CompactedError(next) : storageError(err, 'watch')),
        (checkErr: unknown) => handlers.onError(checkErr instanceof Error ? checkErr : storageError(err, 'watch')),
      );
    });
    return { cancel: () => watcher.cancel().catch((err: unknown) => Promise.reject(storageError(err, 'watch cancel'))) };
  }

  close(): void {
    this.client.close();
  }

  /** Runs one etcd call, turning its failure into a typed error. */
  private async call<T>(what: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      throw storageError(err, what);
    }
  }

  /** etcd said OutOfRange for revision: compacted if it has been written already, else it lies in the future. */
  private async outOfRange(revision: number): Promise<Error> {
    const current = await this.currentRevision();
    if (revision <= current) return new CompactedError(revision);
    return new FutureRevisionError(revision, current);
  }

  /** True when reading prefix at revision fails because etcd compacted it. */
  private async compactedAt(prefix: string, revision: number): Promise<boolean> {
    try {
      if (revision > (await this.currentRevision())) return false;
      await this.range(prefix, prefixEnd(prefix), { revision, limit: 1 });
      return false;
    } catch (err) {
      if (err instanceof CompactedError) return true;
      throw err;
    }
  }

  private outcome(succeeded: boolean, revision: string, responses: { response_range?: { kvs: IKeyValue[] } }[]): WriteResult {
    if (succeeded) return { ok: true, revision: Number(revision) };
    const kv = responses[0]?.response_range?.kvs[0];
    return { ok: false, current: kv ? toStored(kv) : undefined };
  }

  private leaseFor(ttlSeconds: number): Promise<string> {
    // A key joins a lease granted within the last minute; it may live up to a minute longer than its TTL.
    const bucket = `${ttlSeconds}/${Math.floor(this.clock.now() / 60_000)}`;
    let lease = this.leases.get(bucket);
    if (!lease) {
      this.leases.clear();
      lease = this.client.leaseClient.leaseGrant({ TTL: ttlSeconds + 60 }).then((res) => res.ID);
      lease.catch(() => this.leases.delete(bucket));
      this.leases.set(bucket, lease);
    }
    return lease;
  }
}
