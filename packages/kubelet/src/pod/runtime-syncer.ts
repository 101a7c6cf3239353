// The first PodSyncer over a ContainerRuntime: a sandbox per pod, then each
// container pulled (ImageStatus first: a pull of an image already present still
// contacts the registry), created and started once. Found again by the labels
// Kubernetes puts on sandboxes and containers, so a restarted kubelet adopts
// what its runtime still runs. Not yet: restarts with backoff, init
// containers, probes, pod status.
import type { PodObject } from '@kctl/api';
import type { ContainerRuntime, PodSandboxConfig } from '../runtime/runtime';
import type { PodSyncer } from './pod-workers';

export const POD_UID_LABEL = 'io.kubernetes.pod.uid';
export const POD_NAME_LABEL = 'io.kubernetes.pod.name';
export const POD_NAMESPACE_LABEL = 'io.kubernetes.pod.namespace';
export const CONTAINER_NAME_LABEL = 'io.kubernetes.container.name';

export interface RuntimeSyncerOptions {
  /** DNS for every sandbox: pods must not inherit the host's resolver here. */
  dnsServers?: string[];
}

export function sandboxConfig(pod: PodObject, options: RuntimeSyncerOptions = {}): PodSandboxConfig {
  const { name = '', namespace = 'default', uid = '' } = pod.metadata;
  return {
    metadata: { name, namespace, uid, attempt: 0 },
    hostname: pod.spec?.hostname ?? name,
    logDirectory: `/var/log/pods/${namespace}_${name}_${uid}`,
    dnsConfig: { servers: options.dnsServers ?? [], searches: [`${namespace}.svc.cluster.local`, 'svc.cluster.local', 'cluster.local'], options: ['ndots:5'] },
    portMappings: (pod.spec?.containers ?? []).flatMap((c) =>
      (c.ports ?? []).filter((p) => p.hostPort).map((p) => ({ protocol: (p.protocol ?? 'TCP') as 'TCP' | 'UDP' | 'SCTP', containerPort: p.containerPort, hostPort: p.hostPort, hostIp: p.hostIP })),
    ),
    labels: { ...pod.metadata.labels, [POD_UID_LABEL]: uid, [POD_NAME_LABEL]: name, [POD_NAMESPACE_LABEL]: namespace },
  };
}

export class RuntimePodSyncer implements PodSyncer {
  constructor(
    private readonly runtime: ContainerRuntime,
    private readonly options: RuntimeSyncerOptions = {},
  ) {}

  async syncPod(pod: PodObject): Promise<void> {
    const config = sandboxConfig(pod, this.options);
    const uid = config.metadata.uid;
    const [ready] = await this.runtime.listPodSandboxes({ state: 'ready', labelSelector: { [POD_UID_LABEL]: uid } });
    const sandboxId = ready?.id ?? (await this.runtime.runPodSandbox(config));
    const existing = await this.runtime.listContainers({ podSandboxId: sandboxId });
    for (const container of pod.spec?.containers ?? []) {
      if (existing.some((c) => c.labels[CONTAINER_NAME_LABEL] === container.name)) continue;
      const image = { image: container.image ?? '' };
      if (!(await this.runtime.imageStatus(image))) await this.runtime.pullImage(image);
      const id = await this.runtime.createContainer(
        sandboxId,
        {
          metadata: { name: container.name, attempt: 0 },
          image,
          command: container.command,
          args: container.args,
          workingDir: container.workingDir,
          envs: (container.env ?? []).filter((e) => e.value !== undefined).map((e) => ({ key: e.name, value: e.value! })),
          logPath: `${container.name}/0.log`,
          labels: { [POD_UID_LABEL]: uid, [POD_NAME_LABEL]: config.metadata.name, [POD_NAMESPACE_LABEL]: config.metadata.namespace, [CONTAINER_NAME_LABEL]: container.name },
        },
        config,
      );
      await this.runtime.startContainer(id);
    }
  }

  async terminatePod(pod: PodObject, gracePeriodSeconds: number): Promise<void> {
    for (const sandbox of await this.sandboxesOf(pod)) {
      const containers = await this.runtime.listContainers({ podSandboxId: sandbox.id, state: 'running' });
      await Promise.all(containers.map((c) => this.runtime.stopContainer(c.id, gracePeriodSeconds)));
      await this.runtime.stopPodSandbox(sandbox.id);
    }
  }

  async cleanupPod(pod: PodObject): Promise<void> {
    for (const sandbox of await this.sandboxesOf(pod)) await this.runtime.removePodSandbox(sandbox.id);
  }

  private sandboxesOf(pod: PodObject): ReturnType<ContainerRuntime['listPodSandboxes']> {
    return this.runtime.listPodSandboxes({ labelSelector: { [POD_UID_LABEL]: pod.metadata.uid ?? '' } });
  }
}
