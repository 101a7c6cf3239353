// The CRI RuntimeService: pod sandboxes, containers, exec and streaming URLs.
// Thin typed wrappers; the kubelet owns every decision about what to call when.
import { CallOptions, CriConnection } from './connection';
import {
  Container, ContainerConfig, ContainerFilter, ContainerStats, ContainerStatusResponse, ExecSyncResponse,
  PodSandbox, PodSandboxConfig, PodSandboxFilter, PodSandboxStatusResponse, RuntimeStatus, StreamingRequestOptions,
  VersionResponse,
} from './types';

/** The CRI API version kctl speaks. */
export const CRI_API_VERSION = 'v1';
/** ExecSync's own deadline runs this much past the command's timeout. */
const EXEC_DEADLINE_MARGIN_MS = 10_000;

const sandbox = (id: string): CallOptions => ({ subject: { kind: 'pod sandbox', name: id } });
const container = (id: string): CallOptions => ({ subject: { kind: 'container', name: id } });

export class RuntimeService {
  constructor(private readonly conn: CriConnection) {}

  private call<Res>(method: string, request: object, options?: CallOptions): Promise<Res> {
    return this.conn.call<Res>('RuntimeService', method, request, options);
  }

  version(): Promise<VersionResponse> {
    return this.call('Version', { version: CRI_API_VERSION });
  }

  /** Runtime conditions (RuntimeReady, NetworkReady) for the node's Ready condition. */
  async status(): Promise<RuntimeStatus> {
    const res = await this.call<{ status: RuntimeStatus | null }>('Status', {});
    return res.status ?? { conditions: [] };
  }

  async runPodSandbox(config: PodSandboxConfig, runtimeHandler = ''): Promise<string> {
    const res = await this.call<{ podSandboxId: string }>('RunPodSandbox', { config, runtimeHandler });
    return res.podSandboxId;
  }

  /** Idempotent: stopping a stopped or missing sandbox succeeds. */
  async stopPodSandbox(id: string): Promise<void> {
    await this.call('StopPodSandbox', { podSandboxId: id }, sandbox(id));
  }

  /** Idempotent: removing a removed sandbox succeeds. */
  async removePodSandbox(id: string): Promise<void> {
    await this.call('RemovePodSandbox', { podSandboxId: id }, sandbox(id));
  }

  /** Rejects with NotFound for an unknown sandbox. */
  podSandboxStatus(id: string, verbose = false): Promise<PodSandboxStatusResponse> {
    return this.call('PodSandboxStatus', { podSandboxId: id, verbose }, sandbox(id));
  }

  async listPodSandbox(filter?: PodSandboxFilter): Promise<PodSandbox[]> {
    const res = await this.call<{ items: PodSandbox[] }>('ListPodSandbox', { filter });
    return res.items;
  }

  async createContainer(podSandboxId: string, config: ContainerConfig, sandboxConfig: PodSandboxConfig): Promise<string> {
    const res = await this.call<{ containerId: string }>('CreateContainer', { podSandboxId, config, sandboxConfig }, sandbox(podSandboxId));
    return res.containerId;
  }

  async startContainer(id: string): Promise<void> {
    await this.call('StartContainer', { containerId: id }, container(id));
  }

  /** SIGTERM (or the image's stop signal), then SIGKILL after `timeoutSeconds`. The deadline covers the grace period. */
  async stopContainer(id: string, timeoutSeconds: number): Promise<void> {
    await this.call('StopContainer', { containerId: id, timeout: timeoutSeconds }, { ...container(id), timeoutMs: timeoutSeconds * 1000 + EXEC_DEADLINE_MARGIN_MS });
  }

  async removeContainer(id: string): Promise<void> {
    await this.call('RemoveContainer', { containerId: id }, container(id));
  }

  async listContainers(filter?: ContainerFilter): Promise<Container[]> {
    const res = await this.call<{ containers: Container[] }>('ListContainers', { filter });
    return res.containers;
  }

  /** Rejects with NotFound for an unknown container. */
  containerStatus(id: string, verbose = false): Promise<ContainerStatusResponse> {
    return this.call('ContainerStatus', { containerId: id, verbose }, container(id));
  }

  /** Runs cmd in the container and waits; a non-zero exit is a result, not an error. 0 s = no command timeout. */
  execSync(id: string, cmd: string[], timeoutSeconds = 0): Promise<ExecSyncResponse> {
    const timeoutMs = timeoutSeconds > 0 ? timeoutSeconds * 1000 + EXEC_DEADLINE_MARGIN_MS : undefined;
    return this.call('ExecSync', { containerId: id, cmd, timeout: timeoutSeconds }, { ...container(id), timeoutMs });
  }

  /** URL of the runtime's streaming server for an interactive exec. */
  async exec(id: string, cmd: string[], streams: StreamingRequestOptions): Promise<string> {
    const res = await this.call<{ url: string }>('Exec', { containerId: id, cmd, ...streams }, container(id));
    return res.url;
  }

  async attach(id: string, streams: StreamingRequestOptions): Promise<string> {
    const res = await this.call<{ url: string }>('Attach', { containerId: id, ...streams }, container(id));
    return res.url;
  }

  async portForward(podSandboxId: string, ports: number[]): Promise<string> {
    const res = await this.call<{ url: string }>('PortForward', { podSandboxId, port: ports }, sandbox(podSandboxId));
    return res.url;
  }

  async containerStats(id: string): Promise<ContainerStats | null> {
    const res = await this.call<{ stats: ContainerStats | null }>('ContainerStats', { containerId: id }, container(id));
    return res.stats;
  }
}
