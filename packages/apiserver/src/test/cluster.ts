import { StatusError, StatusReason } from '@kctl/api';
// Test fixture: a real etcd on loopback plus an apiserver and a client.
import { ApiClient } from '@kctl/client';
import { EtcdHandle, startEtcd } from '@kctl/etcd';
import { Etcd3 } from 'etcd3';
import { ApiServerHandle, ApiServerOptions, startApiServer } from '../index';

export interface TestCluster {
  etcd: EtcdHandle;
  server: ApiServerHandle;
  client: ApiClient;
  /** A raw etcd client, to check what really is stored. */
  raw: Etcd3;
  /** Stops and starts the apiserver on the same port (etcd keeps running). */
  restartApiServer(): Promise<void>;
  stop(): Promise<void>;
}

export async function startTestCluster(options: Partial<ApiServerOptions> = {}): Promise<TestCluster> {
  const etcd = await startEtcd();
  const start = (listen: string): Promise<ApiServerHandle> => startApiServer({ etcdEndpoints: [etcd.endpoint], listen, ...options });
  let server = await start('127.0.0.1:0');
  const client = new ApiClient({ server: server.address, timeoutMs: 10_000 });
  const raw = new Etcd3({ hosts: etcd.endpoint });
  return {
    etcd,
    get server() {
      return server;
    },
    client,
    raw,
    async restartApiServer() {
      await server.stop();
      server = await start(server.address);
      // The client's channel reconnects with backoff; wait until it is through.
      await eventually(async () => {
        await client.list('namespaces', { limit: 1 });
      });
    },
    async stop() {
      client.close();
      raw.close();
      await server.stop();
      await etcd.stop();
    },
  };
}

/** Polls until check passes or the deadline (in ms) expires, then re-throws the last failure. */
export async function eventually(check: () => Promise<void> | void, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await check();
      return;
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

/** Awaits a promise that must fail with a StatusError of the given reason, and returns the error. */
export async function rejectsWith(promise: Promise<unknown>, reason: StatusReason): Promise<StatusError> {
  const err = await promise.then(
    () => new Error(`expected a ${reason} error, but the call succeeded`),
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(StatusError);
  expect((err as StatusError).reason).toBe(reason);
  return err as StatusError;
}
