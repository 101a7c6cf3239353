// A container runtime in memory: sandboxes get fake IPs, containers "run" as
// their command says (see command.ts), all on the injected clock, and tests
// script failures (image pulls, creates, crashes, runtime health). The hollow
// kubelet is the real kubelet on this runtime.
import { Clock, realClock, TimerHandle } from '@kctl/client';
import { RuntimeError } from '../errors';
import type {
  Container, ContainerConfig, ContainerFilter, ContainerRuntime, ContainerStatus, ExecResult, Image, ImageSpec, PodSandbox, PodSandboxConfig,
  PodSandboxFilter, PodSandboxStatus, RuntimeCondition, RuntimeFilesystems, RuntimeStatus, RuntimeVersion,
} from '../runtime';
import { NETWORK_READY, RUNTIME_READY } from '../runtime';
import { behaviourOf, echoOutput } from './command';

export interface FakeRuntimeOptions {
  clock?: Clock;
  /** Default fake 0.1.0 over CRI v1. */
  version?: Partial<RuntimeVersion>;
  /** Pod IPs are <podIPPrefix><n>, n from 2 to 254. Default 10.88.0. (a /24 per node). */
  podIPPrefix?: string;
  /** Images present from the start (their pulls need no "registry"). */
  images?: string[];
  /** Size the fake reports for each image. Default 5 MiB. */
  imageSizeBytes?: number;
}

interface SandboxRecord {
  sandbox: PodSandbox;
  ips: string[];
}

interface ContainerRecord {
  status: ContainerStatus;
  argv: string[];
  exitTimer?: TimerHandle;
}

/** CRI normalizes short names; the fake does the same so lookups agree. */
export function normalizeImage(image: string): string {
  let ref = image;
  if (!ref.includes('@') && !/:[^/]+$/.test(ref)) ref = `${ref}:latest`;
  const first = ref.split('/')[0] ?? '';
  const hasRegistry = ref.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost');
  if (!hasRegistry) ref = ref.includes('/') ? `docker.io/${ref}` : `docker.io/library/${ref}`;
  return ref;
}

function matchesLabels(labels: Record<string, string>, selector: Record<string, string> | undefined): boolean {
  return Object.entries(selector ?? {}).every(([k, v]) => labels[k] === v);
}

export class FakeRuntime implements ContainerRuntime {
  private readonly clock: Clock;
  private readonly versionInfo: RuntimeVersion;
  private readonly podIPPrefix: string;
  private readonly imageSize: number;
  private readonly sandboxes = new Map<string, SandboxRecord>();
  private readonly containers = new Map<string, ContainerRecord>();
  private readonly images = new Map<string, Image>();
  private readonly freeIPs: number[] = [];
  private nextIP = 2;
  private nextId = 1;
  private conditions: RuntimeCondition[] = [
    { type: RUNTIME_READY, status: true },
    { type: NETWORK_READY, status: true },
  ];
  private readonly pullFailures = new Map<string, string>();
  private readonly createFailures = new Map<string, string>();
  /** Every call by name, in order: what tests assert the kubelet asked for. */
  readonly calls: string[] = [];

  constructor(options: FakeRuntimeOptions = {}) {
    this.clock = options.clock ?? realClock;
    this.versionInfo = { runtimeName: 'fake', runtimeVersion: '0.1.0', runtimeApiVersion: 'v1', ...options.version };
    this.podIPPrefix = options.podIPPrefix ?? '10.88.0.';
    this.imageSize = options.imageSizeBytes ?? 5 * 1024 * 1024;
    for (const image of options.images ?? []) this.addImage(image);
  }

  // --- scripting -------------------------------------------------------------

  /** Sets one of the runtime's conditions, as a failing containerd or CNI would report. */
  setCondition(type: string, status: boolean, reason?: string, message?: string): void {
    const next: RuntimeCondition = { type, status, ...(reason ? { reason } : {}), ...(message ? { message } : {}) };
    this.conditions = [...this.conditions.filter((c) => c.type !== type), next];
  }

  /** Pulls of image fail with message until cleared with undefined. */
  failPulls(image: string, message: string | undefined): void {
    if (message === undefined) this.pullFailures.delete(normalizeImage(image));
    else this.pullFailures.set(normalizeImage(image), message);
  }

  /** Creates of containers with this name fail with message until cleared with undefined. */
  failCreates(containerName: string, message: string | undefined): void {
    if (message === undefined) this.createFailures.delete(containerName);
    else this.createFailures.set(containerName, message);
  }

  /** The running container exits now with code (a crash when code ≠ 0). */
  exitContainer(id: string, code: number, reason = code === 0 ? 'Completed' : 'Error'): void {
    const record = this.containerRecord(id);
    if (record.status.state !== 'running') throw new RuntimeError('FailedPrecondition', `container ${id} is not running`);
    this.finish(record, code, reason);
  }

