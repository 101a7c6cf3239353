// The kubelet as a library: startKubelet(options) checks the runtime, registers
// the Node, keeps its status and Lease fresh and runs the pods bound to it.
// Many can run in one process (hollow nodes on the fake runtime).
import { deepCopy, isNotFound } from '@kctl/api';
import type { NodeObject } from '@kctl/api';
import { ApiClient, Clock, realClock } from '@kctl/client';
import type { ContainerRuntime } from './runtime/runtime';
import { MachineInfo, readMachineInfo } from './node/machine-info';
import { NodeLease } from './node/node-lease';
import { initialNode, machineResources, NodeIdentity, NodeResources, nodeStatus, StatusInputs } from './node/node-status';
import { registerNode } from './node/registration';
import { RuntimeHealth } from './node/runtime-health';
import { NodeStatusReporter } from './node/status-reporter';
import { PodChange, PodManager } from './pod/pod-manager';
import { PodLifecycle } from './pod/pod-lifecycle';
import { PodWorkers } from './pod/pod-workers';
import { RelistingPleg } from './pod/pleg';
import { RuntimePodSyncer } from './pod/runtime-syncer';
import { PodStatusManager } from './pod/status-manager';
import type { PodObject } from '@kctl/api';

export type Logger = (message: string) => void;

export interface KubeletOptions extends NodeIdentity {
  /** host:port of the apiserver; ignored when client is given. */
  server?: string;
  /** Use this client (it is then not closed on stop). */
  client?: ApiClient;
  runtime: ContainerRuntime;
  /** Machine facts; fields given replace what the machine says (hollow nodes pass all). */
  machine?: Partial<MachineInfo>;
  /** Capacity and allocatable; default from the machine with maxPods. */
  resources?: NodeResources;
  /** Default 110. */
  maxPods?: number;
  /** Default 40; the Lease is renewed every quarter of it. */
  leaseDurationSeconds?: number;
  /** How often the status is checked. Default 10 s. */
  nodeStatusUpdateFrequencyMs?: number;
  /** How often an unchanged status is written anyway (heartbeat). Default 5 min. */
  nodeStatusReportFrequencyMs?: number;
  /** How often the runtime's health is asked. Default 5 s. */
  runtimeCheckPeriodMs?: number;
  /** Delete the Node on stop() (a graceful leave); default false: the node goes silent. */
  deleteNodeOnStop?: boolean;
  /** Deadline for API calls. Default 30 s. */
  requestTimeoutMs?: number;
  clock?: Clock;
  log?: Logger;
  /** Told of every pod change (the pod manager's view). */
  onPodChange?(change: PodChange, pod: PodObject): void;
  /** Deep-freeze informer objects (tests). */
  freezeCache?: boolean;
  /** DNS servers written into every pod sandbox. */
  clusterDNS?: string[];
  /** How often the runtime is relisted for container changes. Default 1 s. */
  relistPeriodMs?: number;
}

