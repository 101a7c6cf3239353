// The kubelet's ContainerRuntime over a real CRI v1 runtime (containerd): each
// call is the CRI call of the same name through @kctl/cri, shapes translated in
// convert.ts and failures mapped to RuntimeError codes once, in errors.ts.
import { connectCri, CriClient } from '@kctl/cri';
import { RuntimeError, RuntimeErrorCode } from '../errors';
import type {
  Container, ContainerConfig, ContainerFilter, ContainerRuntime, ContainerStatus, ExecResult, Image, ImageSpec, PodSandbox,
  PodSandboxConfig, PodSandboxFilter, PodSandboxStatus, RuntimeFilesystems, RuntimeStatus, RuntimeVersion,
} from '../runtime';
import {
  fromCondition, fromContainer, fromContainerStatus, fromFilesystemUsage, fromImage, fromSandbox, fromSandboxStatus,
  toContainerConfig, toContainerFilter, toSandboxConfig, toSandboxFilter,
} from './convert';
import { toRuntimeError } from './errors';

export interface CriRuntimeOptions {
  /** The runtime's endpoint as the kubelet's --container-runtime-endpoint names it: unix:///run/containerd/containerd.sock (or a bare path). */
  endpoint: string;
  /** Deadline of each call. Default 2 min, the kubelet's runtime request timeout. */
  timeoutMs?: number;
}

/** The socket path of a unix:// endpoint; other schemes are refused. */
export function socketOfEndpoint(endpoint: string): string {
  if (endpoint.startsWith('unix://')) return endpoint.slice('unix://'.length);
  if (endpoint.startsWith('/')) return endpoint;
  throw new Error(`container runtime endpoint "${endpoint}": only unix:///path/to/socket is supported`);
}

export class CriRuntime implements ContainerRuntime {
  private readonly cri: CriClient;

  constructor(options: CriRuntimeOptions) {
    this.cri = connectCri({ socket: socketOfEndpoint(options.endpoint), timeoutMs: options.timeoutMs });
  }

  /** Closes the connection; calls after this fail. */
  close(): void {
    this.cri.close();
  }

  /** Runs one CRI call, its failure as a RuntimeError (callCode for failures the call has a code of its own for). */
  private async call<T>(fn: () => Promise<T>, callCode?: RuntimeErrorCode): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      throw toRuntimeError(err, callCode);
    }
  }

  // --- RuntimeService ----------------------------------------------------------

  version(): Promise<RuntimeVersion> {
    return this.call(async () => {
      const v = await this.cri.runtime.version();
      return { runtimeName: v.runtimeName, runtimeVersion: v.runtimeVersion, runtimeApiVersion: v.runtimeApiVersion };
    });
  }

  status(): Promise<RuntimeStatus> {
    return this.call(async () => ({ conditions: (await this.cri.runtime.status()).conditions.map(fromCondition) }));
  }

  runPodSandbox(config: PodSandboxConfig): Promise<string> {
    return this.call(() => this.cri.runtime.runPodSandbox(toSandboxConfig(config)), 'RunPodSandbox');
  }

  stopPodSandbox(id: string): Promise<void> {
    return this.call(() => this.cri.runtime.stopPodSandbox(id));
  }

  removePodSandbox(id: string): Promise<void> {
    return this.call(() => this.cri.runtime.removePodSandbox(id));
  }

  podSandboxStatus(id: string): Promise<PodSandboxStatus> {
    return this.call(async () => {
      const { status } = await this.cri.runtime.podSandboxStatus(id);
      if (!status) throw new RuntimeError('NotFound', `pod sandbox ${id} not found`);
      return fromSandboxStatus(status);
    });
  }

  listPodSandboxes(filter?: PodSandboxFilter): Promise<PodSandbox[]> {
    return this.call(async () => (await this.cri.runtime.listPodSandbox(toSandboxFilter(filter))).map(fromSandbox));
  }

  createContainer(podSandboxId: string, config: ContainerConfig, sandboxConfig: PodSandboxConfig): Promise<string> {
    return this.call(() => this.cri.runtime.createContainer(podSandboxId, toContainerConfig(config), toSandboxConfig(sandboxConfig)), 'CreateContainer');
  }

  startContainer(id: string): Promise<void> {
    return this.call(() => this.cri.runtime.startContainer(id), 'StartContainer');
  }

  stopContainer(id: string, timeoutSeconds: number): Promise<void> {
    return this.call(() => this.cri.runtime.stopContainer(id, timeoutSeconds));
  }

  removeContainer(id: string): Promise<void> {
    return this.call(() => this.cri.runtime.removeContainer(id));
  }

  containerStatus(id: string): Promise<ContainerStatus> {
    return this.call(async () => {
      // CRI's ContainerStatus does not name the sandbox; the listing does.
      const [{ status }, listed] = await Promise.all([this.cri.runtime.containerStatus(id), this.cri.runtime.listContainers({ id })]);
      if (!status) throw new RuntimeError('NotFound', `container ${id} not found`);
      return fromContainerStatus(status, listed[0]?.podSandboxId ?? '');
    });
  }

  listContainers(filter?: ContainerFilter): Promise<Container[]> {
    return this.call(async () => (await this.cri.runtime.listContainers(toContainerFilter(filter))).map(fromContainer));
  }

  execSync(containerId: string, cmd: string[], timeoutSeconds: number): Promise<ExecResult> {
    return this.call(async () => {
      const res = await this.cri.runtime.execSync(containerId, cmd, timeoutSeconds);
      return { stdout: Buffer.from(res.stdout), stderr: Buffer.from(res.stderr), exitCode: res.exitCode };
    });
  }

  // --- ImageService ------------------------------------------------------------

  imageStatus(image: ImageSpec): Promise<Image | undefined> {
    return this.call(async () => {
      const found = await this.cri.images.imageStatus({ image: image.image });
      return found ? fromImage(found) : undefined;
    });
  }

  pullImage(image: ImageSpec): Promise<string> {
    return this.call(() => this.cri.images.pullImage({ image: image.image }));
  }

  listImages(): Promise<Image[]> {
    return this.call(async () => (await this.cri.images.listImages()).map(fromImage));
  }

  removeImage(image: ImageSpec): Promise<void> {
    return this.call(() => this.cri.images.removeImage({ image: image.image }));
  }

  imageFsInfo(): Promise<RuntimeFilesystems> {
    return this.call(async () => {
      const res = await this.cri.images.imageFsInfo();
      return { imageFilesystems: res.imageFilesystems.map(fromFilesystemUsage), containerFilesystems: res.containerFilesystems.map(fromFilesystemUsage) };
    });
  }
}
