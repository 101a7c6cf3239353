// Simulated nodes for tests without a scheduler or kubelet: watches pods, binds
// unbound ones round-robin to fake node names (through pods/binding, as a
// scheduler does), reports bound pods Running with Ready=True and ready
// containers (through the status subresource, as a kubelet does), and finishes
// graceful deletes of pods on its nodes with gracePeriodSeconds 0 (as a kubelet
// does once the containers stopped). Nodes it registers also renew their Lease
// in kube-node-lease every 10 s, so the node lifecycle controller sees them
// alive; stopNode() silences one as a killed kubelet. Addresses are on loopback (127.x), so
// nothing sent to them can leave the machine.
import { deepCopy, isAlreadyExists, isConflict, isNotFound, KObject } from '@kctl/api';
import { ApiClient, Clock, every, Informer, keyOf, realClock, runWorkers, WorkQueue } from '@kctl/client';
import type { PodObject } from '@kctl/api';
import { formatTime, setCondition } from '@kctl/api';
import { NodeHeartbeats } from './node-heartbeats';

export interface SimulatedNodesOptions {
  client: ApiClient;
  /** Node names, or how many to make up (node-1 … node-N). Default 3. */
  nodes?: number | string[];
  /** Only pods in this namespace. Default all. */
  namespace?: string;
  /** Only pods matching this label selector. */
  labelSelector?: string;
  /** Bind unbound pods (turn off when a real scheduler runs). Default true. */
  bind?: boolean;
  /** Also create Node objects reporting Ready. Default false. */
  registerNodes?: boolean;
  /** Renew each node's Lease in kube-node-lease, as a kubelet does. Default: when registering nodes. */
  renewLeases?: boolean;
  /** Time between Lease renewals. Default 10 s (the kubelet's). */
  leaseRenewIntervalMs?: number;
  /** Whether a pod should report ready; evaluated on every change of it. Default: always. */
  ready?: (pod: PodObject) => boolean;
  clock?: Clock;
  workers?: number;
}

export interface SimulatedNodes {
  readonly nodes: readonly string[];
  /** Looks at every pod again (after the ready callback changed its mind). */
  resync(): void;
  /** The node's kubelet goes silent, as if killed: no Lease renewals, no pod status, no finished deletes. */
  stopNode(name: string): void;
  /** The node's kubelet comes back: renews its Lease, posts Ready=True, and looks at its pods again. */
  startNode(name: string): Promise<void>;
  stop(): Promise<void>;
}

