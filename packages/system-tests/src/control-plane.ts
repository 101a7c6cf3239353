// Fixture: a real etcd and apiserver on loopback, with a client.
import { ApiClient } from '@kctl/client';
import { EtcdHandle, startEtcd } from '@kctl/etcd';
import { ApiServerHandle, startApiServer } from '@kctl/apiserver';

export interface ControlPlane {
  etcd: EtcdHandle;
  address: string;
  client: ApiClient;
  /** Stops the apiserver (etcd keeps running) until startApiServer(). */
  stopApiServer(): Promise<void>;
  /** Starts the apiserver again on the same address. */
  startApiServer(): Promise<void>;
  stop(): Promise<void>;
}

export async function startControlPlane(): Promise<ControlPlane> {
  const etcd = await startEtcd();
  let apiserver: ApiServerHandle | undefined = await startApiServer({ etcdEndpoints: [etcd.endpoint], listen: '127.0.0.1:0' });
  const address = apiserver.address;
  const client = new ApiClient({ server: address });
  const stopApiServer = async (): Promise<void> => {
    await apiserver?.stop();
    apiserver = undefined;
  };
  return {
    etcd,
    address,
    client,
    stopApiServer,
    async startApiServer() {
      apiserver ??= await startApiServer({ etcdEndpoints: [etcd.endpoint], listen: address });
    },
    async stop() {
      client.close();
      await stopApiServer();
      await etcd.stop();
    },
  };
}

/** Polls until check passes, then returns; re-throws the last failure after timeoutMs. */
export async function eventually<T>(check: () => Promise<T> | T, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}
