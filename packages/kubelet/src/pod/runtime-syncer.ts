// Runs pods on a ContainerRuntime, level-triggered: each pass compares the spec
// with what the runtime holds for the pod (found by the labels Kubernetes puts
// on sandboxes and containers, so a restarted kubelet adopts what its runtime
// still runs) and takes the steps still missing, each safe to repeat: a ready
// sandbox, init containers one at a time to completion, then the containers in
// order, restarted per restartPolicy with Kubernetes' backoff. What failed on
// the way (image pulls, configuration, creates, backoff) is kept per container
// for the pod status, and a pass in backoff asks for a resync when it ends.
import { isNotFound } from '@kctl/api';
import type { PodObject } from '@kctl/api';
import type { Clock, TimerHandle } from '@kctl/client';
import { isRuntimeError } from '../runtime/errors';
import type { ContainerRuntime, ContainerStatus, PodSandboxConfig } from '../runtime/runtime';
import { Backoff } from './backoff';
import { ContainerConfigError, containerEnv, ObjectGetter } from './container-env';
import { attemptsOf, ContainerWaiting, ObservedPod } from './pod-status';

type SpecContainer = NonNullable<PodObject['spec']>['containers'][number];

export const POD_UID_LABEL = 'io.kubernetes.pod.uid';
export const POD_NAME_LABEL = 'io.kubernetes.pod.name';
export const POD_NAMESPACE_LABEL = 'io.kubernetes.pod.namespace';
export const CONTAINER_NAME_LABEL = 'io.kubernetes.container.name';

export interface RuntimeSyncerOptions {
  /** DNS for every sandbox: pods must not inherit the host's resolver here. */
  dnsServers?: string[];
  clock?: Clock;
  /** Reads the ConfigMaps and Secrets env refers to. */
  getter?: ObjectGetter;
  /** The node's IP, for status.hostIP in env. */
  nodeIP?: string;
  /** Called when a pod's backoff ended and it should be synced again. */
  resync?(uid: string): void;
}

export function sandboxConfig(pod: PodObject, options: RuntimeSyncerOptions = {}, attempt = 0): PodSandboxConfig {
  const { name = '', namespace = 'default', uid = '' } = pod.metadata;
  return {
    metadata: { name, namespace, uid, attempt },
    hostname: pod.spec?.hostname ?? name,
    logDirectory: `/var/log/pods/${namespace}_${name}_${uid}`,
    dnsConfig: { servers: options.dnsServers ?? [], searches: [`${namespace}.svc.cluster.local`, 'svc.cluster.local', 'cluster.local'], options: ['ndots:5'] },
    portMappings: (pod.spec?.containers ?? []).flatMap((c) =>
      (c.ports ?? []).filter((p) => p.hostPort).map((p) => ({ protocol: (p.protocol ?? 'TCP') as 'TCP' | 'UDP' | 'SCTP', containerPort: p.containerPort, hostPort: p.hostPort, hostIp: p.hostIP })),
    ),
    labels: { ...pod.metadata.labels, [POD_UID_LABEL]: uid, [POD_NAME_LABEL]: name, [POD_NAMESPACE_LABEL]: namespace },
  };
}

function shouldRestart(pod: PodObject, exited: ContainerStatus, init: boolean): boolean {
  const policy = pod.spec?.restartPolicy ?? 'Always';
  // An init container that failed is retried unless the policy is Never; one that succeeded is done.
  if (init) return policy !== 'Never' && exited.exitCode !== 0;
  return policy === 'Always' || (policy === 'OnFailure' && exited.exitCode !== 0);
}

/** When a container could not be configured, created or started, the next try (Kubernetes' pod worker backoff). */
const RETRY_MS = 10_000;

/** Why a start did not happen; the pass goes no further for that container. */
class Blocked extends Error {}

export class RuntimePodSyncer {
  private readonly waiting = new Map<string, Map<string, ContainerWaiting>>();
  private readonly crashBackoff = new Backoff();
  private readonly pullBackoff = new Backoff();
  private readonly resyncTimers = new Map<string, TimerHandle>();
  private stopped = false;

  constructor(
    private readonly runtime: ContainerRuntime,
    private readonly options: RuntimeSyncerOptions = {},
  ) {}

  private now(): number {
    return this.options.clock?.now() ?? Date.now();
  }

