// Storage on a real etcd through the etcd3 package.
import { noop } from 'cockatiel';
import { Etcd3, IKeyValue, IOptions, Range, Watcher } from 'etcd3';
import { isCompacted, prefixEnd, PrefixState, RangeResult, Storage, StorageEvent, StorageWatch, StoredValue, WatchHandlers, WriteResult } from './store';

export interface EtcdStorageOptions {
  endpoints: string[];
  /** Deadline for one etcd call. Default 5 s, so an unreachable etcd fails fast. */
  callTimeoutMs?: number;
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
      // The watch of every resource shares the connection with the calls: a 64 KiB window
      // would make etcd wait for each 64 KiB to be acknowledged by a busy apiserver.
      'grpc-node.flow_control_window': 16 * 1024 * 1024,
    },
    // No blind retries: a create or compare-and-swap that timed out may have been applied,
    // and its retry would then fail with AlreadyExists or Conflict. Failures surface as
    // Unavailable and the caller decides. (The per-host circuit breaker stays.)
    faultHandling: { global: noop },
    defaultCallOptions: (context) => (context.isStream ? {} : { deadline: Date.now() + callTimeoutMs }),
  };
}

export class EtcdStorage implements Storage {
  readonly client: Etcd3;
  /** Event TTLs share one etcd lease per TTL and minute, so events don't each cost a lease. */
  private readonly leases = new Map<string, Promise<string>>();

  constructor(options: EtcdStorageOptions) {
    this.client = new Etcd3(etcdClientOptions(options.endpoints, options.callTimeoutMs));
  }

  async get(key: string): Promise<StoredValue | undefined> {
    const res = await this.client.kv.range({ key: Buffer.from(key) });
    const kv = res.kvs[0];
    return kv ? toStored(kv) : undefined;
  }

  async range(start: string, end: string, options: { revision?: number; limit?: number }): Promise<RangeResult> {
    const res = await this.client.kv.range({
      key: Buffer.from(start),
      range_end: Buffer.from(end),
      revision: options.revision ?? 0,
      limit: options.limit ?? 0,
    });
    return { values: res.kvs.map(toStored), revision: Number(res.header.revision), more: res.more, count: Number(res.count) };
  }

  async create(key: string, value: string, options: { ttlSeconds?: number } = {}): Promise<WriteResult> {
    const put = this.client.put(key).value(value);
    if (options.ttlSeconds) put.lease(await this.leaseFor(options.ttlSeconds));
    const res = await this.client.if(key, 'Create', '==', 0).then(put).else(this.client.get(key)).commit();
    return this.outcome(res.succeeded, res.header.revision, res.responses);
  }

  async update(key: string, value: string, expectedModRevision: number): Promise<WriteResult> {
    // ignoreLease keeps an Event's TTL lease attached across updates.
    const put = this.client.put(key).value(value).ignoreLease();
    const res = await this.client.if(key, 'Mod', '==', expectedModRevision).then(put).else(this.client.get(key)).commit();
    return this.outcome(res.succeeded, res.header.revision, res.responses);
  }

  async delete(key: string, expectedModRevision: number): Promise<WriteResult> {
    const res = await this.client
      .if(key, 'Mod', '==', expectedModRevision)
      .then(this.client.delete().key(key))
      .else(this.client.get(key))
      .commit();
    return this.outcome(res.succeeded, res.header.revision, res.responses);
  }

  async currentRevision(): Promise<number> {
    const res = await this.client.kv.range({ key: Buffer.from('/'), limit: 1 });
    return Number(res.header.revision);
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
    // which a watch only reports by canceling itself.
    await this.range(prefix, prefixEnd(prefix), { revision: fromRevision, limit: 1 }).catch((err: unknown) => {
      if (isCompacted(err) || !/future revision/.test(String(err))) throw err;
    });
    const watcher: Watcher = await this.client
      .watch()
      .inRange(new Range(prefix, prefixEnd(prefix)))
      .startRevision(String(fromRevision))
      .withPreviousKV()
      .create();
    watcher.on('data', (res) => {
      if (res.compact_revision && Number(res.compact_revision) > 0) {
        handlers.onError(new Error(`etcd watch from revision ${fromRevision}: required revision has been compacted`));
        return;
      }
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
    watcher.on('error', (err: Error) => handlers.onError(err));
    return { cancel: () => watcher.cancel() };
  }

  close(): void {
    this.client.close();
  }

  private outcome(succeeded: boolean, revision: string, responses: { response_range?: { kvs: IKeyValue[] } }[]): WriteResult {
    if (succeeded) return { ok: true, revision: Number(revision) };
    const kv = responses[0]?.response_range?.kvs[0];
    return { ok: false, current: kv ? toStored(kv) : undefined };
  }

  private leaseFor(ttlSeconds: number): Promise<string> {
    // A key joins a lease granted within the last minute; it may live up to a minute longer than its TTL.
    const bucket = `${ttlSeconds}/${Math.floor(Date.now() / 60_000)}`;
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
