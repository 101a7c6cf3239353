// The apiserver as a library: start(options) returns a running server.
import * as grpc from '@grpc/grpc-js';
import { HealthStatus, MAX_MESSAGE_BYTES } from '@kctl/client';
import { ensureSystemNamespaces } from './bootstrap';
import { addApiServices, MAX_OBJECT_BYTES } from './grpc-server';
import { NamespaceController } from './namespaces/controller';
import { NamespaceLifecycle } from './namespaces/lifecycle';
import { Registry } from './registry/registry';
import { EtcdStorage } from './storage/etcd-storage';
import { podStrategy } from './strategies/pod';
import { serviceStrategy } from './strategies/service';
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
}

export interface ApiServerHandle {
  /** host:port the server listens on. */
  address: string;
  registry: Registry;
  /** Client watches being served (registered and not yet closed). */
  openWatches(): number;
  stop(): Promise<void>;
}

async function reachEtcd(storage: EtcdStorage, endpoints: string[], timeoutMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([storage.currentRevision(), timeout]);
  } catch (err) {
    throw new Error(`cannot reach etcd at ${endpoints.join(', ')}: ${(err as Error).message}. Start etcd first (npm start does), or pass --etcd-servers.`);
  } finally {
    clearTimeout(timer);
  }
}

function bind(server: grpc.Server, address: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.bindAsync(address, grpc.ServerCredentials.createInsecure(), (err, port) => (err ? reject(new Error(`cannot listen on ${address}: ${err.message}`)) : resolve(port)));
  });
}

export async function startApiServer(options: ApiServerOptions): Promise<ApiServerHandle> {
  const storage = new EtcdStorage({ endpoints: options.etcdEndpoints });
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
    {
      pods: podStrategy,
      nodes: { keepStatusOnCreate: true },
      services: serviceStrategy(storage, options),
      namespaces: { afterUpdate: async (ns): Promise<void> => lifecycle.observe(ns) },
    },
    (namespace) => lifecycle.check(namespace),
    { ...DEFAULT_WATCH_CACHE_OPTIONS, ...options.watchCache },
  );
  const lifecycle: NamespaceLifecycle = new NamespaceLifecycle(registry.store('namespaces'), registry.watchCache('namespaces'));
  await registry.start();
  await lifecycle.start();
  await ensureSystemNamespaces(registry);
  const namespaceController = new NamespaceController(registry.store('namespaces'), registry.namespacedStores(), {
    resyncMs: 1000,
    anyTerminating: () => lifecycle.anyTerminating(),
  });
  namespaceController.start();

  // Frames above the object limit still reach the handlers, which refuse them with a clear TooLarge.
  const server = new grpc.Server({ 'grpc.enable_channelz': 0, 'grpc.max_receive_message_length': MAX_OBJECT_BYTES * 4, 'grpc.max_send_message_length': MAX_MESSAGE_BYTES });
  const services = addApiServices(server, registry);
  new HealthStatus().addTo(server);
  const listen = options.listen ?? '127.0.0.1:6443';
  const port = await bind(server, listen);
  const host = listen.slice(0, listen.lastIndexOf(':'));

  return {
    address: `${host}:${port}`,
    registry,
    openWatches: services.openWatches,
    async stop() {
      await namespaceController.stop();
      lifecycle.stop();
      await registry.stop();
      await new Promise<void>((resolve) => server.tryShutdown(() => resolve()));
      storage.close();
    },
  };
}

export { Registry } from './registry/registry';
export { GenericStore } from './registry/generic-store';
export { etcdClientOptions } from './storage/etcd-storage';
export type { WatchCacheOptions } from './watch/watch-cache';