  addImage(image: string): Image {
    const ref = normalizeImage(image);
    let found = this.images.get(ref);
    if (!found) {
      found = { id: `sha256:${(this.images.size + 1).toString(16).padStart(64, '0')}`, repoTags: [ref], repoDigests: [], size: this.imageSize };
      this.images.set(ref, found);
    }
    return found;
  }

  // --- RuntimeService ----------------------------------------------------------

  async version(): Promise<RuntimeVersion> {
    this.calls.push('Version');
    return { ...this.versionInfo };
  }

  async status(): Promise<RuntimeStatus> {
    this.calls.push('Status');
    return { conditions: this.conditions.map((c) => ({ ...c })) };
  }

  async runPodSandbox(config: PodSandboxConfig): Promise<string> {
    this.calls.push('RunPodSandbox');
    this.requireReady(NETWORK_READY, 'RunPodSandbox');
    const id = this.newId();
    const sandbox: PodSandbox = {
      id, metadata: { ...config.metadata }, state: 'ready', createdAt: this.clock.now(),
      labels: { ...config.labels }, annotations: { ...config.annotations },
    };
    this.sandboxes.set(id, { sandbox, ips: [this.allocateIP()] });
    return id;
  }

  async stopPodSandbox(id: string): Promise<void> {
    this.calls.push('StopPodSandbox');
    const record = this.sandboxes.get(id);
    if (!record) return;
    for (const c of this.containers.values()) {
      if (c.status.podSandboxId === id && c.status.state === 'running') this.finish(c, 137, 'Error');
    }
    this.releaseIPs(record);
    record.sandbox.state = 'notready';
    return;
  }

  async removePodSandbox(id: string): Promise<void> {
    this.calls.push('RemovePodSandbox');
    const record = this.sandboxes.get(id);
    if (!record) return;
    for (const [cid, c] of this.containers) {
      if (c.status.podSandboxId !== id) continue;
      c.exitTimer?.cancel();
      this.containers.delete(cid);
    }
    this.releaseIPs(record);
    this.sandboxes.delete(id);
    return;
  }

  async podSandboxStatus(id: string): Promise<PodSandboxStatus> {
    this.calls.push('PodSandboxStatus');
    const record = this.sandboxRecord(id);
    return { ...structuredClone(record.sandbox), ips: [...record.ips] };
  }

  async listPodSandboxes(filter: PodSandboxFilter = {}): Promise<PodSandbox[]> {
    this.calls.push('ListPodSandbox');
    const found = [...this.sandboxes.values()]
      .map((r) => r.sandbox)
      .filter((s) => (!filter.id || s.id === filter.id) && (!filter.state || s.state === filter.state) && matchesLabels(s.labels, filter.labelSelector));
    return found.map((s) => structuredClone(s));
  }

  async createContainer(podSandboxId: string, config: ContainerConfig, _sandboxConfig?: PodSandboxConfig): Promise<string> {
    this.calls.push('CreateContainer');
    const sandbox = this.sandboxRecord(podSandboxId).sandbox;
    if (sandbox.state !== 'ready') throw new RuntimeError('CreateContainer', `sandbox ${podSandboxId} is not ready`);
    const failure = this.createFailures.get(config.metadata.name);
    if (failure !== undefined) throw new RuntimeError('CreateContainer', failure);
    const ref = normalizeImage(config.image.image);
    const image = this.images.get(ref);
    if (!image) throw new RuntimeError('CreateContainer', `image "${ref}" is not present`);
    const id = this.newId();
    const status: ContainerStatus = {
      id, podSandboxId, metadata: { ...config.metadata }, image: { image: ref }, imageRef: image.id, state: 'created',
      createdAt: this.clock.now(), startedAt: 0, finishedAt: 0, exitCode: 0, reason: '', message: '',
      labels: { ...config.labels }, annotations: { ...config.annotations }, logPath: config.logPath ?? '',
    };
    this.containers.set(id, { status, argv: [...(config.command ?? []), ...(config.args ?? [])] });
    return id;
  }

  async startContainer(id: string): Promise<void> {
    this.calls.push('StartContainer');
    const record = this.containerRecord(id);
    if (record.status.state !== 'created') throw new RuntimeError('StartContainer', `container ${id} is ${record.status.state}, not created`);
    record.status.state = 'running';
    record.status.startedAt = this.clock.now();
    const behaviour = behaviourOf(record.argv);
    if (behaviour.kind === 'exit') {
      const exit = (): void => this.finish(record, behaviour.code, behaviour.code === 0 ? 'Completed' : 'Error');
      if (behaviour.afterMs === 0) exit();
      else record.exitTimer = this.clock.setTimeout(exit, behaviour.afterMs);
    }
    return;
  }

  async stopContainer(id: string, _timeoutSeconds?: number): Promise<void> {
    this.calls.push('StopContainer');
    const record = this.containers.get(id);
    // A signalled fake stops at once: 143 is 128 + SIGTERM.
    if (record?.status.state === 'running') this.finish(record, 143, 'Error');
    return;
  }

