// Integration-test fixture: the shared control plane (a real etcd on
// loopback, an apiserver, a client), simulated nodes, and helpers to run
// controller-managers and to wait for states (polling with generous timeouts;
// tests assert states, never times).
import { ApiClient } from '@kctl/client';
import { ControlPlane, eventually as poll, startControlPlane } from '@kctl/testing';
import { ControllerManagerHandle, ControllerManagerOptions, start } from '../manager';
import { startSimulatedNodes, SimulatedNodes } from '../testing/simulated-nodes';
import type { DeploymentObject, PodObject, ReplicaSetObject } from '@kctl/api';
import { Logger } from '../util/client-types';

export interface TestCluster extends ControlPlane {
  nodes: SimulatedNodes;
  /** Errors the controller-managers logged (conflicts are not logged). */
  errors: string[];
  logger: Logger;
  startManager(options?: Partial<ControllerManagerOptions>): Promise<ControllerManagerHandle>;
}

/** Simulated pods report ready unless their first image mentions "unready". */
export const defaultReadiness = (pod: PodObject): boolean => !(pod.spec?.containers?.[0]?.image ?? '').includes('unready');

export async function startTestCluster(options: { nodes?: boolean } = {}): Promise<TestCluster> {
  const cp = await startControlPlane({ clientTimeoutMs: 10_000 });
  const { client, address } = cp;
  const none: SimulatedNodes = { nodes: [], resync: () => undefined, stopNode: () => undefined, startNode: async () => undefined, stop: async () => undefined };
  // Registered Nodes renewing their Leases, so the node lifecycle controller and pod GC leave them and their pods alone.
  const nodes = options.nodes === false ? none : await startSimulatedNodes({ client, ready: defaultReadiness, registerNodes: true });
  const errors: string[] = [];
  const logger: Logger = { info: () => undefined, error: (m) => errors.push(m) };
  const managers: ControllerManagerHandle[] = [];
  return {
    ...cp,
    nodes,
    errors,
    logger,
    async startManager(extra = {}) {
      const handle = await start({ server: address, leaderElection: false, workers: 3, logger, freezeCaches: true, ...extra });
      managers.push(handle);
      return handle;
    },
    async stop() {
      if (process.env['CM_DEBUG']) console.log(errors.join('\n'));
      for (const m of managers) await m.stop();
      await nodes.stop();
      await cp.stop();
    },
  };
}

/** The shared eventually() with the longer default these controller tests wait for. */
export const eventually = <T>(check: () => Promise<T> | T, timeoutMs = 30_000): Promise<T> => poll(check, timeoutMs);

export function newDeployment(name: string, options: { replicas?: number; image?: string; namespace?: string; spec?: Partial<DeploymentObject['spec']>; annotations?: Record<string, string> } = {}): DeploymentObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: options.namespace ?? 'default', annotations: options.annotations },
    spec: {
      replicas: options.replicas ?? 3,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name: 'main', image: options.image ?? 'busybox:1.0' }] },
      },
      ...options.spec,
    },
  };
}

export async function listPods(client: ApiClient, namespace: string, labelSelector: string): Promise<PodObject[]> {
  return (await client.list<PodObject>('pods', { namespace, labelSelector })).items;
}

export async function listReplicaSets(client: ApiClient, namespace: string, labelSelector: string): Promise<ReplicaSetObject[]> {
  return (await client.list<ReplicaSetObject>('replicasets', { namespace, labelSelector })).items;
}

export const isReady = (pod: PodObject): boolean => !pod.metadata.deletionTimestamp && (pod.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');

/** Waits for a Deployment's rollout to finish: status matches spec for the current generation and only the new pods remain. */
export async function waitForRollout(client: ApiClient, namespace: string, name: string, timeoutMs = 60_000): Promise<DeploymentObject> {
  return eventually(async () => {
    const d = await client.get<DeploymentObject>('deployments', namespace, name);
    const want = d.spec.replicas ?? 1;
    const s = d.status ?? {};
    expect({ observed: s.observedGeneration, updated: s.updatedReplicas ?? 0, replicas: s.replicas ?? 0, available: s.availableReplicas ?? 0 }).toEqual({
      observed: d.metadata.generation,
      updated: want,
      replicas: want,
      available: want,
    });
    const pods = await listPods(client, namespace, `app=${name}`);
    expect(pods.length).toBe(want);
    return d;
  }, timeoutMs);
}