export interface KubeletHandle {
  readonly nodeName: string;
  /** Resolves once the Node is registered, its status and Lease written and the pods listed. */
  readonly ready: Promise<void>;
  readonly podManager: PodManager;
  readonly podWorkers: PodWorkers;
  readonly runtime: ContainerRuntime;
  /** The Node as last written by this kubelet. */
  node(): NodeObject | undefined;
  /** Checks the runtime and writes the status now if it changed. */
  syncNodeStatus(): Promise<void>;
  stop(): Promise<void>;
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve = (): void => {};
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

export async function startKubelet(options: KubeletOptions): Promise<KubeletHandle> {
  const clock = options.clock ?? realClock;
  const log = options.log ?? ((): void => {});
  const { nodeName, runtime } = options;
  if (!options.client && !options.server) throw new Error('kubelet: server or client is required');
  const client = options.client ?? new ApiClient({ server: options.server!, timeoutMs: options.requestTimeoutMs });
  const machine: MachineInfo = { ...readMachineInfo(), ...options.machine };
  const resources = options.resources ?? machineResources(machine, options.maxPods);
  const complain = (what: string) => (err: unknown) => log(`${nodeName}: ${what}: ${(err as Error).message}`);

  const health = new RuntimeHealth(runtime, complain('container runtime'));
  await health.check();
  const inputs = (previous?: StatusInputs['previous']): StatusInputs => ({
    identity: options, machine, resources, containerRuntimeVersion: health.versionString, runtime: health.status, now: clock.now(), previous,
  });

  const abort = new AbortController();
  let node: NodeObject | undefined;
  const register = async (): Promise<NodeObject> => {
    node = await registerNode(initialNode(inputs()), { client, clock, signal: abort.signal, onError: complain('registering the node') });
    return node;
  };

  const statusWritten = deferred();
  const reporter = new NodeStatusReporter({
    client, clock, nodeName,
    updateFrequencyMs: options.nodeStatusUpdateFrequencyMs,
    reportFrequencyMs: options.nodeStatusReportFrequencyMs,
    desiredStatus: (previous) => nodeStatus(inputs(previous)),
    reregister: register,
    onWritten: (written) => {
      node = written;
      statusWritten.resolve();
    },
    onError: complain('updating the node status'),
  });
  const leaseRenewed = deferred();
  const lease = new NodeLease({
    client, clock, nodeName,
    leaseDurationSeconds: options.leaseDurationSeconds,
    nodeUid: () => node?.metadata.uid,
    onRenewed: leaseRenewed.resolve,
    onError: complain('renewing the node lease'),
  });
  // Pods: informer events and runtime changes drive one worker per pod UID.
  const podByUid = (uid: string): PodObject | undefined => podManager.pods().find((p) => p.metadata.uid === uid);
  const resync = (uid: string): void => {
    const pod = podByUid(uid);
    if (pod) podWorkers.update(pod);
  };
  const runtimeSyncer = new RuntimePodSyncer(runtime, { clock, getter: client, nodeIP: options.nodeIP, dnsServers: options.clusterDNS, resync });
  const podWorkers = new PodWorkers({
    clock,
    syncer: new PodLifecycle({
      runtime: runtimeSyncer, status: new PodStatusManager(client), clock, nodeIP: options.nodeIP ?? '',
      runtimeName: () => health.versionString?.split('://')[0] ?? 'unknown',
    }),
    onError: (pod, err) => complain(`syncing pod ${pod.metadata.namespace}/${pod.metadata.name}`)(err),
  });
  const pleg = new RelistingPleg({ runtime, clock, periodMs: options.relistPeriodMs, onPodChanged: resync, onError: complain('relisting the runtime') });
  const podManager = new PodManager({
    client, clock, nodeName, freeze: options.freezeCache,
    onChange: (change, pod) => {
      log(`${nodeName}: pod ${pod.metadata.namespace}/${pod.metadata.name} ${change}`);
      if (change === 'deleted') podWorkers.remove(pod);
      else podWorkers.update(pod);
      options.onPodChange?.(change, pod);
    },
    onError: complain('watching pods'),
  });

  let stopped = false;
  const run = async (): Promise<void> => {
    await register();
    if (stopped) return;
    log(`${nodeName}: registered (runtime ${health.versionString ?? 'unknown'})`);
    reporter.start();
    lease.start();
    health.start(clock, () => reporter.wake(), options.runtimeCheckPeriodMs);
    podManager.start();
    pleg.start();
    await Promise.all([statusWritten.promise, leaseRenewed.promise, podManager.waitForSync()]);
  };
  const ready = run();
  // stop() before registration finished rejects run(); callers who never await ready must not see that.
  ready.catch(() => {});

  return {
    nodeName,
    ready,
    podManager,
    podWorkers,
    runtime,
    node: () => node && deepCopy(node),
    async syncNodeStatus() {
      await health.check();
      await reporter.sync();
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      abort.abort();
      // The pods' containers keep running: a restarted kubelet adopts them.
      runtimeSyncer.stop();
      await Promise.all([lease.stop(), reporter.stop(), health.stop(), podManager.stop(), pleg.stop()]);
      await podWorkers.stop();
      if (options.deleteNodeOnStop) {
        try {
          await client.delete('nodes', '', nodeName);
        } catch (err) {
          if (!isNotFound(err)) complain('deleting the node')(err);
        }
      }
      if (!options.client) client.close();
      log(`${nodeName}: stopped`);
    },
  };
}
