// Fixture: a real etcd and apiserver on loopback, with a client.
import { ApiClient } from '@kctl/client';
import { EtcdHandle, startEtcd } from '@kctl/etcd';
import { ApiServerHandle, ApiServerOptions, startApiServer } from '@kctl/apiserver';

export interface ControlPlane {
  etcd: EtcdHandle;
  /** host:port of the apiserver. */
  address: string;
  client: ApiClient;
  /** The running apiserver, if any (undefined between stopApiServer and startApiServer). */
  readonly apiServer: ApiServerHandle | undefined;
  /** Stops the apiserver (etcd keeps running) until startApiServer(). */
  stopApiServer(): Promise<void>;
  /** Starts the apiserver again on the same address. */
  startApiServer(): Promise<void>;
  /** Closes the client, then stops the apiserver and etcd. */
  stop(): Promise<void>;
}

export interface ControlPlaneOptions {
  /** The client's per-request timeout; the client's default when unset. */
  clientTimeoutMs?: number;
  /** Passed to the apiserver (watch cache size, compaction interval, clock). */
  apiServer?: Partial<Omit<ApiServerOptions, 'etcdEndpoints' | 'listen'>>;
}

export async function startControlPlane(options: ControlPlaneOptions = {}): Promise<ControlPlane> {
  const etcd = await startEtcd();
  let apiserver: ApiServerHandle | undefined;
  const launch = (listen: string): Promise<ApiServerHandle> => startApiServer({ ...options.apiServer, etcdEndpoints: [etcd.endpoint], listen });
  try {
    apiserver = await launch('127.0.0.1:0');
  } catch (err) {
    await etcd.stop();
    throw err;
  }
  const address = apiserver.address;
  const client = new ApiClient({ server: address, timeoutMs: options.clientTimeoutMs });
  const stopApiServer = async (): Promise<void> => {
    await apiserver?.stop();
    apiserver = undefined;
  };
  return {
    etcd,
    address,
    client,
    get apiServer() {
      return apiserver;
    },
    stopApiServer,
    async startApiServer() {
      apiserver ??= await launch(address);
    },
    async stop() {
      client.close();
      await stopApiServer();
      await etcd.stop();
    },
  };
}
