// A real etcd + apiserver for integration tests, on free loopback ports.
import { startEtcd } from '@kctl/etcd';
import { startApiServer } from '@kctl/apiserver';
import { ApiClient } from '@kctl/client';

export interface TestCluster {
  /** host:port of the apiserver. */
  address: string;
  client: ApiClient;
  stop(): Promise<void>;
}

export async function startTestCluster(): Promise<TestCluster> {
  const etcd = await startEtcd();
  try {
    const api = await startApiServer({ etcdEndpoints: [etcd.endpoint], listen: '127.0.0.1:0' });
    const client = new ApiClient({ server: api.address, timeoutMs: 10_000 });
    return {
      address: api.address,
      client,
      async stop() {
        client.close();
        await api.stop();
        await etcd.stop();
      },
    };
  } catch (err) {
    await etcd.stop();
    throw err;
  }
}
