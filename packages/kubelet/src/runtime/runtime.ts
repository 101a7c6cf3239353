// What the kubelet needs from a container runtime, in its own terms. The calls
// follow CRI v1 (RuntimeService and ImageService) one for one, with plain
// TypeScript shapes instead of the protobuf messages, so that an adapter over
// a CRI client implements it by translation and the fake runtime implements it
// in memory. Times are milliseconds since the epoch (CRI uses nanoseconds).

/** Version: which runtime answers, e.g. containerd 1.6.20 speaking CRI v1. */
export interface RuntimeVersion {
  runtimeName: string;
  runtimeVersion: string;
  runtimeApiVersion: string;
}

/** One of the runtime's own conditions (CRI RuntimeCondition). */
export interface RuntimeCondition {
  /** RuntimeReady or NetworkReady. */
  type: string;
  status: boolean;
  reason?: string;
  message?: string;
}

export const RUNTIME_READY = 'RuntimeReady';
export const NETWORK_READY = 'NetworkReady';

/** CRI Status: the runtime's health as the kubelet judges node readiness by it. */
export interface RuntimeStatus {
  conditions: RuntimeCondition[];
}

export type SandboxState = 'ready' | 'notready';

export interface PodSandboxMetadata {
  name: string;
  namespace: string;
  uid: string;
  attempt: number;
}

export interface PortMapping {
  protocol: 'TCP' | 'UDP' | 'SCTP';
  containerPort: number;
  hostPort?: number;
  hostIp?: string;
}

export interface DnsConfig {
  servers: string[];
  searches: string[];
  options: string[];
}

export interface PodSandboxConfig {
  metadata: PodSandboxMetadata;
  hostname?: string;
  logDirectory?: string;
  dnsConfig?: DnsConfig;
  portMappings?: PortMapping[];
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

export interface PodSandbox {
  id: string;
  metadata: PodSandboxMetadata;
  state: SandboxState;
  createdAt: number;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

export interface PodSandboxStatus extends PodSandbox {
  /** The pod's IP addresses, primary first; empty once the sandbox stopped. */
  ips: string[];
}

export interface PodSandboxFilter {
  id?: string;
  state?: SandboxState;
  labelSelector?: Record<string, string>;
}

export type ContainerState = 'created' | 'running' | 'exited' | 'unknown';

export interface ContainerMetadata {
  name: string;
  attempt: number;
}

export interface ImageSpec {
  image: string;
}

export interface Mount {
  containerPath: string;
  hostPath: string;
  readonly?: boolean;
}

export interface ContainerConfig {
  metadata: ContainerMetadata;
  image: ImageSpec;
  command?: string[];
  args?: string[];
  workingDir?: string;
  envs?: { key: string; value: string }[];
  mounts?: Mount[];
  /** Relative to the sandbox's logDirectory. */
  logPath?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

export interface Container {
  id: string;
  podSandboxId: string;
  metadata: ContainerMetadata;
  image: ImageSpec;
  /** The image the runtime resolved image to (its id or digest reference). */
  imageRef: string;
  state: ContainerState;
  createdAt: number;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

export interface ContainerStatus extends Container {
  /** 0 until started / finished. */
  startedAt: number;
  finishedAt: number;
  exitCode: number;
  /** Why the container exited (Completed, Error, OOMKilled), when it did. */
  reason: string;
  message: string;
  logPath: string;
}

export interface ContainerFilter {
  id?: string;
  podSandboxId?: string;
  state?: ContainerState;
  labelSelector?: Record<string, string>;
}

export interface ExecResult {
  stdout: Buffer;
  stderr: Buffer;
  exitCode: number;
}

export interface Image {
  id: string;
  repoTags: string[];
  repoDigests: string[];
  size: number;
}

/** Space used under one filesystem the runtime keeps data on (CRI FilesystemUsage). */
export interface FilesystemUsage {
  timestamp: number;
  mountpoint: string;
  usedBytes: number;
  inodesUsed: number;
}

export interface RuntimeFilesystems {
  /** Where images live (CRI ImageFsInfo image_filesystems). */
  imageFilesystems: FilesystemUsage[];
  /** Where writable container layers live, when apart from images (CRI container_filesystems). */
  containerFilesystems: FilesystemUsage[];
}

/** The runtime and network side of CRI's RuntimeService. */
export interface RuntimeService {
  version(): Promise<RuntimeVersion>;
  status(): Promise<RuntimeStatus>;

  /** Creates and starts a sandbox (its network namespace and pause process); returns its id. */
  runPodSandbox(config: PodSandboxConfig): Promise<string>;
  /** Stops every container in the sandbox and releases its network; idempotent. */
  stopPodSandbox(id: string): Promise<void>;
  /** Removes a sandbox and its containers; idempotent. */
  removePodSandbox(id: string): Promise<void>;
  podSandboxStatus(id: string): Promise<PodSandboxStatus>;
  listPodSandboxes(filter?: PodSandboxFilter): Promise<PodSandbox[]>;

  createContainer(podSandboxId: string, config: ContainerConfig, sandboxConfig: PodSandboxConfig): Promise<string>;
  startContainer(id: string): Promise<void>;
  /** Signals the container to stop, killing it after timeoutSeconds; idempotent. */
  stopContainer(id: string, timeoutSeconds: number): Promise<void>;
  /** Removes the container, by force when it runs (as CRI says); idempotent. */
  removeContainer(id: string): Promise<void>;
  containerStatus(id: string): Promise<ContainerStatus>;
  listContainers(filter?: ContainerFilter): Promise<Container[]>;

  /** Runs cmd in a running container and waits for it (CRI ExecSync). */
  execSync(containerId: string, cmd: string[], timeoutSeconds: number): Promise<ExecResult>;
}

/** CRI's ImageService. */
export interface ImageService {
  /** The image if present, undefined when not (CRI answers an empty status). */
  imageStatus(image: ImageSpec): Promise<Image | undefined>;
  /** Pulls the image and returns its reference (id). */
  pullImage(image: ImageSpec): Promise<string>;
  listImages(): Promise<Image[]>;
  /** Removes the image; idempotent. */
  removeImage(image: ImageSpec): Promise<void>;
  imageFsInfo(): Promise<RuntimeFilesystems>;
}

/** Everything the kubelet asks of a runtime. */
export interface ContainerRuntime extends RuntimeService, ImageService {}

/** containerRuntimeVersion as a Node reports it: "containerd://1.6.20". */
export function runtimeVersionString(version: RuntimeVersion): string {
  return `${version.runtimeName}://${version.runtimeVersion}`;
}
