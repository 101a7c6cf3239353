// Fixture: a real etcd and apiserver on loopback, with a client.
import { ApiClient } from '@kctl/client';
import { EtcdHandle, startEtcd } from '@kctl/etcd';
import { ApiServerHandle, startApiServer } from '@kctl/apiserver';

export interface ControlPlane {
  etcd: EtcdHandle;
  apiserver: ApiServerHandle;
  address: string;
  client: ApiClient;
  stop(): Promise<void>;
}

export async function startControlPlane(): Promise<ControlPlane> {
  const etcd = await startEtcd();
  const apiserver = await startApiServer({ etcdEndpoints: [etcd.endpoint], listen: '127.0.0.1:0' });
  const client = new ApiClient({ server: apiserver.address });
  return {
    etcd,
    apiserver,
    address: apiserver.address,
    client,
    async stop() {
      client.close();
      await apiserver.stop();
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