  /** The failures met while starting the pod's containers, by container name. */
  waitingOf(uid: string): ReadonlyMap<string, ContainerWaiting> {
    return this.waiting.get(uid) ?? new Map();
  }

  /** What the runtime holds for the pod: its newest sandbox (ready ones first) and its containers in it. */
  async observe(uid: string): Promise<ObservedPod> {
    const sandboxes = await this.runtime.listPodSandboxes({ labelSelector: { [POD_UID_LABEL]: uid } });
    sandboxes.sort((a, b) => Number(b.state === 'ready') - Number(a.state === 'ready') || b.metadata.attempt - a.metadata.attempt || b.createdAt - a.createdAt);
    const newest = sandboxes[0];
    if (!newest) return { containers: [] };
    const sandbox = await this.runtime.podSandboxStatus(newest.id);
    const listed = await this.runtime.listContainers({ podSandboxId: newest.id });
    const containers = await Promise.all(listed.map((c) => this.runtime.containerStatus(c.id)));
    return { sandbox, containers };
  }

  async syncPod(pod: PodObject): Promise<void> {
    const uid = pod.metadata.uid ?? '';
    let observed = await this.observe(uid);
    if (observed.sandbox?.state !== 'ready') {
      const config = sandboxConfig(pod, this.options, observed.sandbox ? observed.sandbox.metadata.attempt + 1 : 0);
      await this.runtime.runPodSandbox(config);
      observed = await this.observe(uid);
    }
    const sandbox = observed.sandbox!;
    const config = sandboxConfig(pod, this.options, sandbox.metadata.attempt);
    const waiting = this.waiting.get(uid) ?? new Map<string, ContainerWaiting>();
    this.waiting.set(uid, waiting);
    try {
      for (const container of pod.spec?.initContainers ?? []) {
        const done = await this.syncContainer(pod, container, true, observed, sandbox.id, config, waiting);
        if (!done) return;
      }
      for (const container of pod.spec?.containers ?? []) {
        try {
          await this.syncContainer(pod, container, false, observed, sandbox.id, config, waiting);
        } catch (err) {
          if (!(err instanceof Blocked)) throw err;
        }
      }
    } catch (err) {
      if (!(err instanceof Blocked)) throw err;
    }
  }

  /** One container towards its spec; true when it has run to completion (what an init container must do). */
  private async syncContainer(
    pod: PodObject, container: SpecContainer, init: boolean, observed: ObservedPod, sandboxId: string, config: PodSandboxConfig,
    waiting: Map<string, ContainerWaiting>,
  ): Promise<boolean> {
    const uid = pod.metadata.uid ?? '';
    const [current] = attemptsOf(observed, container.name);
    if (current?.state === 'running') {
      waiting.delete(container.name);
      return false;
    }
    if (current?.state === 'created') {
      await this.runtime.startContainer(current.id);
      waiting.delete(container.name);
      return false;
    }
    if (current?.state === 'exited') {
      if (!shouldRestart(pod, current, init)) {
        waiting.delete(container.name);
        return current.exitCode === 0;
      }
      const key = `${uid}/${container.name}`;
      const now = this.now();
      const wait = this.crashBackoff.remaining(key, now, current.finishedAt);
      if (wait > 0) {
        const delay = Math.round(this.crashBackoff.delay(key, now) / 1000);
        const { name = '', namespace = '' } = pod.metadata;
        waiting.set(container.name, { reason: 'CrashLoopBackOff', message: `back-off ${delay}s restarting failed container=${container.name} pod=${name}_${namespace}(${uid})` });
        this.resyncAfter(uid, wait);
        throw new Blocked();
      }
      this.crashBackoff.next(key, now);
      await this.start(pod, container, current.metadata.attempt + 1, observed, sandboxId, config, waiting);
      // Only the newest exit is reported (lastState): older attempts go.
      for (const old of attemptsOf(observed, container.name).slice(1)) await this.runtime.removeContainer(old.id);
      return false;
    }
    await this.start(pod, container, 0, observed, sandboxId, config, waiting);
    return false;
  }

