// The apiserver as a library: start(options) returns a running server.
import * as grpc from '@grpc/grpc-js';
import { Clock, HealthStatus, MAX_MESSAGE_BYTES, realClock } from '@kctl/client';
import { ensureKubernetesService, ensureSystemNamespaces } from './bootstrap';
import { addApiServices, MAX_OBJECT_BYTES } from './grpc-server';
import { NamespaceController } from './namespaces/controller';
import { NamespaceLifecycle } from './namespaces/lifecycle';
import { Registry } from './registry/registry';
import { Compactor, DEFAULT_COMPACTION_INTERVAL_MS } from './storage/compactor';
import { EtcdStorage } from './storage/etcd-storage';
import { StorageHealth } from './storage/storage-health';
import { strategiesFor } from './strategies';
import { DEFAULT_WATCH_CACHE_OPTIONS, WatchCacheOptions } from './watch/watch-cache';

export interface ApiServerOptions {
  /** etcd client URLs, e.g. ["http://127.0.0.1:2379"]. */
  etcdEndpoints: string[];
  /** host:port to serve on. Default 127.0.0.1:6443; port 0 picks a free one. */
  listen?: string;
  /** Service ClusterIP range. Default 10.96.0.0/12. */
  serviceCidr?: string;
  /** Node port range. Default 30000-32767. */
  nodePortRange?: [number, number];
  watchCache?: Partial<WatchCacheOptions>;
  /** How long to wait for etcd at start-up before giving up. Default 5 s. */
  etcdStartupTimeoutMs?: number;
  /** Time between etcd compactions (--etcd-compaction-interval). Default 5 min; 0 turns it off. */
  etcdCompactionIntervalMs?: number;
  /** Time between the etcd checks behind the gRPC health service. Default 5 s. */
  healthCheckIntervalMs?: number;
  /** Timestamps, deletion deadlines, bookmarks, namespace resyncs, Event TTL buckets, compaction and health checks. Default: real time. */
  clock?: Clock;
}

export interface ApiServerHandle {
  /** host:port the server listens on. */
  address: string;
  registry: Registry;
  /** The gRPC health service's state (NOT_SERVING while etcd does not answer). */
  health: HealthStatus;
  compactor: Compactor;
  /** Client watches being served (registered and not yet closed). */
  openWatches(): number;
  stop(): Promise<void>;
}

/** Waits for etcd's first answer; each try fails fast (no breaker, no retries inside the client), so try again until the deadline. */
async function reachEtcd(storage: EtcdStorage, endpoints: string[], timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const left = deadline - Date.now();
    try {
      await storage.currentRevision({ timeoutMs: Math.max(1, left) });
      return;
    } catch (err) {
      if (left <= 100) {
        throw new Error(`cannot reach etcd at ${endpoints.join(', ')}: ${(err as Error).message}. Start etcd first (npm start does), or pass --etcd-servers.`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

function bind(server: grpc.Server, address: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.bindAsync(address, grpc.ServerCredentials.createInsecure(), (err, port) => (err ? reject(new Error(`cannot listen on ${address}: ${err.message}`)) : resolve(port)));
  });
}

export async function startApiServer(options: ApiServerOptions): Promise<ApiServerHandle> {
  const clock = options.clock ?? realClock;
  const storage = new EtcdStorage({ endpoints: options.etcdEndpoints, clock });
  try {
    await reachEtcd(storage, options.etcdEndpoints, options.etcdStartupTimeoutMs ?? 5000);
  } catch (err) {
    storage.close();
    throw err;
  }
  // The registry's admission and the namespace lifecycle refer to each other; the
  // closures below run only after both exist.
  const registry: Registry = new Registry(
    storage,
    strategiesFor(storage, { ...options, observeNamespace: (ns) => lifecycle.observe(ns) }),
    (namespace) => lifecycle.check(namespace),
    { ...DEFAULT_WATCH_CACHE_OPTIONS, ...options.watchCache },
    clock,
  );
  const lifecycle: NamespaceLifecycle = new NamespaceLifecycle(registry.store('namespaces'), registry.watchCache('namespaces'));
  await registry.start();
  await lifecycle.start();
  await ensureSystemNamespaces(registry);
  const namespaceController = new NamespaceController(registry.store('namespaces'), registry.namespacedStores(), {
    resyncMs: 1000,
    anyTerminating: () => lifecycle.anyTerminating(),
  }, clock);
  namespaceController.start();

  // Frames above the object limit still reach the handlers, which refuse them with a clear TooLarge.
  const server = new grpc.Server({ 'grpc.enable_channelz': 0, 'grpc.max_receive_message_length': MAX_OBJECT_BYTES * 4, 'grpc.max_send_message_length': MAX_MESSAGE_BYTES });
  const services = addApiServices(server, registry);
  const health = new HealthStatus();
  health.addTo(server);
  const storageHealth = new StorageHealth(storage, health, { intervalMs: options.healthCheckIntervalMs, clock });
  storageHealth.start();
  const compactor = new Compactor(storage, {
    intervalMs: options.etcdCompactionIntervalMs ?? DEFAULT_COMPACTION_INTERVAL_MS,
    clock,
    onError: (err) => console.error(`etcd compaction failed (next round on schedule): ${(err as Error).message}`),
  });
  compactor.start();
  const listen = options.listen ?? '127.0.0.1:6443';
  const port = await bind(server, listen);
  const host = listen.slice(0, listen.lastIndexOf(':'));
  const stop = async (): Promise<void> => {
    await compactor.stop();
    await storageHealth.stop();
    await namespaceController.stop();
    lifecycle.stop();
    await registry.stop();
    await new Promise<void>((resolve) => server.tryShutdown(() => resolve()));
    storage.close();
  };
  try {
    await ensureKubernetesService(registry, { serviceCidr: options.serviceCidr, host, port });
  } catch (err) {
    await stop();
    throw err;
  }

  return { address: `${host}:${port}`, registry, health, compactor, openWatches: services.openWatches, stop };
}

export { Registry } from './registry/registry';
export { GenericStore } from './registry/generic-store';
export { etcdClientOptions } from './storage/etcd-storage';
export { Compactor, DEFAULT_COMPACTION_INTERVAL_MS } from './storage/compactor';
export type { WatchCacheOptions } from './watch/watch-cache';
