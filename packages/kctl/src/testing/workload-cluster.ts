// The shared control plane (a real etcd + apiserver) + controller-manager with
// simulated nodes, for integration tests of the workload and node verbs. The
// controller-manager's simulated nodes play the kubelets (Node objects,
// Running/Ready pods, finishing graceful deletes); binding is done here by a
// small scheduler stand-in that, like the real scheduler, never places pods on
// nodes marked spec.unschedulable (the simulated nodes' own binder ignores
// cordons).
import { isConflict, isNotFound, KObject } from '@kctl/api';
import { ApiClient, Informer, keyOf, runWorkers, splitKey, WorkQueue } from '@kctl/client';
import { start as startControllerManager, testing as cmTesting, ControllerManagerHandle } from '@kctl/controller-manager';
import { startControlPlane } from '@kctl/testing';

export interface WorkloadCluster {
  address: string;
  client: ApiClient;
  /** The simulated node names (Node objects exist for them). */
  nodes: readonly string[];
  stop(): Promise<void>;
}

interface PodShape extends KObject {
  spec?: { nodeName?: string; containers?: { image?: string }[] };
}

/** Pods whose first image mentions "unready" never report ready. */
export const readiness = (pod: PodShape): boolean => !(pod.spec?.containers?.[0]?.image ?? '').includes('unready');

/** Binds unbound pods round-robin to the given nodes that are not cordoned; retries while none is. */
async function startBinder(client: ApiClient, nodes: readonly string[]): Promise<{ stop(): Promise<void> }> {
  const informer = new Informer<PodShape>(client, 'pods');
  const queue = new WorkQueue();
  informer.addEventHandler({ onAdd: (p) => queue.add(keyOf(p)), onUpdate: (_o, p) => queue.add(keyOf(p)) });
  let turn = 0;
  const reconcile = async (key: string): Promise<void | { requeueAfterMs: number }> => {
    const pod = informer.get(key);
    if (!pod || pod.spec?.nodeName || pod.metadata.deletionTimestamp) return;
    const live = (await client.listAll('nodes')).items.filter((n) => nodes.includes(n.metadata.name ?? '') && !(n.spec as { unschedulable?: boolean } | undefined)?.unschedulable);
    if (live.length === 0) return { requeueAfterMs: 200 };
    const node = live[turn++ % live.length]!.metadata.name ?? '';
    const { namespace, name } = splitKey(key);
    try {
      await client.bind(namespace, name, node, pod.metadata.uid);
    } catch (err) {
      if (!isNotFound(err) && !isConflict(err)) throw err;
    }
  };
  informer.start();
  await informer.waitForSync();
  const workers = runWorkers(queue, reconcile, { workers: 2 });
  return {
    async stop() {
      queue.shutDown();
      await workers;
      await informer.stop();
    },
  };
}

export async function startWorkloadCluster(options: { nodes?: string[] } = {}): Promise<WorkloadCluster> {
  const names = options.nodes ?? ['node-1', 'node-2', 'node-3'];
  const stops: (() => Promise<void>)[] = [];
  const stopAll = async (): Promise<void> => {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
  };
  try {
    const cp = await startControlPlane({ clientTimeoutMs: 10_000 });
    stops.push(() => cp.stop());
    const { client, address } = cp;
    const sim = await cmTesting.startSimulatedNodes({ client, nodes: names, bind: false, registerNodes: true, ready: readiness });
    stops.push(() => sim.stop());
    const binder = await startBinder(client, names);
    stops.push(() => binder.stop());
    const manager: ControllerManagerHandle = await startControllerManager({
      server: address,
      leaderElection: false,
      workers: 2,
      logger: { info: () => undefined, error: () => undefined },
    });
    stops.push(() => manager.stop());
    return { address, client, nodes: names, stop: stopAll };
  } catch (err) {
    await stopAll();
    throw err;
  }
}