  private async start(
    pod: PodObject, container: SpecContainer, attempt: number, observed: ObservedPod, sandboxId: string, config: PodSandboxConfig,
    waiting: Map<string, ContainerWaiting>,
  ): Promise<void> {
    const uid = pod.metadata.uid ?? '';
    const block = (reason: string, message: string, retryMs = RETRY_MS): never => {
      waiting.set(container.name, { reason, message });
      // Config and create failures are tried again after the pod workers' retry period.
      if (retryMs > 0) this.resyncAfter(uid, retryMs);
      throw new Blocked();
    };
    let envs: { key: string; value: string }[] = [];
    try {
      envs = await containerEnv(pod, container, this.options.getter, observed.sandbox?.ips[0], this.options.nodeIP ?? '');
    } catch (err) {
      if (err instanceof ContainerConfigError) block('CreateContainerConfigError', err.message);
      throw err;
    }
    const image = { image: container.image ?? '' };
    if (!(await this.runtime.imageStatus(image))) {
      const key = `${uid}/${image.image}`;
      const now = this.now();
      const wait = this.pullBackoff.remaining(key, now);
      if (wait > 0) {
        block('ImagePullBackOff', `Back-off pulling image "${image.image}"`, wait);
      }
      try {
        await this.runtime.pullImage(image);
      } catch (err) {
        if (!isRuntimeError(err, 'ImagePull') && !isRuntimeError(err, 'NotFound')) throw err;
        block('ErrImagePull', (err as Error).message, this.pullBackoff.next(key, now));
      }
    }
    let id: string;
    try {
      id = await this.runtime.createContainer(
        sandboxId,
        {
          metadata: { name: container.name, attempt },
          image,
          command: container.command,
          args: container.args,
          workingDir: container.workingDir,
          envs,
          logPath: `${container.name}/${attempt}.log`,
          labels: { [POD_UID_LABEL]: uid, [POD_NAME_LABEL]: config.metadata.name, [POD_NAMESPACE_LABEL]: config.metadata.namespace, [CONTAINER_NAME_LABEL]: container.name },
        },
        config,
      );
    } catch (err) {
      if (isRuntimeError(err, 'CreateContainer')) block('CreateContainerError', (err as Error).message);
      throw err;
    }
    try {
      await this.runtime.startContainer(id);
    } catch (err) {
      if (isRuntimeError(err, 'StartContainer')) block('RunContainerError', (err as Error).message);
      throw err;
    }
    waiting.delete(container.name);
  }

  /** Stops the pod's containers (SIGTERM, killed after gracePeriodSeconds), then its sandboxes. */
  async terminatePod(pod: PodObject, gracePeriodSeconds: number): Promise<void> {
    const uid = pod.metadata.uid ?? '';
    this.resyncTimers.get(uid)?.cancel();
    this.resyncTimers.delete(uid);
    for (const sandbox of await this.sandboxesOf(uid)) {
      const containers = await this.runtime.listContainers({ podSandboxId: sandbox.id, state: 'running' });
      await Promise.all(containers.map((c) => this.runtime.stopContainer(c.id, gracePeriodSeconds)));
      await this.runtime.stopPodSandbox(sandbox.id);
    }
    // Nothing waits to start any more.
    this.waiting.delete(uid);
  }

  /** Removes the pod's sandboxes and containers and what the kubelet kept of it. */
  async cleanupPod(pod: PodObject): Promise<void> {
    const uid = pod.metadata.uid ?? '';
    for (const sandbox of await this.sandboxesOf(uid)) {
      try {
        await this.runtime.removePodSandbox(sandbox.id);
      } catch (err) {
        if (!isRuntimeError(err, 'NotFound') && !isNotFound(err)) throw err;
      }
    }
    this.waiting.delete(uid);
    this.crashBackoff.forget(`${uid}/`);
    this.pullBackoff.forget(`${uid}/`);
  }

  /** No more resyncs. */
  stop(): void {
    this.stopped = true;
    for (const timer of this.resyncTimers.values()) timer.cancel();
    this.resyncTimers.clear();
  }

  private resyncAfter(uid: string, ms: number): void {
    const clock = this.options.clock;
    const resync = this.options.resync;
    if (!clock || !resync || this.stopped) return;
    this.resyncTimers.get(uid)?.cancel();
    this.resyncTimers.set(uid, clock.setTimeout(() => {
      this.resyncTimers.delete(uid);
      resync(uid);
    }, ms));
  }

  private sandboxesOf(uid: string): ReturnType<ContainerRuntime['listPodSandboxes']> {
    return this.runtime.listPodSandboxes({ labelSelector: { [POD_UID_LABEL]: uid } });
  }
}
