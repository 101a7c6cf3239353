// Test fixture: the shared control plane (a real etcd and apiserver on
// loopback, a client) plus helpers to create nodes and pods the way a kubelet
// and a user would.
import { NodeObject, PodObject } from '@kctl/api';
import { ControlPlane, startControlPlane } from '@kctl/testing';

import { makeNode, makePod, NodeFixture, PodFixture } from './fixtures';

export { eventually } from '@kctl/testing';

export interface TestCluster extends ControlPlane {
  /** Creates a Node with status.allocatable and a Ready=True condition (as a kubelet would register it). */
  createNode(name: string, f?: NodeFixture): Promise<NodeObject>;
  createPod(name: string, f?: PodFixture): Promise<PodObject>;
  getPod(name: string, namespace?: string): Promise<PodObject>;
}

export async function startTestCluster(): Promise<TestCluster> {
  const cp = await startControlPlane({ clientTimeoutMs: 10_000 });
  const { client } = cp;
  return {
    ...cp,
    createNode: (name, f) => {
      const node = makeNode(name, f);
      return client.create('nodes', { ...node, metadata: { ...node.metadata, uid: undefined } });
    },
    createPod: (name, f) => {
      const pod = makePod(name, f);
      return client.create('pods', { ...pod, metadata: { ...pod.metadata, uid: undefined }, status: undefined });
    },
    getPod: (name, namespace = 'default') => client.get<PodObject>('pods', namespace, name),
  };
}
