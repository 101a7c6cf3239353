// The CRI v1 messages of @kctl/cri as the kubelet's runtime shapes and back:
// enum names, nanoseconds to milliseconds, absent sub-messages to defaults.
import type * as cri from '@kctl/cri';
import type {
  Container, ContainerConfig, ContainerFilter, ContainerState, ContainerStatus, FilesystemUsage, Image, PodSandbox,
  PodSandboxConfig, PodSandboxFilter, PodSandboxStatus, RuntimeCondition, SandboxState,
} from '../runtime';

const NS_PER_MS = 1_000_000;
export const nsToMs = (ns: number): number => Math.floor(ns / NS_PER_MS);

const SANDBOX_STATE: Record<SandboxState, cri.PodSandboxState> = { ready: 'SANDBOX_READY', notready: 'SANDBOX_NOTREADY' };
const CONTAINER_STATE: Record<ContainerState, cri.ContainerState> = {
  created: 'CONTAINER_CREATED', running: 'CONTAINER_RUNNING', exited: 'CONTAINER_EXITED', unknown: 'CONTAINER_UNKNOWN',
};
const fromSandboxState = (s: cri.PodSandboxState): SandboxState => (s === 'SANDBOX_READY' ? 'ready' : 'notready');
function fromContainerState(s: cri.ContainerState): ContainerState {
  const found = (Object.keys(CONTAINER_STATE) as ContainerState[]).find((k) => CONTAINER_STATE[k] === s);
  return found ?? 'unknown';
}

export function toSandboxConfig(config: PodSandboxConfig): cri.PodSandboxConfig {
  return {
    metadata: { ...config.metadata },
    hostname: config.hostname,
    logDirectory: config.logDirectory,
    dnsConfig: config.dnsConfig,
    portMappings: config.portMappings,
    labels: config.labels,
    annotations: config.annotations,
    linux: {},
  };
}

export function toSandboxFilter(filter: PodSandboxFilter | undefined): cri.PodSandboxFilter | undefined {
  if (!filter) return undefined;
  return { id: filter.id, labelSelector: filter.labelSelector, state: filter.state ? { state: SANDBOX_STATE[filter.state] } : undefined };
}

export function toContainerConfig(config: ContainerConfig): cri.ContainerConfig {
  return {
    metadata: { ...config.metadata },
    image: { ...config.image },
    command: config.command,
    args: config.args,
    workingDir: config.workingDir,
    envs: config.envs,
    mounts: config.mounts,
    logPath: config.logPath,
    labels: config.labels,
    annotations: config.annotations,
  };
}

export function toContainerFilter(filter: ContainerFilter | undefined): cri.ContainerFilter | undefined {
  if (!filter) return undefined;
  return {
    id: filter.id, podSandboxId: filter.podSandboxId, labelSelector: filter.labelSelector,
    state: filter.state ? { state: CONTAINER_STATE[filter.state] } : undefined,
  };
}

export function fromSandbox(s: cri.PodSandbox | cri.PodSandboxStatus): PodSandbox {
  return {
    id: s.id,
    metadata: { name: s.metadata?.name ?? '', namespace: s.metadata?.namespace ?? '', uid: s.metadata?.uid ?? '', attempt: s.metadata?.attempt ?? 0 },
    state: fromSandboxState(s.state),
    createdAt: nsToMs(s.createdAt),
    labels: { ...s.labels },
    annotations: { ...s.annotations },
  };
}

export function fromSandboxStatus(s: cri.PodSandboxStatus): PodSandboxStatus {
  const sandbox = fromSandbox(s);
  // containerd still names the IP of a stopped sandbox; its lease is gone, so the kubelet sees none.
  const ips = sandbox.state === 'ready' && s.network?.ip ? [s.network.ip, ...s.network.additionalIps.map((a) => a.ip)] : [];
  return { ...sandbox, ips };
}

export function fromContainer(c: cri.Container): Container {
  return {
    id: c.id,
    podSandboxId: c.podSandboxId,
    metadata: { name: c.metadata?.name ?? '', attempt: c.metadata?.attempt ?? 0 },
    image: { image: c.image?.image ?? '' },
    imageRef: c.imageRef,
    state: fromContainerState(c.state),
    createdAt: nsToMs(c.createdAt),
    labels: { ...c.labels },
    annotations: { ...c.annotations },
  };
}

export function fromContainerStatus(s: cri.ContainerStatus, podSandboxId: string): ContainerStatus {
  return {
    id: s.id,
    podSandboxId,
    metadata: { name: s.metadata?.name ?? '', attempt: s.metadata?.attempt ?? 0 },
    image: { image: s.image?.image ?? '' },
    imageRef: s.imageRef,
    state: fromContainerState(s.state),
    createdAt: nsToMs(s.createdAt),
    startedAt: nsToMs(s.startedAt),
    finishedAt: nsToMs(s.finishedAt),
    exitCode: s.exitCode,
    reason: s.reason,
    message: s.message,
    labels: { ...s.labels },
    annotations: { ...s.annotations },
    logPath: s.logPath,
  };
}

export function fromCondition(c: cri.RuntimeCondition): RuntimeCondition {
  return { type: c.type, status: c.status, ...(c.reason ? { reason: c.reason } : {}), ...(c.message ? { message: c.message } : {}) };
}

export function fromImage(i: cri.Image): Image {
  return { id: i.id, repoTags: [...i.repoTags], repoDigests: [...i.repoDigests], size: i.size };
}

export function fromFilesystemUsage(u: cri.FilesystemUsage): FilesystemUsage {
  return { timestamp: nsToMs(u.timestamp), mountpoint: u.fsId?.mountpoint ?? '', usedBytes: u.usedBytes?.value ?? 0, inodesUsed: u.inodesUsed?.value ?? 0 };
}
