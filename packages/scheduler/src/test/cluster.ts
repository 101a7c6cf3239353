// Test fixture: a real etcd and apiserver on loopback, a client, and helpers
// to create nodes and pods the way a kubelet and a user would.
import { ApiServerHandle, startApiServer } from '@kctl/apiserver';
import { ApiClient } from '@kctl/client';
import { EtcdHandle, startEtcd } from '@kctl/etcd';
import { NodeObject, PodObject } from '../types';
import { makeNode, makePod, NodeFixture, PodFixture } from './fixtures';

export interface TestCluster {
  etcd: EtcdHandle;
  server: ApiServerHandle;
  client: ApiClient;
  /** Creates a Node with status.allocatable and a Ready=True condition (as a kubelet would register it). */
  createNode(name: string, f?: NodeFixture): Promise<NodeObject>;
  createPod(name: string, f?: PodFixture): Promise<PodObject>;
  getPod(name: string, namespace?: string): Promise<PodObject>;
  stop(): Promise<void>;
}

export async function startTestCluster(): Promise<TestCluster> {
  const etcd = await startEtcd();
  const server = await startApiServer({ etcdEndpoints: [etcd.endpoint], listen: '127.0.0.1:0' });
  const client = new ApiClient({ server: server.address, timeoutMs: 10_000 });
  return {
    etcd,
    server,
    client,
    createNode: (name, f) => {
      const node = makeNode(name, f);
      return client.create('nodes', { ...node, metadata: { ...node.metadata, uid: undefined } });
    },
    createPod: (name, f) => {
      const pod = makePod(name, f);
      return client.create('pods', { ...pod, metadata: { ...pod.metadata, uid: undefined }, status: undefined });
    },
    getPod: (name, namespace = 'default') => client.get<PodObject>('pods', namespace, name),
    async stop() {
      client.close();
      await server.stop();
      await etcd.stop();
    },
  };
}

/** Polls until check passes or the deadline (in ms) expires, then re-throws the last failure. */
export async function eventually(check: () => Promise<void> | void, timeoutMs = 15_000): Promise<void> {
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