export async function startSimulatedNodes(options: SimulatedNodesOptions): Promise<SimulatedNodes> {
  const { client } = options;
  const clock = options.clock ?? realClock;
  const nodes = typeof options.nodes === 'object' ? [...options.nodes] : Array.from({ length: options.nodes ?? 3 }, (_, i) => `node-${i + 1}`);
  if (nodes.length === 0) throw new Error('simulated nodes: at least one node is needed');
  const bind = options.bind ?? true;
  const ready = options.ready ?? ((): boolean => true);
  const silent = new Set<string>();
  const alive = (): string[] => nodes.filter((n) => !silent.has(n));
  const hostIP = (node: string): string => `127.0.1.${nodes.indexOf(node) + 1}`;
  const podIPs = new Map<string, string>();
  let nextIP = 0;
  const podIP = (pod: PodObject): string => {
    const uid = pod.metadata.uid ?? '';
    let ip = podIPs.get(uid);
    if (!ip) {
      const n = nextIP++;
      ip = `127.2.${Math.floor(n / 250) % 250}.${(n % 250) + 1}`;
      podIPs.set(uid, ip);
    }
    return ip;
  };

  if (options.registerNodes) {
    for (const name of nodes) {
      const node: KObject = {
        apiVersion: 'v1',
        kind: 'Node',
        metadata: { name, labels: { 'kubernetes.io/hostname': name, 'kubernetes.io/os': 'linux' } },
        spec: {},
        status: {
          capacity: { cpu: '4', memory: '8Gi', pods: '110' },
          allocatable: { cpu: '4', memory: '8Gi', pods: '110' },
          addresses: [{ type: 'InternalIP', address: hostIP(name) }, { type: 'Hostname', address: name }],
          conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'simulated node is ready', lastHeartbeatTime: formatTime(clock.now()), lastTransitionTime: formatTime(clock.now()) }],
        },
      };
      try {
        await client.create('nodes', node);
      } catch (err) {
        if (!isAlreadyExists(err)) throw err;
      }
    }
  }

  const informer = new Informer<PodObject>(client, 'pods', { namespace: options.namespace, labelSelector: options.labelSelector, clock });
  const queue = new WorkQueue({ clock });
  informer.addEventHandler({
    onAdd: (pod) => queue.add(keyOf(pod)),
    onUpdate: (_old, pod) => queue.add(keyOf(pod)),
  });
  let turn = 0;

  const reconcile = async (key: string): Promise<void> => {
    const pod = informer.get(key);
    if (!pod) return;
    const namespace = pod.metadata.namespace ?? '';
    const name = pod.metadata.name ?? '';
    const node = pod.spec?.nodeName;
    if (node && silent.has(node)) return;
    try {
      if (pod.metadata.deletionTimestamp) {
        if (node && nodes.includes(node)) await client.delete('pods', namespace, name, { gracePeriodSeconds: 0, preconditions: { uid: pod.metadata.uid } });
        return;
      }
      if (!node) {
        // Like a scheduler avoiding a tainted node, binding skips the nodes whose kubelet is stopped.
        const candidates = alive();
        if (bind && candidates.length > 0) await client.bind(namespace, name, candidates[turn++ % candidates.length]!, pod.metadata.uid);
        return;
      }
      if (!nodes.includes(node)) return;
      const phase = pod.status?.phase;
      if (phase === 'Succeeded' || phase === 'Failed') return;
      const isReady = ready(pod);
      const flag = isReady ? 'True' : 'False';
      const now = formatTime(clock.now());
      let conditions = [...(pod.status?.conditions ?? [])];
      conditions = setCondition(conditions, { type: 'PodScheduled', status: 'True', lastTransitionTime: now });
      conditions = setCondition(conditions, { type: 'Initialized', status: 'True', lastTransitionTime: now });
      conditions = setCondition(conditions, { type: 'ContainersReady', status: flag, lastTransitionTime: now });
      conditions = setCondition(conditions, { type: 'Ready', status: flag, lastTransitionTime: now });
      const startedAt = pod.status?.startTime ?? now;
      const containerStatuses = (pod.spec?.containers ?? []).map((c) => ({
        name: c.name,
        image: c.image ?? '',
        imageID: '',
        containerID: `sim://${pod.metadata.uid}/${c.name}`,
        ready: isReady,
        started: true,
        restartCount: 0,
        state: { running: { startedAt } },
      }));
      const status = { ...pod.status, phase: 'Running', hostIP: hostIP(node), podIP: podIP(pod), podIPs: [{ ip: podIP(pod) }], startTime: startedAt, conditions, containerStatuses };
      // Compare ignoring transition times of unchanged conditions (kept above) to avoid rewriting.
      if (JSON.stringify(status) === JSON.stringify(pod.status)) return;
      const copy = deepCopy(pod);
      copy.status = status;
      await client.updateStatus('pods', copy);
    } catch (err) {
      // Gone, or changed meanwhile: the informer brings the next state.
      if (isNotFound(err) || isConflict(err)) return;
      throw err;
    }
  };

  informer.start();
  await informer.waitForSync();
  const workers = runWorkers(queue, reconcile, { workers: options.workers ?? 4 });
  const heartbeats = new NodeHeartbeats(client, clock);
  let renewal: Promise<void> = Promise.resolve();
  let renewTimer: { cancel(): void } | undefined;
  if (options.renewLeases ?? options.registerNodes ?? false) {
    await heartbeats.renewAll(nodes);
    renewTimer = every(clock, options.leaseRenewIntervalMs ?? 10_000, () => {
      // A renewal still in flight is not doubled; the next tick catches up.
      renewal = renewal.then(() => heartbeats.renewAll(alive()));
    });
  }
  const resync = (): void => {
    for (const pod of informer.list()) queue.add(keyOf(pod));
  };

  return {
    nodes,
    resync,
    stopNode: (name) => {
      silent.add(name);
    },
    async startNode(name) {
      silent.delete(name);
      await heartbeats.renewAll([name]);
      await heartbeats.postReady(name);
      resync();
    },
    async stop() {
      renewTimer?.cancel();
      await renewal;
      queue.shutDown();
      await workers;
      await informer.stop();
    },
  };
}