  async removeContainer(id: string): Promise<void> {
    this.calls.push('RemoveContainer');
    // CRI removes a running container by force, as containerd does.
    this.containers.get(id)?.exitTimer?.cancel();
    this.containers.delete(id);
    return;
  }

  async containerStatus(id: string): Promise<ContainerStatus> {
    this.calls.push('ContainerStatus');
    return structuredClone(this.containerRecord(id).status);
  }

  async listContainers(filter: ContainerFilter = {}): Promise<Container[]> {
    this.calls.push('ListContainers');
    const found = [...this.containers.values()]
      .map((r) => r.status)
      .filter(
        (c) =>
          (!filter.id || c.id === filter.id) &&
          (!filter.podSandboxId || c.podSandboxId === filter.podSandboxId) &&
          (!filter.state || c.state === filter.state) &&
          matchesLabels(c.labels, filter.labelSelector),
      );
    return found.map((c) => ({
      id: c.id, podSandboxId: c.podSandboxId, metadata: { ...c.metadata }, image: { ...c.image }, imageRef: c.imageRef, state: c.state,
      createdAt: c.createdAt, labels: { ...c.labels }, annotations: { ...c.annotations },
    }));
  }

  async execSync(containerId: string, cmd: string[], _timeoutSeconds?: number): Promise<ExecResult> {
    this.calls.push('ExecSync');
    const record = this.containerRecord(containerId);
    if (record.status.state !== 'running') throw new RuntimeError('FailedPrecondition', `container ${containerId} is not running`);
    // A probe command prints its echoes and exits with what its words say; anything else succeeds.
    const behaviour = behaviourOf(cmd);
    const exitCode = behaviour.kind === 'exit' ? behaviour.code : 0;
    return { stdout: Buffer.from(echoOutput(cmd)), stderr: Buffer.alloc(0), exitCode };
  }

  // --- ImageService ------------------------------------------------------------

  async imageStatus(image: ImageSpec): Promise<Image | undefined> {
    this.calls.push('ImageStatus');
    const found = this.images.get(normalizeImage(image.image));
    return found && structuredClone(found);
  }

  async pullImage(image: ImageSpec): Promise<string> {
    this.calls.push('PullImage');
    const ref = normalizeImage(image.image);
    const failure = this.pullFailures.get(ref);
    if (failure !== undefined) throw new RuntimeError('ImagePull', `failed to pull and unpack image "${ref}": ${failure}`);
    return this.addImage(ref).id;
  }

  async listImages(): Promise<Image[]> {
    this.calls.push('ListImages');
    return [...this.images.values()].map((i) => structuredClone(i));
  }

  async removeImage(image: ImageSpec): Promise<void> {
    this.calls.push('RemoveImage');
    this.images.delete(normalizeImage(image.image));
    return;
  }

  async imageFsInfo(): Promise<RuntimeFilesystems> {
    this.calls.push('ImageFsInfo');
    let used = 0;
    for (const image of this.images.values()) used += image.size;
    const usage = { timestamp: this.clock.now(), mountpoint: '/var/lib/fake-runtime', usedBytes: used, inodesUsed: this.images.size };
    return { imageFilesystems: [usage], containerFilesystems: [] };
  }

  // --- internals ---------------------------------------------------------------

  private newId(): string {
    return (this.nextId++).toString(16).padStart(12, '0');
  }

  private requireReady(type: string, call: 'RunPodSandbox'): void {
    const condition = this.conditions.find((c) => c.type === type);
    if (condition && !condition.status) throw new RuntimeError(call, `${type} is false: ${condition.message ?? condition.reason ?? 'not ready'}`);
  }

  private sandboxRecord(id: string): SandboxRecord {
    const record = this.sandboxes.get(id);
    if (!record) throw new RuntimeError('NotFound', `pod sandbox ${id} not found`);
    return record;
  }

  private containerRecord(id: string): ContainerRecord {
    const record = this.containers.get(id);
    if (!record) throw new RuntimeError('NotFound', `container ${id} not found`);
    return record;
  }

  private finish(record: ContainerRecord, code: number, reason: string): void {
    record.exitTimer?.cancel();
    record.exitTimer = undefined;
    record.status.state = 'exited';
    record.status.exitCode = code;
    record.status.reason = reason;
    record.status.finishedAt = this.clock.now();
  }

  private allocateIP(): string {
    const n = this.freeIPs.shift() ?? this.nextIP++;
    if (n > 254) throw new RuntimeError('RunPodSandbox', `no free pod IP left in ${this.podIPPrefix}0/24`);
    return `${this.podIPPrefix}${n}`;
  }

  private releaseIPs(record: SandboxRecord): void {
    for (const ip of record.ips) this.freeIPs.push(Number(ip.slice(this.podIPPrefix.length)));
    record.ips = [];
  }
}
